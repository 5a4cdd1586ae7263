"""PyTorch loss functions with PyTorch's exact semantics (reduction, ignore_index, weights, clamps),
copied into translated Flax code where no jax/optax function matches exactly."""
import jax
import jax.numpy as jnp
import optax


def reduce_loss(loss, reduction="mean"):
    """PyTorch's reduction: 'mean' over all elements, 'sum', or 'none' (elementwise)."""
    if reduction == "mean":
        return jnp.mean(loss)
    if reduction == "sum":
        return jnp.sum(loss)
    return loss


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """torch.nn.functional.nll_loss: input (N, C, ...) or (C,) log-probabilities, target class indices.
    'mean' divides by the summed weights of the non-ignored targets."""
    class_axis = 0 if input.ndim == 1 else 1
    keep = target != ignore_index
    safe = jnp.where(keep, target, 0)
    picked = jnp.take_along_axis(input, jnp.expand_dims(safe, class_axis), axis=class_axis)
    picked = jnp.squeeze(picked, class_axis)
    w = jnp.where(keep, 1.0 if weight is None else weight[safe], 0.0)
    loss = -picked * w
    if reduction == "mean":
        return jnp.sum(loss) / jnp.sum(w)
    return reduce_loss(loss, reduction)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """torch.nn.functional.cross_entropy: class-index targets (integer) or class probabilities (float,
    same shape as input), with PyTorch's weighting, ignore_index and label smoothing formulas."""
    class_axis = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_axis]
    logp = jax.nn.log_softmax(input, axis=class_axis)
    w_shape = [1] * input.ndim
    w_shape[class_axis] = n_classes
    if jnp.issubdtype(target.dtype, jnp.floating):   # class probabilities
        if label_smoothing > 0.0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        if weight is not None:
            logp = logp * weight.reshape(w_shape)
        if reduction == "mean":
            return -jnp.sum(logp * target) / (logp.size / n_classes)
        if reduction == "sum":
            return -jnp.sum(logp * target)
        return -jnp.sum(logp * target, axis=class_axis)
    loss = nll_loss(logp, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return loss
    keep = target != ignore_index
    if weight is None:
        smooth = -jnp.sum(logp, axis=class_axis)
        total = jnp.sum(keep)
    else:
        smooth = -jnp.sum(logp * weight.reshape(w_shape), axis=class_axis)
        total = jnp.sum(jnp.where(keep, weight[jnp.where(keep, target, 0)], 0.0))
    smooth = jnp.where(keep, smooth, 0.0)
    if reduction == "mean":
        smooth = jnp.sum(smooth) / total
    else:
        smooth = reduce_loss(smooth, reduction)
    return (1 - label_smoothing) * loss + smooth * (label_smoothing / n_classes)


def weighted_loss(loss, weight=None, reduction="mean"):
    """mse_loss / l1_loss with weight=: 'mean' divides by the summed weights (as PyTorch does)."""
    if weight is None:
        return reduce_loss(loss, reduction)
    loss = loss * weight
    if reduction == "mean":
        return jnp.sum(loss) / jnp.sum(weight)
    return reduce_loss(loss, reduction)


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """torch.nn.functional.smooth_l1_loss: 0.5 d**2 / beta below beta, d - 0.5 beta above."""
    d = jnp.abs(input - target)
    if beta == 0.0:
        return reduce_loss(d, reduction)
    return reduce_loss(jnp.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """torch.nn.functional.huber_loss: 0.5 d**2 below delta, delta (d - 0.5 delta) above."""
    d = jnp.abs(input - target)
    loss = jnp.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """torch.nn.functional.binary_cross_entropy on probabilities; logs clamped at -100 like PyTorch."""
    log_p = jnp.maximum(jnp.log(input), -100.0)
    log_1mp = jnp.maximum(jnp.log1p(-input), -100.0)
    loss = -(target * log_p + (1 - target) * log_1mp)
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    """torch.nn.functional.binary_cross_entropy_with_logits (PyTorch's log-sigmoid formulation)."""
    log_sig = jax.nn.log_sigmoid(input)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * target + 1)
    loss = (1 - target) * input - log_sig
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def kl_div(input, target, reduction="mean", log_target=False):
    """torch.nn.functional.kl_div: input is log-probabilities; 'batchmean' divides the sum by N."""
    if log_target:
        loss = jnp.exp(target) * (target - input)
    else:
        loss = jax.scipy.special.xlogy(target, target) - target * input
    if reduction == "batchmean":
        return jnp.sum(loss) / (input.shape[0] if input.ndim else 1)
    return reduce_loss(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.cosine_embedding_loss (target 1: 1 - cos; -1: max(0, cos - margin))."""
    axis = 1 if input1.ndim == 2 else 0
    eps = 1e-12
    dot = jnp.sum(input1 * input2, axis=axis)
    norms = jnp.sqrt((jnp.sum(input1 * input1, axis=axis) + eps) * (jnp.sum(input2 * input2, axis=axis) + eps))
    cos = dot / norms
    loss = jnp.where(target == 1, 1 - cos, 0.0) + jnp.where(target == -1, jnp.maximum(cos - margin, 0.0), 0.0)
    return reduce_loss(loss, reduction)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6):
    """torch.nn.functional.pairwise_distance: the p-norm of x1 - x2 + eps over the last axis."""
    return jnp.linalg.vector_norm(x1 - x2 + eps, ord=p, axis=-1)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                        reduction="mean"):
    """torch.nn.functional.triplet_margin_loss: max(d(a, p) - d(a, n) + margin, 0)."""
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = jnp.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return reduce_loss(jnp.maximum(margin + d_pos - d_neg, 0.0), reduction)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.margin_ranking_loss: max(0, -target (input1 - input2) + margin)."""
    return reduce_loss(jnp.maximum(-target * (input1 - input2) + margin, 0.0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    """torch.nn.functional.hinge_embedding_loss: x where target is 1, max(0, margin - x) where -1."""
    loss = jnp.where(target != 1, jnp.maximum(margin - input, 0.0), 0.0) + jnp.where(target != -1, input, 0.0)
    return reduce_loss(loss, reduction)


def soft_margin_loss(input, target, reduction="mean"):
    """torch.nn.functional.soft_margin_loss: log(1 + exp(-target * input))."""
    return reduce_loss(jax.nn.softplus(-target * input), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, reduction="mean"):
    """torch.nn.functional.multilabel_soft_margin_loss: the binary cross-entropy of each class (last
    axis) from logits, weighted, averaged over the classes, then reduced over the samples."""
    loss = -(target * jax.nn.log_sigmoid(input) + (1 - target) * jax.nn.log_sigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return reduce_loss(jnp.mean(loss, axis=-1), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """torch.nn.functional.poisson_nll_loss (full: Stirling's term where target > 1)."""
    loss = jnp.exp(input) - target * input if log_input else input - target * jnp.log(input + eps)
    if full:
        safe = jnp.where(target > 1, target, 1.0)
        stirling = safe * jnp.log(safe) - safe + 0.5 * jnp.log(2 * jnp.pi * safe)
        loss = loss + jnp.where(target > 1, stirling, 0.0)
    return reduce_loss(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """torch.nn.functional.gaussian_nll_loss: 0.5 (log var + (input - target)**2 / var), var clamped
    at eps (its value only); a var without input's last axis gets one."""
    var = jnp.asarray(var, dtype=input.dtype)
    if var.ndim and var.shape != input.shape and var.shape == input.shape[:-1]:
        var = var[..., None]
    var = jnp.maximum(var, eps)
    loss = 0.5 * (jnp.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * jnp.log(2 * jnp.pi)
    return reduce_loss(jnp.broadcast_to(loss, jnp.broadcast_shapes(loss.shape, input.shape)), reduction)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """torch.nn.functional.ctc_loss on log_probs (T, N, C) and padded targets (N, S), by optax.ctc_loss
    (batch first, paddings for lengths); 'mean' divides each loss by its target length first."""
    steps, labels = log_probs.shape[0], targets.shape[1]
    input_lengths, target_lengths = jnp.asarray(input_lengths), jnp.asarray(target_lengths)
    logit_paddings = (jnp.arange(steps)[None] >= input_lengths[:, None]).astype(log_probs.dtype)
    label_paddings = (jnp.arange(labels)[None] >= target_lengths[:, None]).astype(log_probs.dtype)
    loss = optax.ctc_loss(jnp.transpose(log_probs, (1, 0, 2)), logit_paddings, targets, label_paddings,
                          blank_id=blank)
    repeats = jnp.sum((targets[:, 1:] == targets[:, :-1]) & (jnp.arange(1, labels)[None] < target_lengths[:, None]),
                      axis=1)   # a repeated label needs a blank between: no alignment in fewer frames
    loss = jnp.where(input_lengths < target_lengths + repeats, jnp.inf, loss)   # PyTorch: inf (optax: large)
    if zero_infinity:
        loss = jnp.where(jnp.isinf(loss), 0.0, loss)
    if reduction == "mean":
        return jnp.mean(loss / jnp.maximum(target_lengths, 1))
    return reduce_loss(loss, reduction)
