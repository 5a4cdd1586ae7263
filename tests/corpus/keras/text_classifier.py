"""Bag-of-embeddings sentiment classifier (the IMDB tutorial), padded token ids masked out."""
import numpy as np
import tensorflow as tf

VOCAB_SIZE = 1000
MAX_LEN = 40


def Model(vocab_size=VOCAB_SIZE, embedding_dim=16, hidden=16, dropout=0.2):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(MAX_LEN,), dtype="int32"),
        # index 0 is padding: mask_zero makes the pooling average over the real tokens only
        tf.keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True),
        tf.keras.layers.Dropout(dropout),
        tf.keras.layers.GlobalAveragePooling1D(),
        tf.keras.layers.Dense(hidden, activation="relu"),
        tf.keras.layers.Dropout(dropout),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])


def get_init_inputs():
    return [VOCAB_SIZE, 16, 16, 0.2]


def get_inputs():
    rng = np.random.default_rng(4)
    tokens = rng.integers(1, VOCAB_SIZE, size=(3, MAX_LEN)).astype("int32")
    for row, length in enumerate((40, 25, 9)):
        tokens[row, length:] = 0     # post-padding, as pad_sequences(padding="post") gives
    return [tokens]
