"""One Keras layer in a functional model, translated by the graph route and compared with Keras on
the same (perturbed) weights and inputs: inference, and optionally one training-mode forward with
the moving statistics."""
from __future__ import annotations

import numpy as np

from corpus import keras_to_torch as kt

TOL = 1e-5


def _inputs(shapes, dtype, high, rng):
    out = []
    for s in shapes:
        if dtype.startswith("int"):
            out.append(rng.integers(0, high, size=s).astype(dtype))
        else:
            out.append(rng.normal(size=s).astype(dtype))
    return out


def check(make_layer, *shapes, dtype="float32", high=10, train=False, tol=TOL, call=None):
    """-> (translated code, diagnostics). `make_layer()` gives the layer; `call(layer, inputs)` how it is
    called on the keras.Input tensors (default: one tensor, or the list of them)."""
    import keras
    import torch
    import nnport
    from harness import compare
    from nnport.frameworks.keras.reading.route import translate_built
    from nnport.frameworks.keras.reading.transfer import converted

    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)
    ins = [keras.Input(shape=s[1:], dtype=dtype) for s in shapes]
    layer = make_layer()
    arg = ins[0] if len(ins) == 1 else ins
    out = call(layer, ins) if call else layer(arg)
    model = keras.Model(arg, out)
    xs = _inputs(shapes, dtype, high, np.random.default_rng(1))
    inputs = [xs[0]] if len(xs) == 1 else [xs]
    model(*inputs)
    kt.perturb(model)
    text, diags = translate_built(model, inputs=inputs)
    errors = [m for s, m in diags if s == "error"]
    assert not errors, "\n".join(errors) + "\n" + text
    torch.manual_seed(0)
    tm = kt.load_code(text).Model()
    nnport.transfer_weights(model, tm)
    tm.eval()
    with torch.no_grad():
        compare(kt.flat(model(*inputs, training=False)), kt.flat(tm(*kt.to_torch(inputs))), tol, "eval")
    if train:
        tm.train()
        ref = kt.flat(model(*inputs, training=True))
        with torch.no_grad():
            got = kt.flat(tm(*kt.to_torch(inputs)))
        compare(ref, got, tol, "train")
        for path, (t, value) in converted(model, tm).items():
            compare(value, t.detach().numpy(), tol, f"state {path}", floor=1.0)
    return text, diags
