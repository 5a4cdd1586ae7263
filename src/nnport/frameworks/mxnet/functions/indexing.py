"""Pivot ops -> Gluon indexing code that hybridizes: F.take / F.pick / F.where / F.one_hot where they
are exact, else a helper of support/indexing.py called with F (gather, the scatter family, index_add &
co., masked_scatter; rank-free, no shapes read). A literal `dim` is required (the helpers insert axes
around it); data-dependent shapes (nonzero, masked_select, boolean subscripts) are reported by the
source table."""
from __future__ import annotations

from nnport.frameworks.indexing_functions import scatter_reduce_options, scatter_source
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.functions.math import scalar
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, literal
from nnport.translate.emit import expr


def _dim(c, name: str = "dim") -> int:
    d = c.lit(name)
    if d is NOT_LITERAL or not isinstance(d, int) or isinstance(d, bool):
        raise Unsupported(f"{c.op} with a non-literal {name} (the Gluon helper places axes around it)")
    return d


def _number(node) -> bool:
    v = literal(node)
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _filled(x, value, ctx):
    """An array of x's shape holding value (a number, `float("-inf")` too, or a 0-d array)."""
    if scalar(value, ctx):
        return expr("F.ones_like({x}) * {v}", x=x, v=value)
    return expr("F.broadcast_mul(F.ones_like({x}), {v})", x=x, v=value)


def _helper_call(name: str, *args: str, extra: str = ""):
    """`name(F, <canonical args>...)`: a support/indexing.py helper; `extra` is literal code appended."""
    def emit(c, ctx):
        h = helper(ctx, "indexing", name)
        holes = ", ".join("{%s}" % a for a in args)
        return expr(f"{h}(F, {holes}{extra})", **{a: c.get(a) for a in args})
    return emit


def _gather(c, ctx):
    return expr("%s(F, {x}, %d, {i})" % (helper(ctx, "indexing", "gather"), _dim(c)), x=c.get("input"),
                i=c.get("index"))


def _scatter(c, ctx):
    src, reduce = scatter_source(c)
    extra = "" if reduce is None else f", reduce={reduce!r}"
    return expr("%s(F, {x}, %d, {i}, {s}%s)" % (helper(ctx, "indexing", "scatter"), _dim(c), extra),
                x=c.get("input"), i=c.get("index"), s=src)


def _scatter_reduce(c, ctx):
    reduce, include = scatter_reduce_options(c)
    extra = f", {reduce!r}" + ("" if include else ", include_self=False")
    return expr("%s(F, {x}, %d, {i}, {s}%s)" % (helper(ctx, "indexing", "scatter_reduce"), _dim(c), extra),
                x=c.get("input"), i=c.get("index"), s=c.get("src"))


def _index_along(value: str, how: str):
    """index_copy / index_add (alpha) / index_fill (a number) along a literal dim."""
    def emit(c, ctx):
        extra = "" if how == "copy" else f", {how!r}"
        if how == "add" and c.get("alpha") is not None and c.lit("alpha") != 1:
            return expr("%s(F, {x}, %d, {i}, {v}%s, alpha={a})" % (helper(ctx, "indexing", "index_along"), _dim(c),
                                                                    extra), x=c.get("input"), i=c.get("index"),
                        v=c.get(value), a=c.get("alpha"))
        if how == "fill" and not _number(c.get(value)):
            raise Unsupported("index_fill with an array value")
        return expr("%s(F, {x}, %d, {i}, {v}%s)" % (helper(ctx, "indexing", "index_along"), _dim(c), extra),
                    x=c.get("input"), i=c.get("index"), v=c.get(value))
    return emit


def _take_along_dim(c, ctx):
    if c.lit("dim") is None:   # PyTorch flattens both
        return expr("F.take(F.reshape({x}, shape=(-1,)), F.reshape({i}, shape=(-1,)))", x=c.get("input"),
                    i=c.get("indices"))
    return expr("%s(F, {x}, %d, {i})" % (helper(ctx, "indexing", "gather"), _dim(c)), x=c.get("input"),
                i=c.get("indices"))


def _masked_fill(c, ctx):
    x, m = c.get("input"), c.get("mask")
    return expr("F.where(F.broadcast_like({m}, {x}), {v}, {x})", m=m, x=x, v=_filled(x, c.get("value"), ctx))


def _where(c, ctx):
    cond, x, y = c.get("condition"), c.get("input"), c.get("other")
    if scalar(x, ctx) and scalar(y, ctx):
        raise Unsupported("torch.where of two numbers: the shape is the condition's (write F.where with ones_like)")
    if scalar(y, ctx):
        return expr("F.where({c}, {x}, {y})", c=cond, x=x, y=_filled(x, y, ctx))
    if scalar(x, ctx):
        return expr("F.where({c}, {x}, {y})", c=cond, x=_filled(y, x, ctx), y=y)
    return expr("%s(F, {c}, {x}, {y})" % helper(ctx, "indexing", "where"), c=cond, x=x, y=y)


def _one_hot(c, ctx):
    n = c.lit("num_classes")
    if n == -1 or c.get("num_classes") is None:
        raise Unsupported("one_hot without num_classes: the depth is data-dependent")
    # a value (self.classes): a Python number when the graph is built, F.one_hot's depth
    return expr("F.one_hot({x}, {n}, dtype='int64')", x=c.get("input"), n=c.get("num_classes"))


fn("gather", "gather", _gather)
fn("scatter", "scatter", _scatter)
fn("scatter_reduce", "scatter_reduce", _scatter_reduce)
fn("mxnet.ndarray.take", "index_select",
   lambda c, ctx: expr("F.take({x}, {i}, axis=%d)" % _dim(c), x=c.get("input"), i=c.get("index")),
   "a=None, indices=None, axis=_Null, mode=_Null, out=None, name=None, **kwargs")
fn("take", "take", lambda c, ctx: expr("F.take(F.reshape({x}, shape=(-1,)), {i}, mode='wrap')", x=c.get("input"),
                                       i=c.get("index")))
fn("take_along_dim", "take_along_dim", _take_along_dim)
fn("masked_fill", "masked_fill", _masked_fill)
fn("mxnet.ndarray.where", "where", _where, "condition=None, x=None, y=None, out=None, name=None, **kwargs")
fn("mxnet.ndarray.one_hot", "one_hot", _one_hot,
   "indices=None, depth=_Null, on_value=_Null, off_value=_Null, dtype=_Null, out=None, name=None, **kwargs")
fn("index_add", "index_add", _index_along("source", "add"))
fn("index_copy", "index_copy", _index_along("source", "copy"))
fn("index_fill", "index_fill", _index_along("value", "fill"))
fn("masked_scatter", "masked_scatter", _helper_call("masked_scatter", "input", "mask", "source"))


def _index_put(c, ctx):
    """index_put(F, x, values, *indices): the tuple of index arrays spread (no len() or [k] of it in the
    helper, so it hybridizes)."""
    import libcst as cst
    if c.lit("accumulate") is NOT_LITERAL:
        raise Unsupported("index_put with a non-literal accumulate")
    idx = c.get("indices")
    extra = ", accumulate=True" if c.lit("accumulate") else ""
    if isinstance(idx, (cst.Tuple, cst.List)) and not any(isinstance(e, cst.StarredElement) for e in idx.elements):
        holes = {f"i{k}": e.value for k, e in enumerate(idx.elements)}
        spread = "".join(f", {{i{k}}}" for k in range(len(holes)))
    else:
        holes, spread = {"i0": idx}, ", *{i0}"
    return expr("%s(F, {x}, {v}%s%s)" % (helper(ctx, "indexing", "index_put"), spread, extra), x=c.get("input"),
                v=c.get("values"), **holes)


fn("index_put", "index_put", _index_put)


def mask_subscript(x, mask, ctx):
    """`x[mask]` (a comparison & co.): the True rows, by support/indexing.py's masked_rows (a
    data-dependent shape: the file is imperative)."""
    return expr("%s({x}, {m})" % helper(ctx, "indexing", "masked_rows"), x=x, m=mask)


_ELEMENTWISE = frozenset({"F.broadcast_add", "F.broadcast_sub", "F.broadcast_mul", "F.broadcast_div",
                          "F.broadcast_power", "F.abs", "F.exp", "F.log", "F.sqrt", "F.square", "F.sigmoid",
                          "F.tanh", "F.relu"})


def _rowwise(value, key: str):
    """`value` with each `z[key]` replaced by z, when value is elementwise in those selections (so
    `x[m] = y[m] / d[m].unsqueeze(-1)` is where(m, y / d[..., None], x)); else None."""
    import libcst as cst
    from nnport.frameworks.spec import code
    found = []

    def walk(n):
        if isinstance(n, (cst.Integer, cst.Float)):
            return n
        if isinstance(n, cst.Subscript) and len(n.slice) == 1 and isinstance(n.slice[0].slice, cst.Index) \
                and code(n.slice[0].slice.value) == key:
            found.append(n)
            return n.value
        if isinstance(n, cst.Call) and code(n.func) == "masked_rows" and len(n.args) == 2 and \
                code(n.args[1].value.with_changes(lpar=[], rpar=[])) == key:   # z[key] as masked_rows(z, key)
            found.append(n)
            return n.args[0].value
        if isinstance(n, cst.UnaryOperation):
            inner = walk(n.expression)
            return None if inner is None else n.with_changes(expression=inner)
        if isinstance(n, cst.BinaryOperation):
            a, b = walk(n.left), walk(n.right)
            return None if a is None or b is None else n.with_changes(left=a, right=b)
        if isinstance(n, cst.Call):
            f = code(n.func)
            trailing = f == "F.expand_dims" and any(a.keyword and a.keyword.value == "axis" and code(a.value) == "-1"
                                                   for a in n.args)
            if f not in _ELEMENTWISE and not trailing:
                return None
            args = [a.with_changes(value=walk(a.value)) if a.keyword is None else a for a in n.args]
            return None if any(a.value is None for a in args) else n.with_changes(args=args)
        return None
    out = walk(value)
    return out if out is not None and found else None


def index_update(target, value, how: str, ctx):
    """The skeleton's `x[key] = value` (and `x[key] += value` & co.): `x = index_update(x, key, value,
    how)`, in place on the NDArray (the file is imperative: a Symbol takes no assignment); a
    boolean mask key through F.where (an NDArray would read it as integer indices). A value made of
    the same selections (`x[m] = y[m] * 2`) is computed on the whole arrays instead (rows=False)."""
    import libcst as cst
    from nnport.frameworks.keras.skeleton import _index_expr
    from nnport.frameworks.spec import code
    if not isinstance(target.value, (cst.Name, cst.Attribute)):
        raise Unsupported("index assignment into an expression: assign to a variable first")
    name = helper(ctx, "indexing", "index_update")
    extra = ""
    if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
        whole = _rowwise(value, code(target.slice[0].slice.value))
        if whole is not None:
            value, extra = whole, ", rows=False"
    return cst.Assign([cst.AssignTarget(target.value)], expr("%s({x}, {k}, {v}, %r%s)" % (name, how, extra),
                                                             x=target.value, k=_index_expr(target.slice), v=value))
