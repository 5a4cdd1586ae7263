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


_NN = "keras.src.ops.nn."
_CORE = "keras.src.ops.core."
DTYPES = {"float16": "torch.float16", "float32": "torch.float32", "float64": "torch.float64",
          "bfloat16": "torch.bfloat16", "int32": "torch.int32", "int64": "torch.int64", "bool": "torch.bool",
          "int8": "torch.int8", "uint8": "torch.uint8", "int16": "torch.int16"}


def _index(key) -> str:
    def one(k):
        if isinstance(k, slice):
            text = ":".join("" if v is None else str(_operand(v)) for v in (k.start, k.stop, k.step))
            return text[:-1] if text.endswith(":") and k.step is None else text
        if k is None:
            return "None"
        if k is Ellipsis:
            return "..."
        return _operand(k)
    return ", ".join(one(k) for k in (key if isinstance(key, tuple) else (key,)))


@reader(_NP + "GetItem")
def get_item(config, inputs, ctx):
    return [Step("", expr=f"_0[{_index(ctx.args[1])}]", perm=identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "Reshape")
def reshape(config, inputs, ctx):
    return [Step("reshape", {"input": Code("_0"), "shape": tuple(config["newshape"])},
                 perm=identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "Transpose")
def transpose(config, inputs, ctx):
    """Only a change of axis order (as layers.Permute): the tensor's recorded layout changes."""
    rank = len(inputs[0])
    full = tuple(config["axes"]) if config.get("axes") is not None else tuple(reversed(range(rank)))
    full = tuple(a % rank for a in full)
    return [Step("", expr="_0", out_perm=lambda p: tuple(full.index(a) for a in (p or identity(rank))))]


@reader(_NP + "Concatenate")
def concatenate(config, inputs, ctx):
    xs = ", ".join(f"_{i}" for i in range(len(inputs)))
    return [Step("cat", {"tensors": Code(f"[{xs}]"), "dim": config.get("axis", 0)}, axes=("dim",))]


@reader(_NP + "Stack")
def stack(config, inputs, ctx):
    xs = ", ".join(f"_{i}" for i in range(len(inputs)))
    return [Step("stack", {"tensors": Code(f"[{xs}]"), "dim": config.get("axis", 0)},
                 perm=identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "ExpandDims")
def expand_dims(config, inputs, ctx):
    axis = config["axis"]
    if not isinstance(axis, int):
        raise Unsupported(f"expand_dims over several axes {axis}")
    return [Step("unsqueeze", {"input": Code("_0"), "dim": axis}, perm=identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "Squeeze")
def squeeze(config, inputs, ctx):
    args = {"input": Code("_0")}
    if config.get("axis") is not None:
        args["dim"] = config["axis"]
    return [Step("squeeze", args, perm=identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "Einsum")
def einsum(config, inputs, ctx):
    xs = ", ".join(f"_{i}" for i in range(len(inputs)))
    return [Step("", expr=f"torch.einsum({config['subscripts']!r}, {xs})", perm=None if len(inputs) > 1 else
                 identity(len(inputs[0])), out_perm=None)]


@reader(_NP + "Clip")
def clip(config, inputs, ctx):
    return [Step("clamp", {"input": Code("_0"), "min": config["x_min"], "max": config["x_max"]})]


@reader(_NP + "Any", _NP + "All")
def any_all(config, inputs, ctx):
    fn = "any" if ctx.api.endswith("Any") else "all"
    axis = config.get("axis")
    axes = [axis] if isinstance(axis, int) else list(axis or [])
    if len(axes) > 1:
        raise Unsupported(f"{fn} over several axes {axes}")
    keep = ", keepdim=True" if config.get("keepdims") else ""
    dim = f"dim={axes[0]}{keep}" if axes else ""
    return [Step("", expr=f"_0.{fn}({dim})", perm=identity(len(inputs[0])), out_perm=None)]


@reader(_CORE + "Cast")
def cast(config, inputs, ctx):
    dtype = DTYPES.get(str(config.get("dtype")))
    if dtype is None:
        raise Unsupported(f"cast to {config.get('dtype')!r}")
    return [Step("", expr=f"_0.to({dtype})")]


@reader(_NN + "Softmax", _NN + "LogSoftmax")
def softmax(config, inputs, ctx):
    op = "softmax" if ctx.api.endswith(".Softmax") else "log_softmax"
    axis = config.get("axis", -1)
    if not isinstance(axis, int):
        raise Unsupported(f"{op} over axes {axis}")
    return [Step(op, {"input": Code("_0"), "dim": axis}, axes=("dim",))]


for _name, _op in (("Relu", "relu"), ("Relu6", "relu6"), ("Sigmoid", "sigmoid"),
                   ("Silu", "silu"), ("Gelu", "gelu"), ("Elu", "elu"), ("Selu", "selu"), ("Softplus", "softplus"),
                   ("HardSigmoid", "hardsigmoid"), ("HardSilu", "hardswish")):
    reader(_NN + _name)(lambda config, inputs, ctx, _op=_op: [Step(_op, {"input": Code("_0")})])
