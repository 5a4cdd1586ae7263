"""An MLP with BatchNorm on (N, C) features and dropout; ELU and leaky ReLU activations."""
import jax
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=12, hidden=24, dout=3, *, rngs: nnx.Rngs):
        self.fc1 = nnx.Linear(din, hidden, rngs=rngs)
        self.bn1 = nnx.BatchNorm(hidden, rngs=rngs)
        self.fc2 = nnx.Linear(hidden, hidden, rngs=rngs)
        self.bn2 = nnx.BatchNorm(hidden, momentum=0.95, rngs=rngs)
        self.drop = nnx.Dropout(0.3, rngs=rngs)
        self.out = nnx.Linear(hidden, dout, rngs=rngs)

    def __call__(self, x):
        h = jax.nn.elu(self.bn1(self.fc1(x)))
        h = nnx.leaky_relu(self.bn2(self.fc2(h)), negative_slope=0.1)
        return self.out(self.drop(h))


def get_init_inputs():
    return [12, 24, 3]


def get_inputs():
    return [np.random.default_rng(18).normal(size=(8, 12)).astype("float32")]
