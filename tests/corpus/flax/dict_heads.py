"""Heads held in an nnx.Dict, jax.lax and jax.nn.one_hot operations, a gather with take_along_axis."""
import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=8, classes=4, *, rngs: nnx.Rngs):
        self.trunk = nnx.Linear(dim, dim, rngs=rngs)
        self.heads = nnx.Dict({"logits": nnx.Linear(dim, classes, rngs=rngs),
                               "value": nnx.Linear(dim, 1, rngs=rngs)})
        self.classes = classes

    def __call__(self, x, labels):
        h = jax.lax.max(self.trunk(x), 0.0 * x)
        logits = self.heads["logits"](jax.lax.tanh(h))
        picked = jnp.take_along_axis(logits, labels[:, None], axis=1)
        onehot = jax.nn.one_hot(labels, self.classes)
        return jnp.sum(logits * onehot, axis=-1) + picked[:, 0] + self.heads["value"](h)[:, 0]


def get_init_inputs():
    return [8, 4]


def get_inputs():
    rng = np.random.default_rng(24)
    return [rng.normal(size=(5, 8)).astype("float32"), rng.integers(0, 4, size=(5,)).astype("int32")]
