"""Regression MLP trained with compile/fit: SGD with Nesterov momentum, mean squared error, four
batches of 16 per epoch (shuffle=False)."""
import keras
import numpy as np

BATCH = 16


class Model(keras.Model):
    def __init__(self, hidden=32):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden, activation="tanh")
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((BATCH, 8), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4 * BATCH, 8)).astype("float32")
    y = (np.sin(x[:, :1]) + 0.5 * x[:, 1:2] ** 2).astype("float32")
    return x, y


def train(model, batches, steps):
    x, y = batches
    epochs = steps // (len(x) // BATCH)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True), loss="mse")
    history = model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0)
    return history.history["loss"]
