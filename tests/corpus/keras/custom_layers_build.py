"""Custom layers from the Keras guide "Making new layers and models via subclassing": a Linear
layer with weights made in build() by add_weight, a non-trainable running statistic, an activity
regularisation layer using add_loss, get_config, and an MLP model composing them."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class Linear(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="random_normal",
            trainable=True,
            name="w",
        )
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True, name="b")

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


class RunningMean(keras.layers.Layer):
    """Identity on its input; keeps a running mean of the batch means in training (a buffer)."""

    def __init__(self, momentum=0.9, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def build(self, input_shape):
        self.mean = self.add_weight(shape=(input_shape[-1],), initializer="zeros",
                                    trainable=False, name="mean")

    def call(self, inputs, training=None):
        if training:
            batch_mean = tf.reduce_mean(inputs, axis=0)
            self.mean.assign(self.momentum * self.mean + (1 - self.momentum) * batch_mean)
        return inputs


class ActivityRegularizationLayer(keras.layers.Layer):
    def __init__(self, rate=1e-2, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * tf.reduce_sum(tf.square(inputs)))
        return inputs


class Model(keras.Model):
    def __init__(self, hidden=32, num_outputs=1, **kwargs):
        super().__init__(**kwargs)
        self.linear_1 = Linear(hidden)
        self.stats = RunningMean()
        self.regularization = ActivityRegularizationLayer(1e-3)
        self.linear_2 = Linear(hidden)
        self.linear_3 = Linear(num_outputs)

    def call(self, inputs, training=None):
        x = tf.nn.relu(self.linear_1(inputs))
        x = self.stats(x, training=training)
        x = self.regularization(x)
        x = tf.nn.relu(self.linear_2(x))
        return self.linear_3(x)


def get_init_inputs():
    return [32, 1]


def get_inputs():
    rng = np.random.default_rng(47)
    return [rng.normal(size=(4, 12)).astype("float32")]
