"""`layer.kernel_initializer = keras.initializers.RandomNormal(stddev=0.02)` (how the Keras writer says
`nn.init.normal_(layer.weight, std=0.02)`) read back as that nn.init call on the weight it names.

prepare.py rewrites such an assignment into `keras.nnport_init.RandomNormal(layer.weight, stddev=0.02)`
(a Keras name: the engine resolves it through the entries below and removes the import with the
other Keras ones); Keras' defaults are spelled out where PyTorch's differ (RandomNormal's stddev
0.05). An initializer the table has no entry for stays as written (with its diagnostic)."""
from __future__ import annotations

import re

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.keras.reading.source_registry import fn, lit
from nnport.frameworks.keras.source_skeleton import canonical_import
from nnport.frameworks.spec import Unsupported, code, literal
from nnport.translate.names import qualified

MODULE = "keras.nnport_init"
# the layer attribute an initializer is set on -> the PyTorch weight it initialises
WEIGHT_OF = {"kernel_initializer": "weight", "embeddings_initializer": "weight", "gamma_initializer": "weight",
             "bias_initializer": "bias", "beta_initializer": "bias"}


def _init(name: str, op: str, signature: str, **kw):
    return fn(f"{MODULE}.{name}", op, "tensor, " + signature if signature else "tensor", **kw)


def no_seed(c, ctx):
    c.args.pop("seed", None)
    c.defaults.pop("seed", None)
    return c


def spelled(*names):
    """Keras' defaults written out (they differ from PyTorch's)."""
    def read(c, ctx):
        no_seed(c, ctx)
        for name in names:
            if not c.given(name) and name in c.defaults:
                c.set(name, c.defaults[name])
        return c
    return read


_HE = re.compile(r"^2(?:\.0?)? / \(1 \+ (.+) \*\* 2\)$")


def variance(scale: str, mode, dist) -> tuple[str, dict[str, str]] | None:
    """VarianceScaling(scale, mode, distribution) as nn.init (op, arguments), or None: He's
    (kaiming_*: scale 2 / (1 + a ** 2)) and Glorot's (xavier_*: fan_avg, scale gain ** 2), untruncated."""
    kind = {"untruncated_normal": "normal", "uniform": "uniform"}.get(dist)
    if kind is None or mode not in ("fan_in", "fan_out", "fan_avg"):
        return None
    if mode == "fan_avg":
        value = literal(cst.parse_expression(scale))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        return f"init_xavier_{kind}", ({} if value == 1 else {"gain": repr(value ** 0.5)})
    if literal(cst.parse_expression(scale)) in (2, 2.0):
        return f"init_kaiming_{kind}", {"mode": repr(mode), "nonlinearity": "'relu'"}
    he = _HE.match(scale)
    if he is None:
        return None
    return f"init_kaiming_{kind}", {"a": he.group(1), "mode": repr(mode), "nonlinearity": "'leaky_relu'"}


def variance_scaling(c, ctx):
    no_seed(c, ctx)
    found = variance(code(c.get("scale")), c.lit("mode"), c.lit("distribution"))
    if found is None:
        raise Unsupported("VarianceScaling: only He's and Glorot's untruncated schemes are read")
    c.op, args = found
    c.args = {"tensor": c.args["tensor"]}
    c.defaults = {}
    for k, v in args.items():
        c.set(k, v)
    return c


_init("RandomNormal", "init_normal", "mean=0.0, stddev=0.05, seed=None", rename={"stddev": "std"},
      read=spelled("std"))
_init("RandomUniform", "init_uniform", "minval=-0.05, maxval=0.05, seed=None", rename={"minval": "a", "maxval": "b"},
      read=spelled("a", "b"))
_init("Zeros", "init_zeros", "")
_init("Ones", "init_ones", "")
_init("Constant", "init_constant", "value=0.0", rename={"value": "val"}, read=spelled("val"))
_init("GlorotUniform", "init_xavier_uniform", "seed=None", read=no_seed)
_init("GlorotNormal", "init_xavier_normal", "seed=None", read=no_seed)
_init("Orthogonal", "init_orthogonal", "gain=1.0, seed=None", read=no_seed)
_init("VarianceScaling", "init_kaiming_normal", "scale=1.0, mode='fan_in', distribution='truncated_normal', seed=None",
      read=variance_scaling)
NAMES = ("RandomNormal", "RandomUniform", "Zeros", "Ones", "Constant", "GlorotUniform", "GlorotNormal", "Orthogonal",
         "VarianceScaling")


class Rewrite(cst.CSTTransformer):
    """`x.<attr>_initializer = keras.initializers.X(...)` -> `keras.nnport_init.X(x.<weight>, ...)`."""

    def __init__(self, aliases):
        super().__init__()
        self.aliases = aliases

    def leave_SimpleStatementLine(self, original, updated):
        if len(updated.body) != 1 or not m.matches(updated.body[0], m.Assign(
                targets=[m.AssignTarget(m.Attribute(attr=m.Name()))], value=m.Call())):
            return updated
        target, call = updated.body[0].targets[0].target, updated.body[0].value
        weight = WEIGHT_OF.get(target.attr.value)
        names = {canonical_import(n) for n in qualified(original.body[0].value.func, self.aliases)}
        init = next((n.rsplit(".", 1)[1] for n in names if n.startswith("keras.initializers.")), None)
        if weight is None or init not in NAMES or (init == "VarianceScaling" and not _he_or_glorot(call)):
            return updated
        tensor = cst.Arg(target.with_changes(attr=cst.Name(weight)))
        func = cst.parse_expression(f"keras.{MODULE.split('.', 1)[1]}.{init}")
        return updated.with_changes(body=[cst.Expr(cst.Call(func, [tensor, *call.args]))])


def _he_or_glorot(call: cst.Call) -> bool:
    names = ("scale", "mode", "distribution")
    given = {names[i]: a.value for i, a in enumerate(call.args) if a.keyword is None and i < 3}
    given.update({a.keyword.value: a.value for a in call.args if a.keyword is not None})
    defaults = {"scale": "1.0", "mode": "'fan_in'", "distribution": "'truncated_normal'"}
    text = {k: code(given[k]) if k in given else defaults[k] for k in names}
    return variance(text["scale"], literal(cst.parse_expression(text["mode"])),
                    literal(cst.parse_expression(text["distribution"]))) is not None


def rewrite(module: cst.Module, aliases) -> tuple[cst.Module, bool]:
    """The module with the initializer assignments rewritten (only where `keras` is imported as such)."""
    if aliases.get("keras") != "keras":
        return module, False
    out = module.visit(Rewrite(aliases))
    return out, out is not module and out.code != module.code
