"""Keras at run time, for verify: every layer's call recorded during one forward (a Keras source's
layers localised). Each layer's `call` is wrapped, for that forward only, by an instance attribute."""
from __future__ import annotations

from nnport.frameworks.keras import runtime as rt


# Keras layers that apply their `activation=` last: recorded before it (the target writes it apart)
FUSED_ACTIVATION = ("Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
                    "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
                    "DepthwiseConv2D")


def layer_paths(model) -> dict[int, tuple]:
    """id(layer) -> its first path (as `find` reads it) for the model and every sublayer."""
    out = {id(model): ()}

    def walk(mod, path):
        for name, value in rt._children(mod):
            if rt._is_layer(value):
                if id(value) in out:
                    continue
                out[id(value)] = path + (name,)
                walk(value, path + (name,))
            elif isinstance(value, (list, tuple, dict)) or type(value).__name__ in ("TrackedList", "TrackedDict"):
                walk(value, path + (name,))
    walk(model, ())
    return out


def record(model, inputs, *, train: bool, seed: int, max_bytes: int):
    """Every layer's first call in call order: {path, cls, module, args, kwargs, output} as numpy,
    captured by wrapping each layer's `call` for one forward (Keras' own `training` and a None
    `mask` left out of kwargs). A Dense or convolution with `activation=` is recorded before its
    activation (FUSED_ACTIVATION): translations apply it after the layer. Stops recording new
    layers once max_bytes of arrays are held."""
    from nnport.verify.tree import nbytes
    import keras
    paths = layer_paths(model)
    layers = {id(model): model}
    for layer in model._flatten_layers(include_self=False, recursive=True):
        layers.setdefault(id(layer), layer)
    calls: dict[tuple, dict] = {}
    held = [0]

    def wrap(layer, path, original):
        fused = type(layer).__name__ in FUSED_ACTIVATION and type(layer).__module__.startswith("keras") \
            and getattr(layer, "activation", None) not in (None, keras.activations.linear)

        def call(*args, **kwargs):
            rec = None
            if path not in calls and held[0] < max_bytes:
                kw = {k: v for k, v in kwargs.items() if k != "training" and not (k == "mask" and v is None)}
                rec = {"path": path, "cls": type(layer).__name__, "module": type(layer).__module__,
                       "args": rt.to_numpy(tuple(args)), "kwargs": rt.to_numpy(kw), "output": None}
                held[0] += nbytes(rec["args"]) + nbytes(rec["kwargs"])
                calls[path] = rec
            if fused:
                act = layer.activation
                layer.__dict__["activation"] = keras.activations.linear
                try:
                    pre = original(*args, **kwargs)
                finally:
                    layer.__dict__["activation"] = act
                out = act(pre)
            else:
                pre = out = original(*args, **kwargs)
            if rec is not None:
                rec["output"] = rt.to_numpy(pre)
                held[0] += nbytes(rec["output"])
            return out
        return call

    wrapped = []
    for key, layer in layers.items():
        if key in paths and "call" not in vars(layer):
            layer.__dict__["call"] = wrap(layer, paths[key], layer.call)
            wrapped.append(layer)
    try:
        rt.run(model, inputs, train=train, seed=seed)
    finally:
        for layer in wrapped:
            del layer.__dict__["call"]
    return [r for r in calls.values() if r["output"] is not None]
