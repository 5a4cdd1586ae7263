"""PyTorch nn.Bilinear as an nnx module (copied into translated code)."""
import math

import jax
import jax.numpy as jnp
from flax import nnx


class Bilinear(nnx.Module):
    """PyTorch nn.Bilinear: y = x1 @ weight[o] @ x2 + bias[o], weight (out, in1, in2)."""

    def __init__(self, in1_features, in2_features, out_features, bias=True, *, rngs):
        bound = 1 / math.sqrt(in1_features)
        shape = (out_features, in1_features, in2_features)
        self.weight = nnx.Param(jax.random.uniform(rngs.params(), shape, minval=-bound, maxval=bound))
        self.bias = nnx.Param(jax.random.uniform(rngs.params(), (out_features,), minval=-bound,
                                                 maxval=bound)) if bias else nnx.data(None)

    def __call__(self, input1, input2):
        y = jnp.einsum("...i,oij,...j->...o", input1, self.weight[...], input2)
        return y if self.bias is None else y + self.bias[...]
