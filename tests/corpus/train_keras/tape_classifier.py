"""A classifier trained in a custom loop: tf.GradientTape, Adam (Keras' default epsilon) on an
exponentially decaying learning rate, gradients clipped by their global norm, sparse categorical
cross-entropy on logits."""
import keras
import numpy as np
import tensorflow as tf


class Model(keras.Model):
    def __init__(self, classes=5, hidden=24):
        super().__init__()
        self.fc1 = keras.layers.Dense(hidden, activation="relu")
        self.fc2 = keras.layers.Dense(hidden, activation="relu")
        self.head = keras.layers.Dense(classes)

    def call(self, x):
        return self.head(self.fc2(self.fc1(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((8, 12), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    return [(rng.standard_normal((8, 12)).astype("float32"), rng.integers(0, 5, (8,)).astype("int64"))
            for _ in range(5)]


def train(model, batches, steps):
    schedule = keras.optimizers.schedules.ExponentialDecay(2e-3, decay_steps=5, decay_rate=0.8)
    optimizer = keras.optimizers.Adam(learning_rate=schedule)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))
    return losses
