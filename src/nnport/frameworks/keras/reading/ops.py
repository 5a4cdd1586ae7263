"""keras.ops calls in a functional graph (`x + y` on KerasTensors, and the mask a layer with
mask_zero=True makes: `not_equal(ids, 0)`) -> PyTorch operators. Their arguments are in ctx.args
(tensors as placeholders, other values as they were given)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import Step, reader
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
