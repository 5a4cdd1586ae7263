"""Readers of the Flax writer's own support definitions (flax/support/*.py), where a Flax file carries
them (own_helpers.py drops the definitions; their calls resolve to `flax.support.<name>`): each
read back as the PyTorch API the writer wrote it for.

- squeeze(x, dim): Tensor.squeeze(dim) (drops the axis only where its size is 1, as PyTorch does);
- max_pool / avg_pool / adaptive_pool(x, ..., channels_last=False): F.max_pool{n}d / avg_pool{n}d /
  adaptive_avg/max_pool{n}d on channels-first arrays (channels_last=True: the axes moved around it);
- pad_last_axes(x, pairs, mode=...): F.pad (pairs first axis first -> PyTorch's last axis first;
  'edge' / 'wrap' are 'replicate' / 'circular');
- BatchNorm (nnx.BatchNorm with PyTorch's statistics): nn.BatchNorm{n}d (momentum 1 - m, channels on
  `axis`: 1, or the last axis moved at the call site), the rank from the recorded run;
- ChannelsFirstConv / ChannelsFirstConvTranspose: nn.Conv{n}d / ConvTranspose{n}d with no axis moves.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.own_helpers import PREFIX
from nnport.frameworks.flax.reading import layers
from nnport.frameworks.flax.reading.registry import LAYERS, drop, fn, lit, take
from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.spec import NOT_LITERAL, Entry, Unsupported

_PAD_MODES = {"constant": "constant", "reflect": "reflect", "edge": "replicate", "wrap": "circular"}


def _channels(c, ctx, op: str, **args) -> None:
    """The torch op on channels-first x; where channels_last, x's axes moved before and back after."""
    last = lit(c, "channels_last")
    drop(c, "channels_last")
    x = c.args.pop("input")
    if last:
        c.extra["channels_first"] = (op, args)   # as an nnx.Sequential element (call_sites.py)
        x = written(ctx, "movedim", input=x, source="-1", destination="1")
    y = written(ctx, op, input=x, **args)
    c.extra["written"] = written(ctx, "movedim", input=y, source="1", destination="-1") if last else y


def _window(c, name: str) -> tuple:
    v = c.lit(name)
    if v is NOT_LITERAL or not isinstance(v, (tuple, list)):
        raise Unsupported(f"{c.extra['api'].rsplit('.', 1)[1]}: {name} must be a literal tuple")
    return tuple(v)


def _one(v: tuple) -> str:
    return repr(v[0]) if len(set(v)) == 1 else repr(v)


def _size_args(c) -> dict[str, str]:
    """kernel_size, stride and ndim of a pooling helper's call: literal tuples, or the Flax writer's
    expressions for PyTorch's values (reading/idioms.py: `((n),) * 1 if isinstance((n), int) else
    tuple((n))` -> n)."""
    from nnport.frameworks.flax.reading.idioms import unwrap
    from nnport.frameworks.spec import code
    torch_values = unwrap(c, ("kernel_size", "stride"))
    out = {}
    for name in ("kernel_size", "stride"):
        if name in torch_values:
            out[name], out["ndim"] = code(c.args[name]), str(torch_values[name])
        else:
            out[name] = _one(_window(c, name))
            out.setdefault("ndim", str(len(_window(c, name))))
    return out


def max_pool(c, ctx):
    args = _size_args(c)
    for name, neutral in (("padding", 0), ("dilation", 1)):
        v = _window(c, name)
        if set(v) != {neutral}:
            args[name] = _one(v)
    if lit(c, "ceil_mode"):
        args["ceil_mode"] = "True"
    _channels(c, ctx, "max_pool", **args)
    return c


def avg_pool(c, ctx):
    args = _size_args(c)
    if set(_window(c, "padding")) != {0}:
        args["padding"] = _one(_window(c, "padding"))
    for name, default in (("ceil_mode", False), ("count_include_pad", True), ("divisor_override", None)):
        if lit(c, name) != default:
            args[name] = repr(lit(c, name))
    _channels(c, ctx, "avg_pool", **args)
    return c


def adaptive_pool(c, ctx):
    size = _window(c, "output_size")
    reduce = cst.Module([]).code_for_node(c.args["reduce"]) if "reduce" in c.args else None
    op = {"jnp.mean": "adaptive_avg_pool", "jnp.max": "adaptive_max_pool"}.get(reduce)
    if op is None:
        raise Unsupported(f"adaptive_pool(reduce={reduce}): jnp.mean or jnp.max")
    drop(c, "reduce")
    _channels(c, ctx, op, output_size=_one(size), ndim=str(len(size)))
    return c


def pad_last_axes(c, ctx):
    pairs = c.args.get("pad_width")
    if not isinstance(pairs, (cst.List, cst.Tuple)) or not all(
            isinstance(e.value, (cst.Tuple, cst.List)) and len(e.value.elements) == 2 for e in pairs.elements):
        raise Unsupported("pad_last_axes: the pad widths must be written out as (low, high) pairs")
    flat = [x.value for e in reversed(pairs.elements) for x in e.value.elements]
    mode = take(c, "mode", "constant")
    if mode not in _PAD_MODES:
        raise Unsupported(f"pad_last_axes(mode={mode!r}) is not translated")
    args = {"input": c.args["input"], "pad": cst.Tuple([cst.Element(v) for v in flat])}
    if mode != "constant":
        args["mode"] = repr(_PAD_MODES[mode])
    if c.lit("constant_values") is not None:
        args["value"] = c.args["constant_values"]
    c.extra["written"] = written(ctx, "pad", **args)
    return c


def batch_norm(c, ctx):
    """The support BatchNorm: PyTorch's statistics already (no FlaxBatchNormNd); `axis` 1 or last."""
    rank = layers.input_rank(ctx)
    axis = take(c, "axis", -1)
    if rank is None:
        raise Unsupported("BatchNorm: the input rank is unknown (no recorded run): BatchNorm1d/2d/3d?")
    if axis % rank not in (1, rank - 1):
        raise Unsupported(f"BatchNorm(axis={axis!r}): the channel axis is 1 or the last")
    affine = take(c, "use_bias", True)
    if affine != take(c, "use_scale", True):
        raise Unsupported("BatchNorm(use_bias != use_scale): PyTorch's affine has both or neither")
    if not affine:
        c.set("affine", "False")
    if take(c, "track_running_stats", True) is not True:
        c.set("track_running_stats", "False")
    for name, value, default in (("momentum", round(1 - lit(c, "momentum"), 10), 0.1), ("eps", lit(c, "eps"), 1e-5)):
        drop(c, name)
        if value != default:   # PyTorch's defaults left out
            c.set(name, repr(value))
    c.set("ndim", str(max(rank - 2, 1)))
    if rank > 2 and axis % rank == rank - 1:
        c.extra["layout"] = layers.CL
    return c


def channels_first(reader):
    def read(c, ctx):
        reader(c, ctx)
        c.extra.pop("layout", None)   # takes and returns (N, C, *spatial), as PyTorch's layers
        return c
    return read


def helper_layer(name: str, like: str, op: str, signature: str, **kw) -> Entry:
    """A support class read like the nnx layer `like` (its weights) with its own signature."""
    base = LAYERS.get(f"flax.nnx.{like}")
    kw.setdefault("rename", base.rename)
    kw["ignore"] = (*kw.get("ignore", ()), *base.ignore)
    return LAYERS.add(Entry(PREFIX + name, op, signature + ", _nnport_shape=None, _nnport_rank=None",
                            kind="layer", weights=base.weights, **kw))


fn(PREFIX + "squeeze", "squeeze", "x, dim", rename={"x": "input"})
fn(PREFIX + "max_pool", "max_pool", "x, kernel_size, stride, padding, dilation, ceil_mode=False, channels_last=True",
   rename={"x": "input"}, read=max_pool)
fn(PREFIX + "avg_pool", "avg_pool", "x, kernel_size, stride, padding, ceil_mode=False, count_include_pad=True, "
   "divisor_override=None, channels_last=True", rename={"x": "input"}, read=avg_pool)
fn(PREFIX + "adaptive_pool", "adaptive_avg_pool", "x, output_size, reduce, channels_last=True",
   rename={"x": "input"}, read=adaptive_pool)
fn(PREFIX + "pad_last_axes", "pad", "x, pad_width, mode='constant', constant_values=None",
   rename={"x": "input"}, read=pad_last_axes)
helper_layer("BatchNorm", "BatchNorm", "batch_norm", "num_features, *, axis=-1, momentum=0.99, epsilon=1e-5, "
             "use_bias=True, use_scale=True, track_running_stats=True, rngs=None",
             rename={"epsilon": "eps"}, read=batch_norm)
helper_layer("ChannelsFirstConv", "Conv", "conv", LAYERS.get("flax.nnx.Conv").signature.split(", _nnport_shape")[0],
             read=channels_first(LAYERS.get("flax.nnx.Conv").read))
helper_layer("ChannelsFirstConvTranspose", "ConvTranspose", "conv_transpose",
             LAYERS.get("flax.nnx.ConvTranspose").signature.split(", _nnport_shape")[0],
             read=channels_first(LAYERS.get("flax.nnx.ConvTranspose").read))
