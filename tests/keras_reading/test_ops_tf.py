"""Raw TensorFlow readers (CST route): tf.* in a Keras model's `call` against the PyTorch its
translation runs, on random inputs."""
import pytest

from subclass_check import run

F = (2, 3, 4)
CASES = [
    ("tensorflow.reshape", "return tf.reshape(x, (-1, 4))", [F]),
    ("tensorflow.matmul", "return tf.matmul(x0, x1)", [F, (2, 4, 5)]),
    ("tensorflow.matmul", "return tf.matmul(x0, x1, transpose_b=True)", [F, (2, 5, 4)]),
    ("tensorflow.matmul", "return tf.matmul(x0, x1, transpose_a=True)", [F, (2, 3, 5)]),
    ("tensorflow.linalg.matmul", "return tf.linalg.matmul(x0, x1)", [F, (2, 4, 5)]),
    ("tensorflow.concat", "return tf.concat([x0, x1], axis=-1)", [F, F]),
    ("tensorflow.stack", "return tf.stack([x0, x1])", [F, F]),
    ("tensorflow.transpose", "return tf.transpose(x, perm=[2, 0, 1])", [F]),
    ("tensorflow.shape", "return tf.reshape(x, (tf.shape(x)[0], -1))", [F]),
    ("tensorflow.reduce_max", "return tf.reduce_max(x, axis=1)", [F]),
    ("tensorflow.reduce_min", "return tf.reduce_min(x, axis=[1, 2])", [F]),
    ("tensorflow.reduce_mean", "return tf.reduce_mean(x, axis=-1, keepdims=True)", [F]),
    ("tensorflow.reduce_sum", "return tf.reduce_sum(x)", [F]),
    ("tensorflow.expand_dims", "return tf.expand_dims(x, 0)", [F]),
    ("tensorflow.tile", "return tf.tile(x, [2, 1, 3])", [F]),
    ("tensorflow.eye", "return x + tf.eye(4)", [(2, 4, 4)]),
    ("tensorflow.range", "return x + tf.cast(tf.range(4), tf.float32)", [F]),
    ("tensorflow.range", "return x + tf.cast(tf.range(start=0, limit=8, delta=2), tf.float32)", [F]),
    ("tensorflow.cast", "return tf.cast(x, tf.float32) + 1.0", [(F, "int")]),
    ("tensorflow.float32", "return tf.cast(x, dtype=tf.float32)", [(F, "int")]),
    ("tensorflow.int32", "return tf.cast(tf.cast(x, tf.int32), tf.float32)", [F]),
    ("tensorflow.int64", "return tf.cast(tf.cast(x, tf.int64), tf.float32)", [F]),
    ("tensorflow.nn.relu", "return tf.nn.relu(x)", [F]),
    ("tensorflow.nn.softmax", "return tf.nn.softmax(x)", [F]),
    ("tensorflow.nn.softmax", "return tf.nn.softmax(x, axis=1)", [F]),
    ("tensorflow.nn.log_softmax", "return tf.nn.log_softmax(x)", [F]),
    ("tensorflow.nn.sigmoid", "return tf.nn.sigmoid(x)", [F]),
    ("tensorflow.nn.gelu", "return tf.nn.gelu(x)", [F]),
    ("tensorflow.maximum", "return tf.maximum(x, 1.0)", [F]),
    ("tensorflow.minimum", "return tf.minimum(x0, x1)", [F, F]),
    ("tensorflow.math.maximum", "return tf.math.maximum(x0, x1)", [F, F]),
    ("tensorflow.math.minimum", "return tf.math.minimum(x, 0.0)", [F]),
    *[(f"tensorflow.{n}", f"return tf.{n}(x)", [(F, "pos")]) for n in ("sqrt", "square", "exp", "abs", "tanh")],
    *[(f"tensorflow.math.{n}", f"return tf.math.{n}(x)", [(F, "pos")]) for n in
      ("sqrt", "square", "exp", "abs", "tanh", "sigmoid", "log")],
    ("tensorflow.squeeze", "return tf.squeeze(x)", [(2, 1, 4)]),
    ("tensorflow.einsum", "return tf.einsum('bij,bjk->bik', x0, x1)", [F, (2, 4, 5)]),
    ("tensorflow.where", "return tf.where(x0 > 0, x0, x1)", [F, F]),
    ("tensorflow.reduce_prod", "return tf.reduce_prod(x, axis=1)", [F]),
    ("tensorflow.math.reduce_variance", "return tf.math.reduce_variance(x, axis=-1)", [F]),
    ("tensorflow.math.reduce_std", "return tf.math.reduce_std(x, axis=1, keepdims=True)", [F]),
    ("tensorflow.argmax", "return tf.cast(tf.argmax(x), tf.float32)", [F]),
    ("tensorflow.argmax", "return tf.cast(tf.argmax(x, axis=2), tf.float32)", [F]),
    ("tensorflow.math.cumsum", "return tf.math.cumsum(x, axis=2)", [F]),
    ("tensorflow.clip_by_value", "return tf.clip_by_value(x, -0.5, 0.5)", [F]),
    ("tensorflow.pow", "return tf.pow(x, 2.0)", [F]),
    ("tensorflow.nn.leaky_relu", "return tf.nn.leaky_relu(x, alpha=0.1)", [F]),
    ("tensorflow.nn.leaky_relu", "return tf.nn.leaky_relu(x)", [F]),
    *[(f"tensorflow.nn.{n}", f"return tf.nn.{n}(x)", [F]) for n in ("elu", "softplus", "silu", "tanh")],
    *[(f"tensorflow.math.{n}", f"return tf.math.{n}(x)", [(F, "pos")]) for n in ("erf", "log1p", "rsqrt", "floor")],
    ("tensorflow.math.equal", "return tf.cast(tf.math.equal(x, 3), tf.float32)", [(F, "int")]),
    ("tensorflow.equal", "return tf.cast(tf.equal(x0, x1), tf.float32)", [(F, "int"), (F, "int")]),
    ("tensorflow.math.not_equal", "return tf.cast(tf.math.not_equal(x, 0), tf.float32)", [(F, "int")]),
    ("tensorflow.not_equal", "return tf.cast(tf.not_equal(x, 0), tf.float32)", [(F, "int")]),
]


@pytest.mark.parametrize("api,body,inputs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_tf_op(api, body, inputs):
    run(body, inputs)


def test_refused_with_a_reason():
    import nnport
    from subclass_check import source
    c = nnport.convert(source("return tf.matmul(x, x, adjoint_b=True)", [F]), source="keras", to="torch")
    assert any("adjoint_b" in d.message for d in c.issues)
