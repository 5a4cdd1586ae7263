"""Denoising convolutional autoencoder for 28x28 digits: padded to 32x32 (ZeroPadding2D), encoded
with strided convolutions, decoded with Conv2DTranspose and UpSampling2D, cropped back (Cropping2D)."""
import numpy as np
import tensorflow as tf


def Model(latent_filters=8):
    inputs = tf.keras.Input(shape=(28, 28, 1))
    x = tf.keras.layers.GaussianNoise(0.1)(inputs)          # noise in training only
    x = tf.keras.layers.ZeroPadding2D(padding=2)(x)          # 32x32
    x = tf.keras.layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)   # 16x16
    x = tf.keras.layers.Conv2D(latent_filters, 3, strides=2, padding="same", activation="relu")(x)  # 8x8
    encoded = tf.keras.layers.MaxPooling2D(2, padding="same", name="code")(x)            # 4x4

    x = tf.keras.layers.Conv2DTranspose(latent_filters, 3, strides=2, padding="same",
                                        activation="relu")(encoded)                      # 8x8
    x = tf.keras.layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(x)  # 16x16
    x = tf.keras.layers.UpSampling2D(size=(2, 2))(x)                                      # 32x32
    x = tf.keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    decoded = tf.keras.layers.Cropping2D(cropping=((2, 2), (2, 2)))(x)                    # 28x28
    return tf.keras.Model(inputs, decoded, name="conv_autoencoder")


def get_init_inputs():
    return [8]


def get_inputs():
    rng = np.random.default_rng(31)
    return [rng.random((2, 28, 28, 1), dtype=np.float32)]
