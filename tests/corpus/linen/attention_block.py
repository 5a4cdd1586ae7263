"""A pre-norm transformer block: LayerNorm, nn.MultiHeadDotProductAttention, residual, MLP."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    dim: int = 16
    heads: int = 4
    mlp: int = 32

    @nn.compact
    def __call__(self, x):
        h = nn.LayerNorm()(x)
        x = x + nn.MultiHeadDotProductAttention(num_heads=self.heads, qkv_features=self.dim)(h)
        h = nn.LayerNorm()(x)
        h = nn.Dense(self.mlp)(h)
        return x + nn.Dense(self.dim)(nn.gelu(h))


def get_init_inputs():
    return [16, 4, 32]


def get_inputs():
    return [np.random.default_rng(9).normal(size=(2, 5, 16)).astype("float32")]
