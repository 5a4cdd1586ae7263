"""keras/source_transfer.py: Keras -> PyTorch weights of subclassed models, by assignment order."""
import numpy as np
import pytest

from nnport.errors import WeightTransferError


def _pair(torch_module):
    import keras
    import torch

    class K(keras.Model):
        def __init__(self):
            super().__init__()
            self.fc = keras.layers.Dense(3)

        def call(self, x):
            return self.fc(x)

    class T(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch_module

        def forward(self, x):
            return self.fc(x)

    km = K()
    km(np.ones((1, 4), "float32"))
    return km, T()


def test_dense_to_linear_values():
    import torch
    import nnport
    km, tm = _pair(torch.nn.Linear(4, 3))
    nnport.transfer_weights(km, tm)
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    np.testing.assert_allclose(tm(torch.from_numpy(x)).detach().numpy(), np.asarray(km(x)), rtol=1e-6)


def test_kind_mismatch_raises():
    import torch
    import nnport
    km, tm = _pair(torch.nn.Conv1d(4, 3, 1))
    with pytest.raises(WeightTransferError, match="Dense paired with a PyTorch Conv1d"):
        nnport.transfer_weights(km, tm)


def test_shape_mismatch_raises():
    import torch
    import nnport
    km, tm = _pair(torch.nn.Linear(5, 3))
    with pytest.raises(WeightTransferError, match="shape"):
        nnport.transfer_weights(km, tm)


def test_lazy_module_needs_a_call_first():
    import torch
    import nnport
    km, tm = _pair(torch.nn.LazyLinear(3))
    with pytest.raises(WeightTransferError, match="example_inputs"):
        nnport.transfer_weights(km, tm)
    nnport.transfer_weights(km, tm, example_inputs=[np.ones((1, 4), "float32")])
    assert tm.fc.weight.shape == (3, 4)
