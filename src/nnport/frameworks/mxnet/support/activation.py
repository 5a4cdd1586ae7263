"""Activations MXNet 1.x has no operator for with PyTorch's exact semantics. Each takes `F` (mx.nd,
or mx.sym inside a hybridized block) first; as a layer, `nn.HybridLambda(lambda F, x: name(F, x))`."""
import math


def silu(F, x):
    return x * F.sigmoid(x)


def mish(F, x):
    return x * F.tanh(F.Activation(x, act_type="softrelu"))


def gelu_tanh(F, x):
    """GELU(approximate='tanh'): 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1 + F.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def softplus(F, x, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (PyTorch's rule)."""
    soft = F.Activation(x * beta, act_type="softrelu") / beta
    return F.where(x * beta > threshold, x, soft)


def hardswish(F, x):
    return x * F.hard_sigmoid(x, alpha=1 / 6, beta=0.5)


def tanhshrink(F, x):
    return x - F.tanh(x)


def thresholded(F, x, threshold, value):
    """x where x > threshold, else value."""
    return F.where(x > threshold, x, F.ones_like(x) * value)


def hardshrink(F, x, lambd=0.5):
    return F.where(F.abs(x) > lambd, x, F.zeros_like(x))


def softshrink(F, x, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, 0 between."""
    return F.where(x > lambd, x - lambd, F.where(x < -lambd, x + lambd, F.zeros_like(x)))


def glu(F, x, axis=-1):
    """The first half of x along axis times the sigmoid of the second."""
    a, b = F.split(x, num_outputs=2, axis=axis)
    return a * F.sigmoid(b)


def prelu(F, x, weight):
    """F.prelu: x where x >= 0, weight * x elsewhere; weight has 1 or C (axis 1) entries."""
    return F.LeakyReLU(x, gamma=weight, act_type="prelu")
