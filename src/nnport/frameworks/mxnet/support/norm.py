"""Normalization and dropout with PyTorch's semantics where Gluon's layers differ: BatchNorm's running
variance (PyTorch records the unbiased batch variance), batch statistics without running ones,
GroupNorm's per-channel affine (Gluon's is per group), LayerNorm over several trailing axes, RMSNorm,
LocalResponseNorm, AlphaDropout. Written with F: they hybridize (but CallOrderBatchNorm). Channels are axis 1."""
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn


def training_mode(F, like):
    """1 in training mode, 0 in inference, as an array shaped like `like`: F.Dropout (p=0.5) of ones
    is 0 or 2 when training and 1 otherwise (the mode a hybridized graph is run in)."""
    return F.square(F.Dropout(F.ones_like(like), p=0.5) - 1)


def _per_channel(F, x, eps):
    """x as (N, C, L), its deviation from the per-channel batch mean, the biased variance, the mean."""
    x3 = F.reshape(x, (0, 0, -1))
    mean = F.mean(x3, axis=(0, 2), keepdims=True)
    dev = F.broadcast_sub(x3, mean)
    var = F.mean(F.square(dev), axis=(0, 2), keepdims=True)
    return x3, dev, var, mean


def _affine(F, y3, gamma, beta):
    """Per-channel scale and shift of (N, C, L) values."""
    if gamma is not None:
        y3 = F.broadcast_mul(y3, F.reshape(gamma, (1, -1, 1)))
    if beta is not None:
        y3 = F.broadcast_add(y3, F.reshape(beta, (1, -1, 1)))
    return y3


class BatchNorm(nn.BatchNorm):
    """nn.BatchNorm whose running statistics are PyTorch's. Gluon's operator records the *biased* batch
    variance (in backward); PyTorch the unbiased one. In training the output is the batch-normalized
    input (biased variance, as both compute it) and the operator sees the input spread by
    sqrt(n / (n - 1)) about the batch mean, so that what it records is PyTorch's statistic. In
    inference it is nn.BatchNorm. Takes Gluon's arguments (momentum = 1 - PyTorch's)."""

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        x3, dev, var, mean = _per_channel(F, x, self._kwargs["eps"])
        y = F.broadcast_div(dev, F.sqrt(var + self._kwargs["eps"]))
        y = F.reshape_like(_affine(F, y, gamma, beta), x)   # gamma: ones when fixed (scale=False)
        n = F.cast(F.size_array(x3), "float32") / F.cast(F.size_array(mean), "float32")
        t = training_mode(F, n)
        spread = F.sqrt(n / F.maximum(n - 1, F.ones_like(n))) - 1
        x_op = x + F.reshape_like(F.broadcast_mul(dev, spread * t), x)
        out = F.BatchNorm(x_op, gamma, beta, running_mean, running_var, name="fwd", **self._kwargs)
        return F.broadcast_add(F.broadcast_mul(y, t), F.broadcast_mul(out, 1 - t))


class CallOrderBatchNorm(nn.BatchNorm):
    """nn.BatchNorm that updates its running statistics in the forward pass, at each call and in call
    order, as PyTorch does: for a block called more than once per forward (Gluon's operator updates them
    in the backward pass, in the order the loss sets). In training the output is the batch-normalized
    input (biased variance) and the running variance records the unbiased one, PyTorch's; in inference
    it is nn.BatchNorm. Imperative (it needs concrete arrays): the blocks holding it do not hybridize.
    Takes Gluon's arguments (momentum = 1 - PyTorch's)."""

    def forward(self, x):
        k = self._kwargs
        if not isinstance(x, nd.NDArray) or not autograd.is_training() or k["use_global_stats"]:
            return super().forward(x)
        axis = k["axis"] % x.ndim
        axes = tuple(a for a in range(x.ndim) if a != axis)
        shape = tuple(-1 if a == axis else 1 for a in range(x.ndim))
        mean = nd.mean(x, axis=axes, keepdims=True)
        dev = nd.broadcast_sub(x, mean)
        var = nd.mean(nd.square(dev), axis=axes, keepdims=True)
        y = nd.broadcast_div(dev, nd.sqrt(var + k["eps"]))
        if not k["fix_gamma"]:
            y = nd.broadcast_mul(y, nd.reshape(self.gamma.data(x.context), shape))
        y = nd.broadcast_add(y, nd.reshape(self.beta.data(x.context), shape))
        n = x.size // x.shape[axis]
        with autograd.pause():
            for stat, batch in ((self.running_mean, mean), (self.running_var, var * n / max(n - 1, 1))):
                old = stat.data(x.context)
                stat.set_data(old * k["momentum"] + nd.reshape(batch, (-1,)) * (1 - k["momentum"]))
        return y


class TrackedInstanceNorm(nn.BatchNorm):
    """PyTorch's InstanceNormNd(track_running_stats=True): instance statistics in training, recording
    PyTorch's running ones (the batch mean of the instance means and of the unbiased instance
    variances); the running ones in inference. As BatchNorm above, the operator is given the input
    rescaled about the batch mean so that the statistics it records are these."""

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        eps = self._kwargs["eps"]
        x3 = F.reshape(x, (0, 0, -1))
        inst = F.broadcast_sub(x3, F.mean(x3, axis=2, keepdims=True))
        inst_var = F.mean(F.square(inst), axis=2, keepdims=True)                     # (N, C, 1), biased
        y = F.reshape_like(_affine(F, F.broadcast_div(inst, F.sqrt(inst_var + eps)), gamma, beta), x)
        length = F.cast(F.size_array(inst), "float32") / F.cast(F.size_array(inst_var), "float32")
        target = F.broadcast_mul(F.mean(inst_var, axis=0, keepdims=True),
                                 length / F.maximum(length - 1, F.ones_like(length)))
        _, dev, var, _ = _per_channel(F, x, eps)
        scale = F.sqrt(F.broadcast_div(target, F.maximum(var, F.ones_like(var) * 1e-30))) - 1
        t = training_mode(F, F.sum(scale))
        x_op = x + F.reshape_like(F.broadcast_mul(F.broadcast_mul(dev, scale), t), x)
        out = F.BatchNorm(x_op, gamma, beta, running_mean, running_var, name="fwd", **self._kwargs)
        return F.broadcast_add(F.broadcast_mul(y, t), F.broadcast_mul(out, 1 - t))


def _trailing_axes(normalized_shape):
    return tuple(range(-(1 if isinstance(normalized_shape, int) else len(normalized_shape)), 0))


def layer_norm(F, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """PyTorch's F.layer_norm over the last len(normalized_shape) axes."""
    axes = _trailing_axes(normalized_shape)
    dev = F.broadcast_sub(x, F.mean(x, axis=axes, keepdims=True))
    y = F.broadcast_div(dev, F.sqrt(F.mean(F.square(dev), axis=axes, keepdims=True) + eps))
    y = y if weight is None else F.broadcast_mul(y, weight)
    return y if bias is None else F.broadcast_add(y, bias)


def rms_norm(F, x, normalized_shape, weight=None, eps=None):
    """PyTorch's F.rms_norm; eps None: float32's machine epsilon."""
    axes = _trailing_axes(normalized_shape)
    eps = 1.1920928955078125e-07 if eps is None else eps
    y = F.broadcast_div(x, F.sqrt(F.mean(F.square(x), axis=axes, keepdims=True) + eps))
    return y if weight is None else F.broadcast_mul(y, weight)


def group_norm(F, x, num_groups, weight=None, bias=None, eps=1e-5):
    """PyTorch's F.group_norm: statistics per sample and group of channels, affine per channel."""
    g = F.reshape(x, (0, num_groups, -1))
    dev = F.broadcast_sub(g, F.mean(g, axis=2, keepdims=True))
    y = F.broadcast_div(dev, F.sqrt(F.mean(F.square(dev), axis=2, keepdims=True) + eps))
    y = F.reshape(F.reshape_like(y, x), (0, 0, -1))
    return F.reshape_like(_affine(F, y, weight, bias), x)


def instance_norm(F, x, weight=None, bias=None, eps=1e-5):
    """PyTorch's F.instance_norm without running statistics: per sample and channel."""
    x3 = F.reshape(x, (0, 0, -1))
    dev = F.broadcast_sub(x3, F.mean(x3, axis=2, keepdims=True))
    y = F.broadcast_div(dev, F.sqrt(F.mean(F.square(dev), axis=2, keepdims=True) + eps))
    return F.reshape_like(_affine(F, y, weight, bias), x)


def batch_norm(F, x, running_mean=None, running_var=None, weight=None, bias=None, training=False, eps=1e-5):
    """PyTorch's F.batch_norm: the running statistics (inference), or the batch's (training: the
    running ones are not updated here)."""
    if training:
        _, dev, var, _ = _per_channel(F, x, eps)
        return F.reshape_like(_affine(F, F.broadcast_div(dev, F.sqrt(var + eps)), weight, bias), x)
    x3 = F.reshape(x, (0, 0, -1))
    mean, var = F.reshape(running_mean, (1, -1, 1)), F.reshape(running_var, (1, -1, 1))
    y = F.broadcast_div(F.broadcast_sub(x3, mean), F.sqrt(var + eps))
    return F.reshape_like(_affine(F, y, weight, bias), x)


class BatchStatsNorm(gluon.HybridBlock):
    """PyTorch's BatchNormNd(track_running_stats=False): batch statistics in both modes, no running ones."""

    def __init__(self, num_features, eps=1e-5, center=True, scale=True, **kwargs):
        super().__init__(**kwargs)
        self._eps = eps
        self.gamma = self.params.get("gamma", shape=(num_features,), init="ones") if scale else None
        self.beta = self.params.get("beta", shape=(num_features,), init="zeros") if center else None

    def hybrid_forward(self, F, x, gamma=None, beta=None):
        return batch_norm(F, x, None, None, gamma, beta, True, self._eps)


class GroupNorm(gluon.HybridBlock):
    """PyTorch's GroupNorm: statistics per sample and group of channels, affine per channel (Gluon's
    nn.GroupNorm has one scale per group)."""

    def __init__(self, num_groups, num_channels, eps=1e-5, center=True, scale=True, **kwargs):
        super().__init__(**kwargs)
        self._groups, self._eps = num_groups, eps
        self.gamma = self.params.get("gamma", shape=(num_channels,), init="ones") if scale else None
        self.beta = self.params.get("beta", shape=(num_channels,), init="zeros") if center else None

    def hybrid_forward(self, F, x, gamma=None, beta=None):
        return group_norm(F, x, self._groups, gamma, beta, self._eps)


class LayerNorm(gluon.HybridBlock):
    """PyTorch's LayerNorm over the last len(normalized_shape) axes (Gluon's nn.LayerNorm takes one)."""

    def __init__(self, normalized_shape, eps=1e-5, center=True, scale=True, **kwargs):
        super().__init__(**kwargs)
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self._shape, self._eps = shape, eps
        self.gamma = self.params.get("gamma", shape=shape, init="ones") if scale else None
        self.beta = self.params.get("beta", shape=shape, init="zeros") if center else None

    def hybrid_forward(self, F, x, gamma=None, beta=None):
        return layer_norm(F, x, self._shape, gamma, beta, self._eps)


class RMSNormalization(gluon.HybridBlock):
    """PyTorch's RMSNorm over the last len(normalized_shape) axes (named apart from a user class RMSNorm)."""

    def __init__(self, normalized_shape, eps=None, scale=True, **kwargs):
        super().__init__(**kwargs)
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self._shape, self._eps = shape, eps
        self.gamma = self.params.get("gamma", shape=shape, init="ones") if scale else None

    def hybrid_forward(self, F, x, gamma=None):
        return rms_norm(F, x, self._shape, gamma, self._eps)


def local_response_norm(F, x, size, alpha=1e-4, beta=0.75, k=1.0):
    """PyTorch's F.local_response_norm: x / (k + alpha / size * sum of x^2 over `size` neighbouring
    channels, zero-padded (size // 2 before, (size - 1) // 2 after))^beta."""
    sq = F.square(x)
    edge = F.zeros_like(F.slice_axis(sq, axis=1, begin=0, end=1))
    parts = [F.repeat(edge, repeats=size // 2, axis=1)] if size // 2 else []
    parts += [sq] + ([F.repeat(edge, repeats=(size - 1) // 2, axis=1)] if (size - 1) // 2 else [])
    sq = F.concat(*parts, dim=1) if size > 1 else sq
    total = F.slice_axis(sq, axis=1, begin=0, end=1 - size or None)
    for j in range(1, size):
        total = total + F.slice_axis(sq, axis=1, begin=j, end=j + 1 - size or None)
    return x / F.power(k + alpha / size * total, beta)


class LocalResponseNorm(gluon.HybridBlock):
    """PyTorch's nn.LocalResponseNorm."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0, **kwargs):
        super().__init__(**kwargs)
        self._args = (size, alpha, beta, k)

    def hybrid_forward(self, F, x):
        return local_response_norm(F, x, *self._args)


def alpha_dropout(F, x, p, per_channel=False):
    """PyTorch's alpha_dropout (per_channel: feature_alpha_dropout, one mask value per sample and
    channel): dropped units set to SELU's negative saturation, then an affine map keeping mean and
    variance. Identity in inference (F.Dropout's mask is all ones then)."""
    if per_channel:
        ones = F.ones_like(F.reshape(x, (0, 0, -1)))
        keep = F.reshape_like(F.Dropout(ones, p=p, axes=(2,)), x) * (1 - p)
    else:
        keep = F.Dropout(F.ones_like(x), p=p) * (1 - p)   # 1 kept, 0 dropped; 1 in inference
    alpha = 1.6732632423543772 * 1.0507009873554805   # SELU's scale * alpha: a dropped unit is -alpha
    a = (1 - p + alpha ** 2 * p * (1 - p)) ** -0.5
    t = training_mode(F, x)
    y = x * keep - alpha * (1 - keep)
    return t * (a * y + a * alpha * p) + (1 - t) * x


class AlphaDropout(gluon.HybridBlock):
    """PyTorch's nn.AlphaDropout, and nn.FeatureAlphaDropout with per_channel=True."""

    def __init__(self, rate, per_channel=False, **kwargs):
        super().__init__(**kwargs)
        self._rate, self._per_channel = rate, per_channel

    def hybrid_forward(self, F, x):
        return alpha_dropout(F, x, self._rate, self._per_channel)
