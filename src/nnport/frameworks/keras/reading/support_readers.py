"""Readers of the Keras writer's helpers (support_helpers.py): each one back to the PyTorch API the
writer wrote it for, with PyTorch's semantics (which the helper has by construction)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading import layers_cst as L
from nnport.frameworks.keras.reading.source_registry import LAYERS, lit
from nnport.frameworks.keras.reading.support_helpers import helper_fn, helper_layer, like
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code, literal

for _n in (1, 2, 3):   # layers.ConvND on channels-first data, the bias on the channel axis: nn.ConvNd
    like(f"ChannelsFirstConv{_n}D", f"keras.layers.Conv{_n}D")


def padded(n: int):
    """PaddedConvND(..., pads, padding_mode): PyTorch's padding (pads ((before, after), ...) of equal
    sides, or PyTorch's own `padding` as the writer passed it on) and padding_mode."""
    base = L.conv(n)

    def read(c, ctx):
        pads = c.args.pop("pads")
        mode = c.args.pop("padding_mode", None)
        c.defaults.pop("padding_mode", None)
        if c.given("padding") and c.lit("padding") != "valid":
            raise Unsupported("PaddedConv with padding= besides pads=")
        c = base(c, ctx)
        value = literal(pads)
        if value is NOT_LITERAL:          # PyTorch's padding expression, passed on by the writer
            c.args["padding"] = pads
        elif isinstance(value, (tuple, list)) and all(isinstance(p, (tuple, list)) for p in value):
            if any(p[0] != p[1] for p in value):
                raise Unsupported(f"PaddedConv{n}D(pads={value!r}): unequal sides (nn.Conv{n}d pads both alike)")
            c.set("padding", repr(tuple(p[0] for p in value)))
        else:
            c.args["padding"] = pads
        if mode is not None and literal(mode) != "zeros":
            c.args["padding_mode"] = mode
        return c
    return read


_CONV_SIG = {n: LAYERS.get(f"keras.layers.Conv{n}D").signature for n in (1, 2, 3)}
for _n in (1, 2, 3):
    helper_layer(f"PaddedConv{_n}D", "conv", _CONV_SIG[_n].replace(", **kwargs", ", *, pads, padding_mode='zeros', **kwargs"),
                 rename=L.CONV, ignore=L.KW, read=padded(_n))


def batch_norm(c, ctx):
    """BatchNorm (PyTorch's statistics: the unbiased running variance) -> nn.BatchNormNd, momentum
    1 - Keras's, on the channel axis 1."""
    L.common(c, ctx)
    axis = L.take(c, "axis", 1)
    if axis != 1:
        raise Unsupported(f"BatchNorm(axis={axis!r}): PyTorch normalizes axis 1")
    center, scale = L.take(c, "center", True), L.take(c, "scale", True)
    if center != scale:
        raise Unsupported("BatchNorm with center != scale (PyTorch's affine is both)")
    if not center:
        c.set("affine", "False")
    if not L.take(c, "track_running_stats", True):
        c.set("track_running_stats", "False")
    c.set("momentum", repr(round(1 - lit(c, "momentum"), 10)))
    L.size(c, ctx, "num_features", 1, lazy=True)
    shape = L.input_shape(ctx)
    rank = len(shape) if shape is not None else L.input_rank(ctx)
    if rank is None:
        raise Unsupported("BatchNorm: the input rank is unknown (no recorded run)")
    c.set("ndim", str(max(rank - 2, 1)))
    c.extra["torch_statistics"] = True   # nn.BatchNormNd itself (call_sites.construction)
    return c


helper_layer("BatchNorm", "batch_norm", "axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, "
             "track_running_stats=True, **kwargs", rename={"epsilon": "eps"}, ignore=L.KW, read=batch_norm)


def prelu(c, ctx):
    L.common(c, ctx)
    return c


helper_layer("PReLU", "prelu", "num_parameters=1, init=0.25, **kwargs", ignore=L.KW, read=prelu)


def alpha_dropout(c, ctx):
    """AlphaDropout(rate) -> nn.AlphaDropout(p); with channel_axis=1 (the writer's, for channels-first
    data) nn.FeatureAlphaDropout(p): the helper has PyTorch's semantics and draws, PyTorch's own do."""
    L.common(c, ctx)
    axis = L.take(c, "channel_axis")
    if axis not in (None, 1):
        raise Unsupported(f"AlphaDropout(channel_axis={axis!r}): nn.FeatureAlphaDropout drops along axis 1")
    if axis == 1:
        c.op = "feature_alpha_dropout"
    return c


helper_layer("AlphaDropout", "alpha_dropout", "rate, channel_axis=None, **kwargs", rename={"rate": "p"},
             ignore=L.KW, read=alpha_dropout)

_POOLS = {"max_pool": "max_pool", "average_pool": "avg_pool"}


def batch_pool(c, ctx):
    """batch_pool(ops.max_pool | ops.average_pool, x, n, pool_size, strides, 'valid', channels_first):
    F.max_poolNd / F.avg_poolNd (batched or not, as PyTorch's)."""
    pool = code(c.args.pop("pool"))
    op = _POOLS.get(pool.rsplit(".", 1)[-1])
    if op is None or "." not in pool:
        raise Unsupported(f"batch_pool({pool}, ...): only ops.max_pool / ops.average_pool")
    c.op = op
    c.set("ndim", str(lit(c, "n")))
    c.args.pop("n")
    if L.take(c, "data_format") != "channels_first":
        raise Unsupported("batch_pool on channels-last data")
    if L.take(c, "padding", "valid") != "valid":
        raise Unsupported("batch_pool(padding='same')")
    if c.get("stride") is not None and c.lit("stride") is None:
        c.args.pop("stride", None)
    c.defaults.pop("stride", None)
    return c


helper_fn("batch_pool", "max_pool", "pool, x, n, pool_size, strides=None, padding='valid', data_format=None",
          rename={"x": "input", "pool_size": "kernel_size", "strides": "stride"}, read=batch_pool)


def pad_nd(c, ctx):
    """pad_nd(x, ((before, after), ...), mode, value): F.pad's flat pad, last axis first."""
    node = c.get("pad")
    pairs = [e.value for e in node.elements] if isinstance(node, (cst.List, cst.Tuple)) else None
    if pairs is None or not all(isinstance(p, (cst.List, cst.Tuple)) and len(p.elements) == 2 for p in pairs):
        raise Unsupported("pad_nd: pads must be written as ((before, after), ...)")
    c.set("pad", cst.Tuple([cst.Element(e.value) for p in reversed(pairs) for e in p.elements]))
    mode = L.take(c, "mode", "zeros")
    c.set("mode", repr("constant" if mode == "zeros" else mode))
    if mode not in ("zeros", "constant"):
        c.args.pop("value", None)
        c.defaults.pop("value", None)
    elif not c.given("value"):
        c.defaults.pop("value", None)
    return c


helper_fn("pad_nd", "pad", rename={"x": "input", "pads": "pad"}, read=pad_nd)
helper_fn("squeeze", "squeeze", rename={"x": "input"})
helper_fn("expand", "expand", rename={"x": "input", "sizes": "size"})
helper_fn("split_sizes", "split", rename={"x": "input", "split_size_or_sections": "split_size", "axis": "dim"})
helper_fn("chunk", "chunk", rename={"x": "input", "axis": "dim"})
helper_fn("pixel_shuffle", "pixel_shuffle", rename={"x": "input", "r": "upscale_factor"})
helper_fn("pixel_unshuffle", "pixel_unshuffle", rename={"x": "input", "r": "downscale_factor"})
for _name in ("channel_shuffle", "local_response_norm", "scaled_dot_product_attention"):
    helper_fn(_name, _name, rename={"x": "input"})


def adaptive_pool(c, ctx):
    """adaptive_pool(x, output_size, reduce): F.adaptive_avg_poolNd / F.adaptive_max_poolNd."""
    size = lit(c, "output_size")
    reduce = L.take(c, "reduce", "mean")
    c.op = {"mean": "adaptive_avg_pool", "max": "adaptive_max_pool"}[reduce]
    c.set("ndim", str(len(size) if isinstance(size, (tuple, list)) else 1))
    return c


helper_fn("adaptive_pool", "adaptive_avg_pool", rename={"x": "input"}, read=adaptive_pool)


def ranked(c, ctx):
    """A pool of PyTorch's arguments: the rank from its kernel_size (a tuple, as the writer passes it)."""
    size = lit(c, "kernel_size")
    c.set("ndim", str(len(size) if isinstance(size, (tuple, list)) else 1))
    return c


def int64_indices(c, ctx):
    """tril_indices/triu_indices: int64 (the helper's default) is PyTorch's default too."""
    if L.take(c, "dtype", "int64") != "int64":
        raise Unsupported(f"{c.extra['api']}(dtype=...) other than int64")
    return c


# support functions with PyTorch's own signature (the tensor as x): read as that function
X = {"x": "input"}
for _name, _op in (("layer_norm", "layer_norm_fn"), ("group_norm", "group_norm_fn"), ("rms_norm", "rms_norm_fn"),
                   ("instance_norm", "instance_norm_fn"), ("batch_norm", "batch_norm_fn"), ("prelu", "prelu"),
                   ("topk", "topk"), ("grid_sample", "grid_sample"), ("interpolate", "upsample"),
                   ("unfold", "im2col"), ("fold", "col2im"), ("unfold_dim", "unfold_dim"), ("rot90", "rot90")):
    helper_fn(_name, _op, rename=X)
for _name, _op in (("cosine_similarity", "cosine_similarity"), ("gather", "gather"), ("scatter", "scatter"),
                   ("affine_grid", "affine_grid"), ("pad_sequence", "pad_sequence")):
    helper_fn(_name, _op)
for _name in ("max_pool", "avg_pool", "lp_pool"):
    helper_fn(_name, _name, rename=X, read=ranked)
for _name in ("tril_indices", "triu_indices"):
    helper_fn(_name, _name, read=int64_indices)
for _name in ("vstack", "column_stack"):
    helper_fn(_name, _name, rename={"xs": "tensors"})
for _name in ("atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_tensors"):
    helper_fn(_name, _name)
helper_fn("tensor_split", "tensor_split", rename={"x": "input", "axis": "dim"})
helper_fn("vector_norm", "vector_norm", rename={"x": "input", "axis": "dim", "keepdims": "keepdim"})
helper_fn("var_corrected", "var", rename={"x": "input", "axis": "dim", "keepdims": "keepdim"})


# layers with PyTorch's constructor and call (the writer copied nn.X's interface): nn.X itself
def torch_like(c, ctx):
    """The Keras base layer's keywords read; `activation` is PyTorch's argument here (a transformer
    layer's), not Keras' activation after the layer."""
    given, default = c.args.pop("activation", None), c.defaults.pop("activation", None)
    L.common(c, ctx)
    if given is not None:
        c.args["activation"] = given
    if default is not None:
        c.defaults["activation"] = default
    return c


def no_nonlinearity(c, ctx):
    """LSTM / GRU (cells): RNNBase's nonlinearity has no effect there (PyTorch's have none)."""
    c.args.pop("nonlinearity", None)
    c.defaults.pop("nonlinearity", None)
    return torch_like(c, ctx)


for _name, _op in (("LSTM", "lstm"), ("GRU", "gru"), ("RNN", "rnn")):
    helper_layer(_name, _op, "input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, "
                 "bidirectional=False, nonlinearity='tanh', **kwargs", ignore=L.KW,
                 read=torch_like if _op == "rnn" else no_nonlinearity)
    helper_layer(f"{_name}Cell", f"{_op}_cell", "input_size, hidden_size, bias=True, nonlinearity='tanh', **kwargs",
                 ignore=L.KW, read=torch_like if _op == "rnn" else no_nonlinearity)
helper_layer("MultiheadAttention", "multihead_attention", "embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, "
             "vdim=None, batch_first=False, **kwargs", ignore=L.KW, read=torch_like)
helper_layer("Bilinear", "bilinear", "in1_features, in2_features, out_features, bias=True, **kwargs", ignore=L.KW,
             read=torch_like)


def embedding_bag(c, ctx):
    if c.get("embeddings_initializer") is not None and c.lit("embeddings_initializer") is not None:
        ctx.note("EmbeddingBag(embeddings_initializer=...): PyTorch's initialisation (the weights are copied)")
    c.args.pop("embeddings_initializer", None)
    c.defaults.pop("embeddings_initializer", None)
    return torch_like(c, ctx)


helper_layer("EmbeddingBag", "embedding_bag", "num_embeddings, embedding_dim, mode='mean', include_last_offset=False, "
             "padding_idx=None, embeddings_initializer=None, **kwargs", ignore=L.KW, read=embedding_bag)
_TRANSFORMER = ("d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, "
                "batch_first=False, norm_first=False, bias=True, **kwargs")
helper_layer("TransformerEncoderLayer", "transformer_encoder_layer", _TRANSFORMER, ignore=L.KW, read=torch_like)
helper_layer("TransformerDecoderLayer", "transformer_decoder_layer", _TRANSFORMER, ignore=L.KW, read=torch_like)
helper_layer("TransformerEncoder", "transformer_encoder", "encoder_layer, num_layers, norm=None, **kwargs",
             ignore=L.KW, read=torch_like)
helper_layer("TransformerDecoder", "transformer_decoder", "decoder_layer, num_layers, norm=None, **kwargs",
             ignore=L.KW, read=torch_like)
helper_layer("Transformer", "transformer", "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, "
             "dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None, custom_decoder=None, "
             "layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, **kwargs", ignore=L.KW,
             read=torch_like)
