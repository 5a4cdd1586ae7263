"""torch.nn.functional activations, dropout, normalize, linear, distances, one_hot.
`inplace` has no numerical effect on the returned value and is ignored.

Activation modules live in layers/activation.py and may get their functional forms in
nn_functional.py too: an API some earlier family module already registered is skipped here (this
module is imported after them), so the two never clash."""
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.torch.functions._registry import FUNCTIONS, no_out, fn as _fn


def fn(api: str, op: str, signature: str, **kw):
    if api not in FUNCTIONS:
        _fn(api, op, signature, **kw)

F = "torch.nn.functional."
_INPLACE = ("inplace",)


def _need_dim(c, ctx):
    if c.lit("dim") is None:
        raise Unsupported(f"{c.extra['api']}(dim=None): PyTorch's implicit dim choice is deprecated; "
                          "give dim explicitly")
    if c.get("dtype") is not None and c.lit("dtype") is not None:
        raise Unsupported(f"{c.extra['api']}(dtype=...): cast the input instead")
    c.args.pop("dtype", None)
    c.defaults.pop("dtype", None)
    return c


for _name, _op in (("relu6", "relu6"), ("silu", "silu"), ("mish", "mish"), ("selu", "selu"),
                   ("hardswish", "hardswish"), ("hardsigmoid", "hardsigmoid")):
    fn(F + _name, _op, "input, inplace=False", ignore=_INPLACE)
for _name, _op in (("softsign", "softsign"), ("logsigmoid", "log_sigmoid"), ("tanhshrink", "tanhshrink"),
                   ("sigmoid", "sigmoid"), ("tanh", "tanh")):
    fn(F + _name, _op, "input")
fn(F + "leaky_relu", "leaky_relu", "input, negative_slope=0.01, inplace=False", ignore=_INPLACE)
fn(F + "gelu", "gelu", "input, approximate='none'")
fn(F + "elu", "elu", "input, alpha=1.0, inplace=False", ignore=_INPLACE)
fn(F + "celu", "celu", "input, alpha=1.0, inplace=False", ignore=_INPLACE)
fn(F + "softplus", "softplus", "input, beta=1.0, threshold=20.0")
fn(F + "hardtanh", "hardtanh", "input, min_val=-1.0, max_val=1.0, inplace=False", ignore=_INPLACE)
fn(F + "threshold", "threshold", "input, threshold, value, inplace=False", ignore=_INPLACE)
fn(F + "hardshrink", "hardshrink", "input, lambd=0.5")
fn(F + "softshrink", "softshrink", "input, lambd=0.5")
fn(F + "glu", "glu", "input, dim=-1")
fn(F + "prelu", "prelu", "input, weight")
for _name in ("softmax", "log_softmax", "softmin"):
    fn(F + _name, _name, "input, dim=None, _stacklevel=3, dtype=None", ignore=("_stacklevel",), read=_need_dim)

fn(F + "dropout", "dropout", "input, p=0.5, training=True, inplace=False", ignore=_INPLACE)
for _n in (1, 2, 3):
    fn(F + f"dropout{_n}d", "dropout_channel", "input, p=0.5, training=True, inplace=False", ignore=_INPLACE,
       fixed={"ndim": str(_n)})


fn(F + "normalize", "normalize", "input, p=2.0, dim=1, eps=1e-12, out=None", read=no_out)
fn(F + "linear", "linear", "input, weight, bias=None")
fn(F + "cosine_similarity", "cosine_similarity", "x1, x2, dim=1, eps=1e-08")
fn(F + "pairwise_distance", "pairwise_distance", "x1, x2, p=2.0, eps=1e-06, keepdim=False")
fn(F + "one_hot", "one_hot", "input, num_classes=-1")

# in-place variants and torch.* spellings (same values returned)
fn(F + "elu_", "elu", "input, alpha=1.0")
fn(F + "celu_", "celu", "input, alpha=1.0")
fn(F + "selu_", "selu", "input")
fn(F + "leaky_relu_", "leaky_relu", "input, negative_slope=0.01")
fn(F + "hardtanh_", "hardtanh", "input, min_val=-1.0, max_val=1.0")
fn(F + "threshold_", "threshold", "input, threshold, value")
fn("torch.selu", "selu", "input")
fn("torch.celu", "celu", "input, alpha=1.0")
fn("torch.prelu", "prelu", "input, weight")
fn("torch.threshold", "threshold", "input, threshold, value")
fn("torch.cosine_similarity", "cosine_similarity", "x1, x2, dim=1, eps=1e-08")
fn("torch.pairwise_distance", "pairwise_distance", "x1, x2, p=2.0, eps=1e-06, keepdim=False")
fn("torch.dropout", "dropout", "input, p, train", rename={"train": "training"})
fn(F + "alpha_dropout", "alpha_dropout", "input, p=0.5, training=False, inplace=False", ignore=_INPLACE)
fn(F + "feature_alpha_dropout", "feature_alpha_dropout", "input, p=0.5, training=False, inplace=False",
   ignore=_INPLACE)
fn("torch.alpha_dropout", "alpha_dropout", "input, p, train", rename={"train": "training"})
fn("torch.feature_alpha_dropout", "feature_alpha_dropout", "input, p, train", rename={"train": "training"})
