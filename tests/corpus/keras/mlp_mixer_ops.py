"""MLP-Mixer written with keras.ops only (backend-agnostic Keras 3 code): token mixing by
ops.transpose + Dense, channel mixing, ops.mean pooling; a subclassed Model of custom Layers."""
import numpy as np
import keras
from keras import layers, ops


class MLPBlock(layers.Layer):
    def __init__(self, hidden_dim, out_dim, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.fc1 = layers.Dense(hidden_dim)
        self.fc2 = layers.Dense(out_dim)
        self.dropout = layers.Dropout(dropout)

    def call(self, x, training=None):
        x = ops.gelu(self.fc1(x), approximate=False)
        x = self.dropout(x, training=training)
        return self.fc2(x)


class MixerLayer(layers.Layer):
    def __init__(self, num_patches, dim, token_hidden, channel_hidden, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.token_mixing = MLPBlock(token_hidden, num_patches, dropout)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.channel_mixing = MLPBlock(channel_hidden, dim, dropout)

    def call(self, x, training=None):
        y = self.norm1(x)
        y = ops.transpose(y, axes=(0, 2, 1))             # (B, dim, patches): mix across tokens
        y = self.token_mixing(y, training=training)
        x = x + ops.transpose(y, axes=(0, 2, 1))
        y = self.channel_mixing(self.norm2(x), training=training)
        return x + y


class Model(keras.Model):
    def __init__(self, image_size=32, patch_size=8, dim=32, depth=2, token_hidden=16,
                 channel_hidden=64, num_classes=10, dropout=0.1):
        super().__init__()
        num_patches = (image_size // patch_size) ** 2
        self.stem = layers.Conv2D(dim, patch_size, strides=patch_size)
        self.mixers = [MixerLayer(num_patches, dim, token_hidden, channel_hidden, dropout)
                       for _ in range(depth)]
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.head = layers.Dense(num_classes, kernel_initializer="zeros")

    def call(self, images, training=None):
        x = self.stem(images)
        x = ops.reshape(x, (ops.shape(x)[0], -1, ops.shape(x)[-1]))
        for mixer in self.mixers:
            x = mixer(x, training=training)
        x = self.norm(x)
        x = ops.mean(x, axis=1)
        return ops.softmax(self.head(x), axis=-1)


def get_init_inputs():
    return [32, 8, 32, 2, 16, 64, 10, 0.1]


def get_inputs():
    rng = np.random.default_rng(45)
    return [rng.normal(size=(2, 32, 32, 3)).astype("float32")]
