"""torch.nn.init and the in-place initialisers of Tensor (`w.data.normal_(0, 0.01)`).

All read into `init_*` pivot ops whose first canonical argument is `tensor`, the tensor written.
The target side writes the new value into the tensor (see flax/functions/init.py); the statement
`nn.init.x_(t)` itself is the write.
"""
from nnport.frameworks.torch.functions._registry import fn, method

_I = "torch.nn.init."
_KAIMING = ("tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None")

fn(_I + "xavier_uniform_", "init_xavier_uniform", "tensor, gain=1.0, generator=None")
fn(_I + "xavier_normal_", "init_xavier_normal", "tensor, gain=1.0, generator=None")
fn(_I + "kaiming_uniform_", "init_kaiming_uniform", _KAIMING)
fn(_I + "kaiming_normal_", "init_kaiming_normal", _KAIMING)
fn(_I + "normal_", "init_normal", "tensor, mean=0.0, std=1.0, generator=None")
fn(_I + "trunc_normal_", "init_trunc_normal", "tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None")
fn(_I + "uniform_", "init_uniform", "tensor, a=0.0, b=1.0, generator=None")
fn(_I + "constant_", "init_constant", "tensor, val")
fn(_I + "zeros_", "init_zeros", "tensor")
fn(_I + "ones_", "init_ones", "tensor")
fn(_I + "orthogonal_", "init_orthogonal", "tensor, gain=1, generator=None")
fn(_I + "calculate_gain", "init_calculate_gain", "nonlinearity, param=None")

# Tensor methods (PyTorch: normal_(mean=0, std=1, *, generator=None), uniform_(from=0, to=1, *,
# generator=None): `from` is a Python keyword, so it can only be passed positionally; written `from_`).
method("normal_", "init_normal", "self, mean=0, std=1, *, generator=None", rename={"self": "tensor"})
method("uniform_", "init_uniform", "self, from_=0, to=1, *, generator=None",
       rename={"self": "tensor", "from_": "a", "to": "b"})
method("fill_", "init_constant", "self, value", rename={"self": "tensor", "value": "val"})
method("zero_", "init_zeros", "self", rename={"self": "tensor"})
