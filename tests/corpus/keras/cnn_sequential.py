"""MNIST-style convnet: Sequential Conv2D / BatchNormalization / MaxPooling2D / Dropout stack."""
import numpy as np
from tensorflow import keras

INPUT_SHAPE = (28, 28, 1)


def Model(num_classes=10, filters=16, dense_units=64, dropout=0.25):
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            keras.layers.Rescaling(1.0 / 255),
            keras.layers.Conv2D(filters, kernel_size=(3, 3), activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Conv2D(filters * 2, kernel_size=(3, 3), activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Dropout(dropout),
            keras.layers.Flatten(),
            keras.layers.Dense(dense_units, activation="relu"),
            keras.layers.Dropout(2 * dropout),
            keras.layers.Dense(num_classes, activation="softmax"),
        ],
        name="mnist_convnet",
    )


def get_init_inputs():
    return [10, 16, 64, 0.25]


def get_inputs():
    rng = np.random.default_rng(1)
    # raw pixel values, as the data set stores them; the model rescales them itself
    return [rng.integers(0, 256, size=(2,) + INPUT_SHAPE).astype("float32")]
