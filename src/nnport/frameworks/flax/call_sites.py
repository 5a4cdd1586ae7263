"""Flax NNX -> another framework: a layer's call site in `__call__` (channels-last layers moved to
channels first around a channels-first target layer: the Keras source's rules, shared), and the
elements of `nnx.Sequential(...)`: functions given as elements (`nnx.relu`, `jax.nn.gelu`) become
the target's layers of the same op."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Canon, Unsupported

NNX_MHA = "flax.nnx.MultiHeadAttention"   # called as Flax calls it (the support class: as PyTorch)


def site(t, attr, call: cst.Call) -> cst.BaseExpression:
    """A layer as Keras' call sites move it; an nnx.Sequential whose layers compute channels last and
    whose other elements are elementwise functions (nnx.relu): moved once around the whole."""
    from nnport.frameworks.flax.functions_as_layers import function_and_args
    from nnport.frameworks.keras import call_sites as keras
    if attr.kind == "container" and attr.container == "sequential" and attr.call is not None:
        layouts = set()
        for e, arg in zip(attr.elements, attr.call.args):
            idiom = written_lambda(t, arg.value)
            if idiom is not None:
                layouts.add(idiom[1])
                continue
            found = function_and_args(arg.value, t.qnames)
            entry = _function(t, found[0]) if found else None
            if entry is not None and _elementwise(entry.op):
                continue
            if entry is not None and _channels_first(t, entry, found) is not None:
                layouts.add(True)
                continue
            if e.kind != "layer":
                layouts.add(None)
                continue
            c = keras.reread(t, e.entry, e.call)
            if c.extra.get("pad") is not None or c.extra.get("same_pad") or c.extra.get("post"):
                raise Unsupported("an nnx.Sequential of layers needing explicit padding: give the padding")
            layouts.add(c.extra.get("layout") == "channels_last")
        if True in layouts:
            if layouts != {True}:
                raise Unsupported("an nnx.Sequential mixing channels-last layers with others")
            return keras.wrap(t, Canon("sequential", extra={"layout": "channels_last"}), call)
        return call
    if attr.kind == "layer" and attr.entry.op == "multihead_attention" and attr.entry.api == NNX_MHA:
        from nnport.frameworks.flax.reading.attention import call as mha_call
        return mha_call(t, call)
    return keras.site(t, attr, call)


def _elementwise(op: str) -> bool:
    from nnport.pivot import ops
    return op in ops.OPS and ops.OPS[op].role == "elementwise"


def sequential_elements(t, original: cst.Call, args: list[cst.Arg]) -> list[cst.Arg]:
    from nnport.translate import reading
    out = []
    from nnport.frameworks.flax.functions_as_layers import function_and_args
    for el, arg in zip(original.args, args):
        idiom = written_lambda(t, el.value)
        if idiom is not None:
            out.append(cst.Arg(reading.write(reading.target_entry(t.dst.layers, idiom[0].op, "lambda", idiom[0]),
                                             idiom[0], t.ctx)))
            continue
        found = function_and_args(el.value, t.qnames)
        entry = _function(t, found[0]) if found else None
        if entry is None:
            out.append(arg)
            continue
        c = _channels_first(t, entry, found) or reading.read(entry, [cst.Arg(cst.Name("x")), *found[1]], t.ctx)
        c.args.pop("input", None)
        try:
            target = reading.target_entry(t.dst.layers, c.op, entry.api, c)
        except Unsupported:
            raise Unsupported(f"{entry.api} as an element of nnx.Sequential: no {t.dst.name} layer for it") from None
        out.append(cst.Arg(reading.write(target, c, t.ctx)))
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in out]


def list_elements(t, original: cst.Call, args: list[cst.Arg]) -> list[cst.Arg]:
    """The elements of a list literal given to nnx.List, as sequential_elements reads them."""
    if len(args) != 1 or len(original.args) != 1 or not isinstance(original.args[0].value, cst.List) or \
            not isinstance(args[0].value, cst.List):
        return args
    olds, news = original.args[0].value.elements, args[0].value.elements
    if any(isinstance(e, cst.StarredElement) for e in (*olds, *news)) or len(olds) != len(news):
        return args
    read = sequential_elements(t, original.with_changes(args=[cst.Arg(e.value) for e in olds]),
                               [cst.Arg(e.value) for e in news])
    elements = [e.with_changes(value=a.value) for e, a in zip(news, read)]
    return [args[0].with_changes(value=args[0].value.with_changes(elements=elements))]


FLATTEN = "lambda x: jnp.moveaxis(x, -1, 1).reshape(x.shape[0], -1)"   # flax/conv.flatten_fn's


def written_lambda(t, node) -> tuple[Canon, bool] | None:
    """The Flax writer's lambdas for PyTorch layers in a Sequential, as (that layer, takes channels
    last): nn.Flatten() on channels-last input (FLATTEN), and a channels-last function made channels
    first (flax/skeleton.channels_first: `lambda x: jnp.moveaxis((f)(jnp.moveaxis(x, 1, -1)), -1, 1)`,
    f a pooling function or partial: nn.MaxPool2d(2, 2) on channels-first input); else None."""
    from nnport.frameworks.flax.functions_as_layers import function_and_args
    from nnport.frameworks.spec import code
    if not isinstance(node, cst.Lambda):
        return None
    text = code(node)
    if text == FLATTEN:
        return Canon("flatten", extra={"api": "lambda"}), True
    body = node.body
    if not (isinstance(body, cst.Call) and body.args and isinstance(body.args[0].value, cst.Call)):
        return None
    fn = body.args[0].value.func
    inner = code(fn.with_changes(lpar=[], rpar=[]))
    if text != f"lambda x: jnp.moveaxis(({inner})(jnp.moveaxis(x, 1, -1)), -1, 1)":
        return None
    found = function_and_args(fn.with_changes(lpar=[], rpar=[]), t.qnames)
    entry = _function(t, found[0]) if found else None
    c = _channels_first(t, entry, found) if entry is not None else None
    return (c, False) if c is not None else None


def _channels_first(t, entry, found) -> Canon | None:
    """A channels-last function's channels-first layer (reading/pool.py: `partial(nnx.max_pool, ...)`
    as nn.MaxPool2d), or None."""
    from nnport.translate import reading
    if entry.op not in ("max_pool", "avg_pool", "adaptive_avg_pool", "mean", "amax"):
        return None
    c = reading.read(entry, [cst.Arg(cst.Name("x")), *found[1]], t.ctx)
    if entry.op in ("mean", "amax"):   # over the spatial axes of channels-last data, kept: adaptive pooling to 1
        axes = c.lit("dim")
        if c.lit("keepdim") is not True or not isinstance(axes, tuple) or axes != tuple(range(1, len(axes) + 1)):
            return None
        op = "adaptive_avg_pool" if entry.op == "mean" else "adaptive_max_pool"
        return Canon(op, {"output_size": cst.Integer("1"), "ndim": cst.Integer(str(len(axes)))},
                     extra={"api": entry.api})
    if "channels_first" not in c.extra:
        return None
    op, args = c.extra["channels_first"]
    return Canon(op, {k: cst.parse_expression(v) for k, v in args.items()}, extra={"api": entry.api})


def _function(t, node):
    """The reader entry of a function given by name (not called) as a Sequential element."""
    if isinstance(node, cst.Call) or node is None:
        return None
    for name in sorted(t.qnames(node)):
        entry = t.src.functions.get(name)
        if entry is not None and entry.kind == "function":
            return entry
    return None
