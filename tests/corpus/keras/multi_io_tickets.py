"""Ticket triage from the Keras functional-API guide: three named inputs (a dict), two named outputs.

title and body are token ids, tags a multi-hot vector; the model predicts a priority score and
the department that should handle the ticket.
"""
import numpy as np
import keras
from keras import layers

NUM_TAGS = 12
NUM_WORDS = 200
NUM_DEPARTMENTS = 4


def Model(num_tags=NUM_TAGS, num_words=NUM_WORDS, num_departments=NUM_DEPARTMENTS, embed_dim=16):
    title_input = keras.Input(shape=(None,), name="title")  # variable-length sequence of ints
    body_input = keras.Input(shape=(None,), name="body")  # variable-length sequence of ints
    tags_input = keras.Input(shape=(num_tags,), name="tags")  # binary vectors of size `num_tags`

    # Embed each word in the title into a 16-dimensional vector
    title_features = layers.Embedding(num_words, embed_dim)(title_input)
    # Embed each word in the text into a 16-dimensional vector
    body_features = layers.Embedding(num_words, embed_dim)(body_input)

    # Reduce sequence of embedded words in the title into a single 32-dimensional vector
    title_features = layers.LSTM(32)(title_features)
    # Reduce sequence of embedded words in the body into a single 16-dimensional vector
    body_features = layers.LSTM(16)(body_features)

    # Merge all available features into a single large vector via concatenation
    x = layers.concatenate([title_features, body_features, tags_input])

    # Stick a logistic regression for priority prediction on top of the features
    priority_pred = layers.Dense(1, activation="sigmoid", name="priority")(x)
    # Stick a department classifier on top of the features
    department_pred = layers.Dense(num_departments, activation="softmax", name="department")(x)

    return keras.Model(
        inputs={"title": title_input, "body": body_input, "tags": tags_input},
        outputs={"priority": priority_pred, "department": department_pred},
    )


def get_init_inputs():
    return [NUM_TAGS, NUM_WORDS, NUM_DEPARTMENTS, 16]


def get_inputs():
    rng = np.random.default_rng(20)
    return [{
        "title": rng.integers(0, NUM_WORDS, size=(3, 6)),
        "body": rng.integers(0, NUM_WORDS, size=(3, 15)),
        "tags": rng.integers(0, 2, size=(3, NUM_TAGS)).astype("float32"),
    }]
