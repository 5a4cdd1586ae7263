"""Binary classification in a custom loop: AdamW (Keras' default decoupled weight decay 0.004) on a
cosine-decay learning rate, binary cross-entropy on logits."""
import keras
import numpy as np
import tensorflow as tf


class Model(keras.Model):
    def __init__(self, hidden=16):
        super().__init__()
        self.body = keras.layers.Dense(hidden, activation="gelu")
        self.logit = keras.layers.Dense(1)

    def call(self, x):
        return self.logit(self.body(x))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((16, 6), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((16, 6)).astype("float32")
        batches.append((x, (x[:, :1] + x[:, 1:2] > 0).astype("float32")))
    return batches


def train(model, batches, steps):
    schedule = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps, alpha=0.1)
    optimizer = keras.optimizers.AdamW(learning_rate=schedule)
    loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))
    return losses
