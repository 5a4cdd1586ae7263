"""DCGAN generator from the TensorFlow tutorial: Dense -> Reshape -> strided Conv2DTranspose."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def Model(noise_dim=32, base_filters=32):
    model = tf.keras.Sequential(name="generator")
    model.add(layers.Input(shape=(noise_dim,)))
    model.add(layers.Dense(7 * 7 * base_filters * 2, use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Reshape((7, 7, base_filters * 2)))

    model.add(layers.Conv2DTranspose(base_filters, (5, 5), strides=(1, 1), padding="same", use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(base_filters // 2, (5, 5), strides=(2, 2), padding="same",
                                     use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", use_bias=False,
                                     activation="tanh"))
    return model


def get_init_inputs():
    return [32, 32]


def get_inputs():
    rng = np.random.default_rng(3)
    return [rng.standard_normal((2, 32), dtype=np.float32)]
