"""Losses (F.*_loss and the nn.*Loss modules) for a target whose support/loss.py has helper functions
with PyTorch's exact semantics under the pivot op's name (Flax, Keras): one table for both, registered
by `register_functions` / `register_layers` with the target's `fn` / `layer`, `helper` and array
namespace (`jnp`, `ops`; Gluon: `F`, whose helpers take F first: `lead=("F",)`).

Functional form: the helper's call on the tensors (mse/l1: inline `(a - b) ** 2` / `abs(a - b)`,
reduced). Module form (no weights): the helper itself, a `functools.partial` of it holding the
module's options, or a lambda for the inline mse/l1 losses. The frameworks' own losses (optax,
keras.losses) differ in reduction, argument order, ignore_index, clipping and the class axis."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call, expr

R = "reduction='mean'"
# op -> (tensor arguments, options with the helper's defaults, helpers it needs first)
LOSSES = {
    "cross_entropy": ("input, target", f"weight=None, ignore_index=-100, {R}, label_smoothing=0.0",
                      ("reduce_loss", "nll_loss")),
    "nll_loss": ("input, target", f"weight=None, ignore_index=-100, {R}", ("reduce_loss",)),
    "smooth_l1_loss": ("input, target", f"{R}, beta=1.0", ("reduce_loss",)),
    "huber_loss": ("input, target", f"{R}, delta=1.0, weight=None", ("reduce_loss",)),
    "binary_cross_entropy": ("input, target", f"weight=None, {R}", ("reduce_loss",)),
    "binary_cross_entropy_with_logits": ("input, target", f"weight=None, {R}, pos_weight=None",
                                         ("reduce_loss",)),
    "kl_div": ("input, target", f"{R}, log_target=False", ("reduce_loss",)),
    "cosine_embedding_loss": ("input1, input2, target", f"margin=0.0, {R}", ("reduce_loss",)),
    "triplet_margin_loss": ("anchor, positive, negative",
                            f"margin=1.0, p=2.0, eps=1e-06, swap=False, {R}",
                            ("reduce_loss", "pairwise_distance")),
    "margin_ranking_loss": ("input1, input2, target", f"margin=0.0, {R}", ("reduce_loss",)),
    "hinge_embedding_loss": ("input, target", f"margin=1.0, {R}", ("reduce_loss",)),
    "soft_margin_loss": ("input, target", R, ("reduce_loss",)),
    "multilabel_soft_margin_loss": ("input, target", f"weight=None, {R}", ("reduce_loss",)),
    "poisson_nll_loss": ("input, target", f"log_input=True, full=False, eps=1e-08, {R}", ("reduce_loss",)),
    "gaussian_nll_loss": ("input, target, var", f"full=False, eps=1e-06, {R}", ("reduce_loss",)),
    "ctc_loss": ("log_probs, targets, input_lengths, target_lengths", f"blank=0, {R}, zero_infinity=False",
                 ("reduce_loss",)),
}
INLINE = ("mse_loss", "l1_loss")


def _names(text: str) -> list[str]:
    return [p.strip().split("=")[0] for p in text.split(",")]


def check_reduction(c) -> None:
    ok = ("mean", "sum", "none", "batchmean") if c.op == "kl_div" else ("mean", "sum", "none")
    if c.lit("reduction") not in ok:
        raise Unsupported(f"{c.op} reduction={code(c.get('reduction'))}")


def loss_call(helper, c, ctx, with_tensors: bool = True, lead: tuple[str, ...] = ()) -> cst.BaseExpression:
    """The helper's call on the tensors (functional form) or its partial (module form); `lead`: code
    of the arguments before the tensors (Gluon's F)."""
    tensors, options, deps = LOSSES[c.op]
    check_reduction(c)
    name = helper(ctx, "loss", c.op, *deps)
    kw = {o: "{%s}" % o for o in _names(options)}
    if with_tensors:
        return call(name, *lead, *("{%s}" % t for t in _names(tensors)), sig=f"{tensors}, {options}", **kw)(c, ctx)
    out = call("functools.partial", name, sig=f"func, {options}", **kw)(c, ctx)
    return out if len(out.args) > 1 else cst.Name(name)


def inline_loss(helper, ns: str, c, ctx, lead: tuple[str, ...] = ()) -> cst.BaseExpression:
    """mse_loss / l1_loss: (input - target) ** 2 or |input - target|, reduced as PyTorch does."""
    check_reduction(c)
    diff = expr("{a} - {b}", a=c.get("input"), b=c.get("target"))
    err = expr("{d} ** 2", d=diff) if c.op == "mse_loss" else cst.Call(cst.parse_expression(f"{ns}.abs"),
                                                                        [cst.Arg(diff)])
    if c.get("weight") is not None and c.lit("weight") is not None:
        name = helper(ctx, "loss", "weighted_loss", "reduce_loss")
        return call(name, *lead, lambda c, ctx: err, "{weight}", "{reduction}")(c, ctx)
    how = c.lit("reduction")
    if how == "none":
        return err
    return cst.Call(cst.parse_expression(f"{ns}.{how}"), [cst.Arg(err)])


def register_functions(fn, helper, ns: str, lead: tuple[str, ...] = ()) -> None:
    """The functional entries (F.*_loss), with the target's `fn`; `ns` names its array module."""
    def functional(c, ctx):
        return loss_call(helper, c, ctx, lead=lead)

    def inline(c, ctx):
        return inline_loss(helper, ns, c, ctx, lead)

    for op in LOSSES:
        fn(f"loss:{op}", op, functional)
    for op in INLINE:
        fn(f"loss:{op}", op, inline)


def register_layers(layer, helper, ns: str) -> None:
    """The module entries (nn.*Loss), with the target's `layer`."""
    def module(c, ctx):
        return loss_call(helper, c, ctx, with_tensors=False)

    def inline_module(c, ctx):
        c.set("input", "input")
        c.set("target", "target")
        return cst.parse_expression(f"lambda input, target: {code(inline_loss(helper, ns, c, ctx))}")

    for op in LOSSES:
        layer(f"loss:{op}", op, None, module)
    for op in INLINE:
        layer(f"loss:{op}", op, None, inline_module)
