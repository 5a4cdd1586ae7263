"""Numerical tests: losses, functional (F.*) and module (nn.*Loss) forms, every reduction."""
import numpy as np
import pytest

import nnport
from harness import check, expr_case, layer_case, randint, randn, target

N, C = 6, 4
LOGITS, LOGITS3 = randn(N, C), randn(N, C, 3)
LABELS = randint(0, C, N)
LABELS_IGN = np.where(np.arange(N) % 3 == 0, -100, LABELS).astype(np.int64)
LABELS3 = randint(0, C, N, 3, seed=2)
LABELS3_IGN = np.where(LABELS3 == 1, 2, LABELS3).astype(np.int64)
PROBS = np.exp(randn(N, C, seed=4)) / np.exp(randn(N, C, seed=4)).sum(1, keepdims=True)
PROBS3 = (np.exp(randn(N, C, 3, seed=11)) / np.exp(randn(N, C, 3, seed=11)).sum(1, keepdims=True)).astype(np.float32)
W = (np.abs(randn(C, seed=5)) + 0.5).astype(np.float32)
A, B = randn(N, C, seed=6), randn(N, C, seed=7)
P = (1 / (1 + np.exp(-A))).astype(np.float32)          # probabilities for BCE
T01 = (randn(N, C, seed=8) > 0).astype(np.float32)
SIGNS = np.where(randn(N, seed=9) > 0, 1.0, -1.0).astype(np.float32)
SIGNS2 = np.where(randn(N, C, seed=10) > 0, 1.0, -1.0).astype(np.float32)
COUNTS = np.floor(np.abs(randn(N, C, seed=12)) * 3).astype(np.float32)   # Poisson targets 0, 1, 2...
VAR = (np.abs(randn(N, C, seed=13)) + 0.05).astype(np.float32)
VAR1 = (np.abs(randn(N, 1, seed=14)) * 0.3).astype(np.float32)      # some below eps=0.1: clamped
REDUCTIONS = ["'mean'", "'sum'", "'none'"]


@pytest.mark.parametrize("r", REDUCTIONS)
@pytest.mark.parametrize("expr, inputs", [
    ("F.cross_entropy(x, y, reduction={r})", [LOGITS, LABELS]),
    ("F.cross_entropy(x, y, w, reduction={r})", [LOGITS, LABELS_IGN, W]),
    ("F.cross_entropy(x, y, weight=w, ignore_index=2, label_smoothing=0.1, reduction={r})",
     [LOGITS3, LABELS3, W]),
    ("F.cross_entropy(x, y, label_smoothing=0.2, reduction={r})", [LOGITS, LABELS_IGN]),
    ("F.cross_entropy(x, y, weight=w, label_smoothing=0.3, reduction={r})", [LOGITS, LABELS_IGN, W]),
    ("F.cross_entropy(x, y, reduction={r})", [LOGITS3, LABELS3]),
    ("F.cross_entropy(x[0], y[0], reduction={r})", [LOGITS, LABELS]),
    ("F.cross_entropy(x, y, reduction={r})", [LOGITS, PROBS]),
    ("F.cross_entropy(x, y, weight=w, label_smoothing=0.1, reduction={r})", [LOGITS, PROBS, W]),
    ("F.cross_entropy(x, y, weight=w, label_smoothing=0.1, reduction={r})", [LOGITS3, PROBS3, W]),
    ("F.cross_entropy(x[0], y[0], label_smoothing=0.2, reduction={r})", [LOGITS, PROBS]),
    ("F.nll_loss(torch.log_softmax(x, 1), y, reduction={r})", [LOGITS, LABELS_IGN]),
    ("F.nll_loss(x, y, weight=w, ignore_index=1, reduction={r})", [LOGITS3, LABELS3, W]),
    ("F.mse_loss(x, y, reduction={r})", [A, B]),
    ("F.mse_loss(x, y, reduction={r}, weight=w)", [A, B, np.abs(A)]),
    ("F.l1_loss(x, y, reduction={r})", [A, B]),
    ("F.l1_loss(x, y, reduction={r}, weight=w)", [A, B, np.abs(B)]),
    ("F.smooth_l1_loss(x, y, reduction={r})", [A, B]),
    ("F.smooth_l1_loss(x, y, reduction={r}, beta=0.5)", [A, B]),
    ("F.smooth_l1_loss(x, y, reduction={r}, beta=0.0)", [A, B]),
    ("F.huber_loss(x, y, reduction={r}, delta=0.7)", [A, B]),
    ("F.huber_loss(x, y, reduction={r}, weight=w)", [A, B, np.abs(A)]),
    ("F.binary_cross_entropy(x, y, reduction={r})", [P, T01]),
    ("F.binary_cross_entropy(x * (y > 0), y, weight=w, reduction={r})", [P, T01, W]),
    ("F.binary_cross_entropy_with_logits(x, y, reduction={r})", [A, T01]),
    ("F.binary_cross_entropy_with_logits(x, y, w, reduction={r}, pos_weight=w * 2)", [A, T01, W]),
    ("F.kl_div(torch.log_softmax(x, 1), y, reduction={r})", [LOGITS, PROBS]),
    ("F.kl_div(x, y, reduction={r}, log_target=True)", [LOGITS, B]),
    ("F.cosine_embedding_loss(x, y, w, reduction={r})", [A, B, SIGNS]),
    ("F.cosine_embedding_loss(x, y, w, margin=0.2, reduction={r})", [A, B, SIGNS]),
    ("F.triplet_margin_loss(x, y, w, reduction={r})", [A, B, LOGITS]),
    ("F.triplet_margin_loss(x, y, w, margin=0.5, p=1, eps=1e-3, swap=True, reduction={r})", [A, B, LOGITS]),
    ("F.margin_ranking_loss(x, y, w, margin=0.3, reduction={r})", [A, B, SIGNS2]),
    ("F.hinge_embedding_loss(x, y, margin=0.5, reduction={r})", [A, SIGNS2]),
    ("F.soft_margin_loss(x, y, reduction={r})", [A, SIGNS2]),
    ("F.multilabel_soft_margin_loss(x, y, reduction={r})", [A, T01]),
    ("F.multilabel_soft_margin_loss(x, y, w, reduction={r})", [A, T01, W]),
    ("F.poisson_nll_loss(x, y, reduction={r})", [A, COUNTS]),
    ("F.poisson_nll_loss(x, y, log_input=False, full=True, eps=1e-4, reduction={r})", [P * 3, COUNTS]),
    ("F.gaussian_nll_loss(x, y, w, reduction={r})", [A, B, VAR]),
    ("F.gaussian_nll_loss(x, y, w, full=True, eps=0.1, reduction={r})", [A, B, VAR1]),
])
def test_functional(expr, inputs, r):
    params = ", ".join("xyw"[:len(inputs)])
    check(expr_case(expr.format(r=r), params), inputs=inputs)


@pytest.mark.parametrize("expr, inputs", [
    ("F.kl_div(torch.log_softmax(x, 1), y, reduction='batchmean')", [LOGITS, PROBS]),
    ("F.kl_div(x, y, reduction='batchmean', log_target=True)", [LOGITS, B]),
    ("F.cross_entropy(x, y, size_average=False)", [LOGITS, LABELS]),
    ("F.mse_loss(x, y, reduce=False)", [A, B]),
    ("F.l1_loss(x, y, size_average=True, reduce=True)", [A, B]),
])
def test_functional_more(expr, inputs):
    check(expr_case(expr, "x, y"), inputs=inputs)


@pytest.mark.parametrize("ctor, inputs", [
    ("nn.CrossEntropyLoss()", [LOGITS, LABELS]),
    ("nn.CrossEntropyLoss(ignore_index=1, reduction='sum', label_smoothing=0.1)", [LOGITS3, LABELS3]),
    ("nn.CrossEntropyLoss(reduction='none')", [LOGITS, PROBS]),
    ("nn.NLLLoss(ignore_index=0)", [LOGITS, LABELS]),
    ("nn.MSELoss()", [A, B]), ("nn.MSELoss(reduction='sum')", [A, B]), ("nn.L1Loss(reduction='none')", [A, B]),
    ("nn.SmoothL1Loss(beta=0.3)", [A, B]), ("nn.HuberLoss(delta=2.0, reduction='sum')", [A, B]),
    ("nn.BCELoss()", [P, T01]), ("nn.BCEWithLogitsLoss(reduction='none')", [A, T01]),
    ("nn.KLDivLoss(reduction='batchmean', log_target=True)", [LOGITS, B]),
    ("nn.MSELoss(size_average=False)", [A, B]),
    ("nn.CrossEntropyLoss(reduction='none', label_smoothing=0.1)", [LOGITS3, PROBS3]),
    # class weights are buffers of the torch module: the translation computes them, nothing transfers them
    ("nn.CrossEntropyLoss(weight=torch.linspace(0.5, 2.0, 4), reduction='none')", [LOGITS3, LABELS3]),
    ("nn.NLLLoss(weight=torch.linspace(0.5, 2.0, 4), ignore_index=2, reduction='none')", [LOGITS3, LABELS3]),
    ("nn.BCEWithLogitsLoss(pos_weight=torch.full((4,), 2.0))", [A, T01]),
])
def test_module(ctor, inputs):
    check(layer_case(ctor, "x, y"), inputs=inputs)


@pytest.mark.parametrize("ctor, inputs", [
    ("nn.CosineEmbeddingLoss(margin=0.1)", [A, B, SIGNS]),
    ("nn.TripletMarginLoss(margin=2.0, p=3)", [A, B, LOGITS]),
    ("nn.MarginRankingLoss(reduction='sum')", [A, B, SIGNS2]),
    ("nn.HingeEmbeddingLoss()", [A, SIGNS2]),
    ("nn.SoftMarginLoss(reduction='sum')", [A, SIGNS2]),
    ("nn.MultiLabelSoftMarginLoss(weight=torch.ones(4) * 0.5)", [A, T01]),
    ("nn.PoissonNLLLoss(log_input=False, full=True)", [P * 3, COUNTS]),
    ("nn.GaussianNLLLoss(full=True, reduction='none')", [A, B, VAR1]),
])
def test_module_three(ctor, inputs):
    params = ", ".join("xyw"[:len(inputs)])
    check(layer_case(ctor, params), inputs=inputs)


_CTC = randn(7, 3, 5, seed=15)
CTC_LOGP = (_CTC - np.log(np.exp(_CTC).sum(-1, keepdims=True))).astype(np.float32)   # (T, N, C) log-softmax
CTC_TARGETS = np.array([[1, 2, 2], [3, 1, 0], [4, 0, 0]], dtype=np.int64)           # padded (N, S)
CTC_IN, CTC_TL = np.array([7, 5, 4], dtype=np.int64), np.array([3, 2, 1], dtype=np.int64)


@pytest.mark.parametrize("expr", [
    "F.ctc_loss(x, y, il, tl)", "F.ctc_loss(x, y, il, tl, reduction='sum')",
    "F.ctc_loss(x, y, il, tl, reduction='none', zero_infinity=True)", "nn.CTCLoss()(x, y, il, tl)",
    "nn.CTCLoss(reduction='none')(x, y, il, tl)",
])
def test_ctc(expr):
    if expr.startswith("nn."):
        ctor, call = expr.split(")(", 1)
        src = layer_case(ctor + ")", "x, y, il, tl")
    else:
        src = expr_case(expr, "x, y, il, tl")
    check(src, inputs=[CTC_LOGP, CTC_TARGETS, CTC_IN, CTC_TL])


@pytest.mark.parametrize("r", REDUCTIONS)
def test_ctc_zero_infinity(r):
    """[1, 2, 2] in 3 frames has no alignment (the repeated 2 needs a blank between): PyTorch's loss
    is inf, 0 with zero_infinity=True."""
    src = expr_case(f"F.ctc_loss(x, y, il, tl, reduction={r}, zero_infinity=True)", "x, y, il, tl")
    check(src, inputs=[CTC_LOGP, CTC_TARGETS, np.array([3, 5, 4], dtype=np.int64), CTC_TL])


@pytest.mark.parametrize("expr, message", [
    ("F.mse_loss(x, y, reduction=how)", "reduction"),
    ("F.cross_entropy(x, y, reduction='batchmean')", "reduction"),
    ("F.cross_entropy(x, y, reduce=flag)", "reduce"),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr, "x, y, how='sum', flag=False"), to=target(), source="torch")
    assert any(message in d.message for d in conv.issues), conv.code
