"""PyTorch loss functions with PyTorch's exact semantics, copied into translated Gluon code: gluon.loss
classes average over the non-batch axes of each sample and return per-sample losses, and clip or
weight otherwise. Each function takes `F` first (mx.nd or mx.sym: it runs inside hybrid_forward) and
needs no shapes: classes on axis 1 of (N, C, ...) inputs (a 1-d (C,) input is not supported), class
weights picked per element with F.take. Same names and options as the Flax/Keras support/loss.py.
`LossBlock` holds a loss module's options (its array options, class weights, as graph constants)."""
import numpy as np
from mxnet import gluon, nd


def reduce_loss(F, loss, reduction="mean"):
    """PyTorch's reduction: 'mean' over all elements, 'sum', or 'none' (elementwise)."""
    if reduction == "mean":
        return F.mean(loss)
    if reduction == "sum":
        return F.sum(loss)
    return loss


def is_float(x):
    """Class probabilities (a floating NDArray) rather than class indices. A Symbol (hybridized) has no
    dtype: it is read as class indices."""
    return isinstance(x, nd.NDArray) and np.dtype(x.dtype).kind == "f"


def class_weights(F, input, weight):
    """weight[c] at every element of input (N, C, ...): the weight of its class (axis 1)."""
    return F.take(weight, F.squeeze(F.contrib.index_array(input, axes=(1,)), axis=-1))


def nll_loss(F, input, target, weight=None, ignore_index=-100, reduction="mean"):
    """torch.nn.functional.nll_loss: input (N, C, ...) log-probabilities, target class indices.
    'mean' divides by the summed weights of the non-ignored targets."""
    keep = target != ignore_index
    safe = F.where(keep, target, F.zeros_like(target))
    picked = F.pick(input, safe, axis=1)
    w = F.ones_like(picked) if weight is None else F.take(weight, safe)
    w = F.where(keep, w, F.zeros_like(w))
    loss = -picked * w
    if reduction == "mean":
        return F.sum(loss) / F.sum(w)
    return reduce_loss(F, loss, reduction)


def cross_entropy(F, input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """torch.nn.functional.cross_entropy: class-index targets, or class probabilities (a float target
    of the input's shape, run imperatively), with PyTorch's weighting, ignore_index and label smoothing
    (the smoothing term is the mean over the classes: sum / C)."""
    logp = F.log_softmax(input, axis=1)
    if weight is not None:
        w_logp = logp * class_weights(F, input, weight)
    else:
        w_logp = logp
    if is_float(target):   # class probabilities (ignore_index plays no part)
        loss = -F.sum(w_logp * target, axis=1)
        if label_smoothing > 0.0:
            loss = (1 - label_smoothing) * loss - label_smoothing * F.mean(w_logp, axis=1)
        return reduce_loss(F, loss, reduction)
    loss = nll_loss(F, logp, target, weight, ignore_index, reduction)
    if label_smoothing == 0.0:
        return loss
    keep = target != ignore_index
    smooth = -F.mean(w_logp, axis=1)
    smooth = F.where(keep, smooth, F.zeros_like(smooth))
    if reduction == "mean":
        total = F.ones_like(smooth) if weight is None else F.take(weight, F.where(keep, target, F.zeros_like(target)))
        smooth = F.sum(smooth) / F.sum(F.where(keep, total, F.zeros_like(total)))
    else:
        smooth = reduce_loss(F, smooth, reduction)
    return (1 - label_smoothing) * loss + label_smoothing * smooth


def weighted_loss(F, loss, weight=None, reduction="mean"):
    """mse_loss / l1_loss with weight=: 'mean' divides by the summed weights (as PyTorch does)."""
    if weight is None:
        return reduce_loss(F, loss, reduction)
    loss = F.broadcast_mul(loss, weight)
    if reduction == "mean":
        return F.sum(loss) / F.sum(F.broadcast_like(weight, loss))
    return reduce_loss(F, loss, reduction)


def mse_loss(F, input, target, reduction="mean", weight=None):
    """torch.nn.functional.mse_loss."""
    return weighted_loss(F, F.square(F.broadcast_sub(input, target)), weight, reduction)


def l1_loss(F, input, target, reduction="mean", weight=None):
    """torch.nn.functional.l1_loss."""
    return weighted_loss(F, F.abs(F.broadcast_sub(input, target)), weight, reduction)


def smooth_l1_loss(F, input, target, reduction="mean", beta=1.0):
    """torch.nn.functional.smooth_l1_loss: 0.5 d**2 / beta below beta, d - 0.5 beta above."""
    d = F.abs(F.broadcast_sub(input, target))
    if beta == 0.0:
        return reduce_loss(F, d, reduction)
    return reduce_loss(F, F.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(F, input, target, reduction="mean", delta=1.0, weight=None):
    """torch.nn.functional.huber_loss: 0.5 d**2 below delta, delta (d - 0.5 delta) above."""
    d = F.abs(F.broadcast_sub(input, target))
    loss = F.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if weight is not None:
        loss = F.broadcast_mul(loss, weight)
    return reduce_loss(F, loss, reduction)


def binary_cross_entropy(F, input, target, weight=None, reduction="mean"):
    """torch.nn.functional.binary_cross_entropy on probabilities; logs clamped at -100 like PyTorch
    (gluon.loss.SigmoidBCELoss(from_sigmoid=True) adds an epsilon instead)."""
    log_p = F.maximum(F.log(input), -100.0)
    log_1mp = F.maximum(F.log1p(-input), -100.0)
    loss = -(target * log_p + (1 - target) * log_1mp)
    if weight is not None:
        loss = F.broadcast_mul(loss, weight)
    return reduce_loss(F, loss, reduction)


def log_sigmoid(F, x):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return -F.Activation(-x, act_type="softrelu")


def binary_cross_entropy_with_logits(F, input, target, weight=None, reduction="mean", pos_weight=None):
    """torch.nn.functional.binary_cross_entropy_with_logits (PyTorch's log-sigmoid formulation)."""
    log_sig = log_sigmoid(F, input)
    if pos_weight is not None:
        log_sig = log_sig * (F.broadcast_mul(target, pos_weight - 1) + 1)
    loss = (1 - target) * input - log_sig
    if weight is not None:
        loss = F.broadcast_mul(loss, weight)
    return reduce_loss(F, loss, reduction)


def kl_div(F, input, target, reduction="mean", log_target=False):
    """torch.nn.functional.kl_div: input is log-probabilities; 'batchmean' divides the sum by N.
    target * log(target) is 0 where target is 0 (PyTorch's xlogy)."""
    if log_target:
        loss = F.exp(target) * (target - input)
    else:
        loss = target * F.log(F.where(target == 0, F.ones_like(target), target)) - target * input
    if reduction == "batchmean":   # the sum over each sample, averaged over the batch
        return F.mean(F.sum(loss, axis=0, exclude=True))
    return reduce_loss(F, loss, reduction)


def cosine_embedding_loss(F, input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.cosine_embedding_loss (target 1: 1 - cos; -1: max(0, cos - margin))."""
    eps = 1e-12
    dot = F.sum(input1 * input2, axis=-1)
    norms = F.sqrt((F.sum(input1 * input1, axis=-1) + eps) * (F.sum(input2 * input2, axis=-1) + eps))
    cos = dot / norms
    zero = F.zeros_like(cos)
    loss = F.where(target == 1, 1 - cos, zero) + F.where(target == -1, F.maximum(cos - margin, 0.0), zero)
    return reduce_loss(F, loss, reduction)


def pairwise_distance(F, x1, x2, p=2.0, eps=1e-6):
    """torch.nn.functional.pairwise_distance: the p-norm of x1 - x2 + eps over the last axis."""
    d = F.abs(F.broadcast_sub(x1, x2) + eps)
    if p == 1:
        return F.sum(d, axis=-1)
    if p == 2:
        return F.sqrt(F.sum(d * d, axis=-1))
    return F.power(F.sum(F.power(d, p), axis=-1), 1.0 / p)


def triplet_margin_loss(F, anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                        reduction="mean"):
    """torch.nn.functional.triplet_margin_loss: max(d(a, p) - d(a, n) + margin, 0)."""
    d_pos = pairwise_distance(F, anchor, positive, p, eps)
    d_neg = pairwise_distance(F, anchor, negative, p, eps)
    if swap:
        d_neg = F.minimum(d_neg, pairwise_distance(F, positive, negative, p, eps))
    return reduce_loss(F, F.maximum(margin + d_pos - d_neg, 0.0), reduction)


def margin_ranking_loss(F, input1, input2, target, margin=0.0, reduction="mean"):
    """torch.nn.functional.margin_ranking_loss: max(0, -target (input1 - input2) + margin)."""
    return reduce_loss(F, F.maximum(-F.broadcast_mul(target, F.broadcast_sub(input1, input2)) + margin, 0.0),
                       reduction)


def hinge_embedding_loss(F, input, target, margin=1.0, reduction="mean"):
    """torch.nn.functional.hinge_embedding_loss: x where target is 1, max(0, margin - x) where -1."""
    zero = F.zeros_like(input)
    loss = F.where(target != 1, F.maximum(margin - input, 0.0), zero) + F.where(target != -1, input, zero)
    return reduce_loss(F, loss, reduction)


def soft_margin_loss(F, input, target, reduction="mean"):
    """torch.nn.functional.soft_margin_loss: log(1 + exp(-target * input))."""
    return reduce_loss(F, F.Activation(-F.broadcast_mul(target, input), act_type="softrelu"), reduction)


def multilabel_soft_margin_loss(F, input, target, weight=None, reduction="mean"):
    """torch.nn.functional.multilabel_soft_margin_loss: the binary cross-entropy of each class (last
    axis) from logits, weighted, averaged over the classes, then reduced over the samples."""
    loss = -(target * log_sigmoid(F, input) + (1 - target) * log_sigmoid(F, -input))
    if weight is not None:
        loss = F.broadcast_mul(loss, weight)
    return reduce_loss(F, F.mean(loss, axis=-1), reduction)


def poisson_nll_loss(F, input, target, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """torch.nn.functional.poisson_nll_loss (full: Stirling's term where target > 1)."""
    loss = F.exp(input) - target * input if log_input else input - target * F.log(input + eps)
    if full:
        big = target > 1
        safe = F.where(big, target, F.ones_like(target))
        stirling = safe * F.log(safe) - safe + 0.5 * F.log(2 * np.pi * safe)
        loss = loss + F.where(big, stirling, F.zeros_like(stirling))
    return reduce_loss(F, loss, reduction)


def gaussian_nll_loss(F, input, target, var, full=False, eps=1e-6, reduction="mean"):
    """torch.nn.functional.gaussian_nll_loss: 0.5 (log var + (input - target)**2 / var), var clamped at
    eps (its value only). var has input's shape or size 1 on some axes (a var without input's last axis
    fails: the rank is not known here)."""
    if isinstance(var, (int, float)):
        var = F.ones_like(input) * var
    var = F.broadcast_like(F.maximum(var, eps), input)
    loss = 0.5 * (F.log(var) + F.square(F.broadcast_sub(input, target)) / var)
    if full:
        loss = loss + 0.5 * np.log(2 * np.pi)
    return reduce_loss(F, loss, reduction)


def ctc_loss(F, log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):
    """torch.nn.functional.ctc_loss on log_probs (T, N, C) and padded targets (N, S), by F.CTCLoss
    (which normalises by a softmax: log-probabilities are left as they are); blank 0 only (MXNet's
    'first'); 'mean' divides each loss by its target length first."""
    if blank != 0:
        raise ValueError("ctc_loss: Gluon's CTCLoss takes blank 0 ('first') or the last class only")
    lengths = F.cast(target_lengths, dtype="float32")
    loss = F.CTCLoss(log_probs, F.cast(targets, dtype="float32"), F.cast(input_lengths, dtype="float32"), lengths,
                     use_data_lengths=True, use_label_lengths=True, blank_label="first")
    if zero_infinity:
        loss = F.where(loss > np.finfo(np.float32).max, F.zeros_like(loss), loss)   # inf: an impossible alignment
    if reduction == "mean":
        return F.mean(loss / F.maximum(lengths, 1))
    return reduce_loss(F, loss, reduction)


class LossBlock(gluon.HybridBlock):
    """A PyTorch loss module: `loss(F, *inputs, **options)` as a block. Array options (class weights,
    pos_weight) are constants of the graph, so the block hybridizes."""

    def __init__(self, loss, **options):
        super().__init__()
        self._loss = loss
        self._options = {k: v for k, v in options.items() if not isinstance(v, nd.NDArray)}
        for k, v in options.items():
            if isinstance(v, nd.NDArray):
                setattr(self, k, self.params.get_constant(k, v))

    def hybrid_forward(self, F, *inputs, **arrays):
        return self._loss(F, *inputs, **self._options, **arrays)


class CrossEntropyLoss(LossBlock):
    """torch.nn.CrossEntropyLoss: cross_entropy with the module's options."""

    def __init__(self, **options):
        super().__init__(cross_entropy, **options)


class NLLLoss(LossBlock):
    """torch.nn.NLLLoss: nll_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(nll_loss, **options)


class MSELoss(LossBlock):
    """torch.nn.MSELoss: mse_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(mse_loss, **options)


class L1Loss(LossBlock):
    """torch.nn.L1Loss: l1_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(l1_loss, **options)


class SmoothL1Loss(LossBlock):
    """torch.nn.SmoothL1Loss: smooth_l1_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(smooth_l1_loss, **options)


class HuberLoss(LossBlock):
    """torch.nn.HuberLoss: huber_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(huber_loss, **options)


class BCELoss(LossBlock):
    """torch.nn.BCELoss: binary_cross_entropy with the module's options."""

    def __init__(self, **options):
        super().__init__(binary_cross_entropy, **options)


class BCEWithLogitsLoss(LossBlock):
    """torch.nn.BCEWithLogitsLoss: binary_cross_entropy_with_logits with the module's options."""

    def __init__(self, **options):
        super().__init__(binary_cross_entropy_with_logits, **options)


class KLDivLoss(LossBlock):
    """torch.nn.KLDivLoss: kl_div with the module's options."""

    def __init__(self, **options):
        super().__init__(kl_div, **options)


class CosineEmbeddingLoss(LossBlock):
    """torch.nn.CosineEmbeddingLoss: cosine_embedding_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(cosine_embedding_loss, **options)


class TripletMarginLoss(LossBlock):
    """torch.nn.TripletMarginLoss: triplet_margin_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(triplet_margin_loss, **options)


class MarginRankingLoss(LossBlock):
    """torch.nn.MarginRankingLoss: margin_ranking_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(margin_ranking_loss, **options)


class HingeEmbeddingLoss(LossBlock):
    """torch.nn.HingeEmbeddingLoss: hinge_embedding_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(hinge_embedding_loss, **options)


class SoftMarginLoss(LossBlock):
    """torch.nn.SoftMarginLoss: soft_margin_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(soft_margin_loss, **options)


class MultiLabelSoftMarginLoss(LossBlock):
    """torch.nn.MultiLabelSoftMarginLoss: multilabel_soft_margin_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(multilabel_soft_margin_loss, **options)


class PoissonNLLLoss(LossBlock):
    """torch.nn.PoissonNLLLoss: poisson_nll_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(poisson_nll_loss, **options)


class GaussianNLLLoss(LossBlock):
    """torch.nn.GaussianNLLLoss: gaussian_nll_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(gaussian_nll_loss, **options)


class CTCLoss(LossBlock):
    """torch.nn.CTCLoss: ctc_loss with the module's options."""

    def __init__(self, **options):
        super().__init__(ctc_loss, **options)
