"""Weight initialisation (torch.nn.init, `w.data.normal_()`) -> jax.nn.initializers on nnx Variables.

The `tensor` argument arrives as the engine reads it: `self.w[...]` for a parameter,
`self.fc.kernel[...].T` or `jnp.transpose(self.conv.kernel[...], perm)` for a layer's weight (the
target variable seen in the source's layout). Emitters peel that read back to the variable and write
it in its own layout:

    nn.init.xavier_uniform_(self.fc.weight)
    -> self.fc.kernel.set_value(jax.nn.initializers.xavier_uniform()(rngs.params(), self.fc.kernel.shape))

Fans follow PyTorch's rule in the target layout: PyTorch's `in` axis is 1 and `out` axis 0 of the
source tensor, mapped through the read's permutation to `in_axis`/`out_axis` of the initializer (the
other axes are the receptive field, as in PyTorch). Distributions are PyTorch's exactly: kaiming and
xavier "normal" are untruncated (`variance_scaling(..., 'normal')`, not `he_normal`, which truncates);
trunc_normal_ bounds are absolute values. A local or temporary tensor (`x.zero_()`) gets the value only, for
the engine to rebind; anything else (`m.weight` of a loop variable) is Unsupported.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.init_gains import calculate_gain, kaiming_scale, num as _num, source as _src, square as _square
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_INIT = "jax.nn.initializers"


def peel(node: cst.BaseExpression) -> tuple[cst.BaseExpression | None, tuple[int, ...] | None]:
    """The variable under a read and the permutation from its axes to the source's (None: same)."""
    if m.matches(node, m.Attribute(attr=m.Name("data"))):
        node = node.value
    perm = None
    if m.matches(node, m.Attribute(attr=m.Name("T"))):
        node, perm = node.value, (1, 0)
    elif m.matches(node, m.Call(func=m.Attribute(value=m.Name("jnp"), attr=m.Name("transpose")))) and \
            len(node.args) == 2:
        from nnport.frameworks.spec import literal
        p = literal(node.args[1].value)
        if not isinstance(p, tuple):
            return None, None
        node, perm = node.args[0].value, p
    if m.matches(node, m.Subscript(slice=[m.SubscriptElement(m.Index(m.Ellipsis()))])):
        return node.value, perm
    return None, None


def _target(c: Canon):
    tensor = c.get("tensor")
    var, perm = peel(tensor)
    if var is None and isinstance(tensor, (cst.Attribute, cst.Subscript)):   # state we cannot write
        raise Unsupported(f"initialising {code(tensor)}: only this module's parameters, its layers' "
                          "weights (self.<layer>.<weight>) and local tensors can be translated")
    return tensor, var, perm


def _axes(perm) -> tuple[int, int]:
    """PyTorch's (in, out) axes (1, 0 of the source tensor) in the written array."""
    if perm is None:
        return 1, 0
    n = len(perm)
    return perm[1] - n, perm[0] - n


def _key(ctx) -> str:
    return f"{code(ctx.rngs())}.params()"


def _write(c: Canon, ctx, value) -> cst.BaseExpression:
    """`value(shape)` is the new value's code for an array of `shape`; the write of it."""
    if c.given("generator") and c.lit("generator") is not None:
        raise Unsupported("generator=: a torch.Generator has no JAX counterpart (keys come from rngs)")
    tensor, var, perm = _target(c)
    if var is None:
        return cst.parse_expression(value(f"{code(tensor)}.shape", tensor, None))
    new = value(f"{code(var)}.shape", cst.parse_expression(f"{code(var)}[...]"), perm)
    return cst.parse_expression(f"{code(var)}.set_value({new})")






def _axis_kw(perm, names=("in_axis", "out_axis")) -> str:
    i, o = _axes(perm)
    kw = [f"{n}={v}" for n, v, d in zip(names, (i, o), (-2, -1)) if v != d]
    return ", ".join(kw)


def _scaled(c: Canon, ctx, scale: str, mode: str, dist: str, short: str | None = None):
    def value(shape, arr, perm):
        ax = _axis_kw(perm)
        if short and scale == "1.0":
            return f"{_INIT}.{short}({ax})({_key(ctx)}, {shape})"
        args = ", ".join(x for x in (scale, repr(mode), repr(dist), ax) if x)
        return f"{_INIT}.variance_scaling({args})({_key(ctx)}, {shape})"
    return _write(c, ctx, value)






def _kaiming(dist: str):
    def emit(c: Canon, ctx):
        mode = c.lit("mode")
        if mode not in ("fan_in", "fan_out"):
            raise Unsupported(f"mode={code(c.get('mode'))}")
        return _scaled(c, ctx, kaiming_scale(c), mode, dist)
    return emit


def _xavier(dist: str, short: str | None):
    return lambda c, ctx: _scaled(c, ctx, _square(c, "gain"), "fan_avg", dist, short)


def _normal(c: Canon, ctx):
    mean, std = c.lit("mean"), _src(c, "std")
    if mean == 0:
        return _write(c, ctx, lambda shape, a, p: f"{_INIT}.normal({std})({_key(ctx)}, {shape})")
    return _write(c, ctx, lambda shape, a, p:
                  f"{_src(c, 'mean')} + {std} * jax.random.normal({_key(ctx)}, {shape})")


def _trunc_normal(c: Canon, ctx):
    mean, std, a, b = (c.lit(n) for n in ("mean", "std", "a", "b"))
    if NOT_LITERAL not in (mean, std, a, b):
        lo, hi = _num((a - mean) / std), _num((b - mean) / std)
    else:
        ms, ss = _src(c, "mean"), _src(c, "std")
        lo, hi = f"({_src(c, 'a')} - {ms}) / {ss}", f"({_src(c, 'b')} - {ms}) / {ss}"
    std_s = _src(c, "std")
    if mean == 0:
        return _write(c, ctx, lambda shape, arr, p: f"{_INIT}.truncated_normal({std_s}, lower={lo}, "
                      f"upper={hi})({_key(ctx)}, {shape})")
    return _write(c, ctx, lambda shape, arr, p: f"{_src(c, 'mean')} + {std_s} * jax.random.truncated_normal("
                  f"{_key(ctx)}, {lo}, {hi}, {shape})")


def _uniform(c: Canon, ctx):
    kw = "".join(f", {k}={_src(c, n)}" for k, n, d in (("minval", "a", 0), ("maxval", "b", 1))
                 if c.lit(n) != d)
    return _write(c, ctx, lambda shape, a, p: f"jax.random.uniform({_key(ctx)}, {shape}{kw})")


def _orthogonal(c: Canon, ctx):
    gain = c.lit("gain")
    scale = "" if gain == 1 else _src(c, "gain")

    def value(shape, arr, perm):
        out = _axes(perm)[1]
        args = ", ".join(x for x in (scale, "" if out == -1 else f"column_axis={out}") if x)
        return f"{_INIT}.orthogonal({args})({_key(ctx)}, {shape})"
    return _write(c, ctx, value)


def _filled(how: str):
    def emit(c: Canon, ctx):
        val = "" if how != "full_like" else f", {code(c.get('val'))}"
        return _write(c, ctx, lambda shape, arr, p: f"jnp.{how}({code(arr)}{val})")
    return emit




fn(f"{_INIT}.xavier_uniform", "init_xavier_uniform", _xavier("uniform", "xavier_uniform"))
fn("xavier_normal", "init_xavier_normal", _xavier("normal", None))
fn("kaiming_uniform", "init_kaiming_uniform", _kaiming("uniform"))
fn("kaiming_normal", "init_kaiming_normal", _kaiming("normal"))
fn(f"{_INIT}.normal", "init_normal", _normal)
fn(f"{_INIT}.truncated_normal", "init_trunc_normal", _trunc_normal)
fn("jax.random.uniform", "init_uniform", _uniform)
fn("jnp.full_like", "init_constant", _filled("full_like"))
fn("jnp.zeros_like", "init_zeros", _filled("zeros_like"))
fn("jnp.ones_like", "init_ones", _filled("ones_like"))
fn(f"{_INIT}.orthogonal", "init_orthogonal", _orthogonal)
fn("calculate_gain", "init_calculate_gain", calculate_gain)
