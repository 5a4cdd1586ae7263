"""Every way Keras code spells an activation: activation= strings and callables on Dense/Conv
layers, the Activation layer, and the advanced activation layers (LeakyReLU, PReLU, ELU, ReLU with
max_value/negative_slope/threshold, Softmax)."""
import numpy as np
import keras
from keras import layers

STRING_ACTIVATIONS = ("relu", "elu", "selu", "gelu", "swish", "silu", "softplus", "softsign",
                      "tanh", "sigmoid", "hard_sigmoid", "relu6", "leaky_relu", "mish", "linear")


def Model(in_features=12, width=8, num_classes=4):
    inputs = keras.Input(shape=(in_features,))
    branches = [layers.Dense(width, activation=name, name=f"dense_{name}")(inputs)
                for name in STRING_ACTIVATIONS]
    # callables from keras.activations, and a plain function
    branches.append(layers.Dense(width, activation=keras.activations.gelu)(inputs))
    branches.append(layers.Dense(width, activation=keras.activations.hard_swish)(inputs))
    branches.append(layers.Dense(width, activation=keras.activations.exponential,
                                 kernel_initializer=keras.initializers.RandomNormal(stddev=0.01))(inputs))
    x = layers.Concatenate()(branches)

    x = layers.Dense(32)(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dense(32)(x)
    x = layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25))(x)
    x = layers.Dense(32)(x)
    x = layers.ELU(alpha=0.5)(x)
    x = layers.Dense(32)(x)
    x = layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.05)(x)
    x = layers.Dense(32)(x)
    x = layers.Activation("log_softmax")(x)
    x = layers.Dense(num_classes)(x)
    outputs = layers.Softmax(axis=-1)(x)
    return keras.Model(inputs, outputs, name="activation_zoo")


def get_init_inputs():
    return [12, 8, 4]


def get_inputs():
    rng = np.random.default_rng(50)
    return [rng.normal(size=(3, 12)).astype("float32")]
