"""Regression MLP: optax.adam, a mean squared error written with jax.numpy, the loss function and
nnx.value_and_grad in the loop."""
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=8, hidden=32, *, rngs: nnx.Rngs):
        self.fc1 = nnx.Linear(din, hidden, rngs=rngs)
        self.fc2 = nnx.Linear(hidden, 1, rngs=rngs)

    def __call__(self, x):
        return self.fc2(jnp.tanh(self.fc1(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((16, 8), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((16, 8)).astype("float32")
        batches.append((x, (np.sin(x[:, :1]) + 0.5 * x[:, 1:2] ** 2).astype("float32")))
    return batches


def train(model, batches, steps):
    optimizer = nnx.Optimizer(model, optax.adam(3e-3), wrt=nnx.Param)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]

        def loss_fn(model):
            return jnp.mean((model(x) - y) ** 2)

        loss, grads = nnx.value_and_grad(loss_fn)(model)
        optimizer.update(model, grads)
        losses.append(float(loss))
    return losses
