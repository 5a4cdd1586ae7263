"""keras.ops calls in a functional graph (`x + y` on KerasTensors, and the mask a layer with
mask_zero=True makes: `not_equal(ids, 0)`) -> PyTorch operators. Their arguments are in ctx.args
(tensors as placeholders, other values as they were given)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import SAME, Code, Step, identity, reader
from nnport.frameworks.spec import Unsupported

_NP = "keras.src.ops.numpy."
BINARY = {"Add": "+", "Subtract": "-", "Multiply": "*", "Divide": "/", "TrueDivide": "/", "Matmul": "@",
          "Power": "**", "FloorDivide": "//", "Mod": "%", "Equal": "==", "NotEqual": "!=", "Less": "<",
          "LessEqual": "<=", "Greater": ">", "GreaterEqual": ">="}
UNARY = {"Negative": "-_0", "Absolute": "_0.abs()", "Abs": "_0.abs()", "Exp": "_0.exp()", "Log": "_0.log()",
         "Sqrt": "_0.sqrt()", "Square": "_0.square()", "Tanh": "_0.tanh()"}


def _operand(value) -> str:
    if isinstance(value, str) and value.startswith("_"):
        return value
    if isinstance(value, (int, float, bool)):
        return repr(value)
    raise Unsupported(f"operand {value!r} is not translated")


def _binary(symbol: str):
    def read(config, inputs, ctx):
        if len(ctx.args) != 2 or ctx.kwargs:
            raise Unsupported(f"{ctx.api} with arguments {ctx.args} {ctx.kwargs}")
        a, b = (_operand(v) for v in ctx.args)
        return [Step("", expr=f"{a} {symbol} {b}")]
    return read


def _unary(template: str):
    def read(config, inputs, ctx):
        return [Step("", expr=template)]
    return read


for _name, _sym in BINARY.items():
    reader(_NP + _name)(_binary(_sym))
for _name, _tpl in UNARY.items():
    reader(_NP + _name)(_unary(_tpl))


REDUCTIONS = {"Sum": "sum", "Mean": "mean", "Max": "amax", "Min": "amin", "Prod": "prod"}


def _reduction(op: str):
    def read(config, inputs, ctx):
        axis = config.get("axis")
        args = {"input": Code("_0")}
        if axis is not None:
            axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
            if op == "prod" and len(axes) != 1:
                raise Unsupported("prod over several axes is not translated")
            args["dim"] = axes[0] if len(axes) == 1 else axes
        elif op in ("amax", "amin"):
            args["dim"] = tuple(range(len(inputs[0])))
        if config.get("keepdims"):
            args["keepdim"] = True
        return [Step(op, args, axes=("dim",) if "dim" in args else (), out_perm=SAME if config.get("keepdims")
                     else None, perm=None if config.get("keepdims") else identity(len(inputs[0])))]
    return read


def _extremum(op: str):
    def read(config, inputs, ctx):
        a, b = (_operand(v) for v in ctx.args)
        if not a.startswith("_") or not b.startswith("_"):   # a number: clamp
            x, n = (a, b) if a.startswith("_") else (b, a)
            return [Step("clamp", {"input": Code(x), "min" if op == "maximum" else "max": float(n)})]
        return [Step(op, {"input": Code(a), "other": Code(b)})]
    return read


for _name, _op in REDUCTIONS.items():
    reader(_NP + _name)(_reduction(_op))
reader(_NP + "Maximum")(_extremum("maximum"))
reader(_NP + "Minimum")(_extremum("minimum"))
