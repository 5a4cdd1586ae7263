"""Named-entity tagger: masked embeddings, a Bidirectional LSTM (concat) and a Bidirectional GRU
(merge_mode="sum"), and a per-token softmax through TimeDistributed(Dense)."""
import numpy as np
import tensorflow as tf

NUM_WORDS = 300
NUM_TAGS = 9


def Model(num_words=NUM_WORDS, num_tags=NUM_TAGS, embed_dim=24, units=16):
    tokens = tf.keras.Input(shape=(None,), dtype="int32", name="tokens")
    x = tf.keras.layers.Embedding(num_words, embed_dim, mask_zero=True)(tokens)
    x = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(units, return_sequences=True))(x)
    x = tf.keras.layers.Dropout(0.2)(x)
    x = tf.keras.layers.Bidirectional(tf.keras.layers.GRU(units, return_sequences=True),
                                      merge_mode="sum")(x)
    tags = tf.keras.layers.TimeDistributed(
        tf.keras.layers.Dense(num_tags, activation="softmax"))(x)
    return tf.keras.Model(tokens, tags, name="bilstm_ner")


def get_init_inputs():
    return [NUM_WORDS, NUM_TAGS, 24, 16]


def get_inputs():
    rng = np.random.default_rng(25)
    ids = rng.integers(1, NUM_WORDS, size=(3, 11)).astype("int32")
    ids[0, 8:] = 0
    ids[2, 4:] = 0
    return [ids]
