"""transfer_weights from a source read completely into its hub only (Keras -> PyTorch): into the hub
by the source skeleton's transfer; into another framework it refuses, naming the route."""
import numpy as np
import pytest

import nnport
from nnport.errors import WeightTransferError


def _keras_dense():
    keras = pytest.importorskip("keras")
    x = keras.Input((3,))
    return keras.Model(x, keras.layers.Dense(2, name="fc")(x))


def test_keras_into_torch_goes_by_the_source_skeleton():
    torch = pytest.importorskip("torch")
    km = _keras_dense()

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(3, 2)

        def forward(self, x):
            return self.fc(x)

    tm = Model()
    nnport.transfer_weights(km, tm)
    kernel, bias = (np.asarray(w) for w in km.get_layer("fc").get_weights())
    assert np.allclose(tm.fc.weight.detach().numpy(), kernel.T) and np.allclose(tm.fc.bias.detach().numpy(), bias)


def test_keras_into_flax_names_the_route_through_torch():
    nnx = pytest.importorskip("flax.nnx")
    km = _keras_dense()
    fm = nnx.Linear(3, 2, rngs=nnx.Rngs(0))
    with pytest.raises(WeightTransferError, match="keras weights go to flax through torch"):
        nnport.transfer_weights(km, fm)
