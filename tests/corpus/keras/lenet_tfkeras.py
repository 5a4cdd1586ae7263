"""LeNet-5 written the TensorFlow 2 way: tf.keras.Sequential, tanh activations, average pooling."""
import numpy as np
import tensorflow as tf


def Model(num_classes=10):
    model = tf.keras.Sequential(name="lenet5")
    model.add(tf.keras.layers.InputLayer(shape=(28, 28, 1)))
    model.add(tf.keras.layers.Conv2D(6, kernel_size=5, padding="same", activation="tanh"))
    model.add(tf.keras.layers.AveragePooling2D(pool_size=2, strides=2))
    model.add(tf.keras.layers.Conv2D(16, kernel_size=5, activation="tanh"))
    model.add(tf.keras.layers.AveragePooling2D(pool_size=2, strides=2))
    model.add(tf.keras.layers.Flatten())
    model.add(tf.keras.layers.Dense(120, activation="tanh"))
    model.add(tf.keras.layers.Dense(84, activation="tanh"))
    model.add(tf.keras.layers.Dense(num_classes, activation="softmax"))
    return model


def get_init_inputs():
    return [10]


def get_inputs():
    rng = np.random.default_rng(2)
    return [rng.random((2, 28, 28, 1), dtype=np.float32)]
