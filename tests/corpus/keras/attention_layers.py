"""Question answering over a context: cross-attention with MultiHeadAttention (query, value, key;
attention scores returned as a second output), plus Luong (Attention) and Bahdanau
(AdditiveAttention) layers; two inputs, three outputs."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def Model(dim=16, num_heads=2, key_dim=8):
    question = tf.keras.Input(shape=(None, dim), name="question")
    context = tf.keras.Input(shape=(None, dim), name="context")

    keys = layers.Dense(dim, use_bias=False, name="key_proj")(context)
    attended, scores = layers.MultiHeadAttention(
        num_heads=num_heads, key_dim=key_dim, value_dim=4, dropout=0.1, name="cross_attention",
    )(query=question, value=context, key=keys, return_attention_scores=True)

    luong = layers.Attention(use_scale=True, score_mode="dot")([question, context])
    bahdanau = layers.AdditiveAttention()([question, context, keys])

    x = layers.Concatenate()([attended, luong, bahdanau])
    x = layers.LayerNormalization()(x)
    start_end = layers.Dense(2, name="span_logits")(x)                 # per question token
    pooled = layers.GlobalAveragePooling1D()(attended)
    answerable = layers.Dense(1, activation="sigmoid", name="answerable")(pooled)
    return tf.keras.Model([question, context], [start_end, answerable, scores])


def get_init_inputs():
    return [16, 2, 8]


def get_inputs():
    rng = np.random.default_rng(35)
    q = rng.normal(size=(2, 5, 16)).astype("float32")
    c = rng.normal(size=(2, 9, 16)).astype("float32")
    return [[q, c]]
