"""Table: Flax Linen layers -> Flax NNX layers (data; the few exceptions are named functions).

Linen layers infer their input size at the first call; NNX layers take it in the constructor
(`nn.Dense(features)` -> `nnx.Linear(in_features, features, rngs=rngs)`). Each entry says where the
NNX constructor wants the input size and which recorded call argument gives it; the positional
order of the Linen fields (to read the source's positional arguments); how many of them NNX still
takes positionally (the rest become keywords); keyword renames; and the arguments that are mode
flags in Linen and module flags in NNX (`model.train()` / `model.eval()` set them).
"""
from __future__ import annotations

from dataclasses import dataclass, field

LINEN = "flax.linen"


@dataclass(frozen=True)
class Layer:
    nnx: str                                  # NNX class, under flax.nnx
    fields: tuple[str, ...]                   # the Linen constructor's positional order
    positional: int                           # how many Linen fields NNX still takes positionally
    size_at: int | None = None                # where NNX inserts the input size (None: no input size)
    size_name: str = "in_features"
    size_arg: int = 0                         # which call argument's last axis gives the size
    size_axis_field: str | None = None        # a Linen field naming the axis instead of the last
    renames: dict = field(default_factory=dict)
    flags: tuple[str, ...] = ()               # Linen mode flags; NNX module flags
    rngs: bool = True                         # the NNX constructor takes rngs=
    cell_named: bool = False                  # Linen names its variables after the cell it wraps
    extra: tuple[tuple[str, str], ...] = ()   # NNX keywords Linen does not need (name, code)
    note: str = ""                            # a difference the rewrite cannot remove (a warning)
    size_defaults: tuple[str, ...] = ()       # fields whose default (Linen's and NNX's) is the input size


_CONV = ("features", "kernel_size", "strides", "padding", "input_dilation", "kernel_dilation")
_OUT = {"features": "out_features"}
_MHA_FLAGS = ("deterministic",)
_MHA_EXTRA = (("decode", "False"),)          # NNX asks; Linen's default is no decoding cache
_MHA_SIZED = ("qkv_features", "out_features")

LAYERS: dict[str, Layer] = {
    "Dense": Layer("Linear", ("features", "use_bias"), 1, size_at=0, renames=_OUT),
    "Conv": Layer("Conv", _CONV, 3, size_at=0, renames=_OUT),
    "ConvTranspose": Layer("ConvTranspose", _CONV[:4], 3, size_at=0, renames=_OUT),
    "BatchNorm": Layer("BatchNorm", ("use_running_average", "axis", "momentum", "epsilon"), 0, size_at=0,
                       size_name="num_features", size_axis_field="axis", flags=("use_running_average",)),
    "LayerNorm": Layer("LayerNorm", ("epsilon",), 0, size_at=0, size_name="num_features"),
    "RMSNorm": Layer("RMSNorm", ("epsilon",), 0, size_at=0, size_name="num_features"),
    "GroupNorm": Layer("GroupNorm", ("num_groups", "group_size", "epsilon"), 2, size_at=0,
                       size_name="num_features"),
    "Embed": Layer("Embed", ("num_embeddings", "features"), 2),
    "Dropout": Layer("Dropout", ("rate", "broadcast_dims", "deterministic"), 1, flags=("deterministic",)),
    "MultiHeadDotProductAttention": Layer("MultiHeadAttention", ("num_heads",), 1, size_at=1,
                                          flags=_MHA_FLAGS, extra=_MHA_EXTRA, size_defaults=_MHA_SIZED),
    "MultiHeadAttention": Layer("MultiHeadAttention", ("num_heads",), 1, size_at=1, flags=_MHA_FLAGS,
                                extra=_MHA_EXTRA, size_defaults=_MHA_SIZED),
    "OptimizedLSTMCell": Layer("OptimizedLSTMCell", ("features",), 1, size_at=0, size_arg=1,
                               renames={"features": "hidden_features"}),
    "LSTMCell": Layer("LSTMCell", ("features",), 1, size_at=0, size_arg=1,
                      renames={"features": "hidden_features"}),
    "GRUCell": Layer("GRUCell", ("features",), 1, size_at=0, size_arg=1,
                     renames={"features": "hidden_features"},
                     note="nnx.GRUCell has no bias on the hidden candidate (Linen's `hn` bias, inside "
                          "r * (...)): equal while that bias is zero (its initial value); moving "
                          "trained Linen weights with a non-zero one raises"),
    "SimpleCell": Layer("SimpleCell", ("features",), 1, size_at=0, size_arg=1,
                        renames={"features": "hidden_features"}),
    "RNN": Layer("RNN", ("cell",), 1, rngs=False, cell_named=True),
    "Sequential": Layer("Sequential", ("layers",), 1, rngs=False),
}

# Linen functions with the same name and meaning under flax.nnx (activations, pooling, masks)
FUNCTIONS = frozenset({
    "avg_pool", "celu", "dot_product_attention", "elu", "gelu", "glu", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "log_sigmoid", "log_softmax", "logsumexp",
    "make_attention_mask", "make_causal_mask", "max_pool", "one_hot", "pool", "relu", "relu6",
    "selu", "sigmoid", "silu", "soft_sign", "softmax", "softplus", "standardize", "swish", "tanh",
    "initializers",
})

# Linen names that are decorators or base classes, not layers
MODULE = "Module"
COMPACT = "compact"
