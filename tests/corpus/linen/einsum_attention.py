"""Hand-written single-head attention: query/key/value projection matrices made by self.param in
setup(), einsum scores with a causal mask, softmax, and an output Dense; two outputs (values and
attention weights)."""
import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class Model(nn.Module):
    dim: int = 8
    head: int = 6

    def setup(self):
        init = nn.initializers.lecun_normal()
        self.wq = self.param("wq", init, (self.dim, self.head))
        self.wk = self.param("wk", init, (self.dim, self.head))
        self.wv = self.param("wv", init, (self.dim, self.head))
        self.proj = nn.Dense(self.dim)

    def __call__(self, x):
        q = jnp.einsum("btd,dh->bth", x, self.wq)
        k = jnp.einsum("btd,dh->bth", x, self.wk)
        v = jnp.einsum("btd,dh->bth", x, self.wv)
        scores = jnp.einsum("bqh,bkh->bqk", q, k) / jnp.sqrt(self.head)
        mask = nn.make_causal_mask(jnp.ones(x.shape[:2]))[:, 0]
        weights = nn.softmax(jnp.where(mask, scores, -1e9), axis=-1)
        return self.proj(jnp.einsum("bqk,bkh->bqh", weights, v)), weights


def get_init_inputs():
    return [8, 6]


def get_inputs():
    return [np.random.default_rng(17).normal(size=(2, 5, 8)).astype("float32")]
