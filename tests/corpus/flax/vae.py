"""A VAE: the reparameterisation draws noise from an rngs stream in training only (self.deterministic)."""
import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=20, latent=4, *, rngs: nnx.Rngs):
        self.enc = nnx.Linear(din, 16, rngs=rngs)
        self.mu = nnx.Linear(16, latent, rngs=rngs)
        self.logvar = nnx.Linear(16, latent, rngs=rngs)
        self.dec = nnx.Linear(latent, din, rngs=rngs)
        self.rngs = rngs
        self.deterministic = False

    def __call__(self, x):
        h = nnx.relu(self.enc(x))
        mu, logvar = self.mu(h), self.logvar(h)
        if self.deterministic:
            z = mu
        else:
            std = jnp.exp(0.5 * logvar)
            eps = jax.random.normal(self.rngs.noise(), std.shape)
            z = mu + eps * std
        return nnx.sigmoid(self.dec(z)), mu, logvar


def get_init_inputs():
    return [20, 4]


def get_inputs():
    return [np.random.default_rng(6).uniform(size=(5, 20)).astype("float32")]
