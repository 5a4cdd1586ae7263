"""keras.ops / keras.activations / keras.random readers (CST route): each Keras op in a model's
`call` against the PyTorch its translation runs, on random inputs (subclass_check.run)."""
import pytest

from subclass_check import run

F = (2, 3, 4)
CASES = [
    ("keras.ops.reshape", "return ops.reshape(x, (2, 12))", [F]),
    ("keras.ops.shape", "return ops.reshape(x, (ops.shape(x)[0], -1))", [F]),
    ("keras.ops.transpose", "return ops.transpose(x, axes=(0, 2, 1))", [F]),
    ("keras.ops.mean", "return ops.mean(x, axis=1)", [F]),
    ("keras.ops.mean", "return ops.mean(x, axis=(1, 2), keepdims=True)", [F]),
    ("keras.ops.sum", "return ops.sum(x, axis=-1)", [F]),
    ("keras.ops.max", "return ops.max(x, axis=1)", [F]),
    ("keras.ops.min", "return ops.min(x, axis=2, keepdims=True)", [F]),
    ("keras.ops.softmax", "return ops.softmax(x)", [F]),
    ("keras.ops.log_softmax", "return ops.log_softmax(x, axis=1)", [F]),
    ("keras.ops.gelu", "return ops.gelu(x)", [F]),
    ("keras.ops.gelu", "return ops.gelu(x, approximate=False)", [F]),
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [F]) for n in ("relu", "sigmoid", "tanh", "exp", "square",
                                                                "abs", "silu", "negative")],
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [(F, "pos")]) for n in ("sqrt", "log")],
    ("keras.ops.maximum", "return ops.maximum(x0, x1)", [F, F]),
    ("keras.ops.maximum", "return ops.maximum(x, 0.5)", [F]),
    ("keras.ops.minimum", "return ops.minimum(x0, x1)", [F, F]),
    ("keras.ops.minimum", "return ops.minimum(x, 0.5)", [F]),
    ("keras.ops.matmul", "return ops.matmul(x0, x1)", [F, (2, 4, 5)]),
    ("keras.ops.concatenate", "return ops.concatenate([x0, x1], axis=1)", [F, F]),
    ("keras.ops.stack", "return ops.stack([x0, x1], axis=1)", [F, F]),
    ("keras.ops.broadcast_to", "return ops.broadcast_to(x, (2, 3, 4))", [(1, 3, 4)]),
    ("keras.ops.expand_dims", "return ops.expand_dims(x, 1)", [F]),
    ("keras.ops.tile", "return ops.tile(x, (1, 2, 1))", [F]),
    ("keras.ops.arange", "return x + ops.cast(ops.arange(4), 'float32')", [F]),
    ("keras.ops.arange", "return x + ops.cast(ops.arange(0, 8, 2), 'float32')", [F]),
    ("keras.ops.zeros", "return x + ops.zeros((3, 4))", [F]),
    ("keras.ops.ones", "return x * ops.ones((4,))", [F]),
    ("keras.ops.cast", "return ops.cast(x, 'float32') * 2.0", [(F, "int")]),
    ("keras.random.normal", "return x + 0.0 * keras.random.normal((2, 3, 4), stddev=0.5)", [F]),
    ("keras.ops.squeeze", "return ops.squeeze(x, axis=1)", [(2, 1, 4)]),
    ("keras.ops.einsum", "return ops.einsum('bij,bjk->bik', x0, x1)", [F, (2, 4, 5)]),
    ("keras.ops.where", "return ops.where(x0 > 0, x0, x1)", [F, F]),
    ("keras.ops.prod", "return ops.prod(x, axis=-1)", [F]),
    ("keras.ops.var", "return ops.var(x, axis=1)", [F]),
    ("keras.ops.std", "return ops.std(x, axis=(1, 2), keepdims=True)", [F]),
    ("keras.ops.argmax", "return ops.cast(ops.argmax(x, axis=-1), 'float32')", [F]),
    ("keras.ops.cumsum", "return ops.cumsum(x, axis=1)", [F]),
    ("keras.ops.clip", "return ops.clip(x, -0.5, 0.5)", [F]),
    ("keras.ops.power", "return ops.power(x, 3)", [F]),
    ("keras.ops.leaky_relu", "return ops.leaky_relu(x)", [F]),
    ("keras.ops.leaky_relu", "return ops.leaky_relu(x, negative_slope=0.1)", [F]),
    ("keras.ops.elu", "return ops.elu(x, alpha=0.5)", [F]),
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [F]) for n in ("softplus", "swish", "erf", "floor")],
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [(F, "pos")]) for n in ("log1p", "rsqrt")],
    *[(f"keras.activations.{n}", f"return keras.activations.{n}(x)", [F]) for n in
      ("sigmoid", "tanh", "exponential", "silu", "relu", "gelu", "softmax")],
    # ops_more.py: what the Keras writer emits for PyTorch's activations and math
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [F]) for n in (
        "relu6", "hard_sigmoid", "hard_silu", "hard_swish", "softsign", "log_sigmoid", "selu", "tanh_shrink",
        "hard_tanh", "cos", "sin", "tan", "arctan", "cosh", "sinh", "arcsinh", "erfc", "ceil",
        "trunc", "sign", "reciprocal")],
    *[(f"keras.ops.{n}", f"return ops.{n}(x * 0.9)", [(F, "pos")]) for n in ("log2", "log10", "expm1")],
    *[(f"keras.ops.{n}", f"return ops.{n}(ops.tanh(x) * 0.9)", [F]) for n in ("arccos", "arcsin", "arctanh",
                                                                              "erfinv")],
    ("keras.ops.arccosh", "return ops.arccosh(x + 1.0)", [(F, "pos")]),
    *[(f"keras.ops.{n}", f"return ops.cast(ops.{n}(x), 'float32')", [F]) for n in ("isnan", "isinf", "isfinite")],
    ("keras.ops.logical_not", "return ops.cast(ops.logical_not(x > 0), 'float32')", [F]),
    ("keras.activations.mish", "return keras.activations.mish(x)", [F]),
    ("keras.ops.celu", "return ops.celu(x, alpha=0.5)", [F]),
    ("keras.ops.celu", "return ops.celu(x)", [F]),
    ("keras.ops.glu", "return ops.glu(x)", [F]),
    ("keras.ops.glu", "return ops.glu(x, axis=1)", [(2, 4, 3)]),
    ("keras.ops.soft_shrink", "return ops.soft_shrink(x)", [F]),
    ("keras.ops.hard_shrink", "return ops.hard_shrink(x, threshold=0.3)", [F]),
    *[(f"keras.ops.{n}", f"return ops.{n}(x0, x1)", [F, (F, "pos")]) for n in (
        "arctan2", "fmod", "mod", "floor_divide", "divide", "multiply", "add", "subtract")],
    *[(f"keras.ops.{n}", f"return ops.cast(ops.{n}(x0 > 0, x1 > 0), 'float32')", [F, F])
      for n in ("logical_and", "logical_or", "logical_xor")],
    ("keras.ops.outer", "return ops.outer(x0, x1)", [(3,), (4,)]),
    ("keras.ops.swapaxes", "return ops.swapaxes(x, 1, 2)", [F]),
    ("keras.ops.moveaxis", "return ops.moveaxis(x, 0, -1)", [F]),
    ("keras.ops.flip", "return ops.flip(x, axis=1)", [F]),
    ("keras.ops.roll", "return ops.roll(x, 2, axis=2)", [F]),
    ("keras.ops.tril", "return ops.tril(x)", [F]),
    ("keras.ops.triu", "return ops.triu(x, k=1)", [F]),
    ("keras.ops.unstack", "return ops.unstack(x, axis=1)", [F]),
    ("keras.ops.zeros_like", "return x + ops.zeros_like(x)", [F]),
    ("keras.ops.ones_like", "return x * ops.ones_like(x)", [F]),
    ("keras.ops.full", "return x + ops.full((3, 4), 0.5)", [F]),
    ("keras.ops.full_like", "return x + ops.full_like(x, 2.0)", [F]),
    ("keras.ops.logsumexp", "return ops.logsumexp(x, axis=1)", [F]),
    ("keras.ops.any", "return ops.cast(ops.any(x > 1.0, axis=1), 'float32')", [F]),
    ("keras.ops.all", "return ops.cast(ops.all(x > -1.0, axis=-1, keepdims=True), 'float32')", [F]),
    ("keras.ops.argmin", "return ops.cast(ops.argmin(x, axis=1), 'float32')", [F]),
    ("keras.ops.eye", "return x + ops.eye(3, 4)", [F]),
    *[(f"keras.ops.{n}", f"return ops.{n}(x)", [F]) for n in ("exp2", "round")],
    *[(f"keras.ops.{n}", f"return ops.cast(ops.{n}(x / 0.0), 'float32')", [F]) for n in ("isposinf", "isneginf")],
    *[(f"keras.ops.{n}", f"return ops.{n}(x0, x1)", [F, F]) for n in ("fmax", "fmin", "hypot", "inner")],
    ("keras.ops.isclose", "return ops.cast(ops.isclose(x0, x0 + x1 * 1e-6, atol=1e-7), 'float32')", [F, F]),
    ("keras.ops.nan_to_num", "return ops.nan_to_num(ops.log(x - 1.0), nan=0.5)", [(F, "pos")]),
    ("keras.ops.nansum", "return ops.nansum(ops.log(x - 1.0), axis=1)", [(F, "pos")]),
    ("keras.ops.nanmean", "return ops.nanmean(x, axis=-1, keepdims=True)", [F]),
    ("keras.ops.cumprod", "return ops.cumprod(x, axis=2)", [F]),
    ("keras.ops.count_nonzero", "return ops.cast(ops.count_nonzero(ops.relu(x), axis=1), 'float32')", [F]),
    ("keras.ops.diag", "return ops.diag(x, k=1)", [(4, 4)]),
    ("keras.ops.diagonal", "return ops.diagonal(x, offset=1, axis1=1, axis2=2)", [F]),
    ("keras.ops.argsort", "return ops.cast(ops.argsort(x, axis=1), 'float32')", [F]),
    ("keras.ops.top_k", "v, i = ops.top_k(x, 2)\nreturn v, ops.cast(i, 'float32')", [F]),
    ("keras.ops.norm", "return ops.norm(x, axis=-1)", [F]),
    ("keras.ops.norm", "return ops.norm(x, ord=1, axis=1, keepdims=True)", [F]),
    ("keras.ops.repeat", "return ops.repeat(x, 2, axis=1)", [F]),
    ("keras.ops.take_along_axis", "return ops.take_along_axis(x, ops.argsort(x, axis=2), axis=2)", [F]),
    ("keras.ops.ndim", "return x * ops.ndim(x)", [F]),
    ("keras.ops.stop_gradient", "return ops.stop_gradient(x) * 2.0", [F]),
    ("keras.ops.hstack", "return ops.hstack([x0, x1])", [F, F]),
    ("keras.ops.take", "return ops.take(x, ops.arange(1, 3), axis=1)", [F]),
    ("keras.ops.take", "return ops.take(x, ops.arange(5))", [F]),
    ("keras.ops.convert_to_tensor", "return x + ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0])", [F]),
    ("keras.ops.linspace", "return x + ops.linspace(0.0, 1.0, 4)", [F]),
    ("keras.random.uniform", "return x + 0.0 * keras.random.uniform((2, 3, 4))", [F]),
    # other bounds, as expressions: every draw in [4, 4.5) in both (torch.rand scaled and shifted)
    ("keras.random.uniform", "s = 2.0\nu = keras.random.uniform((2, 3, 4), minval=s + 2.0, maxval=2 * s + 0.5)\n"
     "return x * 0.0 + ops.cast(u >= 4.0, 'float32') * ops.cast(u < 4.5, 'float32')", [F]),
    ("keras.random.uniform", "u = keras.random.uniform((2, 3, 4), maxval=0.25)\n"
     "return x * 0.0 + ops.cast(u < 0.25, 'float32')", [F]),
    ("keras.random.randint", "return x + 0.0 * ops.cast(keras.random.randint((2, 3, 4), 0, 5), 'float32')", [F]),
    ("keras.random.dropout", "return ops.sum(x) * 0.0 + ops.sum(ops.cast(keras.random.dropout(x, 0.0) == x, 'float32'))",
     [F]),
    ("keras.ops.transpose", "return ops.transpose(x)", [(3, 4)]),   # every axis reversed: torch.t
    ("keras.ops.meshgrid", "a, b = ops.meshgrid(x0, x1)\nreturn a * b", [(3,), (4,)]),
    ("keras.ops.meshgrid", "a, b = ops.meshgrid(x0, x1, indexing='ij')\nreturn a + b", [(3,), (4,)]),
    ("keras.ops.split", "a, b = ops.split(x, [1], axis=1)\nreturn a, b", [F]),
    ("keras.ops.split", "return ops.split(x, 2, axis=-1)", [F]),
    ("keras.ops.arange", "return x + ops.cast(ops.arange(0, 4, dtype='int64'), x.dtype)", [F]),
    ("keras.ops.eye", "return x + ops.eye(3, 4, dtype=x.dtype)", [F]),
    ("keras.ops.eye", "return x + ops.eye(4, None, dtype=x.dtype)", [(2, 4, 4)]),
]


@pytest.mark.parametrize("api,body,inputs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_op(api, body, inputs):
    run(body, inputs)


def test_every_keras_reader_has_a_case():
    from nnport.frameworks.keras.reading.source_tables import FUNCTIONS
    import test_ops_tf
    import test_initializers
    from nnport.frameworks.keras.reading import initializers
    from nnport.frameworks.keras.reading.support_helpers import MODULE
    covered = {c[0] for c in CASES} | {c[0] for c in test_ops_tf.CASES} | {
        initializers.MODULE + "." + c[0].split("(")[0].rsplit(".", 1)[1] for c in test_initializers.CASES}
    # training code (optimizers, schedules, losses, clipping): tests/keras_reading/test_keras_training.py,
    # trained on both sides; an API counts when one of its cases builds it
    import re
    import test_keras_training as kt
    texts = [*kt.OPTIMIZERS.values(), *(s for pair in kt.SCHEDULES.values() for s in pair),
             *(loss for loss, _ in kt.LOSSES.values()), *kt.CLIPS]
    covered |= {m for t in texts for m in re.findall(r"((?:keras|tensorflow|tf)\.[\w.]+)\(", t)}
    covered = {c.replace("tf.", "tensorflow.", 1) if c.startswith("tf.") else c for c in covered}
    # the writer's helpers: tests/keras_reading/test_support_helpers.py
    assert sorted(e.api for e in FUNCTIONS if e.api not in covered and not e.api.startswith(MODULE)) == []


@pytest.mark.parametrize("body,message", [
    ("return ops.where(x > 0)", "data-dependent"),
    ("return ops.cumsum(x)", "flattened"),
    ("return ops.cast(x, 'complex64')", "complex64"),
    ("return ops.flip(x)", "axis=None"),
    ("return x + ops.eye(3, 4, k=1)", "diagonal offset"),
])
def test_refused_with_a_reason(body, message):
    import nnport
    from subclass_check import source
    c = nnport.convert(source(body, [F]), source="keras", to="torch")
    assert any(message in d.message for d in c.issues), [d.message for d in c.diagnostics]
