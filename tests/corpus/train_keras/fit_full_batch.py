"""compile/fit on the whole data set per step (batch_size=len(x): one step per epoch, so fit's history
holds every step's loss): AdamW with a piecewise-constant learning rate, mean absolute error."""
import keras
import numpy as np


class Model(keras.Model):
    def __init__(self, hidden=24):
        super().__init__()
        self.fc1 = keras.layers.Dense(hidden, activation="relu")
        self.fc2 = keras.layers.Dense(hidden, activation="tanh")
        self.out = keras.layers.Dense(2)

    def call(self, x):
        return self.out(self.fc2(self.fc1(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((32, 5), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 5)).astype("float32")
    y = np.stack([x[:, 0] * x[:, 1], np.cos(x[:, 2])], axis=1).astype("float32")
    return x, y


def train(model, batches, steps):
    x, y = batches
    schedule = keras.optimizers.schedules.PiecewiseConstantDecay([8, 14], [3e-3, 1e-3, 3e-4])
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=schedule, weight_decay=0.01),
                  loss=keras.losses.MeanAbsoluteError())
    history = model.fit(x, y, batch_size=len(x), epochs=steps, shuffle=False, verbose=0)
    return history.history["loss"]
