"""PyTorch's normalization and dropout semantics where Keras differs (copied into translated code)."""
import keras
from keras import layers, ops


class BatchNorm(layers.BatchNormalization):
    """layers.BatchNormalization with PyTorch's statistics: training updates the moving variance
    with the unbiased batch variance (Keras uses the biased one; both normalize with the biased
    one), and with track_running_stats=False the batch statistics are used in training and
    inference alike. `momentum` is Keras's (PyTorch's 1 - momentum)."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, track_running_stats=True,
                 **kwargs):
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale, **kwargs)
        self.track_running_stats = track_running_stats

    def build(self, input_shape):
        if self.track_running_stats:
            return super().build(input_shape)
        # no running statistics (PyTorch keeps none either): only the affine weights
        shape = (input_shape[self.axis],)
        self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                     autocast=False) if self.scale else None
        self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                    autocast=False) if self.center else None
        self.moving_mean = self.moving_variance = None

    def call(self, inputs, training=None, mask=None):
        axis = self.axis % len(inputs.shape)
        axes = tuple(i for i in range(len(inputs.shape)) if i != axis)
        shape = tuple(inputs.shape[i] if i == axis else 1 for i in range(len(inputs.shape)))
        if self.track_running_stats and not training:
            mean, var = self.moving_mean, self.moving_variance
        else:
            mean, var = ops.moments(inputs, axes)
            if self.track_running_stats:
                n = ops.cast(ops.size(inputs) // inputs.shape[axis], var.dtype)
                m = self.momentum
                self.moving_mean.assign(m * self.moving_mean + (1 - m) * mean)
                self.moving_variance.assign(m * self.moving_variance + (1 - m) * var * (n / (n - 1)))
        y = (inputs - ops.reshape(mean, shape)) * ops.rsqrt(ops.reshape(var, shape) + self.epsilon)
        if self.scale:
            y = y * ops.reshape(self.gamma, shape)
        if self.center:   # the bias first: see affine
            y = ops.reshape(self.beta, shape) + y
        return y


class InstanceNorm(layers.Layer):
    """PyTorch's InstanceNorm with track_running_stats=True: each sample normalized with its own
    statistics in training, the running mean/variance updated with their batch average (unbiased
    variance); the running statistics are used in inference. `momentum` is Keras's."""

    def __init__(self, num_features, axis=1, momentum=0.9, epsilon=1e-5, scale=False, center=False, **kwargs):
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.moving_mean = self.add_weight(shape=(num_features,), initializer="zeros", trainable=False,
                                           name="moving_mean")
        self.moving_variance = self.add_weight(shape=(num_features,), initializer="ones", trainable=False,
                                               name="moving_variance")
        self.gamma = self.add_weight(shape=(num_features,), initializer="ones", name="gamma") if scale else None
        self.beta = self.add_weight(shape=(num_features,), initializer="zeros", name="beta") if center else None

    def call(self, x, training=None):
        axis = self.axis % len(x.shape)
        shape = tuple(x.shape[i] if i == axis else 1 for i in range(len(x.shape)))
        if not training:
            mean, var = ops.reshape(self.moving_mean, shape), ops.reshape(self.moving_variance, shape)
        else:
            spatial = tuple(i for i in range(1, len(x.shape)) if i != axis)
            mean, var = ops.moments(x, spatial, keepdims=True)
            n = ops.cast(ops.size(x) // (x.shape[0] * x.shape[axis]), var.dtype)
            m = self.momentum
            self.moving_mean.assign(m * self.moving_mean + (1 - m) * ops.reshape(ops.mean(mean, axis=0), (-1,)))
            self.moving_variance.assign(m * self.moving_variance + (1 - m) *
                                        ops.reshape(ops.mean(var, axis=0), (-1,)) * (n / (n - 1)))
        return affine((x - mean) * ops.rsqrt(var + self.epsilon), self.gamma, self.beta, shape)


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0):
    """PyTorch LocalResponseNorm on (N, C, *): x / (k + alpha / size * sum of x**2 over the `size`
    channels [c - size // 2, c + (size - 1) // 2], zero-padded) ** beta."""
    sq = ops.square(x)
    pads = [(0, 0), (size // 2, (size - 1) // 2)] + [(0, 0)] * (len(x.shape) - 2)
    padded = ops.pad(sq, pads)
    total = sum(padded[:, i:i + x.shape[1]] for i in range(size))
    return x / (total * (alpha / size) + k) ** beta


def alpha_dropout(x, p, channel_axis=None, seed=None):
    """PyTorch alpha_dropout (feature_alpha_dropout: one mask per (sample, channel on channel_axis)):
    dropped units are set to SELU's negative saturation value and the result is scaled to keep
    zero mean and unit variance."""
    if p == 0.0:
        return x
    if p == 1.0:
        return ops.zeros_like(x)
    shape = tuple(x.shape)
    if channel_axis is not None:
        keep_axes = (0, channel_axis % len(x.shape))
        shape = tuple(s if i in keep_axes else 1 for i, s in enumerate(x.shape))
    keep = ops.cast(keras.random.uniform(shape, seed=seed) < 1.0 - p, x.dtype)
    alpha = 1.7580993408473766
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    b = (keep - 1) * (alpha * a) + alpha * a * p
    return x * (keep * a) + b


class AlphaDropout(layers.Layer):
    """PyTorch AlphaDropout, or FeatureAlphaDropout with channel_axis (whole channels dropped);
    identity in inference."""

    def __init__(self, rate, channel_axis=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.channel_axis = rate, channel_axis
        self.seed_generator = keras.random.SeedGenerator()

    def call(self, x, training=None):
        if not training:
            return x
        return alpha_dropout(x, self.rate, self.channel_axis, self.seed_generator)


def standardize(x, axes, eps):
    """(x - mean) / sqrt(var + eps) over `axes` (biased variance, as PyTorch normalizes)."""
    mean, var = ops.moments(x, axes, keepdims=True)
    return (x - mean) * ops.rsqrt(var + eps)


def affine(y, weight, bias, shape):
    """y * weight + bias, both reshaped to `shape`. The bias comes first: Keras's TensorFlow ops.add(y, b)
    with b of shape (1, C, 1, ...) adds it along the last axis when that axis also has size C."""
    if weight is not None:
        y = y * ops.reshape(weight, shape)
    if bias is not None:
        y = ops.reshape(bias, shape) + y
    return y


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """PyTorch F.layer_norm: normalize over the trailing len(normalized_shape) axes."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    return affine(standardize(x, tuple(range(-len(shape), 0)), eps), weight, bias, shape)


def rms_norm(x, normalized_shape, weight=None, eps=None):
    """PyTorch F.rms_norm: x / sqrt(mean(x**2) + eps) over the trailing axes (eps None: float32's)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    eps = 1.1920928955078125e-07 if eps is None else eps
    axes = tuple(range(-len(shape), 0))
    y = x * ops.rsqrt(ops.mean(ops.square(x), axis=axes, keepdims=True) + eps)
    return affine(y, weight, None, shape)


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """PyTorch F.group_norm on (N, C, *): channels split into num_groups contiguous groups."""
    y = ops.reshape(standardize(ops.reshape(x, (x.shape[0], num_groups, -1)), -1, eps), ops.shape(x))
    return affine(y, weight, bias, (1, -1) + (1,) * (len(x.shape) - 2))


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, eps=1e-5):
    """PyTorch F.batch_norm on (N, C, *) without updating running statistics: running statistics
    when not training, batch statistics when training."""
    shape = (1, -1) + (1,) * (len(x.shape) - 2)
    if training:
        y = standardize(x, tuple(i for i in range(len(x.shape)) if i != 1), eps)
    else:
        y = (x - ops.reshape(running_mean, shape)) * ops.rsqrt(ops.reshape(running_var, shape) + eps)
    return affine(y, weight, bias, shape)


def instance_norm(x, weight=None, bias=None, eps=1e-5):
    """PyTorch F.instance_norm with input statistics, (N, C, *spatial)."""
    y = standardize(x, tuple(range(2, len(x.shape))), eps)
    return affine(y, weight, bias, (1, -1) + (1,) * (len(x.shape) - 2))
