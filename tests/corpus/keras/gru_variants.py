"""Sensor-sequence regressor comparing recurrent cells: GRU with reset_after=True (the default,
cuDNN-compatible) and reset_after=False (the original formulation), run backwards with its final
state returned, a SimpleRNN on top, and an LSTM with recurrent dropout."""
import numpy as np
import keras
from keras import layers


def Model(timesteps=10, features=6, units=16, outputs=2):
    inputs = keras.Input(shape=(timesteps, features), name="sensors")

    seq = layers.GRU(units, return_sequences=True, reset_after=True, name="gru_v3")(inputs)
    rnn = layers.SimpleRNN(units // 2, activation="tanh", name="simple_rnn")(seq)

    _, state_b = layers.GRU(units, reset_after=False, return_state=True, go_backwards=True,
                            dropout=0.1, name="gru_v1_backwards")(inputs)

    lstm = layers.LSTM(units // 2, recurrent_dropout=0.1, unit_forget_bias=True,
                       recurrent_activation="sigmoid", name="lstm")(inputs)

    x = layers.Concatenate()([rnn, state_b, lstm])
    x = layers.Dense(units, activation="relu")(x)
    out = layers.Dense(outputs, name="regression")(x)
    return keras.Model(inputs, out, name="gru_variants")


def get_init_inputs():
    return [10, 6, 16, 2]


def get_inputs():
    rng = np.random.default_rng(24)
    return [rng.normal(size=(3, 10, 6)).astype("float32")]
