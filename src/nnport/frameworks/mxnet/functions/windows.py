"""A pooling window that is the input's own spatial extent: `F.max_pool2d(x, x.shape[2:])`,
`F.max_pool1d(x, x.size(2))`, `F.avg_pool2d(x, (x.shape[-2], x.shape[-1]))`. With no padding and no
dilation such a pool has one window per channel whatever its stride and ceil_mode, so it is a global
pool (F.max / F.mean over the spatial axes), which hybridizes: no shape is read when the code runs.

The window is read from the source expressions of the call: the kernel must name the pool's input
itself (the same expression), its axes 2.. (batched) or its last `ndim` axes.

Any other window that is a tuple when the code runs (`y.shape[2:]`, `x.size(2)`, `(h, w)`) is passed on
to F.Pooling (`runtime_window`); one reading `.shape` makes the class an imperative gluon.Block
(modes.py), where shapes are numbers. An expression that may be an int or a tuple (`self.k`) is refused."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import NOT_LITERAL, Canon, code, literal
from nnport.translate.emit import expr


def whole_input(c: Canon) -> bool:
    """The call pools its whole input: kernel = the input's spatial shape, padding 0, dilation 1,
    no divisor_override (stride and ceil_mode then change nothing: one window)."""
    n, x, k = c.lit("ndim"), c.get("input"), c.get("kernel_size")
    if not isinstance(n, int) or x is None or k is None:
        return False
    return _plain(c, n) and _spatial(k, code(x), n)


def _plain(c: Canon, n: int, *more: tuple[str, object]) -> bool:
    for name, plain in (("padding", 0), ("dilation", 1), ("divisor_override", None), ("return_indices", False),
                        *more):
        if c.get(name) is not None and c.lit(name) not in (plain, (plain,) * n, [plain] * n):
            return False
    return True


def runtime_window(c: Canon) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    """(kernel, stride) as n-tuple expressions where the kernel is known only when the code runs (a
    shape slice, a shape entry, a tuple of them or of names) and every other option is plain (no
    padding, dilation, ceil_mode): F.Pooling then computes PyTorch's result. None otherwise."""
    n = c.lit("ndim")
    if c.lit("kernel_size") is not NOT_LITERAL or not isinstance(n, int) or not _plain(c, n, ("ceil_mode", False)):
        return None
    k = _as_tuple(c.get("kernel_size"), n)
    if k is None:
        return None
    if c.get("stride") is None or c.lit("stride") in (None, ()):
        return k, k
    v = c.lit("stride")
    if v is NOT_LITERAL:
        s = _as_tuple(c.get("stride"), n)
        return None if s is None else (k, s)
    return k, cst.parse_expression(repr((v,) * n if isinstance(v, int) else tuple(v)))


def _as_tuple(node, n: int) -> cst.BaseExpression | None:
    if isinstance(node, cst.Tuple) and len(node.elements) == n:
        return node
    if isinstance(node, cst.List) and len(node.elements) == n:   # [h, w] -> (h, w)
        last = node.elements[-1].with_changes(comma=cst.Comma() if n == 1 else cst.MaybeSentinel.DEFAULT)
        return cst.Tuple([*node.elements[:-1], last])
    if _shape_slice(node, None) is not None:
        return node   # x.shape[a:] is a tuple when the code runs
    if _axis(node, None) is not None:
        return expr(f"({{k}},) * {n}" if n > 1 else "({k},)", k=node)
    return None


def _spatial(k: cst.BaseExpression, x: str, n: int) -> bool:
    start = _shape_slice(k, x)
    if start is not None:
        return start in (2, -n)
    if n == 1 and _axis(k, x) in (2, -1):
        return True
    if isinstance(k, (cst.Tuple, cst.List)) and len(k.elements) == n:
        return all(_axis(e.value, x) in (2 + j, j - n) for j, e in enumerate(k.elements))
    return False


def _shape_of(node, x: str | None) -> bool:
    """`x.shape` or `x.size()` (of any array where x is None)."""
    if m.matches(node, m.Attribute(attr=m.Name("shape"))):
        return x is None or code(node.value) == x
    return m.matches(node, m.Call(func=m.Attribute(attr=m.Name("size")), args=[])) and \
        (x is None or code(node.func.value) == x)


def _index(node) -> cst.BaseSlice | None:
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        return node.slice[0].slice
    return None


def _shape_slice(node, x: str | None) -> int | None:
    """`x.shape[a:]` / `x.size()[a:]`: a."""
    s = _index(node)
    if not isinstance(s, cst.Slice) or s.upper is not None or s.step is not None or not _shape_of(node.value, x):
        return None
    a = literal(s.lower) if s.lower is not None else 0
    return a if isinstance(a, int) else None


def _axis(node, x: str | None) -> int | None:
    """`x.shape[i]`, `x.size()[i]`, `x.size(i)`, `x.size(dim=i)`: i."""
    s = _index(node)
    if isinstance(s, cst.Index) and _shape_of(node.value, x):
        i = literal(s.value)
    elif m.matches(node, m.Call(func=m.Attribute(attr=m.Name("size")), args=[m.Arg()])) and \
            x in (None, code(node.func.value)) and (node.args[0].keyword is None or node.args[0].keyword.value == "dim"):
        i = literal(node.args[0].value)
    else:
        return None
    return i if isinstance(i, int) and not isinstance(i, bool) else None
