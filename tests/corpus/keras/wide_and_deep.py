"""Wide & Deep regression (Hands-On ML, ch. 10): two inputs, a main and an auxiliary output.

The Normalization layers carry fixed statistics (what `adapt()` computed on the training set).
"""
import numpy as np
import tensorflow as tf

WIDE_MEAN = [3.9, 28.6, 5.4, 1.1, 1425.0]
WIDE_VAR = [3.6, 158.0, 6.1, 0.22, 1.28e6]
DEEP_MEAN = [28.6, 5.4, 1.1, 1425.0, 3.07, 35.6]
DEEP_VAR = [158.0, 6.1, 0.22, 1.28e6, 107.0, 4.56]


def Model(hidden_units=30):
    input_wide = tf.keras.layers.Input(shape=[5], name="wide")
    input_deep = tf.keras.layers.Input(shape=[6], name="deep")
    norm_layer_wide = tf.keras.layers.Normalization(mean=WIDE_MEAN, variance=WIDE_VAR)
    norm_layer_deep = tf.keras.layers.Normalization(mean=DEEP_MEAN, variance=DEEP_VAR)
    norm_wide = norm_layer_wide(input_wide)
    norm_deep = norm_layer_deep(input_deep)
    hidden1 = tf.keras.layers.Dense(hidden_units, activation="relu")(norm_deep)
    hidden2 = tf.keras.layers.Dense(hidden_units, activation="relu")(hidden1)
    concat = tf.keras.layers.concatenate([norm_wide, hidden2])
    output = tf.keras.layers.Dense(1, name="main")(concat)
    aux_output = tf.keras.layers.Dense(1, name="aux")(hidden2)
    return tf.keras.Model(inputs=[input_wide, input_deep], outputs=[output, aux_output])


def get_init_inputs():
    return [30]


def get_inputs():
    rng = np.random.default_rng(21)
    wide = (np.array(WIDE_MEAN) + rng.normal(size=(4, 5)) * np.sqrt(WIDE_VAR)).astype("float32")
    deep = (np.array(DEEP_MEAN) + rng.normal(size=(4, 6)) * np.sqrt(DEEP_VAR)).astype("float32")
    return [(wide, deep)]
