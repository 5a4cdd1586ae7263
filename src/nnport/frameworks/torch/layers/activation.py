"""torch layers: activations (module forms; torch/functions/nn_functional.py has the F.* forms).
`inplace` changes no returned value: ignored. nn.ReLU lives in basic.py."""
from nnport.frameworks.spec import Unsupported, W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

INPLACE = ("inplace",)


def needs_dim(c, ctx):
    """Softmax(dim=None) picks an axis from the rank at run time (deprecated): not translated."""
    if c.get("dim") is None or c.lit("dim") is None:
        raise Unsupported(f"{c.extra['api']} without dim (implicit dim choice is deprecated in PyTorch)")
    return c


def hardtanh_aliases(c, ctx):
    """min_value/max_value: PyTorch's deprecated spellings of min_val/max_val."""
    for old, new in (("min_value", "min_val"), ("max_value", "max_val")):
        if old in c.args:
            if c.lit(old) is not None:
                c.args[new] = c.args[old]
            del c.args[old]
        c.defaults.pop(old, None)
    return c


for _name, _op in (("ReLU6", "relu6"), ("SiLU", "silu"), ("Mish", "mish"), ("SELU", "selu"),
                   ("Hardswish", "hardswish"), ("Hardsigmoid", "hardsigmoid")):
    layer(f"torch.nn.{_name}", _op, "inplace=False", ignore=INPLACE)
for _name, _op in (("Sigmoid", "sigmoid"), ("Tanh", "tanh"), ("LogSigmoid", "log_sigmoid"),
                   ("Softsign", "softsign"), ("Tanhshrink", "tanhshrink")):
    layer(f"torch.nn.{_name}", _op, "*args, **kwargs", ignore=("**kwargs",))
layer("torch.nn.LeakyReLU", "leaky_relu", "negative_slope=0.01, inplace=False", ignore=INPLACE)
layer("torch.nn.ELU", "elu", "alpha=1.0, inplace=False", ignore=INPLACE)
layer("torch.nn.CELU", "celu", "alpha=1.0, inplace=False", ignore=INPLACE)
layer("torch.nn.GELU", "gelu", "approximate='none'")
layer("torch.nn.Softplus", "softplus", "beta=1.0, threshold=20.0")
layer("torch.nn.Hardtanh", "hardtanh", "min_val=-1.0, max_val=1.0, inplace=False, min_value=None,"
      " max_value=None", ignore=INPLACE, read=hardtanh_aliases)
layer("torch.nn.Threshold", "threshold", "threshold, value, inplace=False", ignore=INPLACE)
layer("torch.nn.Hardshrink", "hardshrink", "lambd=0.5")
layer("torch.nn.Softshrink", "softshrink", "lambd=0.5")
layer("torch.nn.GLU", "glu", "dim=-1")
layer("torch.nn.Softmax", "softmax", "dim=None", read=needs_dim)
layer("torch.nn.LogSoftmax", "log_softmax", "dim=None", read=needs_dim)
layer("torch.nn.Softmin", "softmin", "dim=None", read=needs_dim)
layer("torch.nn.Softmax2d", "softmax", "*args, **kwargs", ignore=("**kwargs",), fixed={"dim": "-3"})
layer("torch.nn.PReLU", "prelu", "num_parameters=1, init=0.25, device=None, dtype=None", ignore=FACTORY,
      weights={"weight": W("weight", "c")})
