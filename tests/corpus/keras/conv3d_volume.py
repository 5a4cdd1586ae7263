"""3D CNN for CT-volume classification (keras.io 3D image classification), scaled down."""
import numpy as np
import keras
from keras import layers


def Model(width=16, height=16, depth=16):
    """Build a 3D convolutional neural network model."""
    inputs = keras.Input((width, height, depth, 1))

    x = layers.Conv3D(filters=8, kernel_size=3, activation="relu")(inputs)
    x = layers.MaxPool3D(pool_size=2)(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv3D(filters=16, kernel_size=3, padding="same", activation="relu")(x)
    x = layers.MaxPool3D(pool_size=2)(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv3D(filters=16, kernel_size=(1, 3, 3), strides=(1, 2, 2), padding="same",
                      activation="relu")(x)
    x = layers.AveragePooling3D(pool_size=(1, 1, 1))(x)
    x = layers.BatchNormalization()(x)

    x = layers.GlobalAveragePooling3D()(x)
    x = layers.Dense(units=32, activation="relu")(x)
    x = layers.Dropout(0.3)(x)

    outputs = layers.Dense(units=1, activation="sigmoid")(x)

    # Define the model.
    return keras.Model(inputs, outputs, name="3dcnn")


def get_init_inputs():
    return [16, 16, 16]


def get_inputs():
    rng = np.random.default_rng(27)
    return [rng.random((2, 16, 16, 16, 1), dtype=np.float32)]
