"""Readers: Gluon blocks constructed in a model's code -> pivot ops (canonical = PyTorch's arguments).

A deferred input size (`in_units=0`, `in_channels=0`, `input_size=0`) comes from the recorded run
(sizes.py) through the construction's site; without one a lazy PyTorch module where one exists
(nn.LazyLinear, nn.LazyConvNd), else Unsupported. What the call site needs besides the layer goes
into `canon.extra` for mxnet/call_sites.py: `flatten` (Dense flattens inputs of rank > 2 first),
`activation` (applied after), `rnn` (the result is the output only).
"""
from __future__ import annotations

from math import prod

import libcst as cst

from nnport.frameworks.mxnet.reading.recorded import input_rank, input_shape
from nnport.frameworks.mxnet.reading.registry import drop, layer, lit, take
from nnport.frameworks.mxnet.reading.weights import NORM, RNN, W
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.spec import literal as lit_of

_INITS = ("weight_initializer", "bias_initializer", "beta_initializer", "gamma_initializer",
          "running_mean_initializer", "running_variance_initializer", "i2h_weight_initializer",
          "h2h_weight_initializer", "i2h_bias_initializer", "h2h_bias_initializer", "alpha_initializer")
ACTIVATIONS = {"relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "softrelu": "softplus", "softsign": "softsign"}


def common(c, ctx) -> None:
    """Initialisers (the weights are copied), dtype (float32 only), activation= (after the layer)."""
    drop(c, *_INITS)
    dtype = take(c, "dtype", "float32")
    if dtype not in ("float32", None):
        raise Unsupported(f"{c.extra['api']}(dtype={dtype!r}): only float32 blocks are translated")
    act = take(c, "activation")
    if act is not None:
        if act not in ACTIVATIONS:
            raise Unsupported(f"activation={act!r} is not translated")
        c.extra["activation"] = ACTIVATIONS[act]


def size(c, ctx, what: str, value, lazy: bool):
    """An input size: given (not 0), else from the recorded run (`value(shape)`), else lazy."""
    given = c.lit(what)
    if c.given(what) and given not in (0, None):
        return given
    drop(c, what)
    shape = input_shape(ctx)
    if shape is not None:
        n = value(shape)
        c.set(what, str(n))
        return n
    why = "deferred (0) and no recorded run gives this block's input shape"
    if lazy:
        ctx.note(f"{c.extra['api'].rsplit('.', 1)[1]}: {what} {why}: a PyTorch lazy module, sized by its "
                 "first call", c.extra["api"], "info")
        c.set("lazy", "True")
        return None
    raise Unsupported(f"{c.extra['api']}: {what} {why}; PyTorch needs it")


def dense(c, ctx):
    common(c, ctx)
    flatten = take(c, "flatten", True)
    shape = input_shape(ctx)
    c.extra["flatten"] = flatten and (shape is None or len(shape) > 2)
    size(c, ctx, "in_features", (lambda s: prod(s[1:])) if flatten else (lambda s: s[-1]), lazy=True)
    return c


def _layout(c, n: int) -> None:
    want = "NC" + "DHW"[3 - n:]
    got = take(c, "layout", want)
    if got != want:
        raise Unsupported(f"layout={got!r}: only channels-first ({want!r}) blocks are translated")


def conv(n: int, transpose: bool = False):
    def read(c, ctx):
        common(c, ctx)
        _layout(c, n)
        size(c, ctx, "in_channels", lambda s: s[1], lazy=not transpose)
        for name, neutral in (("stride", 1), ("dilation", 1), ("padding", 0), ("output_padding", 0)):
            v = c.lit(name)
            if not c.given(name) or v == neutral or isinstance(v, (tuple, list)) and set(v) == {neutral}:
                drop(c, name)
        c.set("ndim", str(n))
        return c
    return read


def batch_norm(c, ctx):
    common(c, ctx)
    if take(c, "axis", 1) != 1:
        raise Unsupported("BatchNorm(axis != 1): only channels-first batch normalisation is translated")
    if not (take(c, "center", True) and take(c, "scale", True)):
        raise Unsupported("BatchNorm(center=False or scale=False): PyTorch's affine has both")
    if take(c, "use_global_stats", False):
        raise Unsupported("BatchNorm(use_global_stats=True): the running statistics in training too")
    c.set("momentum", repr(round(1 - lit(c, "momentum"), 10)))   # Gluon's decay is PyTorch's 1 - momentum
    size(c, ctx, "num_features", lambda s: s[1], lazy=True)
    rank = input_rank(ctx)
    if rank is None:
        raise Unsupported("BatchNorm: the input rank is unknown (no recorded run): BatchNorm1d/2d/3d?")
    c.set("ndim", str(max(rank - 2, 1)))
    return c



def layer_norm(c, ctx):
    common(c, ctx)
    if take(c, "axis", -1) != -1:
        raise Unsupported("LayerNorm(axis != -1): only the last axis")
    center, scale = take(c, "center", True), take(c, "scale", True)
    if not (center and scale):
        raise Unsupported("LayerNorm(center=False or scale=False)")
    size(c, ctx, "normalized_shape", lambda s: s[-1], lazy=False)
    return c


def instance_norm(c, ctx):
    common(c, ctx)
    if take(c, "axis", 1) != 1:
        raise Unsupported("InstanceNorm(axis != 1): only channels-first instance normalisation is translated")
    center, scale = take(c, "center", True), take(c, "scale", False)
    if center != scale:
        raise Unsupported("InstanceNorm(center != scale): PyTorch's affine has both or neither "
                          "(Gluon's default is center=True, scale=False)")
    if center:
        c.set("affine", "True")
    size(c, ctx, "num_features", lambda s: s[1], lazy=False)
    rank = input_rank(ctx)
    if rank is None or rank < 3:
        raise Unsupported("InstanceNorm: the input rank is unknown (no recorded run) or below 3")
    c.set("ndim", str(rank - 2))
    return c


def group_norm(c, ctx):
    """Gluon 1.x's GroupNorm has one scale and one shift per group (gamma and beta of shape
    (num_groups,)): written as nn.GroupNorm, made the GluonGroupNorm helper by call_sites.construction."""
    common(c, ctx)
    if not (take(c, "center", True) and take(c, "scale", True)):
        raise Unsupported("GroupNorm(center=False or scale=False)")
    shape = input_shape(ctx)
    if shape is None:
        raise Unsupported("GroupNorm: the number of channels is unknown (no recorded run)")
    c.set("num_channels", str(shape[1]))
    c.extra["per_group"] = True
    return c


def prelu(c, ctx):
    drop(c, "alpha_initializer")
    if c.lit("num_parameters") == 1:
        drop(c, "num_parameters")
    return c


def dropout(c, ctx):
    """Dropout(rate, axes=(2, ..., rank - 1)): one mask value per sample and channel, PyTorch's
    DropoutNd (the input rank from the recorded run); other shared axes are refused."""
    axes = take(c, "axes", ())
    if axes in ((), []):
        return c
    rank = input_rank(ctx)
    if rank not in (3, 4, 5) or tuple(axes) not in (tuple(range(2, rank)), tuple(range(2 - rank, 0))):
        raise Unsupported("Dropout(axes=...): only a mask shared along every spatial axis (PyTorch's DropoutNd) "
                          "of an input of known rank is translated")
    c.op = "dropout_channel"
    c.set("ndim", str(rank - 2))
    return c


def activation(c, ctx):
    act = take(c, "activation")
    if act not in ACTIVATIONS:
        raise Unsupported(f"Activation({act!r}) is not translated")
    c.op = ACTIVATIONS[act]
    return c


def swish(c, ctx):
    if take(c, "beta", 1.0) != 1.0:
        raise Unsupported("Swish(beta != 1): x * sigmoid(beta * x) has no PyTorch module")
    return c


def pool(n: int, kind: str):
    def read(c, ctx):
        _layout(c, n)
        if c.get("stride") is not None and c.lit("stride") is None:
            drop(c, "stride")   # Gluon's strides=None is the pool size, as PyTorch's stride=None
        for name, neutral in (("padding", 0),):
            v = c.lit(name)
            if v == neutral or isinstance(v, (tuple, list)) and set(v) == {neutral}:
                drop(c, name)
        if not take(c, "ceil_mode", False):
            pass
        else:
            c.set("ceil_mode", "True")
        c.set("ndim", str(n))
        return c
    return read


def global_pool(n: int):
    def read(c, ctx):
        _layout(c, n)
        c.set("output_size", "1")
        c.set("ndim", str(n))
        return c
    return read


def embedding(c, ctx):
    """weight_initializer=PaddedNormal(i) (support/seq.py, read back as ("padding_idx", i) by
    support_calls.py): PyTorch's padding_idx=i."""
    init = c.get("weight_initializer")
    if isinstance(init, cst.Tuple) and len(init.elements) == 2 and lit_of(init.elements[0].value) == "padding_idx":
        c.set("padding_idx", init.elements[1].value)
    common(c, ctx)
    drop(c, "sparse_grad")
    return c


def recurrent(kind: str):
    def read(c, ctx):
        common(c, ctx)
        layout = take(c, "layout", "TNC")
        if layout not in ("TNC", "NTC"):
            raise Unsupported(f"layout={layout!r}")
        if layout == "NTC":
            c.set("batch_first", "True")
        for name in ("projection_size", "state_clip_min", "state_clip_max"):
            if take(c, name) is not None:
                raise Unsupported(f"{kind}({name}=...) has no PyTorch counterpart")
        if take(c, "state_clip_nan", False):
            raise Unsupported(f"{kind}(state_clip_nan=True) has no PyTorch counterpart")
        drop(c, "h2r_weight_initializer")
        if kind == "RNN":
            act = take(c, "nonlinearity", "relu")
            if act not in ("relu", "tanh"):
                raise Unsupported(f"RNN(activation={act!r})")
            c.set("nonlinearity", repr(act))
        if c.lit("dropout") in (0, 0.0):
            drop(c, "dropout")
        if c.lit("num_layers") == 1:
            drop(c, "num_layers")
        size(c, ctx, "input_size", lambda s: s[-1], lazy=False)
        c.extra["rnn"] = kind
        return c
    return read


nn = "nn."
layer(nn + "Dense", "linear", "units, activation=None, use_bias=True, flatten=True, dtype='float32', "
      "weight_initializer=None, bias_initializer='zeros', in_units=0, **kwargs",
      rename={"units": "out_features", "use_bias": "bias", "in_units": "in_features"}, read=dense,
      weights={"weight": W("weight", "out,in"), "bias": W("bias", "out")})
_CONV = ("channels, kernel_size, strides={s}, padding={p}, {op}dilation={s}, groups=1, layout='{l}', "
         "activation=None, use_bias=True, weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs")
_CONV_RENAME = {"channels": "out_channels", "strides": "stride", "use_bias": "bias"}
for _n in (1, 2, 3):
    _s, _p = ("1", "0") if _n == 1 else (str((1,) * _n), str((0,) * _n))
    _l = "NC" + "DHW"[3 - _n:]
    # fixed ndim: the target class of the block's rank where no call is read (isinstance(m, nn.Conv2D))
    layer(f"{nn}Conv{_n}D", "conv", _CONV.format(s=_s, p=_p, op="", l=_l), rename=_CONV_RENAME, read=conv(_n),
          weights={"weight": W("weight", "out,in,*s"), "bias": W("bias", "out")}, fixed={"ndim": str(_n)})
    layer(f"{nn}Conv{_n}DTranspose", "conv_transpose",
          _CONV.format(s=_s, p=_p, op=f"output_padding={_p}, ", l=_l), rename=_CONV_RENAME,
          read=conv(_n, transpose=True), weights={"weight": W("weight", "in,out,*s"), "bias": W("bias", "out")},
          fixed={"ndim": str(_n)})
    _k = "2" if _n == 1 else str((2,) * _n)
    # Gluon's own order: layout before ceil_mode in MaxPool1D/2D and AvgPool1D, after it elsewhere
    _first = (_n < 3, _n == 1)
    for _kind, _op, _extra in (("Max", "max_pool", ""), ("Avg", "avg_pool", ", count_include_pad=True")):
        _lay = f"layout='{_l}'"
        _mid = f"{_lay}, ceil_mode=False" if _first[_kind == "Avg"] else f"ceil_mode=False, {_lay}"
        layer(f"{nn}{_kind}Pool{_n}D", _op, f"pool_size={_k}, strides=None, padding=0, {_mid}{_extra}, **kwargs",
              rename={"pool_size": "kernel_size", "strides": "stride"}, read=pool(_n, _kind.lower()),
              fixed={"ndim": str(_n)})
    layer(f"{nn}GlobalAvgPool{_n}D", "adaptive_avg_pool", f"layout='{_l}', **kwargs", read=global_pool(_n))
    layer(f"{nn}GlobalMaxPool{_n}D", "adaptive_max_pool", f"layout='{_l}', **kwargs", read=global_pool(_n))
layer(nn + "BatchNorm", "batch_norm", "axis=1, momentum=0.9, epsilon=1e-05, center=True, scale=True, "
      "use_global_stats=False, beta_initializer='zeros', gamma_initializer='ones', running_mean_initializer='zeros', "
      "running_variance_initializer='ones', in_channels=0, **kwargs",
      rename={"epsilon": "eps", "in_channels": "num_features"}, read=batch_norm, weights=NORM)
# Gluon's LayerNorm takes no **kwargs: here it does for the recorded shape (mxnet/reading/recorded.py)
layer(nn + "LayerNorm", "layer_norm", "axis=-1, epsilon=1e-05, center=True, scale=True, beta_initializer='zeros', "
      "gamma_initializer='ones', in_channels=0, prefix=None, params=None, **kwargs",
      rename={"epsilon": "eps", "in_channels": "normalized_shape"}, read=layer_norm,
      weights={"gamma": W("weight", "*s"), "beta": W("bias", "*s")})
layer(nn + "InstanceNorm", "instance_norm", "axis=1, epsilon=1e-05, center=True, scale=False, "
      "beta_initializer='zeros', gamma_initializer='ones', in_channels=0, **kwargs",
      rename={"epsilon": "eps", "in_channels": "num_features"}, read=instance_norm,
      weights={"gamma": W("weight", "c"), "beta": W("bias", "c")})
# Gluon's GroupNorm takes no **kwargs: here it does for the recorded shape (mxnet/reading/recorded.py)
layer(nn + "GroupNorm", "group_norm", "num_groups=1, epsilon=1e-05, center=True, scale=True, beta_initializer='zeros', "
      "gamma_initializer='ones', prefix=None, params=None, **kwargs", rename={"epsilon": "eps"}, read=group_norm,
      weights={"gamma": W("weight", "c"), "beta": W("bias", "c")})
layer(nn + "PReLU", "prelu", "alpha_initializer=None, in_channels=1, **kwargs", rename={"in_channels": "num_parameters"},
      read=prelu, weights={"alpha": W("weight", "c")})
layer(nn + "Dropout", "dropout", "rate, axes=(), **kwargs", rename={"rate": "p"}, read=dropout)
layer(nn + "Activation", "relu", "activation, **kwargs", read=activation)
layer(nn + "LeakyReLU", "leaky_relu", "alpha, **kwargs", rename={"alpha": "negative_slope"})
layer(nn + "ELU", "elu", "alpha=1.0, **kwargs")
layer(nn + "GELU", "gelu", "**kwargs")
layer(nn + "SELU", "selu", "**kwargs")
layer(nn + "Swish", "silu", "beta=1.0, **kwargs", read=swish)
layer(nn + "Flatten", "flatten", "**kwargs")
layer(nn + "Embedding", "embedding", "input_dim, output_dim, dtype='float32', weight_initializer=None, "
      "sparse_grad=False, **kwargs", rename={"input_dim": "num_embeddings", "output_dim": "embedding_dim"},
      read=embedding, weights={"weight": W("weight", "num,dim")})
_RNN = ("hidden_size, num_layers=1, {a}layout='TNC', dropout=0, bidirectional=False, {i}"
        "i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros', "
        "h2h_bias_initializer='zeros', {rest}dtype='float32', **kwargs")
_IN = "input_size=0, "
layer("rnn.LSTM", "lstm", _RNN.format(a="", i=_IN, rest="projection_size=None, h2r_weight_initializer=None, "
      "state_clip_min=None, state_clip_max=None, state_clip_nan=False, "), read=recurrent("LSTM"), weights=RNN)
layer("rnn.GRU", "gru", _RNN.format(a="", i=_IN, rest=""), read=recurrent("GRU"), weights=RNN)
layer("rnn.RNN", "rnn", _RNN.format(a="activation='relu', ", i="", rest=_IN), rename={"activation": "nonlinearity"},
      read=recurrent("RNN"), weights=RNN)


def pixel_shuffle(c, ctx):
    """contrib.nn.PixelShuffle2D(factor): PyTorch's nn.PixelShuffle (the same channel order), one factor."""
    f = c.lit("upscale_factor")
    if isinstance(f, (tuple, list)):
        if len(set(f)) != 1:
            raise Unsupported("PixelShuffle2D((f1, f2)) with f1 != f2: PyTorch's PixelShuffle takes one factor")
        c.set("upscale_factor", str(f[0]))
    return c


layer("contrib.nn.PixelShuffle2D", "pixel_shuffle", "factor, **kwargs", rename={"factor": "upscale_factor"},
      read=pixel_shuffle)   # kwargs: the recorded shape (recorded.py)
