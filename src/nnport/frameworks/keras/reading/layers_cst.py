"""Readers: Keras layer constructions in a subclassed model's code (the CST route) -> pivot ops.

A Keras layer has no input size (`Dense(64)`); the size comes from the recorded run (sizes.py)
through the construction's site (`ctx.sites`: class and attribute). What the call site needs
besides the layer goes into `canon.extra` for keras/call_sites.py: `layout` ("channels_last": the
input is moved to channels first and the output back), `activation`, `pad` (explicit padding for
"same" with strides / "causal"), `post` (ops after the layer), `rnn`/`mha` (how results map).
"""
from __future__ import annotations

from nnport.frameworks.keras.reading.source_registry import layer, lit
from nnport.frameworks.keras.sizes import agreed
from nnport.frameworks.spec import Unsupported

KW = ("**kwargs",)
_INIT = ("kernel_initializer", "bias_initializer", "beta_initializer", "gamma_initializer",
         "moving_mean_initializer", "moving_variance_initializer", "embeddings_initializer",
         "recurrent_initializer")
_NONE = ("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
         "bias_constraint", "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
         "embeddings_regularizer", "embeddings_constraint", "recurrent_regularizer", "recurrent_constraint",
         "lora_rank", "lora_alpha", "quantization_config", "seed", "noise_shape")


def recorded(ctx) -> list[list[tuple]] | None:
    """The recorded calls' input shapes of this construction's layer: by its site (the class and
    attribute `__init__` assigns it to); a construction without one (in a helper function, a
    method, a local) or whose site saw no call (an element of the list a Sequential subclass
    hands to `super().__init__`) by its class: the calls of every instance (sizes.CLASS_WIDE)."""
    from nnport.frameworks.keras.sizes import class_key
    sizes = (ctx.source_facts or {}).get("sizes", {})
    site = (ctx.sites or {}).get(id(ctx.node))
    if site is not None and sizes.get(site):
        return sizes[site]
    key = class_key(ctx.node)
    return sizes.get(key) if key is not None else None


def input_shape(ctx, index: int = 0) -> tuple | None:
    """The recorded input shape of this construction's layer (all its calls agree), else None."""
    return agreed(recorded(ctx), index)


def input_rank(ctx) -> int | None:
    """The rank all recorded inputs of this construction's layer agree on (their sizes may differ)."""
    ranks = {len(s[0]) for s in recorded(ctx) or [] if s}
    return ranks.pop() if len(ranks) == 1 else None


def take(c, name, default=None):
    """The literal value of a Keras argument, removed from the canonical ones."""
    if c.get(name) is None:
        return default
    v = lit(c, name)
    c.args.pop(name, None)
    c.defaults.pop(name, None)
    return v


def common(c, ctx) -> None:
    """Arguments without effect on inference (initialisers: the weights are copied) or refused."""
    for name in _INIT:
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    for name in _NONE:
        if c.given(name) and c.lit(name) is not None:
            ctx.note(f"{c.extra['api'].rsplit('.', 1)[1]}({name}=...) is not translated (training only)",
                     c.extra["api"], "warning")
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    c.args.pop("name", None)
    c.defaults.pop("name", None)
    dtype = c.lit("dtype") if c.given("dtype") else None
    if dtype not in (None, "float32"):
        raise Unsupported(f"{c.extra['api']}(dtype={dtype!r}): only float32 layers are translated")
    if c.given("trainable") and c.lit("trainable") is not True:
        ctx.note(f"{c.extra['api'].rsplit('.', 1)[1]}(trainable=...): freeze the PyTorch parameters by hand "
                 "(requires_grad_(False))", c.extra["api"], "warning")
    for name in ("dtype", "trainable", "autocast"):
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    act = take(c, "activation")
    if act not in (None, "linear"):
        if not isinstance(act, str):
            raise Unsupported("activation= must be a string here")
        c.extra["activation"] = act


def size(c, ctx, what: str, axis: int = -1, lazy: bool = False):
    """The input size `what` (e.g. in_features) from the recorded run; else, where `lazy`, no size
    and `lazy=True` (a module sized by its first call), with a diagnostic saying so."""
    shape = input_shape(ctx)
    if shape is None or shape[axis] is None:
        why = "no recorded run agrees on this layer's input shape"
        if lazy:
            ctx.note(f"{c.extra['api'].rsplit('.', 1)[1]}: {what} unknown ({why}): a lazy module, "
                     "sized by its first call", c.extra["api"], "info")
            c.set("lazy", "True")
            return None
        raise Unsupported(f"{c.extra['api']}: {what} unknown ({why}); the target needs it")
    c.set(what, str(shape[axis]))
    return shape[axis]


def dense(c, ctx):
    common(c, ctx)
    size(c, ctx, "in_features", lazy=True)
    return c


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def conv(n: int):
    def read(c, ctx):
        common(c, ctx)
        first = take(c, "data_format") == "channels_first"
        shape = input_shape(ctx)
        size(c, ctx, "in_channels", 1 if first else -1, lazy=True)
        if not first:
            c.extra["layout"] = "channels_last"
        pad = take(c, "padding", "valid")
        if pad == "valid":
            pass
        elif pad == "causal":   # left padding by dilation * (kernel_size - 1)
            if n != 1:
                raise Unsupported("padding='causal' is for Conv1D")
            k, d = (c.lit(name) for name in ("kernel_size", "dilation"))
            if isinstance(k, int) and isinstance(d, int):
                c.extra["pad"] = (d * (k - 1), 0)
            else:   # read from the layer at the call site (its pivot arguments)
                c.extra["pad"] = "({layer}.dilation[0] * ({layer}.kernel_size[0] - 1), 0)"
        elif pad == "same":
            s = c.lit("stride")
            if s in (1, (1,) * n, [1] * n):
                c.set("padding", "'same'")
            elif shape is None or not all(isinstance(c.lit(x), (int, tuple, list))
                                          for x in ("kernel_size", "stride", "dilation")):
                c.extra["same_pad"] = True   # computed at the call site from the input's size
            else:
                k, s, d = (_tuple(lit(c, name), n) for name in ("kernel_size", "stride", "dilation"))
                if shape is None:
                    raise Unsupported("padding='same' with strides > 1 needs the input size")
                spatial = shape[2:] if first else shape[1:-1]
                pads = []
                for size_, kk, ss, dd in zip(spatial, k, s, d):
                    total = max((-(-size_ // ss) - 1) * ss + (kk - 1) * dd + 1 - size_, 0)
                    pads.append((total // 2, total - total // 2))
                if all(a == b for a, b in pads):
                    c.set("padding", repr(tuple(a for a, _ in pads)))
                else:
                    c.extra["pad"] = tuple(x for p in reversed(pads) for x in p)
        else:
            raise Unsupported(f"padding={pad!r}")
        for name in ("stride", "dilation"):   # Keras' (1, 1) is PyTorch's default 1
            if not c.given(name):
                c.defaults.pop(name, None)
        c.set("ndim", str(n))
        return c
    return read


def layer_norm(c, ctx):
    common(c, ctx)
    axis = take(c, "axis", -1)
    if axis not in (-1, [-1], (-1,)):
        shape = input_shape(ctx)
        if shape is None or axis not in (len(shape) - 1, [len(shape) - 1]):
            raise Unsupported(f"LayerNormalization(axis={axis!r}): only the last axis")
    for name in ("rms_scaling",):
        if take(c, name, False):
            raise Unsupported(f"LayerNormalization({name}=True)")
    center, scale = take(c, "center", True), take(c, "scale", True)
    if center != scale:
        raise Unsupported("LayerNormalization with center != scale")
    if not center:
        c.set("elementwise_affine", "False")
    size(c, ctx, "normalized_shape")
    return c


def batch_norm(c, ctx):
    common(c, ctx)
    axis = take(c, "axis", -1)
    shape = input_shape(ctx)
    rank = len(shape) if shape is not None else None
    if axis not in (-1, 1) and (rank is None or axis != rank - 1):
        raise Unsupported(f"BatchNormalization(axis={axis!r})")
    if axis != 1:
        c.extra["layout"] = "channels_last"
    for name in ("renorm", "synchronized"):
        if take(c, name, False):
            raise Unsupported(f"BatchNormalization({name}=True)")
    for name in ("renorm_clipping", "renorm_momentum"):
        take(c, name)
    center, scale = take(c, "center", True), take(c, "scale", True)
    if not (center and scale):
        raise Unsupported("BatchNormalization without center/scale")
    momentum = lit(c, "momentum")
    c.set("momentum", repr(round(1 - momentum, 10)))   # Keras' decay is PyTorch's 1 - momentum
    size(c, ctx, "num_features", axis, lazy=True)
    rank = rank if rank is not None else input_rank(ctx)
    if rank is None:
        raise Unsupported("BatchNormalization: the input rank is unknown (no recorded run)")
    c.set("ndim", str(max(rank - 2, 1)))
    return c


def dropout(c, ctx):
    common(c, ctx)
    return c


def spatial_dropout(n):
    """SpatialDropoutND: whole channels dropped, on the last axis unless data_format='channels_first'."""
    def read(c, ctx):
        common(c, ctx)
        if take(c, "data_format") != "channels_first":
            c.extra["layout"] = "channels_last"
        c.set("ndim", str(n))
        return c
    return read


def embedding(c, ctx):
    common(c, ctx)
    if take(c, "mask_zero", False):
        raise Unsupported("Embedding(mask_zero=True): masks are not translated")
    if take(c, "weights") is not None:
        raise Unsupported("Embedding(weights=...)")
    return c


def reshape(c, ctx):
    """Reshape((-1,)): nn.Flatten(); from (batch, features): nn.Unflatten(1, target_shape)."""
    common(c, ctx)
    if c.lit("target_shape") in ((-1,), [-1]):
        c.op = "flatten"
        c.args.pop("target_shape")
        return c
    c.set("dim", "1")
    c.set("unflattened_size", c.args.pop("target_shape"))
    shape = input_shape(ctx)
    if shape is None or len(shape) != 2:
        raise Unsupported("Reshape: only from (batch, features) (nn.Unflatten)")
    return c


_DENSE = ("units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
          "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
          "kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, "
          "quantization_config=None, **kwargs")
_CONV_REST = ("padding='valid', data_format=None, {d}, groups=1, activation=None, use_bias=True, "
              "kernel_initializer='glorot_uniform', bias_initializer='zeros', kernel_regularizer=None, "
              "bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None, "
              "**kwargs")
CONV = {"filters": "out_channels", "strides": "stride", "dilation_rate": "dilation", "use_bias": "bias"}

layer("keras.layers.Dense", "linear", _DENSE, rename={"units": "out_features", "use_bias": "bias"},
      ignore=KW, read=dense)
layer("keras.layers.Conv1D", "conv", "filters, kernel_size, strides=1, " + _CONV_REST.format(d="dilation_rate=1"),
      rename=CONV, ignore=KW, read=conv(1))
layer("keras.layers.Conv2D", "conv", "filters, kernel_size, strides=(1, 1), " +
      _CONV_REST.format(d="dilation_rate=(1, 1)"), rename=CONV, ignore=KW, read=conv(2))
layer("keras.layers.Conv3D", "conv", "filters, kernel_size, strides=(1, 1, 1), " +
      _CONV_REST.format(d="dilation_rate=(1, 1, 1)"), rename=CONV, ignore=KW, read=conv(3))
layer("keras.layers.LayerNormalization", "layer_norm",
      "axis=-1, epsilon=0.001, center=True, scale=True, rms_scaling=False, beta_initializer='zeros', "
      "gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, "
      "gamma_constraint=None, **kwargs", rename={"epsilon": "eps"}, ignore=KW, read=layer_norm)
layer("keras.layers.BatchNormalization", "batch_norm",
      "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
      "gamma_initializer='ones', moving_mean_initializer='zeros', moving_variance_initializer='ones', "
      "beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, "
      "renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False, **kwargs",
      rename={"epsilon": "eps"}, ignore=KW, read=batch_norm)
layer("keras.layers.Dropout", "dropout", "rate, noise_shape=None, seed=None, **kwargs", rename={"rate": "p"},
      ignore=KW, read=dropout)
layer("keras.layers.SpatialDropout1D", "dropout_channel", "rate, seed=None, name=None, dtype=None",
      rename={"rate": "p"}, ignore=("name", "dtype"), read=spatial_dropout(1))
layer("keras.layers.SpatialDropout2D", "dropout_channel", "rate, data_format=None, seed=None, name=None, dtype=None",
      rename={"rate": "p"}, ignore=("name", "dtype"), read=spatial_dropout(2))
layer("keras.layers.Embedding", "embedding",
      "input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None, "
      "embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None, "
      "quantization_config=None, **kwargs", rename={"input_dim": "num_embeddings", "output_dim": "embedding_dim"},
      ignore=KW, read=embedding)
layer("keras.layers.Reshape", "unflatten", "target_shape, **kwargs", ignore=KW, read=reshape)

from nnport.frameworks.keras.reading import (  # noqa: E402,F401 (activations, pools, rnn, norms)
    layers_act, layers_cst_rnn, layers_norm_t)
