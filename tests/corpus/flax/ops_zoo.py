"""jax.numpy operations: stack, clip, where, maximum, var (ddof 0), expand_dims, concatenate, transpose."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=6, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(dim, dim, rngs=rngs)

    def __call__(self, x):
        h = self.fc(x)
        a = jnp.clip(h, -1.0, 1.0)
        b = jnp.maximum(h, 0.0) + jnp.minimum(h, x)
        c = jnp.where(h > 0, jnp.exp(-h), jnp.square(h))
        v = jnp.var(h, axis=-1, keepdims=True)
        s = jnp.stack([a, b, c], axis=1)
        s = jnp.transpose(s, (0, 2, 1))
        return jnp.concatenate([s.reshape(x.shape[0], -1), v, jnp.expand_dims(jnp.sum(h, axis=-1), -1)], axis=-1)


def get_init_inputs():
    return [6]


def get_inputs():
    return [np.random.default_rng(20).normal(size=(3, 6)).astype("float32")]
