"""A two-layer MLP with dropout (nnx.Linear kernels are (in, out))."""
import jax
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=16, dhidden=32, dout=10, *, rngs: nnx.Rngs):
        self.fc1 = nnx.Linear(din, dhidden, rngs=rngs)
        self.drop = nnx.Dropout(0.2, rngs=rngs)
        self.fc2 = nnx.Linear(dhidden, dout, rngs=rngs)

    def __call__(self, x):
        h = nnx.relu(self.fc1(x))
        return jax.nn.log_softmax(self.fc2(self.drop(h)), axis=-1)


def get_init_inputs():
    return [16, 32, 10]


def get_inputs():
    return [np.random.default_rng(0).normal(size=(4, 16)).astype("float32")]
