"""Two feature vectors encoded by one shared Dense layer, then fused with every merge layer: Add,
Subtract, Multiply, Average, Maximum, Minimum, Dot (cosine) and Concatenate; called with a list of
two inputs."""
import numpy as np
import keras
from keras import layers


def Model(dim=16, hidden=24, num_classes=4):
    left = keras.Input(shape=(dim,), name="left")
    right = keras.Input(shape=(dim,), name="right")

    # one encoder for both inputs: the same weights see left and right
    shared = layers.Dense(hidden, activation="relu", name="shared_encoder")
    a = shared(left)
    b = shared(right)

    merged = [
        layers.Add()([a, b]),
        layers.Subtract()([a, b]),
        layers.Multiply()([a, b]),
        layers.Average()([a, b]),
        layers.Maximum()([a, b]),
        layers.Minimum()([a, b]),
        layers.Dot(axes=1, normalize=True)([a, b]),   # cosine similarity, shape (batch, 1)
    ]
    x = layers.Concatenate(axis=-1)(merged)
    x = layers.Dense(hidden, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs=[left, right], outputs=outputs, name="merge_zoo")


def get_init_inputs():
    return [16, 24, 4]


def get_inputs():
    rng = np.random.default_rng(16)
    left = rng.normal(size=(3, 16)).astype("float32")
    right = rng.normal(size=(3, 16)).astype("float32")
    return [[left, right]]    # one argument: the list of the model's inputs
