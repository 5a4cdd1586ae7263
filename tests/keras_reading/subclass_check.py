"""A subclassed Keras model written around one expression or layer, translated by the CST route
(`nnport.convert(..., source="keras", to="torch")`) and compared with Keras on the same weights and
inputs (inference). The file follows the corpus convention, so layer sizes are recorded."""
from __future__ import annotations

import textwrap
import types

import numpy as np

TOL = 1e-5
HEADER = """\
import numpy as np
import keras
from keras import layers, ops
import tensorflow as tf
{helpers}

class Model(keras.Model):
    def __init__(self):
        super().__init__()
{init}

    def call(self, {params}, training=None):
{body}


def get_init_inputs():
    return []


def get_inputs():
    rng = np.random.default_rng(0)
    return [{inputs}]
"""


def _array(spec) -> str:
    shape, kind = spec if isinstance(spec, tuple) and isinstance(spec[-1], str) else (spec, "float")
    if kind == "int":
        return f"rng.integers(0, 10, size={shape!r}).astype('int32')"
    if kind == "pos":
        return f"rng.uniform(0.5, 2.0, size={shape!r}).astype('float32')"
    return f"rng.normal(size={shape!r}).astype('float32')"


def source(body: str, inputs, init: str = "pass", helpers: str = "") -> str:
    """The file: `helpers` (module-level code: functions building layers) before the class."""
    params = ", ".join(f"x{i}" if len(inputs) > 1 else "x" for i in range(len(inputs)))
    ind = lambda s: textwrap.indent(textwrap.dedent(s).strip("\n"), " " * 8)  # noqa: E731
    helpers = "\n\n" + textwrap.dedent(helpers).strip("\n") + "\n\n" if helpers.strip() else ""
    return HEADER.format(helpers=helpers, init=ind(init), body=ind(body), params=params,
                         inputs=", ".join(_array(s) for s in inputs))


def run(body: str, inputs, init: str = "pass", tol: float = TOL, allow_issues: bool = False,
        helpers: str = ""):
    """Translate and compare; returns the Conversion."""
    import keras
    import torch
    import nnport
    from harness import load
    from nnport.frameworks.keras.source_transfer import transfer

    code = source(body, inputs, init, helpers) if helpers else source(body, inputs, init)   # (a test may patch source)
    conv = nnport.convert(code, source="keras", to="torch")
    if not allow_issues:
        assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n" + conv.code
    mod = types.ModuleType("keras_case")
    exec(compile(code, "<keras case>", "exec"), mod.__dict__)
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)
    km = mod.Model()
    xs = mod.get_inputs()
    ref = [np.asarray(t) for t in keras.tree.flatten(km(*xs, training=False))]
    tm = load(conv.code).Model()
    tm.eval()
    tx = [torch.from_numpy(a.astype(np.int64) if a.dtype.kind in "iu" else a.copy()) for a in xs]
    with torch.no_grad():
        tm(*tx)
    _perturb(km)
    transfer(km, tm)
    ref = [np.asarray(t) for t in keras.tree.flatten(km(*xs, training=False))]
    with torch.no_grad():
        out = tm(*tx)
    got = [t.numpy() for t in (out if isinstance(out, (list, tuple)) else [out])]
    assert len(got) == len(ref), conv.code
    for r, g in zip(ref, got):
        assert r.shape == g.shape, (r.shape, g.shape, conv.code)
        np.testing.assert_allclose(g, r, rtol=tol, atol=tol * max(1.0, float(np.abs(r).max())),
                                   err_msg=conv.code)
    return conv


def _perturb(model) -> None:
    """Non-default weights everywhere (zeros, ones, identity initialisers would hide a mix-up)."""
    rng = np.random.default_rng(7)
    for v in model.weights:
        value = np.asarray(v.numpy())
        if "variance" in v.path:
            v.assign(rng.uniform(0.5, 1.5, size=value.shape).astype(value.dtype))
        else:
            v.assign((value + rng.normal(scale=0.3, size=value.shape)).astype(value.dtype))
