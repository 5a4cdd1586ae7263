"""Readers (CST route): Keras activation layers (Activation, ReLU, LeakyReLU, ELU, Softmax, Identity)
and pooling layers -> PyTorch's modules. Keras' defaults are spelled out where PyTorch's differ
(LeakyReLU's negative_slope 0.3, a named activation's own: leaky_relu 0.2)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.activations import ACTIVATIONS
from nnport.frameworks.keras.reading.layers_cst import KW, common, take
from nnport.frameworks.keras.reading.source_registry import FUNCTIONS, layer, lit
from nnport.frameworks.spec import Canon, Unsupported, code, literal
from nnport.translate.names import qualified

# a function op read inside `Activation(lambda x: f(x, ...))` -> the layer op and its argument names
_AS_LAYER = {"clamp": ("hardtanh", {"min": "min_val", "max": "max_val"}), "pad": ("pad", {"pad": "padding"})}


def activation(c, ctx):
    """Activation('name') -> that activation's module; Activation(lambda x: f(x, ...)) -> the module
    of f's op, with f's other arguments (the lambda's body read through the function tables)."""
    fn = c.args.pop("activation")
    common(c, ctx)
    if isinstance(fn, cst.Lambda):   # read from the source (the argument given is translated already)
        source = getattr(ctx, "node", None)
        given = [a.value for a in getattr(source, "args", ()) if isinstance(a.value, cst.Lambda)]
        return _lambda(c, given[0] if len(given) == 1 else fn, ctx)
    name = literal(fn)
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise Unsupported(f"Activation({name!r}) has no PyTorch translation in the table")
    op, args = ACTIVATIONS[name]
    c.op = op or "identity"
    for k, v in args.items():
        c.set(k, repr(v))
    return c


def _lambda(c, fn: cst.Lambda, ctx):
    from nnport.translate import reading
    params = fn.params.params
    body = fn.body
    if len(params) != 1 or not isinstance(body, cst.Call) or not body.args or \
            not (isinstance(body.args[0].value, cst.Name) and body.args[0].value.value == params[0].name.value) or \
            any(isinstance(n, cst.Name) and n.value == params[0].name.value for a in body.args[1:]
                for n in _walk(a.value)):
        raise Unsupported(f"{_short(c)}({code(fn)}): only `lambda x: f(x, ...)` is read")
    aliases = (ctx.source_facts or {}).get("aliases", {})
    entry = next((FUNCTIONS.get(n) for n in qualified(body.func, aliases) if FUNCTIONS.get(n)), None)
    if entry is None:
        raise Unsupported(f"{_short(c)}({code(fn)}): {code(body.func)} has no reader")
    inner: Canon = reading.read(entry, list(body.args), ctx)
    inner.args.pop("input", None)
    inner.defaults.pop("input", None)
    op, names = _AS_LAYER.get(inner.op, (inner.op, {}))
    c.op = op
    c.args = {names.get(k, k): v for k, v in inner.args.items()}
    c.defaults = {names.get(k, k): v for k, v in inner.defaults.items()}
    if op == "pad":   # nn.ZeroPad2d, nn.ReflectionPad2d...: the rank from the pads
        if c.get("value") is not None and c.lit("value") not in (0, 0.0):
            raise Unsupported(f"{code(fn)}: a constant pad value other than 0 as a layer")
        c.args.pop("value", None)
        c.defaults.pop("value", None)
        c.set("ndim", str(len(literal(c.args["padding"])) // 2))
    if not any(e.emit is not None for e in ctx.dst.layers.for_op(op)):
        raise Unsupported(f"{code(fn)}: {ctx.dst.name} has no layer for {op}")
    return c


def lambda_layer(c, ctx):
    """Lambda(lambda x: f(x, ...)) -> the module of f's op (nn.LocalResponseNorm, nn.ReflectionPad2d...)."""
    fn = c.args.pop("function")
    for name in ("output_shape", "mask", "arguments"):
        if take(c, name) is not None:
            raise Unsupported(f"Lambda({name}=...) is not translated")
    common(c, ctx)
    source = getattr(ctx, "node", None)
    given = [a.value for a in getattr(source, "args", ()) if isinstance(a.value, cst.Lambda)]
    if not isinstance(fn, cst.Lambda):
        raise Unsupported("Lambda of a named function: only `lambda x: f(x, ...)` is read")
    return _lambda(c, given[0] if len(given) == 1 else fn, ctx)


def _short(c) -> str:
    return c.extra.get("api", "Activation").rsplit(".", 1)[-1]


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def relu(c, ctx):
    common(c, ctx)
    mx, slope, th = take(c, "max_value"), take(c, "negative_slope", 0.0), take(c, "threshold", 0.0)
    if slope or th:
        raise Unsupported("ReLU(negative_slope=..., threshold=...) is not translated")
    if mx is not None:
        if float(mx) != 6.0:
            raise Unsupported(f"ReLU(max_value={mx!r}): only 6 (nn.ReLU6)")
        c.op = "relu6"
    return c


def plain(c, ctx):
    common(c, ctx)
    return c


def pool(n: int):
    """MaxPoolingND / AveragePoolingND (padding 'valid': PyTorch's floor; strides None: the pool size)."""
    def read(c, ctx):
        common(c, ctx)
        if take(c, "padding", "valid") != "valid":
            raise Unsupported(f"{c.extra['api']}(padding='same') is not translated")
        if take(c, "data_format") != "channels_first":
            c.extra["layout"] = "channels_last"
        if c.given("stride") and c.lit("stride") is None:
            c.args.pop("stride")
        c.defaults.pop("stride", None)
        c.set("ndim", str(n))
        return c
    return read


def global_pool(n: int):
    def read(c, ctx):
        common(c, ctx)
        keep = take(c, "keepdims", False)
        if take(c, "data_format") != "channels_first":
            if keep:
                raise Unsupported("GlobalPooling(keepdims=True) on channels-last data")
            c.extra["layout"] = "channels_last"
            c.extra["out_layout"] = None
        if not keep:
            c.extra["post"] = [("flatten", {"start_dim": "1"})]
        c.set("output_size", "1")
        c.set("ndim", str(n))
        return c
    return read


layer("keras.layers.Activation", "relu", "activation, **kwargs", ignore=KW, read=activation)
layer("keras.layers.Lambda", "identity", "function, output_shape=None, mask=None, arguments=None, **kwargs",
      ignore=KW, read=lambda_layer)
layer("keras.layers.ReLU", "relu", "max_value=None, negative_slope=0.0, threshold=0.0, **kwargs", ignore=KW,
      read=relu)
layer("keras.layers.LeakyReLU", "leaky_relu", "negative_slope=0.3, **kwargs", ignore=KW, read=plain)
layer("keras.layers.ELU", "elu", "alpha=1.0, **kwargs", ignore=KW, read=plain)
layer("keras.layers.Softmax", "softmax", "axis=-1, **kwargs", rename={"axis": "dim"}, ignore=KW, read=plain)
layer("keras.layers.Identity", "identity", "**kwargs", ignore=KW, read=plain)
_POOL = {"pool_size": "kernel_size", "strides": "stride"}
for _n in (1, 2, 3):
    _size = "2" if _n == 1 else repr((2,) * _n)
    layer(f"keras.layers.MaxPooling{_n}D", "max_pool",
          f"pool_size={_size}, strides=None, padding='valid', data_format=None, name=None, **kwargs",
          rename=_POOL, ignore=KW, read=pool(_n))
    layer(f"keras.layers.AveragePooling{_n}D", "avg_pool",
          "pool_size, strides=None, padding='valid', data_format=None, name=None, **kwargs",
          rename=_POOL, ignore=KW, read=pool(_n))
    for _kind, _op in (("Max", "adaptive_max_pool"), ("Average", "adaptive_avg_pool")):
        layer(f"keras.layers.Global{_kind}Pooling{_n}D", _op, "data_format=None, keepdims=False, **kwargs",
              ignore=KW, read=global_pool(_n))
