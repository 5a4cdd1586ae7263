"""The reader tables against the real Keras API: every key names a Keras class, every layer with
weights that a reader turns into PyTorch modules has a weight conversion."""
import importlib

import pytest

from nnport.frameworks.keras.reading import READERS
from nnport.frameworks.keras.reading.registry import reader
from nnport.frameworks.keras.reading.weights import WEIGHTS


def _resolve(api: str):
    module, _, name = api.rpartition(".")
    if api.startswith(("keras.layers.", "keras._legacy.layers.")):   # the legacy path: tf.keras's AlphaDropout
        import keras
        return getattr(keras.layers, name, None)
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


@pytest.mark.parametrize("api", sorted(READERS))
def test_reader_key_is_a_keras_class(api):
    cls = _resolve(api)
    assert isinstance(cls, type), f"{api} is not a Keras class"
    from nnport.frameworks.keras.shapes import class_name
    if api.startswith("keras.layers."):   # the name shapes.class_name gives its instances
        assert class_name(cls.__new__(cls)) == api


def test_weight_conversions_belong_to_readers():
    assert set(WEIGHTS) <= set(READERS)


def test_layers_with_weights_have_conversions():
    import keras
    with_weights = {"Dense", "EinsumDense", "Embedding", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose",
                    "Conv2DTranspose", "Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D",
                    "SeparableConv1D", "SeparableConv2D", "BatchNormalization", "LayerNormalization",
                    "GroupNormalization", "RMSNormalization", "PReLU", "LSTM", "GRU", "SimpleRNN",
                    "Bidirectional", "MultiHeadAttention", "Attention", "AdditiveAttention", "Normalization"}
    for name in with_weights:
        assert hasattr(keras.layers, name)
        assert f"keras.layers.{name}" in WEIGHTS, name


def test_duplicate_reader_is_refused():
    with pytest.raises(KeyError, match="duplicate"):
        reader("keras.layers.Dense")(lambda config, inputs, ctx: [])
