"""Readers: nnx.max_pool / nnx.avg_pool (flax.linen.pooling, channels last: (batch, *window dims,
features)) -> the target's pooling function on channels-first arrays, the axes moved before and back
after: `movedim(F.max_pool2d(movedim(x, -1, 1), 2, 2), 1, -1)`.

Padding: 'VALID', (low, high) pairs that are symmetric, or 'SAME' with strides 1 and an odd window
(PyTorch pads both sides alike); Flax's max pool pads with -inf and its average pool counts the
padding (count_include_pad=True), as PyTorch's do. As an element of a channels-last nnx.Sequential
(`partial(nnx.max_pool, window_shape=(2, 2), strides=(2, 2))`), the channels-first layer
(`extra["channels_first"]`: nn.MaxPool2d(2, 2)), the Sequential's input moved once (call_sites.py).
"""
from __future__ import annotations

from nnport.frameworks.flax.reading.registry import fn
from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.spec import NOT_LITERAL, Unsupported

_SIG = "inputs, window_shape, strides=None, padding='VALID'"


def _pads(pad, k, s):
    if isinstance(pad, str):
        if pad.upper() == "VALID":
            return (0,) * len(k)
        if pad.upper() == "SAME" and set(s) == {1} and all(x % 2 for x in k):
            return tuple((x - 1) // 2 for x in k)
        raise Unsupported(f"pooling padding={pad!r}: 'VALID', symmetric pairs, or 'SAME' with strides 1 "
                          "and an odd window")
    pairs = [tuple(p) for p in pad]
    if any(a != b for a, b in pairs):
        raise Unsupported(f"pooling padding={pad!r}: PyTorch pads both sides alike")
    return tuple(a for a, _ in pairs)


def _one(v):
    return repr(v[0]) if len(set(v)) == 1 else repr(tuple(v))


def pool(op: str):
    def read(c, ctx):
        k = c.lit("kernel_size")
        s = c.lit("stride") if c.get("stride") is not None else None
        pad = c.lit("padding")
        if NOT_LITERAL in (k, s, pad) or not isinstance(k, (tuple, list)):
            raise Unsupported(f"{c.extra['api']}: window_shape, strides and padding must be literals")
        s = tuple(s) if s is not None else (1,) * len(k)   # Flax's default strides: 1 (PyTorch's: the window)
        pads = _pads(pad, tuple(k), s)
        if c.given("count_include_pad") and c.lit("count_include_pad") is not True and any(pads):
            raise Unsupported("avg_pool(count_include_pad=False) with padding is not translated")
        args = {"kernel_size": _one(k), "stride": _one(s), "ndim": str(len(k))}
        if any(pads):
            args["padding"] = _one(pads)
        c.extra["channels_first"] = (op, args)   # as an nnx.Sequential element (call_sites.py)
        x = written(ctx, "movedim", input=c.args["input"], source="-1", destination="1")
        y = written(ctx, op, input=x, **args)
        c.extra["written"] = written(ctx, "movedim", input=y, source="1", destination="-1")
        return c
    return read


_RENAME = {"inputs": "input", "window_shape": "kernel_size", "strides": "stride"}
for _prefix in ("flax.nnx", "flax.linen", "flax.linen.pooling"):
    fn(f"{_prefix}.max_pool", "max_pool", _SIG, rename=_RENAME, read=pool("max_pool"))
    fn(f"{_prefix}.avg_pool", "avg_pool", _SIG + ", count_include_pad=True", rename=_RENAME, read=pool("avg_pool"))
