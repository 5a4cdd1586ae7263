"""keras.ops in a functional graph (and in traced Lambda layers): reading/ops.py, equal to Keras."""
import pytest
from keras import layers, ops

from keras_reading.layer_check import check


def _apply(fn):
    """A pseudo-layer: `fn` applied to the keras.Input tensors (ops on KerasTensors make graph nodes)."""
    return (lambda: None), (lambda layer, ins: fn(*ins))


CASES = [
    ("getitem", lambda x: x[:, 1:3, ::2] + x[:, :2, -3:], (2, 4, 6)),
    ("getitem_int", lambda x: x[:, 0], (2, 4, 6)),
    ("reshape_transpose", lambda x: ops.reshape(ops.transpose(x, (0, 2, 1)), (-1, 24)), (2, 4, 6)),
    ("expand_squeeze_stack", lambda x: ops.stack([ops.squeeze(ops.expand_dims(x, 1), 1), x * 2], axis=1), (2, 4, 6)),
    ("softmax_relu_sigmoid", lambda x: ops.softmax(ops.relu(x), axis=1) + ops.sigmoid(x), (2, 4, 6)),
    ("einsum_clip", lambda x: ops.clip(ops.einsum("btd,bsd->bts", x, x), -1.0, 1.0), (2, 4, 6)),
    ("reductions", lambda x: ops.concatenate([ops.mean(x, axis=1), ops.max(x, axis=1), ops.sum(x, axis=1)], -1),
     (2, 4, 6)),
    ("cast_any", lambda x: ops.cast(ops.any(ops.not_equal(x, 0.5), axis=-1), "float32"), (2, 4, 6)),
    ("transpose_then_conv", lambda x: layers.Conv2D(3, 1)(ops.transpose(x, (0, 2, 1, 3))), (2, 4, 5, 2)),
    ("masking", lambda x: layers.Masking(0.0)(x), (2, 4, 6)),
]


@pytest.mark.parametrize("fn, shape", [pytest.param(f, s, id=i) for i, f, s in CASES])
def test_op(fn, shape):
    make, call = _apply(fn)
    check(make, shape, call=call)


def test_lambda_with_ops():
    check(lambda: layers.Lambda(lambda x: ops.sqrt(ops.maximum(ops.sum(ops.square(x), axis=-1, keepdims=True),
                                                               1e-7))), (3, 5))
