"""PyTorch's normalization and dropout semantics where Flax NNX differs (copied into translated code)."""
import jax
import jax.numpy as jnp
from flax import nnx


class BatchNorm(nnx.BatchNorm):
    """nnx.BatchNorm with PyTorch's statistics: training updates the running variance with the
    unbiased batch variance (nnx uses the biased one; both normalize with the biased one), and with
    track_running_stats=False the batch statistics are used in training and evaluation alike."""

    def __init__(self, num_features, *, axis=-1, momentum=0.99, epsilon=1e-5, use_bias=True,
                 use_scale=True, track_running_stats=True, rngs):
        super().__init__(num_features, axis=axis, momentum=momentum, epsilon=epsilon, use_bias=use_bias,
                         use_scale=use_scale, rngs=rngs)
        self.track_running_stats = track_running_stats
        if not track_running_stats:
            self.mean = nnx.data(None)
            self.var = nnx.data(None)

    def __call__(self, x):
        axis = self.axis % x.ndim
        axes = tuple(i for i in range(x.ndim) if i != axis)
        shape = tuple(x.shape[i] if i == axis else 1 for i in range(x.ndim))
        if self.track_running_stats and self.use_running_average:
            mean, var = self.mean[...], self.var[...]
        else:
            mean, var = jnp.mean(x, axes), jnp.var(x, axes)
            if self.track_running_stats:
                n = x.size // x.shape[axis]
                m = self.momentum
                self.mean[...] = m * self.mean[...] + (1 - m) * mean
                self.var[...] = m * self.var[...] + (1 - m) * var * (n / (n - 1))
        y = (x - mean.reshape(shape)) * jax.lax.rsqrt(var.reshape(shape) + self.epsilon)
        if self.scale is not None:
            y = y * self.scale[...].reshape(shape)
        if self.bias is not None:
            y = y + self.bias[...].reshape(shape)
        return y


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0, axis=1):
    """PyTorch LocalResponseNorm: x / (k + alpha / size * sum of x**2 over the `size` channels
    [c - size // 2, c + (size - 1) // 2], zero-padded) ** beta, channels on `axis`."""
    sq = jnp.moveaxis(jnp.square(x), axis, -1)
    pads = [(0, 0)] * (x.ndim - 1) + [(size // 2, (size - 1) // 2)]
    window = (1,) * (x.ndim - 1) + (size,)
    total = jax.lax.reduce_window(jnp.pad(sq, pads), 0.0, jax.lax.add, window, (1,) * x.ndim, "VALID")
    div = jnp.moveaxis(total, -1, axis) * (alpha / size) + k
    return x / div ** beta


def alpha_dropout(x, p, key, channel_axis=None):
    """PyTorch alpha_dropout (feature_alpha_dropout: one mask per (sample, channel on channel_axis)):
    dropped units are set to SELU's negative saturation value and the result is scaled to keep
    zero mean and unit variance."""
    if p == 0.0:
        return x
    if p == 1.0:
        return jnp.zeros_like(x)
    shape = x.shape
    if channel_axis is not None:
        keep_axes = (0, channel_axis % x.ndim)
        shape = tuple(s if i in keep_axes else 1 for i, s in enumerate(x.shape))
    keep = jax.random.bernoulli(key, 1.0 - p, shape).astype(x.dtype)
    alpha = 1.7580993408473766
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    b = (keep - 1) * (alpha * a) + alpha * a * p
    return x * (keep * a) + b


class InstanceNorm(nnx.Module):
    """PyTorch's InstanceNorm with track_running_stats=True: each sample normalized with its own
    statistics in training, and the running mean/variance updated with their batch average (unbiased
    variance); the running statistics are used in evaluation (model.eval())."""

    def __init__(self, num_features, *, axis=1, momentum=0.9, epsilon=1e-5, use_scale=False,
                 use_bias=False, rngs):
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.use_running_average = False
        self.mean = nnx.BatchStat(jnp.zeros(num_features))
        self.var = nnx.BatchStat(jnp.ones(num_features))
        self.scale = nnx.Param(jnp.ones(num_features)) if use_scale else None
        self.bias = nnx.Param(jnp.zeros(num_features)) if use_bias else None

    def __call__(self, x):
        axis = self.axis % x.ndim
        shape = tuple(x.shape[i] if i == axis else 1 for i in range(x.ndim))
        if self.use_running_average:
            mean, var = self.mean[...].reshape(shape), self.var[...].reshape(shape)
        else:
            spatial = tuple(i for i in range(1, x.ndim) if i != axis)
            mean, var = jnp.mean(x, spatial, keepdims=True), jnp.var(x, spatial, keepdims=True)
            n = x.size // (x.shape[0] * x.shape[axis])
            m = self.momentum
            self.mean[...] = m * self.mean[...] + (1 - m) * jnp.mean(mean, axis=0).reshape(-1)
            self.var[...] = m * self.var[...] + (1 - m) * jnp.mean(var, axis=0).reshape(-1) * (n / (n - 1))
        y = (x - mean) * jax.lax.rsqrt(var + self.epsilon)
        if self.scale is not None:
            y = y * self.scale[...].reshape(shape)
        if self.bias is not None:
            y = y + self.bias[...].reshape(shape)
        return y


class AlphaDropout(nnx.Module):
    """PyTorch AlphaDropout, or FeatureAlphaDropout with channel_axis (whole channels dropped);
    identity when deterministic (model.eval())."""

    def __init__(self, rate, *, channel_axis=None, deterministic=False, rngs):
        self.rate = rate
        self.channel_axis = channel_axis
        self.deterministic = deterministic
        self.rngs = rngs["dropout"].fork()

    def __call__(self, x):
        if self.deterministic:
            return x
        return alpha_dropout(x, self.rate, self.rngs(), self.channel_axis)


def standardize(x, axes, eps):
    """(x - mean) / sqrt(var + eps) over `axes` (biased variance, as PyTorch normalizes)."""
    mean = jnp.mean(x, axes, keepdims=True)
    return (x - mean) * jax.lax.rsqrt(jnp.var(x, axes, keepdims=True) + eps)


def affine(y, weight, bias, shape):
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """PyTorch F.layer_norm: normalize over the trailing len(normalized_shape) axes."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    return affine(standardize(x, tuple(range(-len(shape), 0)), eps), weight, bias, shape)


def rms_norm(x, normalized_shape, weight=None, eps=None):
    """PyTorch F.rms_norm: x / sqrt(mean(x**2) + eps) over the trailing axes (eps None: finfo eps)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    eps = jnp.finfo(x.dtype).eps if eps is None else eps
    axes = tuple(range(-len(shape), 0))
    y = x * jax.lax.rsqrt(jnp.mean(jnp.square(x), axes, keepdims=True) + eps)
    return affine(y, weight, None, shape)


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """PyTorch F.group_norm on (N, C, *): channels split into num_groups contiguous groups."""
    y = standardize(x.reshape(x.shape[0], num_groups, -1), -1, eps).reshape(x.shape)
    return affine(y, weight, bias, (1, -1) + (1,) * (x.ndim - 2))


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, eps=1e-5):
    """PyTorch F.batch_norm on (N, C, *) without updating running statistics: running statistics
    when not training, batch statistics when training."""
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if training:
        y = standardize(x, tuple(i for i in range(x.ndim) if i != 1), eps)
    else:
        y = (x - running_mean.reshape(shape)) * jax.lax.rsqrt(running_var.reshape(shape) + eps)
    return affine(y, weight, bias, shape)


def instance_norm(x, weight=None, bias=None, eps=1e-5):
    """PyTorch F.instance_norm with input statistics, (N, C, *spatial)."""
    y = standardize(x, tuple(range(2, x.ndim)), eps)
    return affine(y, weight, bias, (1, -1) + (1,) * (x.ndim - 2))
