"""Pivot ops -> F.*: reshapes, axis moves, squeeze/unsqueeze, broadcasting, stacking and splitting.

Written so that a block still hybridizes: sizes read from the reshaped tensor itself (`x.size(0)` at
position 0) become F.reshape's codes (reshape_codes.py), flatten is -3, unflatten -4, broadcasting
needs no shape (support/shape.py). What needs a concrete size (split into pieces of a size, unbind,
a permutation of unknown rank) reads `x.shape`, which makes the file an imperative gluon.Block
(hybrid.finish says so). F.squeeze(axis=) and F.split refuse what PyTorch leaves or cuts unevenly
(an axis not of size 1, chunks that do not divide): they raise, never give another result.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.keras.functions.tensor import shape_arg, sizes
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.reshape_codes import shape_codes
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code, literal
from nnport.translate.emit import call, expr, parenthesize


def _int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Code(str):
    """Code that `repr` writes as it is (a size expression inside a tuple of codes)."""

    def __repr__(self):
        return str(self)


def _tuple(values) -> cst.Tuple:
    return cst.parse_expression(repr(tuple(values)))


# --- reshape ----------------------------------------------------------------------------------------------
def _reshape(c, ctx):
    """F.reshape, with its codes where sizes are the tensor's own (reshape_codes.py)."""
    x = c.get("input")
    shape = sizes(c.varargs) if c.varargs else c.get("shape")
    if isinstance(shape, cst.Integer):
        shape = cst.Tuple([cst.Element(shape, comma=cst.Comma())])
    if isinstance(shape, (cst.Tuple, cst.List)) and any(literal(e.value) == 0 and _int(literal(e.value))
                                                         for e in shape.elements):
        raise Unsupported("a size of 0: F.reshape reads 0 as 'copy this axis'")
    shape, reverse = shape_codes(x, shape)
    return expr("F.reshape({x}, {s}%s)" % (", reverse=True" if reverse else ""), x=x, s=shape)


def _flatten(c, ctx):
    """torch.flatten(x, 1) -> F.flatten(x) (it keeps the first axis); other axes by F.reshape codes
    (0 copies an axis, -1 merges the rest, -3 merges two, -2 copies the rest)."""
    s, e = c.lit("start_dim"), c.lit("end_dim")
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("flatten with non-literal dims")
    x = c.get("input")
    if (s, e) == (1, -1):
        return expr("F.flatten({x})", x=x)
    if e == -1 and s >= 0:
        return expr("F.reshape({x}, {s})", x=x, s=_tuple((0,) * s + (-1,)))
    if 0 <= s <= e:
        for _ in range(e - s):
            x = expr("F.reshape({x}, {s})", x=x, s=_tuple((0,) * s + (-3, -2)))
        return x
    if s == 0 and e < 0:   # every axis up to e: -1 merges them, the shape read in reverse
        return expr("F.reshape({x}, {s}, reverse=True)", x=x, s=_tuple((-1,) + (0,) * (-e - 1)))
    if s < 0 and e < 0 and s <= e:   # counted from the right: the shape read in reverse
        for _ in range(e - s):
            x = expr("F.reshape({x}, {s}, reverse=True)", x=x, s=_tuple((-2, -3) + (0,) * (-e - 1)))
        return x
    raise Unsupported(f"flatten({s}, {e}): the number of axes is unknown (use dims of one sign)")


def _unflatten(c, ctx):
    """Code -4 splits one axis in two (0 copies the axes before, -2 the axes after); the last axes by
    reverse=True (the shape read from the right); a dim known only when it runs from x.shape."""
    x, d, node = c.get("input"), c.lit("dim"), c.get("sizes")
    if not isinstance(node, (cst.Tuple, cst.List)) or any(isinstance(e, cst.StarredElement) for e in node.elements):
        raise Unsupported("unflatten: sizes must be a tuple or list written out for Gluon")
    sz = tuple(_Code(code(e.value)) for e in node.elements)
    if not _int(d):
        return expr("F.reshape({x}, {x}.shape[:{d}] + %r + {x}.shape[{d}:][1:])" % (sz,), x=x, d=c.get("dim"))
    return _split_axis(x, d, sz)


def _split_axis(x, d: int, sz: tuple):
    """Axis d split into the sizes sz: one -4 code per split (the first size, then the rest)."""
    if len(sz) == 1:
        return x
    first, rest = sz[0], sz[1:]
    two = (first, sz[1]) if len(sz) == 2 else (first, -1) if str(first) != "-1" else \
        (first, _Code(" * ".join(str(r) for r in rest)))
    if d >= 0:
        x = expr("F.reshape({x}, {s})", x=x, s=_tuple((0,) * d + (-4,) + two + (-2,)))
        return _split_axis(x, d + 1, rest)
    x = expr("F.reshape({x}, {s}, reverse=True)", x=x, s=_tuple((-2,) + two + (-4,) + (0,) * (-d - 1)))
    return _split_axis(x, d, rest)



fn("mxnet.ndarray.reshape", "reshape", _reshape)
fn("mxnet.ndarray.flatten", "flatten", _flatten)
fn("unflatten", "unflatten", _unflatten)
fn("ravel", "ravel", lambda c, ctx: expr("F.reshape({x}, (-1,))", x=c.get("input")))
fn("mxnet.ndarray.reshape_like", "reshape_as", call("F.reshape_like", "{input}", "{other}"))


# --- axes -----------------------------------------------------------------------------------------------
def _permute(c, ctx):
    dims = literal(shape_arg("dims")(c, ctx))
    if isinstance(dims, int):
        dims = (dims,)
    if not isinstance(dims, (tuple, list)) or not all(_int(v) for v in dims):
        raise Unsupported("permute: the dims must be literal integers for Gluon")
    return expr("F.transpose({x}, axes={a})", x=c.get("input"), a=_tuple(d % len(dims) for d in dims))


def _movedim(c, ctx):
    """One axis moved by adjacent swaps (no rank needed); otherwise the permutation needs x.ndim."""
    s, d, x = c.lit("source"), c.lit("destination"), c.get("input")
    if _int(s) and _int(d) and (s >= 0) == (d >= 0):
        step = 1 if d > s else -1
        for i in range(s, d, step):
            x = expr(f"F.swapaxes({{x}}, {i}, {i + step})", x=x)
        return x
    return expr("F.transpose({x}, axes=%s({x}.ndim, {s}, {d}))" % helper(ctx, "shape", "moved_axes"), x=x,
                s=c.get("source"), d=c.get("destination"))


fn("mxnet.ndarray.transpose", "permute", _permute)
fn("mxnet.ndarray.swapaxes", "transpose", call("F.swapaxes", "{input}", "{dim0}", "{dim1}"))
fn("t", "t", lambda c, ctx: expr("F.transpose({x})", x=c.get("input")))
fn("mT", "mT", lambda c, ctx: expr("F.swapaxes({x}, -1, -2)", x=c.get("input")))
fn("movedim", "movedim", _movedim)


def _squeeze(c, ctx):
    """F.squeeze(x, axis=d) refuses an axis whose size is not 1 (PyTorch leaves it): it raises, never
    gives another result."""
    if c.get("dim") is None or c.lit("dim") is None:
        return expr("F.squeeze({x})", x=c.get("input"))
    return expr("F.squeeze({x}, axis={d})", x=c.get("input"), d=c.get("dim"))


fn("mxnet.ndarray.squeeze", "squeeze", _squeeze)
fn("mxnet.ndarray.expand_dims", "unsqueeze", lambda c, ctx: expr("F.expand_dims({x}, axis={d})", x=c.get("input"),
                                                                  d=c.get("dim")))


# --- broadcasting and repeating -------------------------------------------------------------------------
def _expand(c, ctx):
    """support/shape.py's expand (right-aligned, -1 keeps a size); to another tensor's shape, expand_as."""
    x = c.get("input")
    shape = sizes(list(c.varargs)) if c.varargs else c.get("size")
    if m.matches(shape, m.Attribute(value=m.Name(), attr=m.Name("shape"))):   # x.expand(*y.shape)
        return expr("%s(F, {x}, {o})" % helper(ctx, "shape", "expand_as"), x=x, o=shape.value)
    return expr("%s(F, {x}, {s})" % helper(ctx, "shape", "expand"), x=x, s=shape)


def _repeat_interleave(c, ctx):
    """F.repeat takes one count: a literal int or a name holding one (a tensor of counts is refused)."""
    r, node = c.lit("repeats"), c.get("repeats")
    if node is None or r is None:
        raise Unsupported("repeat_interleave(repeats) without input has a data-dependent shape")
    if not _int(r) and not isinstance(node, (cst.Name, cst.Attribute)):
        raise Unsupported("repeat_interleave with a tensor of repeats: Gluon's F.repeat takes one int")
    if c.get("dim") is None or c.lit("dim") is None:   # F.repeat without an axis flattens first
        return expr("F.repeat({x}, repeats={r})", x=c.get("input"), r=node)
    return expr("F.repeat({x}, repeats={r}, axis={d})", x=c.get("input"), r=node, d=c.get("dim"))


fn("expand", "expand", _expand)
fn("expand_as", "expand_as", lambda c, ctx: expr("%s(F, {x}, {o})" % helper(ctx, "shape", "expand_as"),
                                                 x=c.get("input"), o=c.get("other")))
# torch's x.repeat and tile are NumPy's tile (missing leading reps count as 1; so does F.tile)
fn("mxnet.ndarray.tile", "repeat", lambda c, ctx: expr("F.tile({x}, reps={r})", x=c.get("input"),
                                                       r=shape_arg("repeats")(c, ctx)))
fn("tile", "tile", lambda c, ctx: expr("F.tile({x}, reps={r})", x=c.get("input"), r=shape_arg("dims")(c, ctx)))
fn("mxnet.ndarray.repeat", "repeat_interleave", _repeat_interleave)


# --- stacking, splitting --------------------------------------------------------------------------------
def _spread(tensors: cst.BaseExpression) -> str:
    """`*xs` of F.concat / F.stack: the elements of a list literal, else the sequence unpacked."""
    if isinstance(tensors, (cst.List, cst.Tuple)):
        return ", ".join(code(parenthesize(e.value)) if not isinstance(e, cst.StarredElement) else code(e)
                         for e in tensors.elements)
    return "*" + code(parenthesize(tensors))


def _joined(api: str, axis: str):
    def emit(c, ctx):
        d = c.get("dim") if c.get("dim") is not None else cst.Integer("0")
        return cst.parse_expression(f"{api}({_spread(c.get('tensors'))}, {axis}={code(d)})")
    return emit


fn("mxnet.ndarray.concat", "cat", _joined("F.concat", "dim"))
fn("mxnet.ndarray.stack", "stack", _joined("F.stack", "axis"))


def _pieces(x, cuts, d):
    """F.split_v2 at the indices `cuts` (a tuple, as PyTorch returns); one piece is x itself."""
    if not cuts:
        return expr("({x},)", x=x)
    return expr("tuple(F.split_v2({x}, {c}, axis={d}))", x=x, c=_tuple(cuts), d=d)


def _split(c, ctx):
    """Listed sizes: F.split_v2 at their running sums; pieces of a size need the axis size (x.shape)."""
    x, d = c.get("input"), c.get("dim")
    v = c.lit("split_size")
    if isinstance(v, (list, tuple)) and all(_int(i) for i in v):
        return _pieces(x, [sum(v[:k + 1]) for k in range(len(v) - 1)], d)
    s = c.get("split_size")
    if isinstance(s, (cst.List, cst.Tuple)) and not any(isinstance(e, cst.StarredElement) for e in s.elements):
        parts = [code(parenthesize(e.value)) for e in s.elements]
        if len(parts) == 1:
            return expr("({x},)", x=x)
        cuts = ", ".join(" + ".join(parts[:i + 1]) for i in range(len(parts) - 1))
        return cst.parse_expression(f"tuple(F.split_v2({code(parenthesize(x))}, ({cuts},), axis={code(d)}))")
    # a piece size, or sizes held by a name: the cuts need the axis size (the helper reads x.shape)
    return expr("%s({x}, {s}, {d})" % helper(ctx, "shape", "split_sizes"), x=x, s=s, d=d)


def _chunk(c, ctx):
    """F.split into `chunks` equal pieces: it refuses an axis that `chunks` does not divide (PyTorch
    makes the last piece smaller), it never gives other pieces."""
    n, x = c.lit("chunks"), c.get("input")
    if n == 1:
        return expr("({x},)", x=x)
    return expr("tuple(F.split({x}, num_outputs={n}, axis={d}))", x=x, n=c.get("chunks"), d=c.get("dim"))


def _unbind(c, ctx):
    d = c.get("dim")
    return expr("tuple(F.squeeze(F.slice_axis({x}, axis={d}, begin=i, end=i + 1), axis={d}) "
                "for i in range({x}.shape[{d}]))", x=c.get("input"), d=d)


def _tensor_split(c, ctx):
    """A list of indices: F.split_v2 at them (PyTorch's rule); an int: equal pieces (F.split_v2 refuses
    an axis it does not divide)."""
    v = c.lit("indices_or_sections")
    x, d = c.get("input"), c.get("dim") if c.get("dim") is not None else cst.Integer("0")
    if isinstance(v, (list, tuple)) and all(_int(i) for i in v):
        return _pieces(x, list(v), d)
    if _int(v):
        return expr("tuple(F.split_v2({x}, {n}, axis={d}))", x=x, n=c.get("indices_or_sections"), d=d)
    raise Unsupported("tensor_split: literal sections or indices only for Gluon")


fn("mxnet.ndarray.split_v2", "split", _split)
fn("mxnet.ndarray.split", "chunk", _chunk)
fn("unbind", "unbind", _unbind)
fn("tensor_split", "tensor_split", _tensor_split)
