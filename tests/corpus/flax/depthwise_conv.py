"""A depthwise-separable conv block: feature_group_count = channels, then a 1x1 pointwise conv, GroupNorm."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=8, out=16, *, rngs: nnx.Rngs):
        self.depthwise = nnx.Conv(channels, channels, (3, 3), feature_group_count=channels, rngs=rngs)
        self.pointwise = nnx.Conv(channels, out, (1, 1), rngs=rngs)
        self.norm = nnx.GroupNorm(out, num_groups=4, rngs=rngs)

    def __call__(self, x):
        return nnx.gelu(self.norm(self.pointwise(nnx.relu6(self.depthwise(x)))))


def get_init_inputs():
    return [8, 16]


def get_inputs():
    return [np.random.default_rng(8).normal(size=(2, 6, 6, 8)).astype("float32")]
