"""PyTorch's PReLU: one learnable slope, or one per channel (axis 1), for negative inputs."""
import keras
from keras import layers, ops


def prelu(x, weight):
    """F.prelu: x where x >= 0, weight * x elsewhere; weight has 1 or C (axis 1) entries."""
    if weight.shape[0] != 1 and len(x.shape) >= 2:
        weight = ops.reshape(weight, (-1,) + (1,) * (len(x.shape) - 2))
    return ops.where(x >= 0, x, weight * x)


class PReLU(layers.Layer):
    """nn.PReLU(num_parameters, init): its slopes are `alpha` (PyTorch's `weight`)."""

    def __init__(self, num_parameters=1, init=0.25, **kwargs):
        super().__init__(**kwargs)
        self.alpha = self.add_weight(shape=(num_parameters,), initializer=keras.initializers.Constant(init),
                                     name="alpha")

    def call(self, x):
        return prelu(x, self.alpha)
