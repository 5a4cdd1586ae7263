"""PyTorch nn.Bilinear as a Keras layer, and the embedding initialiser for padding_idx (copied into
translated code)."""
import math

import keras
from keras import layers, ops


class Bilinear(layers.Layer):
    """PyTorch nn.Bilinear: y = x1 @ weight[o] @ x2 + bias[o], weight (out, in1, in2)."""

    def __init__(self, in1_features, in2_features, out_features, bias=True, **kwargs):
        super().__init__(**kwargs)
        bound = 1 / math.sqrt(in1_features)
        init = keras.initializers.RandomUniform(-bound, bound)
        self.weight = self.add_weight(shape=(out_features, in1_features, in2_features), initializer=init,
                                      name="weight")
        self.bias = self.add_weight(shape=(out_features,), initializer=init, name="bias") if bias else None

    def call(self, input1, input2):
        y = ops.einsum("...i,oij,...j->...o", input1, self.weight, input2)
        return y if self.bias is None else y + self.bias


class PaddedEmbeddingInit(keras.initializers.Initializer):
    """PyTorch's nn.Embedding initialisation: N(0, 1), the padding_idx row zero."""

    def __init__(self, padding_idx, seed=None):
        self.padding_idx = padding_idx
        self.normal = keras.initializers.RandomNormal(0.0, 1.0, seed=seed)   # its own seed: a layer
        # built inside another's call cannot draw from the global seed generator

    def __call__(self, shape, dtype=None):
        values = self.normal(shape, dtype=dtype)
        row = ops.arange(shape[0])[:, None] == self.padding_idx % shape[0]
        return ops.where(row, ops.zeros_like(values), values)
