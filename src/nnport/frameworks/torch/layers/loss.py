"""torch.nn loss modules -> the same pivot ops as their functional forms (they hold no weights)."""
from nnport.frameworks.torch.functions.loss import legacy_reduction
from nnport.frameworks.torch.layers._registry import layer

LEGACY = "size_average=None, reduce=None"
SIGNATURES = {
    "CrossEntropyLoss": ("cross_entropy", f"weight=None, size_average=None, ignore_index=-100, reduce=None,"
                                          f" reduction='mean', label_smoothing=0.0"),
    "NLLLoss": ("nll_loss", "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'"),
    "MSELoss": ("mse_loss", f"{LEGACY}, reduction='mean'"),
    "L1Loss": ("l1_loss", f"{LEGACY}, reduction='mean'"),
    "SmoothL1Loss": ("smooth_l1_loss", f"{LEGACY}, reduction='mean', beta=1.0"),
    "HuberLoss": ("huber_loss", "reduction='mean', delta=1.0"),
    "BCELoss": ("binary_cross_entropy", f"weight=None, {LEGACY}, reduction='mean'"),
    "BCEWithLogitsLoss": ("binary_cross_entropy_with_logits",
                          f"weight=None, {LEGACY}, reduction='mean', pos_weight=None"),
    "KLDivLoss": ("kl_div", f"{LEGACY}, reduction='mean', log_target=False"),
    "CosineEmbeddingLoss": ("cosine_embedding_loss", f"margin=0.0, {LEGACY}, reduction='mean'"),
    "TripletMarginLoss": ("triplet_margin_loss", f"margin=1.0, p=2.0, eps=1e-06, swap=False, {LEGACY},"
                                                 f" reduction='mean'"),
    "MarginRankingLoss": ("margin_ranking_loss", f"margin=0.0, {LEGACY}, reduction='mean'"),
    "HingeEmbeddingLoss": ("hinge_embedding_loss", f"margin=1.0, {LEGACY}, reduction='mean'"),
    "SoftMarginLoss": ("soft_margin_loss", f"{LEGACY}, reduction='mean'"),
    "MultiLabelSoftMarginLoss": ("multilabel_soft_margin_loss", f"weight=None, {LEGACY}, reduction='mean'"),
    "PoissonNLLLoss": ("poisson_nll_loss", "log_input=True, full=False, size_average=None, eps=1e-08, reduce=None,"
                                           " reduction='mean'"),
    "GaussianNLLLoss": ("gaussian_nll_loss", "*, full=False, eps=1e-06, reduction='mean'"),
    "CTCLoss": ("ctc_loss", "blank=0, reduction='mean', zero_infinity=False"),
}
for _name, (_op, _sig) in SIGNATURES.items():
    layer(f"torch.nn.{_name}", _op, _sig, read=legacy_reduction)
