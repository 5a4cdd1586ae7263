"""Functional normalization (F.layer_norm, rms_norm, group_norm, batch_norm, instance_norm,
local_response_norm) for a target whose support/norm.py has helper functions of those names that take
the NC* layout as PyTorch passes it (Flax, Keras): one table for both, registered by `register` with
the target's `fn` and `helper`."""
from __future__ import annotations

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call

_DEPS = ("standardize", "affine")


def complement_momentum(target: str):
    """The emitter of a batch norm's momentum for a target whose momentum weighs the running value
    (Flax, Keras, Gluon), where PyTorch's weighs the new batch: the target's = 1 - PyTorch's."""
    def momentum(c, ctx):
        m = c.lit("momentum")
        if m is None:
            raise Unsupported(f"momentum=None (cumulative moving average) has no {target} counterpart")
        if m is NOT_LITERAL:
            return f"1 - ({code(c.get('momentum'))})"
        return repr(round(1 - m, 12))
    return momentum


def biased_statistics(c) -> bool:
    """A batch norm read with `biased_var` (its running variance follows the biased batch variance, as
    the batch norms of Keras, Flax and Gluon do natively): the target writes its own layer. The
    PyTorch helper class keeps running statistics always; anything else is refused."""
    if not c.extra.get("biased_var"):
        return False
    if c.lit("track_running_stats") is not True:
        raise Unsupported("a batch norm with the biased running variance and track_running_stats="
                          f"{code(c.get('track_running_stats'))}: not translated")
    return True


def per_channel(c, target: str) -> None:
    """Refuse a group norm read with `per_group` (one scale and shift per group, Gluon's) for a target
    whose group norm has them per channel."""
    if c.extra.get("per_group"):
        raise Unsupported(f"a group norm with one scale and shift per group (Gluon's): {target}'s group "
                          "norm has them per channel")


def _helper(helper, name: str, sig: str, *pos: str, deps=_DEPS, **kw):
    def emit(c, ctx):
        return call(helper(ctx, "norm", name, *deps), *pos, sig=sig, **kw)(c, ctx)
    return emit


def register(fn, helper, lrn_tail: str = "") -> None:
    """`lrn_tail` ends local_response_norm's helper signature (Flax's helper also takes ", axis=1")."""
    fn("layer_norm", "layer_norm_fn", _helper(
        helper, "layer_norm", "x, normalized_shape, weight=None, bias=None, eps=1e-5", "{input}",
        "{normalized_shape}", weight="{weight}", bias="{bias}", eps="{eps}"))
    fn("rms_norm", "rms_norm_fn", _helper(
        helper, "rms_norm", "x, normalized_shape, weight=None, eps=None", "{input}", "{normalized_shape}",
        weight="{weight}", eps="{eps}", deps=("affine",)))
    fn("group_norm", "group_norm_fn", _helper(
        helper, "group_norm", "x, num_groups, weight=None, bias=None, eps=1e-5", "{input}", "{num_groups}",
        weight="{weight}", bias="{bias}", eps="{eps}"))
    fn("batch_norm", "batch_norm_fn", _helper(
        helper, "batch_norm", "x, running_mean, running_var, weight=None, bias=None, training=False, eps=1e-5",
        "{input}", "{running_mean}", "{running_var}", weight="{weight}", bias="{bias}", training="{training}",
        eps="{eps}"))
    fn("instance_norm", "instance_norm_fn", _helper(
        helper, "instance_norm", "x, weight=None, bias=None, eps=1e-5", "{input}", weight="{weight}",
        bias="{bias}", eps="{eps}"))
    fn("local_response_norm", "local_response_norm", _helper(
        helper, "local_response_norm", "x, size, alpha=1e-4, beta=0.75, k=1.0" + lrn_tail, "{input}", "{size}",
        alpha="{alpha}", beta="{beta}", k="{k}", deps=()))
