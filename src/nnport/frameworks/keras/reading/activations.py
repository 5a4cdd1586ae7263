"""Keras activations -> pivot ops: the `activation=` argument of a layer (a following step), the
Activation layer and the advanced activation layers (ReLU, LeakyReLU, ELU, PReLU, Softmax)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import Step, reader, cf
from nnport.frameworks.spec import Unsupported

# Keras name -> (pivot op, canonical args): Keras' own defaults spelled out where PyTorch's differ
ACTIVATIONS: dict[str, tuple[str, dict]] = {
    "relu": ("relu", {}), "relu6": ("relu6", {}), "elu": ("elu", {}), "selu": ("selu", {}),
    "gelu": ("gelu", {}), "silu": ("silu", {}), "swish": ("silu", {}), "mish": ("mish", {}),
    "softplus": ("softplus", {}), "softsign": ("softsign", {}), "tanh": ("tanh", {}),
    "sigmoid": ("sigmoid", {}), "hard_sigmoid": ("hardsigmoid", {}), "hard_silu": ("hardswish", {}),
    "hard_swish": ("hardswish", {}), "leaky_relu": ("leaky_relu", {"negative_slope": 0.2}),
    "exponential": ("exp", {}), "log_sigmoid": ("log_sigmoid", {}),
    "softmax": ("softmax", {"dim": -1}), "log_softmax": ("log_softmax", {"dim": -1}),
    "linear": ("", {}),
}
AXES = ("dim",)


def activation_steps(name) -> list[Step]:
    """The steps of `activation=name` ([] for "linear" / None)."""
    if name is None:
        return []
    if isinstance(name, dict):   # a serialized callable
        name = (name.get("config") or name.get("class_name"))
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise Unsupported(f"activation {name!r} has no PyTorch translation in the table")
    op, args = ACTIVATIONS[name]
    if not op:
        return []
    return [Step(op, {"input": _X, **args}, axes=tuple(a for a in AXES if a in args))]


from nnport.frameworks.keras.reading.registry import Code  # noqa: E402
_X = Code("_0")


@reader("keras.layers.Activation")
def activation(config, inputs, ctx):
    steps = activation_steps(config.get("activation"))
    return steps or [Step("", expr="_0")]


@reader("keras.layers.ReLU")
def relu(config, inputs, ctx):
    mx, slope, th = config.get("max_value"), config.get("negative_slope") or 0.0, config.get("threshold") or 0.0
    if slope == 0 and th == 0:
        if mx is None:
            return [Step("relu", {"input": _X})]
        if float(mx) == 6.0:
            return [Step("relu6", {"input": _X})]
        return [Step("clamp", {"input": _X, "min": 0.0, "max": float(mx)})]
    # Keras: x > threshold -> x (capped at max_value); below -> negative_slope * (x - threshold)
    upper = "_0" if mx is None else f"_0.clamp(0.0, {float(mx)!r})"
    body = f"torch.where(_0 > {th!r}, {upper}, {slope!r} * (_0 - {th!r}))"
    return [Step("", expr=body)]


@reader("keras.layers.LeakyReLU")
def leaky_relu(config, inputs, ctx):
    return [Step("leaky_relu", {"input": _X, "negative_slope": float(config.get("negative_slope", 0.3))})]


@reader("keras.layers.ELU")
def elu(config, inputs, ctx):
    return [Step("elu", {"input": _X, "alpha": float(config.get("alpha", 1.0))})]


@reader("keras.layers.Softmax")
def softmax(config, inputs, ctx):
    axis = config.get("axis", -1)
    if not isinstance(axis, int):
        if len(axis) != 1:
            raise Unsupported(f"Softmax over several axes {axis}")
        axis = axis[0]
    return [Step("softmax", {"input": _X, "dim": axis}, axes=AXES)]


@reader("keras.layers.PReLU")
def prelu(config, inputs, ctx):
    """Keras' alpha has the input's shape without the batch (shared_axes share it); nn.PReLU has one
    per channel (axis 1): only where those agree."""
    shape = inputs[0]
    shared = set(config.get("shared_axes") or ())
    rank = len(shape)
    per_axis = [a for a in range(1, rank) if a not in shared]
    if per_axis not in ([rank - 1], []) and rank > 2:
        raise Unsupported(f"PReLU with a per-position alpha (shared_axes={sorted(shared)}): nn.PReLU has "
                          "one parameter per channel")
    if rank > 2 and per_axis:
        return [Step("prelu", {"num_parameters": shape[-1]}, module="", perm=cf(rank))]
    return [Step("prelu", {"num_parameters": shape[-1] if per_axis else 1}, module="")]
