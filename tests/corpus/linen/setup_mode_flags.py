"""setup() style with the mode passed at the call: BatchNorm(use_running_average=not train) and
Dropout(deterministic=not train) given to the layers when they are called."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    def setup(self):
        self.fc = nn.Dense(4)
        self.bn = nn.BatchNorm(momentum=0.9)
        self.drop = nn.Dropout(0.5)

    def __call__(self, x, train: bool = False):
        x = self.bn(self.fc(x), use_running_average=not train)
        return self.drop(x, deterministic=not train)


def get_init_inputs():
    return []


def get_inputs():
    return [np.random.default_rng(0).normal(size=(3, 5)).astype("float32")]
