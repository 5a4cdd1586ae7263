"""torch functions: functional normalization (F.layer_norm, F.group_norm, F.batch_norm,
F.instance_norm, F.rms_norm, F.local_response_norm) and F.bilinear. Activations, dropout,
normalize, linear, distances: nnf.py."""
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.torch.functions._registry import fn

F = "torch.nn.functional."


def _batch_norm(c, ctx):
    """Training with running statistics updates them in place: not translated."""
    if c.lit("training") is not False and not (c.lit("running_mean") is None and c.lit("running_var") is None):
        raise Unsupported("F.batch_norm(training=...) with running statistics updates them in place; "
                          "use nn.BatchNorm*")
    return c


def _instance_norm(c, ctx):
    if c.lit("use_input_stats") is not True or c.lit("running_mean") is not None or \
            c.lit("running_var") is not None:
        raise Unsupported("F.instance_norm with running statistics is not translated")
    return c


fn(F + "layer_norm", "layer_norm_fn", "input, normalized_shape, weight=None, bias=None, eps=1e-05")
fn(F + "rms_norm", "rms_norm_fn", "input, normalized_shape, weight=None, eps=None")
fn(F + "group_norm", "group_norm_fn", "input, num_groups, weight=None, bias=None, eps=1e-05")
fn(F + "batch_norm", "batch_norm_fn", "input, running_mean, running_var, weight=None, bias=None,"
   " training=False, momentum=0.1, eps=1e-05", read=_batch_norm)
fn(F + "instance_norm", "instance_norm_fn", "input, running_mean=None, running_var=None, weight=None,"
   " bias=None, use_input_stats=True, momentum=0.1, eps=1e-05", read=_instance_norm)
fn(F + "local_response_norm", "local_response_norm", "input, size, alpha=0.0001, beta=0.75, k=1.0")
fn(F + "bilinear", "bilinear_fn", "input1, input2, weight, bias=None")
