"""Readers: mxnet.ndarray's neural-network operators (Dropout, FullyConnected, Activation, LeakyReLU,
Embedding) and the array creation a parameter's initial value uses (zeros, ones, full, random)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.mxnet.reading.ops import D, _done, _t
from nnport.frameworks.mxnet.reading.registry import drop, fn, take
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import expr


def dropout(c, ctx):
    mode = take(c, "mode", "training")
    if take(c, "axes", ()) not in ((), []):
        raise Unsupported("Dropout(axes=...): a mask shared along axes is not translated")
    drop(c, "cudnn_off")
    c.set("training", "True" if mode == "always" else "self.training")
    return c


fn("Dropout", "dropout", _t("data=None, p=0.5, mode='training', axes=(), cudnn_off=None"), rename=D, read=dropout)


def fully_connected(c, ctx):
    drop(c, "num_hidden")
    if take(c, "no_bias", False):
        drop(c, "bias")
    if take(c, "flatten", True):
        c.args["input"] = written(ctx, "flatten", input=c.args["input"], start_dim="1")
    return c


fn("FullyConnected", "linear", _t("data=None, weight=None, bias=None, num_hidden=None, no_bias=False, flatten=True"),
   rename=D, read=fully_connected)

ACT = {"relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "softrelu": "softplus", "softsign": "softsign"}


def activation(c, ctx):
    act = take(c, "act_type")
    if act not in ACT:
        raise Unsupported(f"Activation(act_type={act!r}) is not translated")
    c.op = ACT[act]
    return c


fn("Activation", "relu", _t("data=None, act_type=None"), rename=D, read=activation)


def leaky(c, ctx):
    act, slope = take(c, "act_type", "leaky"), take(c, "slope", 0.25)
    drop(c, "lower_bound", "upper_bound")
    if c.lit("gamma") is not None:
        raise Unsupported("LeakyReLU(gamma=...) (prelu) is not translated")
    drop(c, "gamma")
    if act == "leaky":
        c.set("negative_slope", repr(slope))
    elif act == "elu":
        c.op = "elu"
        c.set("alpha", repr(slope))
    elif act in ("gelu", "selu"):
        c.op = act
    else:
        raise Unsupported(f"LeakyReLU(act_type={act!r}) is not translated")
    return c


fn("LeakyReLU", "leaky_relu", _t("data=None, gamma=None, act_type='leaky', slope=0.25, lower_bound=None, "
   "upper_bound=None"), rename=D, read=leaky)
fn("Embedding", "embedding", _t("data=None, weight=None, input_dim=None, output_dim=None, dtype=None, "
   "sparse_grad=False"), rename=D, ignore=("input_dim", "output_dim", "dtype", "sparse_grad", "out", "name", "**kwargs"),
   read=lambda c, ctx: c.set("input", expr("{x}.long()", x=c.args["input"])) or c)


def creation(c, ctx):
    drop(c, "ctx", "stype")
    if take(c, "dtype") not in (None, "float32"):
        raise Unsupported(f"{c.extra['api']}(dtype=...) is not translated")
    return c


def typed_creation(c, ctx):
    """zeros/ones/full: a dtype by name is PyTorch's (float32, MXNet's default, is PyTorch's too)."""
    from nnport.frameworks.mxnet.reading.ops_more import dtype_of
    drop(c, "ctx", "stype")
    if c.lit("dtype") in (None, "float32"):
        drop(c, "dtype")
    dtype_of(c, ctx)
    return c


fn("zeros", "zeros", "shape, ctx=None, dtype=None, stype=None, **kwargs", rename={"shape": "size"}, read=typed_creation)
fn("ones", "ones", "shape, ctx=None, dtype=None, **kwargs", rename={"shape": "size"}, read=typed_creation)
fn("full", "full", "shape, val, ctx=None, dtype=None, out=None", rename={"shape": "size", "val": "fill_value"},
   read=typed_creation)


def _scaled(c, r):
    """loc + scale * r, or r itself for loc 0 and scale 1 (PyTorch's normal(mean, size=) needs a std)."""
    mean, std = c.get("mean"), c.get("std")
    if c.lit("std") not in (1, 1.0):
        r = expr("{s} * {r}", s=std, r=r)
    return r if c.lit("mean") in (0, 0.0) else expr("{m} + {r}", m=mean, r=r)


def normal(c, ctx):
    creation(c, ctx)
    if c.get("size") is None:
        raise Unsupported("random.normal without shape= (one number) is not translated")
    return _done(c, _scaled(c, written(ctx, "randn", size=c.get("size"))))


def normal_like(c, ctx):
    return _done(c, _scaled(c, written(ctx, "randn_like", input=c.args["input"])))


fn("random.normal", "normal", "loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs",
   rename={"loc": "mean", "scale": "std", "shape": "size"}, read=normal)
fn("random.normal_like", "randn_like", _t("data=None, loc=0, scale=1"), rename={"data": "input", "loc": "mean",
   "scale": "std"}, read=normal_like)


def uniform(c, ctx):
    creation(c, ctx)
    low, high = c.get("low"), c.get("high")
    r = written(ctx, "rand", size=c.get("size"))
    if code(low).lstrip("-") == code(high) and code(low).startswith("-"):   # uniform(-s, s)
        return _done(c, expr("({r} * 2 - 1) * {hi}", hi=high, r=r))
    return _done(c, expr("{lo} + ({hi} - {lo}) * {r}", lo=low, hi=high, r=r))


fn("random.uniform", "rand", "low=0, high=1, shape=None, dtype=None, ctx=None, out=None, **kwargs",
   rename={"shape": "size"}, read=uniform)


def uniform_like(c, ctx):
    r = written(ctx, "rand_like", input=c.args["input"])
    low, high = c.get("low"), c.get("high")
    if c.lit("low") in (0, 0.0) and c.lit("high") in (1, 1.0):
        return _done(c, r)
    return _done(c, expr("{lo} + ({hi} - {lo}) * {r}", lo=low, hi=high, r=r))


fn("random.uniform_like", "rand_like", _t("data=None, low=0, high=1"), rename=D, read=uniform_like)
