"""keras functions: functional normalization as helper functions of support/norm.py (NC* layout, as
PyTorch passes it). Activations, dropout...: nnf.py."""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.translate.emit import call

_DEPS = ("standardize", "affine")


def _helper(name: str, sig: str, *pos: str, deps=_DEPS, **kw):
    def emit(c, ctx):
        return call(helper(ctx, "norm", name, *deps), *pos, sig=sig, **kw)(c, ctx)
    return emit


fn("layer_norm", "layer_norm_fn", _helper(
    "layer_norm", "x, normalized_shape, weight=None, bias=None, eps=1e-5", "{input}", "{normalized_shape}",
    weight="{weight}", bias="{bias}", eps="{eps}"))
fn("rms_norm", "rms_norm_fn", _helper(
    "rms_norm", "x, normalized_shape, weight=None, eps=None", "{input}", "{normalized_shape}",
    weight="{weight}", eps="{eps}", deps=("affine",)))
fn("group_norm", "group_norm_fn", _helper(
    "group_norm", "x, num_groups, weight=None, bias=None, eps=1e-5", "{input}", "{num_groups}",
    weight="{weight}", bias="{bias}", eps="{eps}"))
fn("batch_norm", "batch_norm_fn", _helper(
    "batch_norm", "x, running_mean, running_var, weight=None, bias=None, training=False, eps=1e-5",
    "{input}", "{running_mean}", "{running_var}", weight="{weight}", bias="{bias}", training="{training}",
    eps="{eps}"))
fn("instance_norm", "instance_norm_fn", _helper(
    "instance_norm", "x, weight=None, bias=None, eps=1e-5", "{input}", weight="{weight}", bias="{bias}",
    eps="{eps}"))
fn("local_response_norm", "local_response_norm", _helper(
    "local_response_norm", "x, size, alpha=1e-4, beta=0.75, k=1.0", "{input}", "{size}",
    alpha="{alpha}", beta="{beta}", k="{k}", deps=()))
