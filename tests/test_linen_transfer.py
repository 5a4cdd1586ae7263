"""load_linen (frameworks/flax/linen/transfer.py): a Linen variables dict into an NNX model, by path,
through the rewrite's names map, fused LSTM gates; every mismatch raises."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import linen as nn
from flax import nnx

from nnport.frameworks.flax.linen.transfer import load_linen


class Holder(nnx.Module):
    def __init__(self, *, rngs):
        self.dense_layers = nnx.List([nnx.Linear(3, 4, rngs=rngs), nnx.Linear(4, 2, rngs=rngs)])
        self.net = nnx.Sequential(nnx.Linear(2, 2, rngs=rngs), nnx.relu, nnx.Linear(2, 1, rngs=rngs))


def _linen_holder_vars():
    class L(nn.Module):
        @nn.compact
        def __call__(self, x):
            for f in (4, 2):
                x = nn.Dense(f)(x)
            return nn.Sequential([nn.Dense(2), nn.relu, nn.Dense(1)], name="net")(x)
    x = jnp.ones((1, 3))
    return L(), L().init(jax.random.key(3), x), x


def test_names_map_and_sequential_paths():
    linen, variables, x = _linen_holder_vars()
    model = Holder(rngs=nnx.Rngs(0))
    # compact: the Sequential's layers are Linen children of the module running compact (Dense_2, _3)
    names = {("Holder", "Dense_0"): "dense_layers.0", ("Holder", "Dense_1"): "dense_layers.1",
             ("Holder", "Dense_2"): "net.layers.0", ("Holder", "Dense_3"): "net.layers.2"}
    assert load_linen(model, variables, names) == 8
    want = linen.apply(variables, x)
    got = model.net(model.dense_layers[1](model.dense_layers[0](x)))
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-6)


def test_unmapped_module_raises():
    _, variables, _ = _linen_holder_vars()
    with pytest.raises(ValueError, match="no NNX module"):
        load_linen(Holder(rngs=nnx.Rngs(0)), variables)


def test_fused_lstm_gates():
    cell = nn.OptimizedLSTMCell(5)
    x = jax.random.normal(jax.random.key(1), (2, 3))
    carry = cell.initialize_carry(jax.random.key(0), x.shape)
    variables = cell.init(jax.random.key(2), carry, x)
    variables = jax.tree.map(lambda v: v + 0.1, variables)        # biases off zero
    model = nnx.OptimizedLSTMCell(3, 5, rngs=nnx.Rngs(0))
    load_linen(model, variables)
    want = cell.apply(variables, carry, x)
    np.testing.assert_allclose(np.asarray(model(carry, x)[1]), np.asarray(want[1]), rtol=1e-5, atol=1e-6)


def test_shape_mismatch_raises():
    variables = {"params": {"kernel": np.zeros((4, 4), "float32"), "bias": np.zeros(4, "float32")}}
    with pytest.raises(ValueError, match="does not fit"):
        load_linen(nnx.Linear(3, 4, rngs=nnx.Rngs(0)), variables)


def test_nnx_variable_left_unset_raises():
    variables = {"params": {"kernel": np.zeros((3, 4), "float32")}}
    with pytest.raises(ValueError, match="no Linen value"):
        load_linen(nnx.Linear(3, 4, rngs=nnx.Rngs(0)), variables)
