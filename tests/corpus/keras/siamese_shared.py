"""Siamese network with contrastive distance (keras.io): one tower model shared by both images,
merged by a Lambda computing the Euclidean distance."""
import numpy as np
import keras
from keras import layers, ops


def euclidean_distance(vects):
    """Find the Euclidean distance between two vectors."""
    x, y = vects
    sum_square = ops.sum(ops.square(x - y), axis=1, keepdims=True)
    return ops.sqrt(ops.maximum(sum_square, keras.backend.epsilon()))


def make_tower(input_shape, embedding_dim):
    inputs = layers.Input(input_shape)
    x = layers.BatchNormalization()(inputs)
    x = layers.Conv2D(4, (5, 5), activation="tanh")(x)
    x = layers.AveragePooling2D(pool_size=(2, 2))(x)
    x = layers.Conv2D(16, (5, 5), activation="tanh")(x)
    x = layers.AveragePooling2D(pool_size=(2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.BatchNormalization()(x)
    x = layers.Dense(embedding_dim, activation="tanh")(x)
    return keras.Model(inputs, x, name="tower")


def Model(input_shape=(28, 28, 1), embedding_dim=10):
    embedding_network = make_tower(input_shape, embedding_dim)

    input_1 = layers.Input(input_shape)
    input_2 = layers.Input(input_shape)

    # As mentioned above, Siamese Network share weights between
    # tower networks (sister networks). To allow this, we will use
    # same embedding network for both tower networks.
    tower_1 = embedding_network(input_1)
    tower_2 = embedding_network(input_2)

    merge_layer = layers.Lambda(euclidean_distance, output_shape=(1,))([tower_1, tower_2])
    normal_layer = layers.BatchNormalization()(merge_layer)
    output_layer = layers.Dense(1, activation="sigmoid")(normal_layer)
    return keras.Model(inputs=[input_1, input_2], outputs=output_layer, name="siamese")


def get_init_inputs():
    return [(28, 28, 1), 10]


def get_inputs():
    rng = np.random.default_rng(22)
    a = rng.random((3, 28, 28, 1), dtype=np.float32)
    b = rng.random((3, 28, 28, 1), dtype=np.float32)
    return [[a, b]]
