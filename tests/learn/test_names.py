"""Canonical names and the tables' 'written' cells meet on the same spelling."""
from nnport.learn import names
from nnport.learn.tokens import tokenize


def test_canonical_and_written():
    assert names.canonical("torch.nn.modules.conv.Conv2d") == "torch.nn.Conv2d"
    assert names.canonical("keras.src.layers.core.dense.Dense") == "keras.layers.Dense"
    assert names.from_written("keras", "layers.Dense") == "keras.layers.Dense"
    assert names.from_written("mxnet", "F.relu") == "mxnet.nd.relu"
    assert names.from_written("flax", "jnp.abs") == "jax.numpy.abs"
    assert names.from_written("keras", "an expression") is None
    assert names.kind_of("torch.nn.Linear") == "layer" and names.kind_of("torch.cat") == "function"


def test_tokens_share_subwords():
    assert tokenize("kernel_size='same', <kw>(x)") == ["kernel", "size", "=", "'same'", ",", "<kw>", "(", "x", ")"]
