"""PyTorch loss functions with PyTorch's exact semantics (reduction, ignore_index, weights, clamps, the
class axis 1 of (N, C, ...) inputs), copied into translated Keras code: keras.losses differ (argument
order, reduction, epsilon clipping, classes on the last axis). Same names and signatures as Flax's
support/loss.py."""
import math

import keras
from keras import ops


def reduce_loss(loss, reduction="mean"):
    """PyTorch's reduction: 'mean' over all elements, 'sum', or 'none' (elementwise)."""
    if reduction == "mean":
        return ops.mean(loss)
    if reduction == "sum":
        return ops.sum(loss)
    return loss


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """torch.nn.functional.nll_loss: input (N, C, ...) or (C,) log-probabilities, target class indices.
    'mean' divides by the summed weights of the non-ignored targets."""
    class_axis = 0 if len(input.shape) == 1 else 1
    keep = target != ignore_index
    safe = ops.where(keep, target, 0)
    picked = ops.take_along_axis(input, ops.expand_dims(safe, class_axis), axis=class_axis)
    picked = ops.squeeze(picked, class_axis)
    w = ops.where(keep, 1.0 if weight is None else ops.take(weight, safe), 0.0)
    loss = -picked * w
    if reduction == "mean":
        return ops.sum(loss) / ops.sum(w)
    return reduce_loss(loss, reduction)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """torch.nn.functional.cross_entropy: class-index targets (integer) or class probabilities (float,
    same shape as input), with PyTorch's weighting, ignore_index and label smoothing formulas."""
    class_axis = 0 if len(input.shape) == 1 else 1
    n_classes = input.shape[class_axis]
    logp = ops.log_softmax(input, axis=class_axis)
    w_shape = [1] * len(input.shape)
    w_shape[class_axis] = n_classes
    if keras.backend.is_float_dtype(target.dtype):   # class probabilities (ignore_index plays no part)
        if label_smoothing > 0.0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        if weight is not None:
            logp = logp * ops.reshape(weight, w_shape)
        return reduce_loss(-ops.sum(logp * target, axis=class_axis), reduction)
    loss = nll_loss(logp, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return loss
    keep = target != ignore_index
    if weight is None:
        smooth = -ops.sum(logp, axis=class_axis)
        total = ops.sum(ops.cast(keep, logp.dtype))
    else:
        smooth = -ops.sum(logp * ops.reshape(weight, w_shape), axis=class_axis)
        total = ops.sum(ops.where(keep, ops.take(weight, ops.where(keep, target, 0)), 0.0))
    smooth = ops.where(keep, smooth, 0.0)
    if reduction == "mean":
        smooth = ops.sum(smooth) / total
    else:
        smooth = reduce_loss(smooth, reduction)
    return (1 - label_smoothing) * loss + smooth * (label_smoothing / n_classes)


def weighted_loss(loss, weight=None, reduction="mean"):
    """mse_loss / l1_loss with weight=: 'mean' divides by the summed weights (as PyTorch does)."""
    if weight is None:
        return reduce_loss(loss, reduction)
    loss = loss * weight
    if reduction == "mean":
        return ops.sum(loss) / ops.sum(weight)
    return reduce_loss(loss, reduction)


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """torch.nn.functional.smooth_l1_loss: 0.5 d**2 / beta below beta, d - 0.5 beta above."""
    d = ops.abs(input - target)
    if beta == 0.0:
        return reduce_loss(d, reduction)
    return reduce_loss(ops.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """torch.nn.functional.huber_loss: 0.5 d**2 below delta, delta (d - 0.5 delta) above."""
    d = ops.abs(input - target)
    loss = ops.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """torch.nn.functional.binary_cross_entropy on probabilities; logs clamped at -100 like PyTorch
    (keras.losses.binary_crossentropy clips the probabilities with epsilon 1e-7 instead)."""
    log_p = ops.maximum(ops.log(input), -100.0)
    log_1mp = ops.maximum(ops.log1p(-input), -100.0)
    loss = -(target * log_p + (1 - target) * log_1mp)
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    """torch.nn.functional.binary_cross_entropy_with_logits (PyTorch's log-sigmoid formulation)."""
    log_sig = ops.log_sigmoid(input)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * target + 1)
    loss = (1 - target) * input - log_sig
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction)


def kl_div(input, target, reduction="mean", log_target=False):
    """torch.nn.functional.kl_div: input is log-probabilities; 'batchmean' divides the sum by N.
    target * log(target) is 0 where target is 0 (PyTorch's xlogy)."""
    if log_target:
        loss = ops.exp(target) * (target - input)
    else:
        loss = target * ops.log(ops.where(target == 0, 1.0, target)) - target * input
    if reduction == "batchmean":
        return ops.sum(loss) / (input.shape[0] if len(input.shape) else 1)
    return reduce_loss(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.cosine_embedding_loss (target 1: 1 - cos; -1: max(0, cos - margin))."""
    axis = 1 if len(input1.shape) == 2 else 0
    eps = 1e-12
    dot = ops.sum(input1 * input2, axis=axis)
    norms = ops.sqrt((ops.sum(input1 * input1, axis=axis) + eps) * (ops.sum(input2 * input2, axis=axis) + eps))
    cos = dot / norms
    loss = ops.where(target == 1, 1 - cos, 0.0) + ops.where(target == -1, ops.maximum(cos - margin, 0.0), 0.0)
    return reduce_loss(loss, reduction)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6):
    """torch.nn.functional.pairwise_distance: the p-norm of x1 - x2 + eps over the last axis."""
    return ops.norm(x1 - x2 + eps, ord=p, axis=-1)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                        reduction="mean"):
    """torch.nn.functional.triplet_margin_loss: max(d(a, p) - d(a, n) + margin, 0)."""
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = ops.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return reduce_loss(ops.maximum(margin + d_pos - d_neg, 0.0), reduction)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.margin_ranking_loss: max(0, -target (input1 - input2) + margin)."""
    return reduce_loss(ops.maximum(-target * (input1 - input2) + margin, 0.0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    """torch.nn.functional.hinge_embedding_loss: x where target is 1, max(0, margin - x) where -1."""
    loss = ops.where(target != 1, ops.maximum(margin - input, 0.0), 0.0) + ops.where(target != -1, input, 0.0)
    return reduce_loss(loss, reduction)


def soft_margin_loss(input, target, reduction="mean"):
    """torch.nn.functional.soft_margin_loss: log(1 + exp(-target * input))."""
    return reduce_loss(ops.softplus(-target * input), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, reduction="mean"):
    """torch.nn.functional.multilabel_soft_margin_loss: the binary cross-entropy of each class (last
    axis) from logits, weighted, averaged over the classes, then reduced over the samples."""
    loss = -(target * ops.log_sigmoid(input) + (1 - target) * ops.log_sigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return reduce_loss(ops.mean(loss, axis=-1), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """torch.nn.functional.poisson_nll_loss (full: Stirling's term where target > 1)."""
    loss = ops.exp(input) - target * input if log_input else input - target * ops.log(input + eps)
    if full:
        safe = ops.where(target > 1, target, 1.0)
        stirling = safe * ops.log(safe) - safe + 0.5 * ops.log(2 * math.pi * safe)
        loss = loss + ops.where(target > 1, stirling, 0.0)
    return reduce_loss(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """torch.nn.functional.gaussian_nll_loss: 0.5 (log var + (input - target)**2 / var), var clamped
    at eps (its value only); a var without input's last axis gets one."""
    var = ops.cast(ops.convert_to_tensor(var), input.dtype)
    if len(var.shape) and tuple(var.shape) != tuple(input.shape) and tuple(var.shape) == tuple(input.shape[:-1]):
        var = ops.expand_dims(var, -1)
    var = ops.maximum(var, eps)
    loss = 0.5 * (ops.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss + ops.zeros_like(input), reduction)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """torch.nn.functional.ctc_loss on log_probs (T, N, C) and padded targets (N, S), by
    keras.ops.ctc_loss (batch first); 'mean' divides each loss by its target length first."""
    loss = ops.ctc_loss(targets, ops.transpose(log_probs, (1, 0, 2)), target_lengths, input_lengths,
                        mask_index=blank)
    lengths = ops.cast(target_lengths, "int32")
    later = ops.arange(1, targets.shape[1], dtype="int32")[None] < ops.expand_dims(lengths, 1)
    repeats = ops.sum(ops.cast(ops.logical_and(targets[:, 1:] == targets[:, :-1], later), "int32"), axis=1)
    # a repeated label needs a blank between: no alignment in fewer frames (PyTorch: inf; here: large)
    loss = ops.where(ops.cast(input_lengths, "int32") < lengths + repeats, float("inf"), loss)
    if zero_infinity:
        loss = ops.where(ops.isinf(loss), 0.0, loss)
    if reduction == "mean":
        return ops.mean(loss / ops.cast(ops.maximum(target_lengths, 1), loss.dtype))
    return reduce_loss(loss, reduction)
