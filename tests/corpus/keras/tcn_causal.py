"""Temporal convolutional network for forecasting: residual blocks of causal, dilated Conv1D
(dilation 1, 2, 4), weight-normalised-style He init, a 1x1 Conv1D when the width changes (made in
build()), SpatialDropout1D; the last step's features predict the next values."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


class TemporalBlock(layers.Layer):
    def __init__(self, filters, kernel_size, dilation_rate, dropout=0.1, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.conv1 = layers.Conv1D(filters, kernel_size, padding="causal",
                                   dilation_rate=dilation_rate, kernel_initializer="he_normal")
        self.conv2 = layers.Conv1D(filters, kernel_size, padding="causal",
                                   dilation_rate=dilation_rate, kernel_initializer="he_normal")
        self.drop1 = layers.SpatialDropout1D(dropout)
        self.drop2 = layers.SpatialDropout1D(dropout)

    def build(self, input_shape):
        self.downsample = (layers.Conv1D(self.filters, 1)
                           if input_shape[-1] != self.filters else None)

    def call(self, x, training=None):
        y = self.drop1(keras.activations.relu(self.conv1(x)), training=training)
        y = self.drop2(keras.activations.relu(self.conv2(y)), training=training)
        res = x if self.downsample is None else self.downsample(x)
        return keras.activations.relu(y + res)


class Model(keras.Model):
    def __init__(self, num_features=4, channels=(16, 16, 16), kernel_size=3, horizon=2):
        super().__init__()
        self.blocks = [TemporalBlock(c, kernel_size, dilation_rate=2 ** i)
                       for i, c in enumerate(channels)]
        self.head = layers.Dense(horizon * num_features)
        self.out_shape = layers.Reshape((horizon, num_features))

    def call(self, series, training=None):
        x = series
        for block in self.blocks:
            x = block(x, training=training)
        return self.out_shape(self.head(x[:, -1, :]))


def get_init_inputs():
    return [4, (16, 16, 16), 3, 2]


def get_inputs():
    rng = np.random.default_rng(53)
    return [rng.normal(size=(3, 24, 4)).astype("float32")]
