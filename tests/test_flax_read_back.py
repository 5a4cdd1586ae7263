"""Flax as a source reads what the Flax writer writes: every Flax / JAX API the writer's tables can
write (derived from the tables, as the support matrix reads them) has a reader, or is a known gap
with a reason (flax/reading/read_back.py); the readers derived from the writer's plain entries
(reading/inverse.py) and those of reading/arrays.py, each run on real JAX and as the PyTorch
translation on the same random inputs."""
from __future__ import annotations

import numpy as np
import pytest

import nnport
from nnport.frameworks.flax.reading import arrays, read_back
from nnport.frameworks.flax.reading.tables import FUNCTIONS

jax = pytest.importorskip("jax")
torch = pytest.importorskip("torch")

HEAD = "import jax\nimport jax.numpy as jnp\n\n\ndef f(x, y, i, z, k):\n    return "

# one call per read-back entry: x in (0.1, 0.9), y in (1.1, 2), i int32 in [0, 8), z with inf / nan, k a key
SAMPLES = {
    "jax.numpy.vstack": "jnp.vstack([x, y])", "jax.numpy.hstack": "jnp.hstack([x, y])",
    "jax.numpy.dstack": "jnp.dstack([x, y])", "jax.numpy.column_stack": "jnp.column_stack([x, y])",
    "jax.numpy.array_split": "jnp.array_split(x, 3, axis=1)", "jax.numpy.ravel": "jnp.ravel(x)",
    "jax.numpy.hsplit": "jnp.hsplit(x, 2)", "jax.numpy.vsplit": "jnp.vsplit(x, 3)",
    "jax.numpy.dsplit": "jnp.dsplit(x.reshape(3, 2, 2), 2)", "jax.numpy.diagonal": "jnp.diagonal(x, 1)",
    "jax.numpy.diag": "jnp.diag(x[0], 1)", "jax.numpy.fliplr": "jnp.fliplr(x)", "jax.numpy.flipud": "jnp.flipud(x)",
    "jax.numpy.logspace": "jnp.logspace(0.0, 1.0, 5)", "jax.numpy.linspace": "jnp.linspace(0.0, 1.0, 7)",
    "jax.numpy.unstack": "jnp.unstack(x, axis=1)",
    "jax.lax.dynamic_slice_in_dim": "jax.lax.dynamic_slice_in_dim(x, 1, 2, axis=1)",
    "jax.numpy.roll": "jnp.roll(x, 2), jnp.roll(x, -1, axis=1)",
    "jax.numpy.take": "jnp.take(x, jnp.array([0, 2]), axis=1)",
    "jax.numpy.trunc": "jnp.trunc(x * 5 - 2)", "jax.numpy.bitwise_not": "jnp.bitwise_not(i)",
    "jax.numpy.arccosh": "jnp.arccosh(y)", "jax.numpy.nan_to_num": "jnp.nan_to_num(z, nan=0.5, posinf=9.0)",
    "jax.numpy.isclose": "jnp.isclose(x, x + 1e-9), jnp.isclose(x, y, atol=1.0)",
    "jax.numpy.dot": "jnp.dot(x[0], y[0])", "jax.numpy.inner": "jnp.inner(x[0], y[0])",
    "jax.numpy.outer": "jnp.outer(x[0], y[0])", "jax.numpy.floor_divide": "jnp.floor_divide(-x * 10, y)",
    "jax.numpy.remainder": "jnp.remainder(-x * 10, y)", "jax.numpy.fmod": "jnp.fmod(-x * 10, y)",
    "jax.numpy.cumprod": "jnp.cumprod(x, axis=1)",
    "jax.numpy.argsort": "jnp.argsort(x, axis=1), jnp.argsort(jnp.round(x), axis=1)",   # ties: JAX's sort is stable
    "jax.lax.collapse": "jax.lax.collapse(x.reshape(3, 2, 2), 1), jax.lax.collapse(x.reshape(3, 2, 2), 0, 2)",
    "jax.random.randint": "jax.random.randint(k, (2, 3), 0, 10)",
    "jax.numpy.full_like": "jnp.full_like(x, 2.5)", "jax.numpy.repeat": "jnp.repeat(x, 2, axis=1), jnp.repeat(x, 2)",
    "jax.numpy.linalg.vector_norm": "jnp.linalg.vector_norm(x, axis=-1, keepdims=True), "
                                    "jnp.linalg.vector_norm(x, ord=1)",
    "jax.numpy.float16": "x.astype(jnp.float16)", "jax.numpy.bfloat16": "x.astype(jnp.bfloat16).astype(jnp.float32)",
    "jax.numpy.int8": "(x * 10).astype(jnp.int8)", "jax.numpy.int16": "(x * 10).astype(jnp.int16)",
    "jax.numpy.uint8": "(x * 10).astype(jnp.uint8)", "jax.numpy.bool": "(i - 3).astype(jnp.bool)",
    "jax.numpy.float64": "x.astype(jnp.float64).shape", "jax.Array": "isinstance(x, jax.Array)",
    # as the Flax writer writes PyTorch's chunk / split / eye(n) / arange
    "jax.numpy.split": "jnp.split(x, [1, 3], axis=1), jnp.split(x, [*range(2, x.shape[1], 2)], axis=1), "
                       "jnp.split(x, 3)",
    "jax.numpy.eye": "jnp.eye(4, None, dtype=x.dtype), jnp.eye(2, 3)",
    "jax.numpy.arange": "jnp.arange(0, 5, None, dtype=jnp.int32), jnp.arange(1, 7, 2), jnp.arange(4)",
}
for _n in ("exp2", "log2", "log10", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arctanh"):
    SAMPLES[f"jax.numpy.{_n}"] = f"jnp.{_n}(x)"
for _n in ("erfc", "erfinv"):
    SAMPLES[f"jax.scipy.special.{_n}"] = f"jax.scipy.special.{_n}(x)"
for _n in ("isinf", "isfinite", "isposinf", "isneginf"):
    SAMPLES[f"jax.numpy.{_n}"] = f"jnp.{_n}(z)"
for _n in ("arctan2", "hypot", "fmax", "fmin"):
    SAMPLES[f"jax.numpy.{_n}"] = f"jnp.{_n}(x, y)"
for _n in ("logical_and", "logical_or", "logical_xor"):
    SAMPLES[f"jax.numpy.{_n}"] = f"jnp.{_n}(x > 0.5, y > 1.5)"
for _n in ("bitwise_and", "bitwise_or", "bitwise_xor"):
    SAMPLES[f"jax.numpy.{_n}"] = f"jnp.{_n}(i, i + 3)"
RANDOM = {"jax.random.randint"}   # drawn by another generator: shapes and bounds compared


def _read_back_entries() -> set[str]:
    derived = {e.api for e in FUNCTIONS if e.read is not None and e.read.__qualname__.startswith("reader.")}
    return derived | {e.api for e in arrays.ENTRIES}


def test_every_written_api_is_read_or_a_known_gap():
    assert read_back.unread() == {}


def test_known_gaps_are_written_and_not_read():
    written = read_back.written_apis()
    stale = [api for api in read_back.KNOWN_GAPS if api not in written or read_back.read(api)]
    assert stale == [], "known gaps no longer written, or read now: remove them from KNOWN_GAPS"


def test_every_read_back_entry_has_a_numeric_case():
    assert sorted(_read_back_entries() - set(SAMPLES)) == []


def _inputs():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 0.9, (3, 4)).astype("float32")
    y = rng.uniform(1.1, 2.0, (3, 4)).astype("float32")
    i = rng.integers(0, 8, (3, 4)).astype("int32")
    z = np.array([[np.inf, -np.inf, np.nan, 1.0]] * 3, dtype="float32")
    return x, y, i, z


def _flat(v):
    if isinstance(v, (tuple, list)):
        return [w for e in v for w in _flat(e)]
    if isinstance(v, torch.Tensor):
        return [v.float().numpy() if v.dtype == torch.bfloat16 else v.numpy()]
    return [np.asarray(v)]


@pytest.mark.parametrize("api", sorted(SAMPLES))
def test_read_back_equal(api):
    code = HEAD + SAMPLES[api] + "\n"
    conv = nnport.convert(code, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "jax" not in conv.code.replace("import jax", "")
    space: dict = {}
    exec(compile(conv.code, "<translated>", "exec"), space)
    source: dict = {}
    exec(compile(code, "<flax>", "exec"), source)
    x, y, i, z = _inputs()
    want = _flat(source["f"](*map(jax.numpy.asarray, (x, y, i, z)), jax.random.key(0)))
    got = _flat(space["f"](*map(torch.tensor, (x, y, i, z)), None))
    assert len(want) == len(got)
    for w, g in zip(want, got):
        assert w.shape == g.shape, (w.shape, g.shape)
        if api in RANDOM:
            assert g.min() >= w.min() - 10 and g.max() < 10 and str(g.dtype).startswith("int")
            continue
        if w.dtype == bool or g.dtype == bool:
            assert (w == g).all()
        else:
            np.testing.assert_allclose(g.astype("float64"), w.astype("float64"), rtol=1e-5, atol=1e-6)


def test_random_normal_of_an_arrays_shape_and_dtype_is_randn_like():
    code = HEAD + "jax.random.normal(k, x.shape, x.dtype) * x, jax.random.normal(k, (2,), jnp.float16)\n"
    conv = nnport.convert(code, to="torch", source="flax")
    assert "torch.randn_like(x) * x" in conv.code and "torch.randn((2,), dtype=torch.float16)" in conv.code
    space: dict = {}
    exec(compile(conv.code, "<translated>", "exec"), space)
    a, b = space["f"](torch.ones(3, 4), None, None, None, None)
    assert a.shape == (3, 4) and a.std() > 0.1 and b.dtype == torch.float16
