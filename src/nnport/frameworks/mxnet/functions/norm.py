"""Pivot ops -> functional normalization: support/norm.py's layer_norm, rms_norm, group_norm,
batch_norm, instance_norm, local_response_norm (F first; channels on axis 1, as PyTorch passes them).
F.batch_norm in training updates the running statistics in place: no Gluon counterpart."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call


def _helper(name: str, sig: str, *pos: str, deps=("_affine",), check=None, **kw):
    def emit(c, ctx):
        from nnport.frameworks.mxnet.support import helper
        if check is not None:
            check(c)
        return call(helper(ctx, "norm", name, *deps), "F", *pos, sig=sig, **kw)(c, ctx)
    return emit


def _given(c, name: str) -> bool:
    return c.get(name) is not None and c.lit(name) is not None


def _batch_norm_check(c):
    training = c.lit("training")
    if training not in (True, False):
        raise Unsupported(f"training={code(c.get('training'))}: only literal True or False is translated")
    if training and (_given(c, "running_mean") or _given(c, "running_var")):
        raise Unsupported("F.batch_norm(training=True) with running statistics updates them in place")
    if not training and not (_given(c, "running_mean") and _given(c, "running_var")):
        raise Unsupported("F.batch_norm in inference needs running_mean and running_var")


def _instance_norm_check(c):
    if _given(c, "running_mean") or _given(c, "running_var"):
        raise Unsupported("F.instance_norm with running statistics (updated in place)")
    if c.get("use_input_stats") is not None and c.lit("use_input_stats") is not True:
        raise Unsupported(f"use_input_stats={code(c.get('use_input_stats'))}")


fn("layer_norm", "layer_norm_fn", _helper(
    "layer_norm", "F, x, normalized_shape, weight=None, bias=None, eps=1e-5", "{input}", "{normalized_shape}",
    weight="{weight}", bias="{bias}", eps="{eps}", deps=("_trailing_axes",)))
fn("rms_norm", "rms_norm_fn", _helper(
    "rms_norm", "F, x, normalized_shape, weight=None, eps=None", "{input}", "{normalized_shape}",
    weight="{weight}", eps="{eps}", deps=("_trailing_axes",)))
fn("group_norm", "group_norm_fn", _helper(
    "group_norm", "F, x, num_groups, weight=None, bias=None, eps=1e-5", "{input}", "{num_groups}",
    weight="{weight}", bias="{bias}", eps="{eps}"))
fn("batch_norm", "batch_norm_fn", _helper(
    "batch_norm", "F, x, running_mean=None, running_var=None, weight=None, bias=None, training=False, eps=1e-5",
    "{input}", "{running_mean}", "{running_var}", weight="{weight}", bias="{bias}", training="{training}",
    eps="{eps}", check=_batch_norm_check))
fn("instance_norm", "instance_norm_fn", _helper(
    "instance_norm", "F, x, weight=None, bias=None, eps=1e-5", "{input}", weight="{weight}", bias="{bias}",
    eps="{eps}", check=_instance_norm_check))
fn("local_response_norm", "local_response_norm", _helper(
    "local_response_norm", "F, x, size, alpha=1e-4, beta=0.75, k=1.0", "{input}", "{size}", alpha="{alpha}",
    beta="{beta}", k="{k}", deps=()))
