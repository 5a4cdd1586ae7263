"""A CNN ported from a channels-first code base: every layer says data_format="channels_first",
batch normalisation normalises axis 1, and the model takes NCHW images."""
import numpy as np
import keras
from keras import layers

DATA_FORMAT = "channels_first"


def Model(in_channels=3, image_size=16, num_classes=6):
    inputs = keras.Input(shape=(in_channels, image_size, image_size))
    x = layers.Conv2D(16, 3, padding="same", data_format=DATA_FORMAT, use_bias=False)(inputs)
    x = layers.BatchNormalization(axis=1)(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2, data_format=DATA_FORMAT)(x)
    x = layers.Conv2D(32, 3, strides=2, padding="same", data_format=DATA_FORMAT,
                      activation="relu")(x)
    x = layers.ZeroPadding2D(1, data_format=DATA_FORMAT)(x)
    x = layers.DepthwiseConv2D(3, data_format=DATA_FORMAT, activation="relu")(x)
    x = layers.UpSampling2D(2, data_format=DATA_FORMAT)(x)
    x = layers.AveragePooling2D(2, data_format=DATA_FORMAT)(x)
    features = layers.GlobalAveragePooling2D(data_format=DATA_FORMAT)(x)
    flat = layers.Flatten(data_format=DATA_FORMAT)(x)
    x = layers.Concatenate()([features, layers.Dense(16, activation="relu")(flat)])
    outputs = layers.Dense(num_classes)(x)
    return keras.Model(inputs, outputs, name="cnn_nchw")


def get_init_inputs():
    return [3, 16, 6]


def get_inputs():
    rng = np.random.default_rng(30)
    return [rng.normal(size=(2, 3, 16, 16)).astype("float32")]   # NCHW
