"""Weight initialisation (torch.nn.init, `w.data.normal_()`) -> keras.initializers and keras.random.

The `tensor` argument arrives as the engine reads it: `self.w` for a parameter (a keras.Variable),
`ops.transpose(self.fc.kernel)` or `ops.transpose(self.conv.kernel, perm)` for a layer's weight (the
Keras variable seen in the source's layout), a name for a local tensor. Three writes follow:

- a layer's weight: Keras creates it when the layer first runs (build), from the layer's
  `<weight>_initializer`; the statement sets that attribute, as a Keras author would:
      nn.init.xavier_uniform_(self.fc.weight) -> self.fc.kernel_initializer = keras.initializers.GlorotUniform()
  Fans follow Keras's rule (in: axis -2, out: axis -1, the others the receptive field), PyTorch's in
  the source layout: the read's permutation says where PyTorch's in (1) and out (0) axes are; an
  Embedding's table (same layout in both) has them the other way round, so fan_in and fan_out swap.
- a parameter or buffer of this class (`self.w`, created in `__init__`): assigned now,
  `self.w.assign(<value>)`, with PyTorch's fans computed from the shape (fan_in = prod(shape[1:]),
  fan_out = shape[0] * prod(shape[2:])) whatever its rank;
- a local tensor: the value only, for the engine to rebind (`w = <value>`).

Distributions are PyTorch's exactly: kaiming and xavier "normal" are untruncated
(`VarianceScaling(..., "untruncated_normal")`, not HeNormal/GlorotNormal, which truncate);
trunc_normal_ bounds are absolute values, which Keras's TruncatedNormal (cut at 2 std) matches only
when they are mean +- 2 std, and a plain normal when they are 6 std or more away.
"""
from __future__ import annotations

import math

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.init_gains import calculate_gain, kaiming_mode, kaiming_scale, num as _num, source as _src, square as _square
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code, literal

_K = "keras.initializers"
# Keras layer weights -> the constructor argument (and attribute) build() reads their initializer from
INITIALIZERS = {"kernel": "kernel_initializer", "bias": "bias_initializer", "gamma": "gamma_initializer",
                "beta": "beta_initializer", "embeddings": "embeddings_initializer",
                "moving_mean": "moving_mean_initializer", "moving_variance": "moving_variance_initializer",
                "depthwise_kernel": "depthwise_initializer", "recurrent_kernel": "recurrent_initializer"}
_SWAP = {"fan_in": "fan_out", "fan_out": "fan_in", "fan_avg": "fan_avg"}


def peel(node: cst.BaseExpression) -> tuple[cst.BaseExpression, tuple[int, ...] | None]:
    """The variable under a read and the permutation from its axes to the source's (None: same)."""
    if m.matches(node, m.Attribute(attr=m.Name("data"))):
        node = node.value
    if m.matches(node, m.Call(func=m.Attribute(value=m.Name("ops"), attr=m.Name("transpose")))) and \
            1 <= len(node.args) <= 2:
        perm = (1, 0) if len(node.args) == 1 else literal(node.args[1].value)
        if not isinstance(perm, tuple):
            raise Unsupported(f"initialising {code(node)}: a transpose by a non-literal permutation")
        return node.args[0].value, perm
    return node, None


class Target:
    """What an init writes: kind "layer" (a layer's weight, built later), "variable" (this class's
    keras.Variable) or "value" (a local tensor); `var` the variable's expression."""

    def __init__(self, c: Canon):
        if c.given("generator") and c.lit("generator") is not None:
            raise Unsupported("generator=: a torch.Generator has no Keras counterpart (keras.random seeds)")
        self.tensor = c.get("tensor")
        self.var, self.perm = peel(self.tensor)
        var = self.var
        if isinstance(self.tensor, cst.Call) and self.perm is None and \
                c.extra.get("api", "").startswith("Tensor."):   # a temporary: `torch.FloatTensor(2).zero_()`
            self.kind = "value"
        elif isinstance(var, cst.Name) and self.perm is None:
            if not c.extra.get("api", "Tensor.").startswith("Tensor."):   # x.normal_() is rebound
                raise Unsupported(f"initialising the local tensor {code(var)} with a function: "
                                  f"write `{code(var)}.normal_(...)` (a method) or initialise a parameter")
            self.kind = "value"
        elif m.matches(var, m.Attribute(value=m.Name("self"))) and self.perm is None:
            self.kind = "variable"
        elif isinstance(var, cst.Attribute) and var.attr.value in INITIALIZERS:
            self.kind = "layer"
        else:
            raise Unsupported(f"initialising {code(self.tensor)}: only this module's parameters, its "
                              "layers' weights (self.<layer>.<weight>) and local tensors can be translated")

    # -- layer weights --------------------------------------------------------------------------------
    def mode(self, mode: str) -> str:
        """PyTorch's fan mode as Keras's for this layer weight (Keras: in axis -2, out axis -1)."""
        attr = self.var.attr.value
        n = len(self.perm) if self.perm else (2 if attr == "embeddings" else 1)
        if n < 2:
            raise Unsupported(f"fans of the 1-D {code(self.tensor)} (PyTorch needs 2 dimensions or more)")
        i, o = (self.perm[1], self.perm[0]) if self.perm else (1, 0)
        if (i % n, o % n) == (n - 2, n - 1):
            return mode
        if n == 2:
            return _SWAP[mode]
        raise Unsupported(f"fans of {code(self.tensor)}: its in/out axes are not Keras's last two")

    def set_initializer(self, init: str) -> cst.BaseExpression:
        owner, attr = self.var.value, INITIALIZERS[self.var.attr.value]
        return cst.parse_expression(f"setattr({code(owner)}, {attr!r}, {init})")

    # -- variables and local tensors ------------------------------------------------------------------
    @property
    def src(self) -> str:
        return code(self.var)

    @property
    def shape(self) -> str:
        return f"{self.src}.shape" if self.kind == "variable" else f"ops.shape({self.src})"

    def fan(self, mode: str) -> str:
        """PyTorch's fan of the tensor (its own layout), computed from its shape."""
        s = self.shape
        fan_in, fan_out = f"math.prod({s}[1:])", f"{s}[0] * math.prod({s}[2:])"
        return {"fan_in": f"{fan_in}", "fan_out": f"({fan_out})",
                "fan_avg": f"(({fan_in} + {fan_out}) / 2)"}[mode]

    def write(self, value: str) -> cst.BaseExpression:
        if self.kind == "variable":
            return cst.parse_expression(f"{self.src}.assign({value})")
        return cst.parse_expression(value)










def _scaled(c: Canon, scale: str, mode: str, dist: str, short: str | None = None):
    """Variance scaling (xavier, kaiming): std or limit from scale / fan, PyTorch's fans."""
    t = Target(c)
    if t.kind == "layer":
        mode = t.mode(mode)
        if short is not None:
            return t.set_initializer(f"{_K}.{short}()")
        kind = "untruncated_normal" if dist == "normal" else "uniform"
        return t.set_initializer(f"{_K}.VarianceScaling({scale}, {mode!r}, {kind!r})")
    if dist == "normal":
        return t.write(f"keras.random.normal({t.shape}, stddev=math.sqrt({scale} / {t.fan(mode)}))")
    return t.write(f"math.sqrt(3.0 * {scale} / {t.fan(mode)}) * keras.random.uniform({t.shape}, "
                   "minval=-1.0, maxval=1.0)")


def _kaiming(dist: str):
    def emit(c: Canon, ctx):
        mode = kaiming_mode(c)
        scale = kaiming_scale(c)
        short = "HeUniform" if dist == "uniform" and scale == "2.0" and mode == "fan_in" else None
        if short and Target(c).kind == "layer" and Target(c).mode(mode) != "fan_in":
            short = None
        return _scaled(c, scale, mode, dist, short)
    return emit


def _xavier(dist: str):
    def emit(c: Canon, ctx):
        scale = _square(c, "gain")
        return _scaled(c, scale, "fan_avg", dist, "GlorotUniform" if dist == "uniform" and scale == "1.0" else None)
    return emit


def _normal_args(mean: str, std: str) -> str:
    return (f"mean={mean}, " if mean != "0.0" else "") + f"stddev={std}"


def _normal(c: Canon, ctx, mean: str | None = None, std: str | None = None):
    t = Target(c)
    mean, std = mean or _src(c, "mean"), std or _src(c, "std")
    if t.kind == "layer":
        return t.set_initializer(f"{_K}.RandomNormal({_normal_args(mean, std)})")
    return t.write(f"keras.random.normal({t.shape}, {_normal_args(mean, std)})")


def _trunc_normal(c: Canon, ctx):
    mean, std, a, b = (c.lit(n) for n in ("mean", "std", "a", "b"))
    if NOT_LITERAL in (mean, std, a, b):
        raise Unsupported("trunc_normal_ with non-literal mean/std/a/b (the bounds decide the Keras form)")
    lo, hi = (a - mean) / std, (b - mean) / std
    if lo <= -6 and hi >= 6:   # the cut is beyond 6 std: a normal (P < 2e-9 of a draw out there)
        return _normal(c, ctx)
    if not (math.isclose(lo, -2.0) and math.isclose(hi, 2.0)):
        raise Unsupported(f"trunc_normal_ bounds {a}, {b}: Keras truncates at mean +- 2 std only")
    t = Target(c)
    args = _normal_args(_num(mean), _num(std))
    if t.kind == "layer":
        return t.set_initializer(f"{_K}.TruncatedNormal({args})")
    return t.write(f"keras.random.truncated_normal({t.shape}, {args})")


def _uniform(c: Canon, ctx):
    t = Target(c)
    lo, hi = _src(c, "a"), _src(c, "b")
    if t.kind == "layer":
        return t.set_initializer(f"{_K}.RandomUniform(minval={lo}, maxval={hi})")
    return t.write(f"keras.random.uniform({t.shape}, minval={lo}, maxval={hi})")


def _orthogonal(c: Canon, ctx):
    t = Target(c)
    gain = c.lit("gain")
    arg = "" if gain == 1 else f"gain={_src(c, 'gain')}"
    if t.kind == "layer":
        # Keras orthogonalises (prod(shape[:-1]), shape[-1]): PyTorch's (out, rest) matrix transposed,
        # rows permuted, where out is Keras's last axis (a Haar draw, the same distribution)
        n = len(t.perm) if t.perm else (2 if t.var.attr.value == "embeddings" else 1)
        if n < 2 or t.perm and t.perm[0] % n != n - 1:
            raise Unsupported(f"orthogonal_ of {code(t.tensor)}: its out axis is not Keras's last")
        return t.set_initializer(f"{_K}.Orthogonal({arg})")
    s = t.shape
    return t.write(f"ops.reshape({_K}.Orthogonal({arg})(({s}[0], math.prod({s}[1:]))), {s})")


def _filled(how: str):
    def emit(c: Canon, ctx):
        t = Target(c)
        if t.kind == "layer":
            init = {"zeros_like": "Zeros()", "ones_like": "Ones()"}.get(how) or f"Constant({code(c.get('val'))})"
            return t.set_initializer(f"{_K}.{init}")
        val = f", {code(c.get('val'))}" if how == "full_like" else ""
        return t.write(f"ops.{how}({t.src}{val})")
    return emit




fn(f"{_K}.GlorotUniform", "init_xavier_uniform", _xavier("uniform"))
fn("xavier_normal", "init_xavier_normal", _xavier("normal"))
fn("kaiming_uniform", "init_kaiming_uniform", _kaiming("uniform"))
fn("kaiming_normal", "init_kaiming_normal", _kaiming("normal"))
fn(f"{_K}.RandomNormal", "init_normal", _normal)
fn(f"{_K}.TruncatedNormal", "init_trunc_normal", _trunc_normal)
fn(f"{_K}.RandomUniform", "init_uniform", _uniform)
fn(f"{_K}.Constant", "init_constant", _filled("full_like"))
fn(f"{_K}.Zeros", "init_zeros", _filled("zeros_like"))
fn(f"{_K}.Ones", "init_ones", _filled("ones_like"))
fn(f"{_K}.Orthogonal", "init_orthogonal", _orthogonal)
fn("calculate_gain", "init_calculate_gain", calculate_gain)
