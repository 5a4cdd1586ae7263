"""Residual blocks with BatchNorm (Flax momentum 0.99 = PyTorch 0.01, biased running variance)."""
import numpy as np
from flax import nnx


class ResBlock(nnx.Module):
    def __init__(self, cin, cout, stride=1, *, rngs: nnx.Rngs):
        self.conv1 = nnx.Conv(cin, cout, (3, 3), strides=stride, padding=1, use_bias=False, rngs=rngs)
        self.bn1 = nnx.BatchNorm(cout, rngs=rngs)
        self.conv2 = nnx.Conv(cout, cout, (3, 3), padding="SAME", use_bias=False, rngs=rngs)
        self.bn2 = nnx.BatchNorm(cout, momentum=0.9, epsilon=1e-3, rngs=rngs)
        if stride != 1 or cin != cout:
            self.proj = nnx.Conv(cin, cout, (1, 1), strides=stride, rngs=rngs)
        else:
            self.proj = None

    def __call__(self, x):
        h = nnx.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        skip = x if self.proj is None else self.proj(x)
        return nnx.relu(h + skip)


class Model(nnx.Module):
    def __init__(self, channels=3, width=8, *, rngs: nnx.Rngs):
        self.stem = nnx.Conv(channels, width, (3, 3), rngs=rngs)
        self.block1 = ResBlock(width, width, rngs=rngs)
        self.block2 = ResBlock(width, 2 * width, stride=2, rngs=rngs)

    def __call__(self, x):
        return self.block2(self.block1(self.stem(x)))


def get_init_inputs():
    return [3, 8]


def get_inputs():
    return [np.random.default_rng(2).normal(size=(2, 8, 8, 3)).astype("float32")]
