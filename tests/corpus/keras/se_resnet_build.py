"""Squeeze-and-Excitation ResNet units as subclassed layers whose sublayers are created in
build() from the input's channel count; dilated convolutions; training passed to BatchNormalization
explicitly; a subclassed Model with call(self, x, training=None)."""
import numpy as np
import keras
from keras import layers, ops


class SqueezeExcite(layers.Layer):
    def __init__(self, ratio=4, **kwargs):
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape):
        channels = input_shape[-1]
        self.squeeze = layers.Dense(max(1, channels // self.ratio), activation="relu")
        self.excite = layers.Dense(channels, activation="sigmoid")
        self.squeeze.build((None, channels))
        self.excite.build((None, max(1, channels // self.ratio)))

    def call(self, x):
        s = ops.mean(x, axis=(1, 2))                       # squeeze: (B, C)
        s = self.excite(self.squeeze(s))
        return x * ops.reshape(s, (-1, 1, 1, ops.shape(s)[-1]))


class SEResidualUnit(layers.Layer):
    def __init__(self, filters, strides=1, dilation_rate=1, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.strides = strides
        self.conv1 = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(filters, 3, padding="same", dilation_rate=dilation_rate,
                                   use_bias=False)
        self.bn2 = layers.BatchNormalization()
        self.se = SqueezeExcite()

    def build(self, input_shape):
        if self.strides != 1 or input_shape[-1] != self.filters:
            self.shortcut = keras.Sequential([
                layers.Conv2D(self.filters, 1, strides=self.strides, use_bias=False),
                layers.BatchNormalization(),
            ])
        else:
            self.shortcut = None

    def call(self, x, training=None):
        y = ops.relu(self.bn1(self.conv1(x), training=training))
        y = self.bn2(self.conv2(y), training=training)
        y = self.se(y)
        shortcut = x if self.shortcut is None else self.shortcut(x, training=training)
        return ops.relu(y + shortcut)


class Model(keras.Model):
    def __init__(self, num_classes=10, widths=(8, 16)):
        super().__init__()
        self.stem = layers.Conv2D(widths[0], 3, padding="same", activation="relu")
        self.units = [SEResidualUnit(widths[0]),
                      SEResidualUnit(widths[1], strides=2),
                      SEResidualUnit(widths[1], dilation_rate=2)]
        self.pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    def call(self, x, training=None):
        x = self.stem(x)
        for unit in self.units:
            x = unit(x, training=training)
        return self.fc(self.pool(x))


def get_init_inputs():
    return [10, (8, 16)]


def get_inputs():
    rng = np.random.default_rng(46)
    return [rng.normal(size=(2, 16, 16, 3)).astype("float32")]
