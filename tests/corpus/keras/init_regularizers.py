"""A regression MLP as written by someone careful with initialisation and weight decay:
kernel/bias initialisers (strings, seeded objects), kernel/bias/activity regularisers, weight
constraints, and use_bias=False layers."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers, regularizers, initializers, constraints


def Model(in_features=10, out_features=3, weight_decay=1e-4):
    l2 = regularizers.l2(weight_decay)
    inputs = keras.Input(shape=(in_features,))
    x = layers.Dense(32, activation="relu", kernel_initializer="he_normal",
                     bias_initializer=initializers.Constant(0.01), kernel_regularizer=l2)(inputs)
    x = layers.Dense(32, activation="tanh",
                     kernel_initializer=initializers.GlorotUniform(seed=7),
                     bias_regularizer=regularizers.l1(1e-5))(x)
    x = layers.Dense(32, activation="selu", kernel_initializer="lecun_normal",
                     kernel_constraint=constraints.MaxNorm(2.0))(x)
    x = layers.AlphaDropout(0.1)(x)
    x = layers.Dense(16, use_bias=False,
                     kernel_initializer=initializers.TruncatedNormal(mean=0.0, stddev=0.02, seed=3),
                     activity_regularizer=regularizers.L1L2(l1=1e-5, l2=1e-4))(x)
    x = layers.BatchNormalization(gamma_initializer="ones", beta_initializer="zeros",
                                  moving_variance_initializer="ones",
                                  gamma_regularizer=regularizers.l2(1e-5))(x)
    x = layers.Activation("relu")(x)
    x = layers.Dense(16, kernel_initializer=initializers.Orthogonal(gain=1.0, seed=11),
                     kernel_constraint=constraints.UnitNorm(axis=0), activation="elu")(x)
    x = layers.Dense(16, kernel_initializer=initializers.VarianceScaling(
        scale=2.0, mode="fan_out", distribution="uniform", seed=5), activation="swish")(x)
    outputs = layers.Dense(out_features, kernel_initializer="zeros", bias_initializer="zeros",
                           kernel_regularizer=regularizers.L2(weight_decay))(x)
    return keras.Model(inputs, outputs, name="regularised_mlp")


def get_init_inputs():
    return [10, 3, 1e-4]


def get_inputs():
    rng = np.random.default_rng(51)
    return [rng.normal(size=(4, 10)).astype("float32")]
