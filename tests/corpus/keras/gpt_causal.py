"""Miniature GPT (keras.io text generation with a miniature GPT), subclassed: token + position
embeddings, causal MultiHeadAttention (use_causal_mask=True), raw TensorFlow for positions."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB_SIZE = 400
MAXLEN = 16


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = tf.shape(x)[-1]
        positions = tf.range(start=0, limit=maxlen, delta=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


class DecoderBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads, embed_dim // num_heads)
        self.ffn = keras.Sequential(
            [layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=None):
        attention_output = self.att(inputs, inputs, use_causal_mask=True)
        attention_output = self.dropout1(attention_output, training=training)
        out1 = self.layernorm1(inputs + attention_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class Model(keras.Model):
    def __init__(self, vocab_size=VOCAB_SIZE, maxlen=MAXLEN, embed_dim=32, num_heads=2,
                 ff_dim=64, num_layers=2):
        super().__init__()
        self.embedding = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
        self.decoder_blocks = [DecoderBlock(embed_dim, num_heads, ff_dim)
                               for _ in range(num_layers)]
        self.lm_head = layers.Dense(vocab_size)

    def call(self, tokens, training=None):
        x = self.embedding(tokens)
        for block in self.decoder_blocks:
            x = block(x, training=training)
        logits = self.lm_head(x)
        return logits, x


def get_init_inputs():
    return [VOCAB_SIZE, MAXLEN, 32, 2, 64, 2]


def get_inputs():
    rng = np.random.default_rng(42)
    return [rng.integers(0, VOCAB_SIZE, size=(2, MAXLEN)).astype("int32")]
