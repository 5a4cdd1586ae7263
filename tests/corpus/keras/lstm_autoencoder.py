"""LSTM sequence autoencoder for time-series anomaly detection: encode to a vector, RepeatVector,
decode with return_sequences, TimeDistributed(Dense) reconstruction."""
import numpy as np
import tensorflow as tf

TIMESTEPS = 12
FEATURES = 3


def Model(timesteps=TIMESTEPS, n_features=FEATURES, units=16):
    model = tf.keras.Sequential([
        tf.keras.layers.Input(shape=(timesteps, n_features)),
        tf.keras.layers.LSTM(units, activation="relu", return_sequences=True),
        tf.keras.layers.LSTM(units // 2, activation="relu", return_sequences=False),
        tf.keras.layers.RepeatVector(timesteps),
        tf.keras.layers.LSTM(units // 2, activation="relu", return_sequences=True),
        tf.keras.layers.LSTM(units, activation="relu", return_sequences=True),
        tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(n_features)),
    ], name="lstm_autoencoder")
    return model


def get_init_inputs():
    return [TIMESTEPS, FEATURES, 16]


def get_inputs():
    t = np.linspace(0, 2 * np.pi, TIMESTEPS, dtype="float32")
    rng = np.random.default_rng(33)
    x = np.stack([np.sin(t), np.cos(t), np.sin(2 * t)], axis=-1)[None].repeat(2, axis=0)
    return [(x + 0.05 * rng.normal(size=x.shape)).astype("float32")]
