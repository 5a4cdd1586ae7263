"""Normalisation layers side by side on an image feature map: BatchNormalization with non-default
momentum/epsilon and without center/scale, LayerNormalization over the channels and over
(H, W, C), GroupNormalization, UnitNormalization, RMSNormalization."""
import numpy as np
import tensorflow as tf


def Model(channels=8, num_classes=3):
    inputs = tf.keras.Input(shape=(12, 12, 3))
    x = tf.keras.layers.Conv2D(channels, 3, padding="same")(inputs)
    x = tf.keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5)(x)
    x = tf.keras.layers.Activation("relu")(x)
    x = tf.keras.layers.Conv2D(channels, 3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization(center=False, scale=False)(x)
    x = tf.keras.layers.Conv2D(channels * 2, 3, padding="same")(x)
    x = tf.keras.layers.GroupNormalization(groups=4, epsilon=1e-5)(x)
    x = tf.keras.layers.Activation("swish")(x)
    x = tf.keras.layers.Conv2D(channels * 2, 3, strides=2, padding="same")(x)
    x = tf.keras.layers.LayerNormalization(axis=-1, epsilon=1e-5)(x)
    x = tf.keras.layers.LayerNormalization(axis=[1, 2, 3], center=False)(x)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    x = tf.keras.layers.Dense(16, activation="relu")(x)
    x = tf.keras.layers.UnitNormalization(axis=-1)(x)
    x = tf.keras.layers.RMSNormalization(epsilon=1e-6)(x)
    outputs = tf.keras.layers.Dense(num_classes)(x)
    return tf.keras.Model(inputs, outputs, name="norm_zoo")


def get_init_inputs():
    return [8, 3]


def get_inputs():
    rng = np.random.default_rng(52)
    return [rng.normal(loc=2.0, scale=3.0, size=(4, 12, 12, 3)).astype("float32")]
