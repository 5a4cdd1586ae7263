"""Readers: mxnet.ndarray operators (F.* in hybrid_forward, nd.* in forward) -> pivot ops (canonical =
PyTorch's argument names). Gluon's axes are PyTorch's dims (both channels-first): no axis moves.
Where an operator differs: concat's default axis is 1; reshape's special codes (0 copy, -1 infer, -2
copy the rest, -3 merge two, -4 split one) become sizes read from the input's shape; dot contracts
the last axis of lhs with the first of rhs (tensordot, dims=1); a condition is true where non-zero.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.ops_keras import elementwise_max, elementwise_min
from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.mxnet.reading.registry import OP_TAIL, drop, fn, lit, take
from nnport.frameworks.spec import Canon, Unsupported, code
from nnport.translate.emit import expr

D = {"data": "input"}
BIN = {"lhs": "input", "rhs": "other"}
REDUCE = {"data": "input", "axis": "dim", "keepdims": "keepdim"}


def _t(sig: str) -> str:
    return f"{sig}, {OP_TAIL}" if sig else OP_TAIL


def unary(name: str, op: str | None = None, **kw):
    fn(name, op or name, _t("data=None"), rename=D, **kw)


for _n in ("relu", "sigmoid", "tanh", "exp", "log", "sqrt", "square", "abs", "sign", "erf", "reciprocal",
           "rsqrt", "floor", "ceil", "sin", "cos", "log1p", "expm1", "negative", "softsign"):
    unary(_n, {"negative": "neg"}.get(_n))
unary("zeros_like")
unary("ones_like")
unary("stop_gradient", "detach")
unary("BlockGrad", "detach")


def flatten(c, ctx):
    c.set("start_dim", "1")
    return c


unary("flatten", read=flatten)


def _axis(c, ctx):
    if c.given("dim") and c.lit("dim") is None:
        drop(c, "dim")
    return c


def softmax(c, ctx):
    for name in ("length", "use_length"):
        if c.get(name) is not None and lit(c, name) not in (None, False):
            raise Unsupported(f"{c.extra['api']}({name}=...): masked softmax is not translated")
        drop(c, name)
    t = take(c, "temperature")
    if t not in (None, 1, 1.0):
        c.args["input"] = expr(f"{{x}} / {t!r}", x=c.args["input"])
    if take(c, "dtype") is not None:
        raise Unsupported(f"{c.extra['api']}(dtype=...) is not translated")
    return c


fn("softmax", "softmax", _t("data=None, length=None, axis=-1, temperature=None, dtype=None, use_length=False"),
   rename={"data": "input", "axis": "dim"}, read=softmax)
fn("log_softmax", "log_softmax", _t("data=None, axis=-1, temperature=None, dtype=None, use_length=False"),
   rename={"data": "input", "axis": "dim"}, read=softmax)


def joined(c, ctx):
    """concat(*data, dim=1) / stack(*data, axis=0): the arrays as one list."""
    c.args["tensors"] = cst.List([cst.Element(v) for v in c.varargs])
    c.varargs = []
    return c


fn("concat", "cat", "*data, dim=1, **kwargs", rename={"dim": "dim"}, read=joined)
fn("stack", "stack", "*data, axis=0, **kwargs", rename={"axis": "dim"}, read=joined)


def reshape_sizes(x: cst.BaseExpression, codes: list) -> str:
    """MXNet's reshape codes as PyTorch sizes (`x.shape[i]` where a code copies input axes); a code
    that is no literal is a size (a positive number at run time)."""
    def is_code(k, *values):
        return isinstance(k, int) and k in values

    if all(not is_code(k, 0, -2, -3, -4) for k in codes):
        return "(" + ", ".join(str(k) for k in map(_text, codes)) + ("," if len(codes) == 1 else "") + ")"
    if not isinstance(x, (cst.Name, cst.Attribute)):
        raise Unsupported("reshape with special codes (0, -2, -3, -4) of an expression: assign it to a name first")
    s = f"{code(x)}.shape"
    out, j, i = [], 0, 0
    while i < len(codes):
        k = codes[i]
        if is_code(k, 0):
            out.append(f"{s}[{j}]")
        elif is_code(k, -2):
            if i < len(codes) - 1:
                raise Unsupported("reshape: codes after -2")
            out.append(f"*{s}[{j}:]")
        elif is_code(k, -3):
            out.append(f"{s}[{j}] * {s}[{j + 1}]")
            j += 1
        elif is_code(k, -4):
            a, b = codes[i + 1], codes[i + 2]
            out += [_text(a) if not is_code(a, -1) else f"{s}[{j}] // {_text(b)}",
                    _text(b) if not is_code(b, -1) else f"{s}[{j}] // {_text(a)}"]
            i += 2
        elif isinstance(k, int) and k < -4:
            raise Unsupported(f"reshape code {k}")
        else:
            out.append(_text(k))   # a size, or -1 (inferred): each takes one input axis
        j += 1
        i += 1
    return "(" + ", ".join(out) + ("," if len(out) == 1 else "") + ")"


def _text(k) -> str:
    return k if isinstance(k, str) else str(k)


def _flattening(codes) -> tuple | None:
    """Codes that are a flatten of consecutive axes, whatever the input: zeros then -1 (flatten from
    there), or zeros around one -3 (flatten two axes)."""
    if not all(isinstance(k, int) for k in codes):
        return None
    if codes and codes[-1] == -1 and all(k == 0 for k in codes[:-1]):
        return (len(codes) - 1, -1)
    if codes.count(-3) == 1 and all(k in (0, -3) for k in codes):
        i = codes.index(-3)
        return (i, i + 1)
    return None


def _reversed_sizes(x, codes: list) -> str:
    """reverse=True: the codes matched from the last axis (0 copies the axis as far from the end)."""
    if any(isinstance(k, int) and k in (-2, -3, -4) for k in codes):
        raise Unsupported("reshape(reverse=True) with codes -2, -3 or -4 is not translated")
    if not isinstance(x, (cst.Name, cst.Attribute)):
        raise Unsupported("reshape(reverse=True) of an expression: assign it to a name first")
    out = [f"{code(x)}.shape[{-(i + 1)}]" if k == 0 else _text(k) for i, k in enumerate(reversed(codes))]
    return "(" + ", ".join(reversed(out)) + ("," if len(out) == 1 else "") + ")"


def reshape(c, ctx):
    reverse = take(c, "reverse", False)
    drop(c, "target_shape", "keep_highest")
    node = c.get("shape")
    from nnport.frameworks.spec import NOT_LITERAL, literal
    if isinstance(node, (cst.Tuple, cst.List)) and any(isinstance(e, cst.StarredElement) for e in node.elements):
        if any(literal(e.value) in (0, -2, -3, -4) for e in node.elements if not isinstance(e, cst.StarredElement)):
            raise Unsupported("reshape: special codes (0, -2, -3, -4) with *sizes are not translated")
        if len(node.elements) == 1:   # (*s,): a name bound to sizes (reading/shape_names.py)
            node = node.elements[0].value
        c.set("shape", node)   # (n, *sizes): read as sizes (MXNet would read a 0 or -1 in them as a code)
        return c
    if isinstance(node, (cst.Tuple, cst.List)):
        codes = [literal(e.value) if literal(e.value) is not NOT_LITERAL else code(e.value) for e in node.elements]
    else:
        value = lit(c, "shape")
        codes = [value] if isinstance(value, int) else list(value)
    x = c.args["input"]
    if reverse:
        c.set("shape", _reversed_sizes(x, codes))
        return c
    flat = _flattening(codes)
    if flat is not None:
        return _done(c, written(ctx, "flatten", input=x, start_dim=str(flat[0]), end_dim=str(flat[1])))
    c.set("shape", reshape_sizes(x, codes))
    return c


fn("reshape", "reshape", _t("data=None, shape=None, reverse=False, target_shape=None, keep_highest=None"),
   rename=D, read=reshape)


def transpose(c, ctx):
    axes = c.lit("dims") if c.get("dims") is not None else None
    if axes in (None, (), []):
        c.set("dims", f"tuple(reversed(range({code(c.args['input'])}.ndim)))")   # all axes reversed
    return c


fn("transpose", "permute", _t("data=None, axes=None"), rename={"data": "input", "axes": "dims"}, read=transpose)
fn("swapaxes", "transpose", _t("data=None, dim1=0, dim2=0"), rename={"data": "input", "dim1": "dim0", "dim2": "dim1"})
fn("SwapAxis", "transpose", _t("data=None, dim1=0, dim2=0"), rename={"data": "input", "dim1": "dim0", "dim2": "dim1"})
fn("expand_dims", "unsqueeze", _t("data=None, axis=None"), rename={"data": "input", "axis": "dim"})
fn("squeeze", "squeeze", _t("data=None, axis=None"), rename={"data": "input", "axis": "dim"}, read=_axis)
for _n, _op in (("add", "add"), ("sub", "sub"), ("mul", "mul"), ("div", "div"), ("maximum", "maximum"),
                ("minimum", "minimum"), ("power", "pow")):
    fn(f"broadcast_{_n}", _op, _t("lhs=None, rhs=None"), rename=BIN if _op != "pow" else
       {"lhs": "input", "rhs": "exponent"})
    if _op not in ("maximum", "minimum", "pow"):
        fn(f"elemwise_{_n}", _op, _t("lhs=None, rhs=None"), rename=BIN)
fn("maximum", "maximum", "lhs, rhs", rename=BIN, read=elementwise_max, ignore=())
fn("minimum", "minimum", "lhs, rhs", rename=BIN, read=elementwise_min, ignore=())
fn("power", "pow", "base, exp", rename={"base": "input", "exp": "exponent"}, ignore=())


def _swap_last(ctx, x):
    return written(ctx, "transpose", input=x, dim0="-2", dim1="-1")


def batch_dot(c, ctx):
    for side, flag in (("input", "transpose_a"), ("other", "transpose_b")):
        if take(c, flag, False):
            c.args[side] = _swap_last(ctx, c.args[side])
    drop(c, "forward_stype")
    return c


def dot(c, ctx):
    """dot(a, b): the last axis of a with the first of b, which is matmul for a 1-d or 2-d b (a b of
    rank > 2 would need tensordot: said in a note)."""
    for side, flag in (("input", "transpose_a"), ("other", "transpose_b")):
        if take(c, flag, False):   # MXNet transposes the whole array: all axes reversed
            x = c.args[side]
            c.args[side] = written(ctx, "permute", input=x, dims=f"tuple(reversed(range({code(x)}.ndim)))")
    drop(c, "forward_stype")
    ctx.note("dot(a, b) written as a matmul: the same for a 1-d or 2-d b; for a b of rank > 2 MXNet's "
             "dot is tensordot(a, b, 1)", c.extra["api"], "info")
    return c


fn("batch_dot", "matmul", _t("lhs=None, rhs=None, transpose_a=False, transpose_b=False, forward_stype=None"),
   rename=BIN, read=batch_dot)
fn("dot", "matmul", _t("lhs=None, rhs=None, transpose_a=False, transpose_b=False, forward_stype=None"),
   rename=BIN, read=dot)


def gemm2(c, ctx):
    batch_dot(c, ctx)
    if take(c, "axis", -2) != -2:
        raise Unsupported("linalg.gemm2(axis=...) is not translated")
    alpha = take(c, "alpha", 1.0)
    if alpha != 1.0:
        out = written(ctx, "matmul", input=c.args["input"], other=c.args["other"])
        return _done(c, expr(f"{{x}} * {alpha!r}", x=out))
    return c


def _done(c: Canon, node) -> Canon:
    """A reader that wrote its result itself (calls.function uses `extra["written"]`)."""
    c.extra["written"] = node
    return c


for _api in ("linalg_gemm2", "linalg.gemm2"):
    fn(_api, "matmul", _t("A=None, B=None, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2"),
       rename={"A": "input", "B": "other"}, read=gemm2)


def reduce(c, ctx):
    """Over every axis (axis=None) MXNet returns shape (1,), not a 0-d array: reshaped to (1,)."""
    if take(c, "exclude", False):
        raise Unsupported(f"{c.extra['api']}(exclude=True): reduce over the other axes by hand")
    keep = c.lit("keepdim")
    if not keep:
        drop(c, "keepdim")
    if c.lit("dim") is None:
        drop(c, "dim")
        if not keep:
            op = {"amax": "amax", "amin": "amin"}.get(c.op, c.op)
            whole = written(ctx, op, input=c.args["input"])
            return _done(c, written(ctx, "reshape", input=whole, shape="(1,)"))
    return c


for _n, _op in (("sum", "sum"), ("mean", "mean"), ("max", "amax"), ("min", "amin"), ("prod", "prod"),
                ("nansum", "nansum")):
    fn(_n, _op, _t("data=None, axis=None, keepdims=False, exclude=False"), rename=REDUCE, read=reduce)


def slice_axis(c, ctx):
    """slice_axis(x, axis, begin, end): `x[..., begin:end]` on that axis (end None: to the end)."""
    axis, begin, end = lit(c, "axis"), c.get("begin"), c.get("end")
    part = f"{code(begin)}:{'' if end is None or c.lit('end') is None else code(end)}"
    x = code(c.args["input"])
    if axis >= 0:
        return _done(c, cst.parse_expression(f"{x}[{':, ' * axis}{part}]"))
    return _done(c, cst.parse_expression(f"{x}[..., {part}{', :' * (-axis - 1)}]"))


fn("slice_axis", "slice_axis", _t("data=None, axis=None, begin=None, end=None"), rename=D, read=slice_axis)


def take_(c, ctx):
    """take(a, indices, axis): `a[indices]` on that axis (indices in range: mode= has no effect)."""
    axis = lit(c, "axis")
    take(c, "mode", "clip")
    x, i = code(c.args["input"]), code(c.args["indices"])
    if axis >= 0:
        return _done(c, cst.parse_expression(f"{x}[{':, ' * axis}{i}.long()]"))
    return _done(c, cst.parse_expression(f"{x}[..., {i}.long(){', :' * (-axis - 1)}]"))


fn("take", "take", _t("a=None, indices=None, axis=0, mode='clip'"), rename={"a": "input"}, read=take_)


def pick(c, ctx):
    """pick(x, index, axis=-1): x.gather(axis, index[..., None]) without the picked axis."""
    axis, keep = lit(c, "axis"), take(c, "keepdims", False)
    take(c, "mode", "clip")
    idx = written(ctx, "unsqueeze", input=expr("{i}.long()", i=c.args["index"]), dim=str(axis))
    out = written(ctx, "gather", input=c.args["input"], dim=str(axis), index=idx)
    return _done(c, out if keep else written(ctx, "squeeze", input=out, dim=str(axis)))


fn("pick", "pick", _t("data=None, index=None, axis=-1, keepdims=False, mode='clip'"), rename=D, read=pick)


def where(c, ctx):
    """MXNet's condition is true where non-zero: `cond != 0`, but for a comparison (already boolean)."""
    cond = c.args["condition"]
    if not isinstance(cond, cst.Comparison):
        c.args["condition"] = expr("{x} != 0", x=cond)
    return c


fn("where", "where", _t("condition=None, x=None, y=None"), rename={"x": "input", "y": "other"}, read=where)
fn("clip", "clamp", _t("data=None, a_min=None, a_max=None"), rename={"data": "input", "a_min": "min", "a_max": "max"})
fn("tile", "tile", _t("data=None, reps=None"), rename={"data": "input", "reps": "dims"})
fn("repeat", "repeat_interleave", _t("data=None, repeats=None, axis=None"),
   rename={"data": "input", "axis": "dim"}, read=_axis)


def split(c, ctx):
    if take(c, "squeeze_axis", False):
        raise Unsupported("split(squeeze_axis=True) is not translated")
    return c


fn("split", "chunk", _t("data=None, num_outputs=None, axis=1, squeeze_axis=False"),
   rename={"data": "input", "num_outputs": "chunks", "axis": "dim"}, read=split)
# split_v2 at indices (a tuple) or into equal sections (an int): PyTorch's tensor_split (Gluon refuses
# sections that do not divide the axis, where PyTorch makes the first pieces larger: the same where both run)
fn("split_v2", "tensor_split", "ary, indices_or_sections, axis=0, squeeze_axis=False",
   rename={"ary": "input", "axis": "dim"}, read=split)


from nnport.frameworks.mxnet.reading import methods, ops_more, ops_nn  # noqa: E402,F401  (NDArray methods, nn ops)
