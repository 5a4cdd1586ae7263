"""Transformer encoder written against raw TensorFlow (the TF "Transformer for language
understanding" tutorial): heads split with tf.reshape/tf.transpose, scaled dot-product attention
with tf.matmul and tf.nn.softmax, a padding mask, sinusoidal positional encoding from numpy."""
import numpy as np
import tensorflow as tf


def positional_encoding(length, depth):
    depth = depth / 2
    positions = np.arange(length)[:, np.newaxis]      # (seq, 1)
    depths = np.arange(depth)[np.newaxis, :] / depth  # (1, depth)
    angle_rates = 1 / (10000 ** depths)               # (1, depth)
    angle_rads = positions * angle_rates              # (pos, depth)
    pos_encoding = np.concatenate([np.sin(angle_rads), np.cos(angle_rads)], axis=-1)
    return tf.cast(pos_encoding, dtype=tf.float32)


def scaled_dot_product_attention(q, k, v, mask):
    matmul_qk = tf.matmul(q, k, transpose_b=True)  # (..., seq_len_q, seq_len_k)
    dk = tf.cast(tf.shape(k)[-1], tf.float32)
    scaled_attention_logits = matmul_qk / tf.math.sqrt(dk)
    if mask is not None:
        scaled_attention_logits += (mask * -1e9)
    attention_weights = tf.nn.softmax(scaled_attention_logits, axis=-1)
    output = tf.matmul(attention_weights, v)  # (..., seq_len_q, depth_v)
    return output, attention_weights


class MultiHeadSelfAttention(tf.keras.layers.Layer):
    def __init__(self, d_model, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.d_model = d_model
        assert d_model % self.num_heads == 0
        self.depth = d_model // self.num_heads

    def build(self, input_shape):
        self.wq = tf.keras.layers.Dense(self.d_model)
        self.wk = tf.keras.layers.Dense(self.d_model)
        self.wv = tf.keras.layers.Dense(self.d_model)
        self.dense = tf.keras.layers.Dense(self.d_model)

    def split_heads(self, x, batch_size):
        """Split the last dimension into (num_heads, depth); transpose to (batch, heads, seq, depth)."""
        x = tf.reshape(x, (batch_size, -1, self.num_heads, self.depth))
        return tf.transpose(x, perm=[0, 2, 1, 3])

    def call(self, x, padding_mask=None):
        batch_size = tf.shape(x)[0]
        q = self.split_heads(self.wq(x), batch_size)
        k = self.split_heads(self.wk(x), batch_size)
        v = self.split_heads(self.wv(x), batch_size)
        scaled_attention, _ = scaled_dot_product_attention(q, k, v, padding_mask)
        scaled_attention = tf.transpose(scaled_attention, perm=[0, 2, 1, 3])
        concat_attention = tf.reshape(scaled_attention, (batch_size, -1, self.d_model))
        return self.dense(concat_attention)


class EncoderLayer(tf.keras.layers.Layer):
    def __init__(self, d_model, num_heads, dff, rate=0.1):
        super().__init__()
        self.mha = MultiHeadSelfAttention(d_model, num_heads)
        self.ffn = tf.keras.Sequential([
            tf.keras.layers.Dense(dff, activation="relu"),
            tf.keras.layers.Dense(d_model),
        ])
        self.layernorm1 = tf.keras.layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = tf.keras.layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = tf.keras.layers.Dropout(rate)
        self.dropout2 = tf.keras.layers.Dropout(rate)

    # not `mask`: Keras reserves that argument name for its own (Embedding(mask_zero=True)) masks
    def call(self, x, padding_mask, training=None):
        attn_output = self.dropout1(self.mha(x, padding_mask=padding_mask), training=training)
        out1 = self.layernorm1(x + attn_output)
        ffn_output = self.dropout2(self.ffn(out1), training=training)
        return self.layernorm2(out1 + ffn_output)


class Model(tf.keras.Model):
    def __init__(self, num_layers=2, d_model=32, num_heads=4, dff=64, vocab_size=300,
                 num_classes=3, maximum_position_encoding=64, rate=0.1):
        super().__init__()
        self.d_model = d_model
        self.embedding = tf.keras.layers.Embedding(vocab_size, d_model)
        self.pos_encoding = positional_encoding(maximum_position_encoding, d_model)
        self.enc_layers = [EncoderLayer(d_model, num_heads, dff, rate) for _ in range(num_layers)]
        self.dropout = tf.keras.layers.Dropout(rate)
        self.classifier = tf.keras.layers.Dense(num_classes)

    def call(self, tokens, training=None):
        seq_len = tf.shape(tokens)[1]
        # 1.0 where the token is padding: (batch, 1, 1, seq_len), broadcast over heads and queries
        padding_mask = tf.cast(tf.math.equal(tokens, 0), tf.float32)[:, tf.newaxis, tf.newaxis, :]
        x = self.embedding(tokens)
        x *= tf.math.sqrt(tf.cast(self.d_model, tf.float32))
        x += self.pos_encoding[tf.newaxis, :seq_len, :]
        x = self.dropout(x, training=training)
        for layer in self.enc_layers:
            x = layer(x, padding_mask, training=training)
        # mean over the real tokens only
        keep = tf.cast(tf.math.not_equal(tokens, 0), tf.float32)[:, :, tf.newaxis]
        pooled = tf.reduce_sum(x * keep, axis=1) / tf.maximum(tf.reduce_sum(keep, axis=1), 1.0)
        return tf.nn.softmax(self.classifier(pooled), axis=-1)


def get_init_inputs():
    return [2, 32, 4, 64, 300, 3, 64, 0.1]


def get_inputs():
    rng = np.random.default_rng(43)
    tokens = rng.integers(1, 300, size=(3, 10)).astype("int32")
    tokens[1, 6:] = 0
    return [tokens]
