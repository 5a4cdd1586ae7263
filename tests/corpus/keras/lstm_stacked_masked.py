"""Stacked LSTM sentence classifier over zero-padded token ids (Embedding(mask_zero=True))."""
import numpy as np
import keras
from keras import layers


def Model(vocab_size=500, embed_dim=32, units=32, num_classes=3):
    model = keras.Sequential(name="sentiment_lstm")
    model.add(keras.Input(shape=(None,), dtype="int64"))
    model.add(layers.Embedding(input_dim=vocab_size, output_dim=embed_dim, mask_zero=True))
    model.add(layers.LSTM(units, return_sequences=True))
    model.add(layers.LSTM(units // 2, dropout=0.1))
    model.add(layers.Dense(num_classes, activation="softmax"))
    return model


def get_init_inputs():
    return [500, 32, 32, 3]


def get_inputs():
    rng = np.random.default_rng(5)
    tokens = rng.integers(1, 500, size=(3, 12))
    tokens[1, 7:] = 0
    tokens[2, 3:] = 0
    return [tokens]
