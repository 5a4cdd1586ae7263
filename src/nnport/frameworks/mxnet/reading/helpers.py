"""Readers: the Gluon writer's support definitions (mxnet/support/*.py) -> the PyTorch API each stands
for (reading/support_calls.py finds a file's copies and spells their calls for these entries).

One row a helper: `op` (the pivot op, canonical = PyTorch's arguments) with `rename` and `read` as any
reader entry, or `api` (the Gluon API the helper is, under another spelling). A helper's signature is
its own definition's (without `F`, which support functions take first), unless the row gives one (a
subclass taking its base's arguments). Helpers the table lacks are listed with why in
tests/test_gluon_read_back.py.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from nnport.frameworks.mxnet.reading import layers as gl, ops
from nnport.frameworks.mxnet.reading.registry import FUNCTIONS, LAYERS, drop, layer, lit, take
from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
from nnport.frameworks.mxnet.reading.weights import NORM, W
from nnport.frameworks.spec import Entry, Unsupported, code


@dataclass
class Row:
    op: str | None = None
    kind: str = "function"              # "layer" | "function" | "init" (an initializer, read on its parameter)
    rename: dict = field(default_factory=dict)
    read: object = None
    weights: dict = field(default_factory=dict)
    signature: str | None = None
    api: str | None = None              # the Gluon API the call is spelled as (no entry here)
    # kind "value": spelled under NAMESPACE for another reader, no entry of its own
    takes_f: bool = False               # set from the definition: its first parameter is F
    form: str | None = None             # "call": the helper calls its first argument (support_calls.py);
    #                                     kind "value": the PyTorch argument it stands for


def _torch_stats(c, ctx):
    """support/norm.py's BatchNorm: nn.BatchNorm's arguments, PyTorch's running variance (unbiased)."""
    gl.batch_norm(c, ctx)
    c.extra["torch_stats"] = True
    return c


def _tracked_instance(c, ctx):
    """support/norm.py's TrackedInstanceNorm: PyTorch's InstanceNormNd(track_running_stats=True), with
    nn.BatchNorm's arguments (momentum = 1 - PyTorch's)."""
    from nnport.frameworks.mxnet.reading.recorded import input_rank
    gl.common(c, ctx)
    if take(c, "axis", 1) != 1 or take(c, "use_global_stats", False):
        raise Unsupported("TrackedInstanceNorm(axis != 1 or use_global_stats=True) is not translated")
    _affine("affine")(c, ctx)
    if c.lit("affine") is not False:
        c.set("affine", "True")
    c.set("momentum", repr(round(1 - lit(c, "momentum"), 10)))
    c.set("track_running_stats", "True")
    gl.size(c, ctx, "num_features", lambda s: s[1], lazy=False)
    rank = input_rank(ctx)
    if rank is None or rank < 3:
        raise Unsupported("TrackedInstanceNorm: the input rank is unknown (no recorded run) or below 3")
    c.set("ndim", str(rank - 2))
    return c


def _affine(flag: str, bias: str | None = None):
    """center / scale -> PyTorch's affine flag (and its bias= where PyTorch has one)."""
    def read(c, ctx):
        center, scale = take(c, "center", True), take(c, "scale", True)
        if bias is None and center != scale:
            raise Unsupported(f"{c.extra['api']}(center != scale): PyTorch's affine has both or neither")
        if bias is not None and center and not scale:
            raise Unsupported(f"{c.extra['api']}(center=True, scale=False): PyTorch has no bias without weight")
        if not scale:
            c.set(flag, "False")
        elif bias is not None and not center:
            c.set(bias, "False")
        return c
    return read


def _alpha(c, ctx):
    if take(c, "per_channel", False):
        c.op = "feature_alpha_dropout"
    return c


def _shape_tuple(c, ctx):
    """normalized_shape given as one number: PyTorch's functional forms take a tuple."""
    if isinstance(c.lit("normalized_shape"), int):
        c.set("normalized_shape", f"({code(c.get('normalized_shape'))},)")
    return c


def _varargs(name: str, first: str | None = None):
    """The helper's `name` (a tuple of sizes) as PyTorch's *size (x.expand(size)); `first`: an
    argument before the helper's own *operands (einsum's equation)."""
    def read(c, ctx):
        c.varargs = [c.args.pop(first), *c.varargs] if first else [c.args.pop(name)]
        return c
    return read


def _needs_dim(c, ctx):
    if c.lit("dim") is None:
        raise Unsupported(f"{c.extra['api']}(axis=None): PyTorch's logsumexp takes the axes")
    return c


def _ij(c, ctx):
    """meshgrid: the helper's indexing 'ij' by default, given (PyTorch's default warns)."""
    c.set("indexing", code(c.get("indexing")) if c.get("indexing") is not None else "'ij'")
    return c


def _gelu_tanh(c, ctx):
    c.set("approximate", "'tanh'")
    return c


X = {"x": "input"}
_TRAILING = {"gamma": W("weight", "*s"), "beta": W("bias", "*s")}
HELPERS: dict[str, Row] = {
    # norm.py
    "BatchNorm": Row("batch_norm", "layer", {"epsilon": "eps", "in_channels": "num_features"}, _torch_stats,
                     NORM, signature=LAYERS.get("mxnet.gluon.nn.BatchNorm").signature),
    "CallOrderBatchNorm": Row("batch_norm", "layer", {"epsilon": "eps", "in_channels": "num_features"},
                              _torch_stats, NORM, signature=LAYERS.get("mxnet.gluon.nn.BatchNorm").signature),
    "TrackedInstanceNorm": Row("instance_norm", "layer", {"epsilon": "eps", "in_channels": "num_features"},
                               _tracked_instance, NORM, signature=LAYERS.get("mxnet.gluon.nn.BatchNorm").signature),
    "LayerNorm": Row("layer_norm", "layer", {}, _affine("elementwise_affine", "bias"), _TRAILING),
    "RMSNormalization": Row("rms_norm", "layer", {}, _affine("elementwise_affine"), {"gamma": W("weight", "*s")}),
    "GroupNorm": Row("group_norm", "layer", {}, _affine("affine"), {"gamma": W("weight", "c"), "beta": W("bias", "c")}),
    "LocalResponseNorm": Row("local_response_norm", "layer"),
    "AlphaDropout": Row("alpha_dropout", "layer", {"rate": "p"}, _alpha),
    "layer_norm": Row("layer_norm_fn", rename=X, read=_shape_tuple),
    "rms_norm": Row("rms_norm_fn", rename=X, read=_shape_tuple),
    "group_norm": Row("group_norm_fn", rename=X),
    # containers.py
    "hybrid_sequential": Row(api="mxnet.gluon.nn.HybridSequential"),
    "sequential": Row(api="mxnet.gluon.nn.Sequential"),
    "iter_blocks": Row(form="modules"),
    "parameter_list": Row(form="param_list"),   # nn.ParameterList (reading/parameter_lists.py)   # PyTorch's module.modules() (support_calls.rewritten)
    # PyTorch's nn.ModuleDict: a container of the source skeleton (source_skeleton.CONTAINER_CLASSES)
    "HybridBlockDict": Row(api=f"{NAMESPACE}.HybridBlockDict", signature="blocks=None"),
    "BlockDict": Row(api=f"{NAMESPACE}.BlockDict", signature="blocks=None"),
    # recurrent.py: PyTorch's call of a recurrent layer, (output, h_n) or (output, (h_n, c_n))
    "run_recurrent": Row(form="call"),
    # activation.py
    "silu": Row("silu", rename=X),
    "mish": Row("mish", rename=X),
    "hardswish": Row("hardswish", rename=X),
    "gelu_tanh": Row("gelu", rename=X, read=_gelu_tanh),
    "softplus": Row("softplus", rename=X),
    "tanhshrink": Row("tanhshrink", rename=X),
    "hardshrink": Row("hardshrink", rename=X),
    "softshrink": Row("softshrink", rename=X),
    "glu": Row("glu", rename={"x": "input", "axis": "dim"}),
    # embedding.py: nn.Bilinear / F.bilinear (use_bias -> bias)
    "Bilinear": Row("bilinear", "layer", {"use_bias": "bias"},
                    weights={"weight": W("weight", "out,in1,in2"), "bias": W("bias", "out")}),
    "bilinear": Row("bilinear_fn", rename={"x1": "input1", "x2": "input2"}),
    # attention.py: PyTorch's signatures, call conventions ((output, weights)) and mask conventions, the
    # parameters under PyTorch's names (in_proj_weight...), children under PyTorch's (self_attn, linear1...)
    "MultiheadAttention": Row("multihead_attention", "layer", weights={
        n: W(n, a) for n, a in (("in_proj_weight", "out,in"), ("in_proj_bias", "out"), ("q_proj_weight", "out,in"),
                                ("k_proj_weight", "out,in"), ("v_proj_weight", "out,in"))}),
    "TransformerEncoderLayer": Row("transformer_encoder_layer", "layer"),
    "TransformerDecoderLayer": Row("transformer_decoder_layer", "layer"),
    "TransformerEncoder": Row("transformer_encoder", "layer"),
    "TransformerDecoder": Row("transformer_decoder", "layer"),
    "Transformer": Row("transformer", "layer"),
    "square_subsequent_mask": Row("square_subsequent_mask"),
    "scaled_dot_product_attention": Row("scaled_dot_product_attention"),
    # linalg.py
    "matmul": Row("matmul", rename={"a": "input", "b": "other"}),
    "einsum": Row("einsum", read=_varargs("operands", "equation")),
    # shape.py, spatial.py, reduction.py, indexing.py
    "expand": Row("expand", rename={"x": "input", "shape": "size"}, read=_varargs("size")),
    "expand_as": Row("expand_as", rename=X),
    "meshgrid": Row("meshgrid", read=_ij),
    "tril": Row("tril", rename=X),
    "triu": Row("triu", rename=X),
    "pad": Row("pad", rename=X),
    "channel_shuffle": Row("channel_shuffle", rename=X),
    "vector_norm": Row("vector_norm", rename={"x": "input", "axis": "dim", "keepdims": "keepdim"}),
    "cosine_similarity": Row("cosine_similarity"),
    "logsumexp": Row("logsumexp", rename={"x": "input", "axis": "dim", "keepdims": "keepdim"}, read=_needs_dim),
    "where": Row("where", read=ops.where),   # the condition true where non-zero (MXNet's masks are floats)
    # x = index_update(x, key, v, how): PyTorch's x[key] = v (reading/assignments.py)
    "index_update": Row(form="index_update"),
    # init.py: `p.init = NormalInit(1.0, 0.02)` -> nn.init.normal_(p, 1.0, 0.02) (reading/initial.py's init_call)
    "NormalInit": Row("init_normal", "init"),
    "UniformInit": Row("init_uniform", "init", {"low": "a", "high": "b"}),
    "TruncatedNormalInit": Row("init_trunc_normal", "init"),
    # seq.py: read by the Embedding reader (weight_initializer=PaddedNormal(i) is padding_idx=i)
    "PaddedNormal": Row(kind="value", form="padding_idx"),
}


def _definition(name: str) -> ast.stmt:
    from nnport.frameworks.mxnet.reading.support_calls import support_text
    return ast.parse(support_text(name)).body[0]


def _is_support(name: str) -> bool:
    from nnport.frameworks.mxnet.reading.support_calls import support_definitions
    return name in support_definitions()


def _signature(name: str, row: Row) -> str:
    node = _definition(name)
    if isinstance(node, ast.ClassDef):
        cls, node = node, next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
        base = next((b.id for b in cls.bases if isinstance(b, ast.Name)), None)
        if node is None and base is not None and _is_support(base):   # its base's (TransformerLayer's)
            return _signature(base, row)
        if node is None:
            raise KeyError(f"support helper {name}: a class without __init__ needs a signature in its row")
    args = node.args
    first = args.posonlyargs + args.args
    row.takes_f = bool(first) and first[0].arg == "F"
    if first and first[0].arg in ("self", "F"):   # its defaults are those of the last arguments: kept
        args = ast.arguments(posonlyargs=[], args=first[1:], vararg=args.vararg, kwonlyargs=args.kwonlyargs,
                             kw_defaults=args.kw_defaults, kwarg=args.kwarg, defaults=args.defaults)
    return ast.unparse(args)


# helper functions also read as layers, nn.HybridLambda(<helper>) (their defaults are PyTorch's module's)
ACTIVATIONS = ("silu", "mish", "hardswish", "gelu_tanh", "softplus", "tanhshrink", "hardshrink", "softshrink", "glu")


def _hybrid_lambda(c, ctx):
    """nn.HybridLambda('identity'): nn.Identity(); another function: refused (PyTorch has no lambda
    module; support_calls.py reads the writer's own: its helpers, `lambda F, x: F.clip(x, a, b)`)."""
    if c.lit("function") != "identity":
        raise Unsupported("nn.HybridLambda of a function: PyTorch has no lambda module (only the Gluon "
                          "writer's own activation helpers are read back)")
    take(c, "function")
    return c


def _clip(c, ctx):
    """nn.HybridLambda(lambda F, x: F.clip(x, a, b)) (support_calls.py): nn.ReLU6 or nn.Hardtanh(a, b)."""
    if (c.lit("min_val"), c.lit("max_val")) == (0, 6):
        c.op = "relu6"
        drop(c, "min_val", "max_val")
    return c


layer(f"{NAMESPACE.split('.', 2)[2]}.lambda_clip", "hardtanh", "min_val, max_val", read=_clip)
for _op in ("softmax", "log_softmax"):   # support_calls.AXIS_LAMBDAS: nn.Softmax(dim) / nn.LogSoftmax(dim)
    layer(f"{NAMESPACE.split('.', 2)[2]}.lambda_{_op}", _op, "axis", rename={"axis": "dim"})
layer("nn.HybridLambda", "identity", "function, prefix=None, **kwargs", read=_hybrid_lambda)   # kwargs: recorded.py


def _register() -> None:
    from nnport.frameworks.mxnet.reading.support_calls import LAMBDAS
    for name in ACTIVATIONS:
        row = HELPERS[name]
        layer(f"{NAMESPACE.split('.', 2)[2]}.lambda_{name}", row.op, "", read=row.read)
        LAMBDAS.add(f"lambda_{name}")
    for name, row in HELPERS.items():
        sig = row.signature or _signature(name, row) if row.kind != "value" else ""
        if row.op is None:
            continue
        if row.kind == "init":   # called on the parameter it initialises
            FUNCTIONS.add(Entry(f"{NAMESPACE}.{name}", row.op, f"tensor, {sig}", kind="function", rename=row.rename))
        elif row.kind == "layer":
            layer(f"{NAMESPACE.split('.', 2)[2]}.{name}", row.op, sig, rename=row.rename, read=row.read,
                  weights=row.weights)
        else:
            FUNCTIONS.add(Entry(f"{NAMESPACE}.{name}", row.op, sig, kind="function", rename=row.rename,
                                read=row.read))


_register()
