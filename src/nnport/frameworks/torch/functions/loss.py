"""torch.nn.functional losses -> pivot ops (the nn.*Loss modules are in torch/layers/loss.py)."""
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.frameworks.torch.functions._registry import fn


def legacy_reduction(c, ctx):
    """size_average= / reduce= (deprecated) -> reduction=, as torch's _Reduction.legacy_get_string."""
    sa, rd = c.lit("size_average"), c.lit("reduce")
    given = c.given("size_average") or c.given("reduce")
    for name in ("size_average", "reduce"):
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    if not given or sa is None and rd is None:
        return c
    if sa is NOT_LITERAL or rd is NOT_LITERAL:
        raise Unsupported(f"{c.extra['api']}: non-literal size_average=/reduce=")
    sa, rd = True if sa is None else sa, True if rd is None else rd
    c.set("reduction", repr("mean" if sa and rd else "sum" if rd else "none"))
    return c


LEGACY = "size_average=None, reduce=None"
F = "torch.nn.functional."
SIGNATURES = {
    "cross_entropy": f"input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,"
                     f" reduction='mean', label_smoothing=0.0",
    "nll_loss": "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,"
                " reduction='mean'",
    "mse_loss": f"input, target, {LEGACY}, reduction='mean', weight=None",
    "l1_loss": f"input, target, {LEGACY}, reduction='mean', weight=None",
    "smooth_l1_loss": f"input, target, {LEGACY}, reduction='mean', beta=1.0",
    "huber_loss": "input, target, reduction='mean', delta=1.0, weight=None",
    "binary_cross_entropy": f"input, target, weight=None, {LEGACY}, reduction='mean'",
    "binary_cross_entropy_with_logits": f"input, target, weight=None, {LEGACY}, reduction='mean',"
                                        f" pos_weight=None",
    "kl_div": f"input, target, {LEGACY}, reduction='mean', log_target=False",
    "cosine_embedding_loss": f"input1, input2, target, margin=0, {LEGACY}, reduction='mean'",
    "triplet_margin_loss": f"anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,"
                           f" {LEGACY}, reduction='mean'",
    "margin_ranking_loss": f"input1, input2, target, margin=0, {LEGACY}, reduction='mean'",
    "hinge_embedding_loss": f"input, target, margin=1.0, {LEGACY}, reduction='mean'",
    "soft_margin_loss": f"input, target, {LEGACY}, reduction='mean'",
    "multilabel_soft_margin_loss": f"input, target, weight=None, {LEGACY}, reduction='mean'",
    "poisson_nll_loss": "input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None,"
                        " reduction='mean'",
    "gaussian_nll_loss": "input, target, var, full=False, eps=1e-06, reduction='mean'",
    "ctc_loss": "log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False",
}
for _name, _sig in SIGNATURES.items():
    fn(F + _name, _name, _sig, read=legacy_reduction)
