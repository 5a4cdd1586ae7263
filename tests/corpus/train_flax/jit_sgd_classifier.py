"""A classifier with a jitted train step (@nnx.jit): optax.sgd with Nesterov momentum on an
exponentially decaying learning rate, optax's integer-label softmax cross-entropy."""
import jax
import numpy as np
import optax
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=12, hidden=24, classes=5, *, rngs: nnx.Rngs):
        self.fc1 = nnx.Linear(din, hidden, rngs=rngs)
        self.fc2 = nnx.Linear(hidden, classes, rngs=rngs)

    def __call__(self, x):
        return self.fc2(jax.nn.relu(self.fc1(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((8, 12), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    return [(rng.standard_normal((8, 12)).astype("float32"), rng.integers(0, 5, (8,)).astype("int32"))
            for _ in range(5)]


@nnx.jit
def train_step(model, optimizer, x, y):
    def loss_fn(model):
        logits = model(x)
        return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

    loss, grads = nnx.value_and_grad(loss_fn)(model)
    optimizer.update(model, grads)
    return loss


def train(model, batches, steps):
    schedule = optax.exponential_decay(0.05, transition_steps=4, decay_rate=0.7, staircase=True)
    optimizer = nnx.Optimizer(model, optax.sgd(schedule, momentum=0.9, nesterov=True), wrt=nnx.Param)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        loss = train_step(model, optimizer, x, y)
        losses.append(float(loss))
    return losses
