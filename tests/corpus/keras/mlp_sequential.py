"""Tabular classifier: a Sequential MLP with batch normalisation, dropout and L2 weight decay."""
import numpy as np
import keras
from keras import layers


def Model(num_features=20, num_classes=5, hidden=(64, 32), dropout=0.3, weight_decay=1e-4):
    model = keras.Sequential(name="tabular_mlp")
    model.add(keras.Input(shape=(num_features,)))
    for i, units in enumerate(hidden):
        # the bias is redundant in front of batch normalisation
        model.add(layers.Dense(units, use_bias=False,
                               kernel_regularizer=keras.regularizers.l2(weight_decay),
                               name=f"hidden_{i}"))
        model.add(layers.BatchNormalization())
        model.add(layers.Activation("relu"))
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(num_classes, activation="softmax", name="classifier"))
    return model


def get_init_inputs():
    return [20, 5, (64, 32), 0.3, 1e-4]


def get_inputs():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(4, 20)).astype("float32")]
