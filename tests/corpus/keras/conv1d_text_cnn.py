"""Kim (2014) CNN for sentence classification: parallel Conv1D filters of widths 3, 4 and 5 over
word embeddings, max-over-time pooling, Concatenate, dropout."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def Model(vocab_size=2000, maxlen=30, embed_dim=32, num_filters=16, kernel_sizes=(3, 4, 5),
          num_classes=2):
    inputs = keras.Input(shape=(maxlen,), dtype="int32")
    x = layers.Embedding(vocab_size, embed_dim, name="word_embedding")(inputs)
    pooled = []
    for k in kernel_sizes:
        c = layers.Conv1D(num_filters, k, activation="relu", padding="valid", name=f"conv_{k}")(x)
        pooled.append(layers.GlobalMaxPooling1D(name=f"max_over_time_{k}")(c))
    x = layers.Concatenate()(pooled)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(num_classes, activation="softmax",
                           kernel_constraint=keras.constraints.MaxNorm(3.0))(x)
    return keras.Model(inputs, outputs, name="text_cnn")


def get_init_inputs():
    return [2000, 30, 32, 16, (3, 4, 5), 2]


def get_inputs():
    rng = np.random.default_rng(26)
    return [rng.integers(0, 2000, size=(4, 30)).astype("int32")]
