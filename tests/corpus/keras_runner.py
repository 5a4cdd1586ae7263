"""Build and run every Keras corpus model: inference twice, training once with gradients; a table.

Usage: python tests/corpus/keras_runner.py [name ...]      (exits non-zero if a model fails)
Used by tests/test_keras_corpus.py. The conventions each file follows are in keras/README.md.

For each model, `check(name)`:
- builds `Model(*get_init_inputs())` after `keras.utils.set_random_seed(0)`; it must be a
  `keras.Model`, and `Model` must be a class exactly when the model is subclassed (a function for
  functional and Sequential models: the convention the translator relies on);
- calls `model(*get_inputs(), training=False)` twice: the outputs must be finite and identical;
- calls it once with `training=True` under a `tf.GradientTape`: finite outputs of the same
  structure and shapes, and a finite gradient of (sum of the float outputs + model.losses) for
  every trainable variable (an unused layer is a corpus bug: it would confuse weight transfer).
"""
from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
KERAS_DIR = HERE / "keras"
KINDS = ("sequential", "functional", "subclassed")

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def names() -> list[str]:
    return sorted(p.stem for p in KERAS_DIR.glob("*.py") if not p.stem.startswith("_"))


def load(name: str):
    path = KERAS_DIR / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"corpus_keras_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kind(model) -> str:
    import keras
    if isinstance(model, keras.Sequential):
        return "sequential"
    from keras.src.models.functional import Functional
    return "functional" if isinstance(model, Functional) else "subclassed"


def build(name: str):
    """(module, model, inputs) for one corpus file, weights and inputs from fixed seeds."""
    import keras
    assert keras.backend.backend() == "tensorflow", "the Keras corpus runs on the TensorFlow backend"
    module = load(name)
    # auto-generated layer names ("dense_3") restart from zero: the same whatever ran before
    keras.backend.clear_session(free_memory=False)   # free_memory runs gc.collect(): 0.2 s
    keras.utils.set_random_seed(0)
    model = module.Model(*module.get_init_inputs())
    inputs = list(module.get_inputs())
    return module, model, inputs


def _flat(out) -> list:
    import keras
    return keras.tree.flatten(out)


def _np(t) -> np.ndarray:
    return np.asarray(t.numpy() if hasattr(t, "numpy") else t)


@dataclass
class Result:
    name: str
    kind: str
    params: int
    output_shapes: list[tuple]
    n_inputs: int           # arrays passed in, after flattening lists and dicts
    eval_seconds: float     # one inference forward (the second one: no build, no tracing)
    seconds: float          # everything: load, build, two inference forwards, training + gradients


def check(name: str) -> Result:
    import keras
    import tensorflow as tf

    t0 = time.perf_counter()
    module, model, inputs = build(name)
    assert isinstance(model, keras.Model), f"Model(...) returned {type(model).__name__}, not keras.Model"
    k = kind(model)
    if inspect.isclass(module.Model) != (k == "subclassed"):
        raise AssertionError(
            f"{name}: a {k} model must be built by a "
            f"{'class Model(keras.Model)' if k == 'subclassed' else 'function def Model(...)'}")

    out1 = _flat(model(*inputs, training=False))
    t1 = time.perf_counter()
    out2 = _flat(model(*inputs, training=False))
    eval_seconds = time.perf_counter() - t1
    assert out1, "the model returned no tensors"
    assert len(out1) == len(out2)
    shapes = []
    for i, (a, b) in enumerate(zip(out1, out2)):
        a, b = _np(a), _np(b)
        shapes.append(tuple(a.shape))
        if np.issubdtype(a.dtype, np.floating):
            assert np.isfinite(a).all(), f"inference output {i} has non-finite values"
        assert np.array_equal(a, b), f"inference output {i} differs between two calls"

    with tf.GradientTape() as tape:
        out_t = _flat(model(*inputs, training=True))
        floats = [o for o in out_t if o.dtype.is_floating]
        loss = tf.add_n([tf.reduce_sum(tf.cast(o, tf.float32)) for o in floats]
                        + [tf.cast(l, tf.float32) for l in model.losses])
    train_shapes = [tuple(_np(o).shape) for o in out_t]
    assert train_shapes == shapes, f"training shapes {train_shapes} != inference shapes {shapes}"
    for i, o in enumerate(out_t):
        if o.dtype.is_floating:
            assert np.isfinite(_np(o)).all(), f"training output {i} has non-finite values"
    variables = model.trainable_variables
    assert variables, "the model has no trainable variables"
    grads = tape.gradient(loss, variables)   # an Embedding's gradient is IndexedSlices
    grads = [None if g is None else tf.convert_to_tensor(g) for g in grads]
    missing = [v.path for v, g in zip(variables, grads) if g is None]
    assert not missing, f"no gradient reaches {missing}"
    bad = [v.path for v, g in zip(variables, grads) if not np.isfinite(_np(g)).all()]
    assert not bad, f"non-finite gradient for {bad}"
    return Result(name, k, model.count_params(), shapes, len(_flat(inputs)), eval_seconds,
                  time.perf_counter() - t0)


def main(argv: list[str]) -> int:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # keras/ is corpus data
    import traceback
    rows, failed = [], 0
    for name in (argv or names()):
        try:
            r = check(name)
            out = ", ".join(str(s) for s in r.output_shapes)
            rows.append(f"| {name} | {r.kind} | {r.params:,} | {out} | {r.eval_seconds:.3f} | "
                        f"{r.seconds:.2f} |")
        except Exception as e:  # noqa: BLE001 - a report of every failure is the point
            failed += 1
            traceback.print_exc()
            msg = str(e).splitlines()[0][:150] if str(e) else ""
            rows.append(f"| {name} | FAIL | | {type(e).__name__}: {msg} | | |")
    print("| model | kind | params | output shapes | eval s | total s |\n|---|---|---:|---|---:|---:|")
    print("\n".join(rows))
    print(f"\n{len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
