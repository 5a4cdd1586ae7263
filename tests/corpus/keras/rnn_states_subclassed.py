"""Word-level language model, subclassed, whose call takes the initial states as extra positional
inputs and returns logits plus the final states: LSTM(initial_state=[h0, c0], return_state=True)
followed by a GRU(initial_state=g0)."""
import numpy as np
import keras
from keras import layers, ops


class Model(keras.Model):
    def __init__(self, vocab_size=200, embed_dim=24, units=32, dropout=0.2):
        super().__init__()
        self.embed = layers.Embedding(vocab_size, embed_dim,
                                      embeddings_initializer=keras.initializers.RandomUniform(-0.1, 0.1))
        self.drop = layers.Dropout(dropout)
        self.lstm = layers.LSTM(units, return_sequences=True, return_state=True)
        self.gru = layers.GRU(units, return_sequences=True, return_state=True)
        self.decoder = layers.Dense(vocab_size, bias_initializer="zeros")

    def call(self, tokens, h0, c0, g0, training=None):
        x = self.drop(self.embed(tokens), training=training)
        x, h, c = self.lstm(x, initial_state=[h0, c0], training=training)
        x, g = self.gru(x, initial_state=g0, training=training)
        x = self.drop(x, training=training)
        logits = self.decoder(x)
        return ops.log_softmax(logits, axis=-1), h, c, g


def get_init_inputs():
    return [200, 24, 32, 0.2]


def get_inputs():
    rng = np.random.default_rng(48)
    tokens = rng.integers(0, 200, size=(2, 10))
    zeros = np.zeros((2, 32), dtype="float32")
    return [tokens, zeros, zeros.copy(), rng.normal(scale=0.1, size=(2, 32)).astype("float32")]
