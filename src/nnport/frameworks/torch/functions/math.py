"""torch functions and Tensor methods: elementwise math, comparisons, linear algebra.

Each op is read in its function form (`torch.exp(x)`), method form (`x.exp()`) and, where PyTorch has
one, in-place form (`x.exp_()`: the engine rebinds `x = <translation>`). Operators (`+`, `**`, `@`)
need no entry.
"""
from nnport.frameworks.torch.functions._registry import FUNCTIONS, fn, method, no_out


def both(name: str, op: str, args: str = "", inplace: bool = True, fn_args: str | None = None,
         method_args: str | None = None, **kw) -> None:
    """torch.<name>(input, <args>, *, out=None), Tensor.<name>(self, <args>) and Tensor.<name>_."""
    a = f", {args}" if args else ""
    fa = fn_args if fn_args is not None else (f"input{a}, *, out=None" if "*" not in args
                                              else f"input{a}, out=None")
    ma = method_args if method_args is not None else f"self{a}"
    if f"torch.{name}" not in FUNCTIONS:
        fn(f"torch.{name}", op, fa, read=no_out, **dict(kw))
    method(name, op, ma, **dict(kw))
    if inplace:
        method(f"{name}_", op, ma, **dict(kw))


# --- unary ------------------------------------------------------------------------------------------
UNARY = {
    "abs": "abs", "absolute": "abs", "neg": "neg", "negative": "neg", "exp": "exp", "exp2": "exp2",
    "log": "log", "log2": "log2", "log10": "log10", "log1p": "log1p", "expm1": "expm1", "sqrt": "sqrt",
    "rsqrt": "rsqrt", "square": "square", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh",
    "sigmoid": "sigmoid", "asin": "asin", "arcsin": "asin", "acos": "acos", "arccos": "acos",
    "atan": "atan", "arctan": "atan", "sinh": "sinh", "cosh": "cosh", "asinh": "asinh",
    "arcsinh": "asinh", "acosh": "acosh", "arccosh": "acosh", "atanh": "atanh", "arctanh": "atanh",
    "erf": "erf", "erfc": "erfc", "erfinv": "erfinv", "floor": "floor", "ceil": "ceil",
    "trunc": "trunc", "fix": "trunc", "frac": "frac", "sign": "sign", "sgn": "sign",
    "reciprocal": "reciprocal", "logical_not": "logical_not", "bitwise_not": "bitwise_not",
}
for _name, _op in UNARY.items():
    both(_name, _op)
for _name in ("isnan", "isinf", "isfinite", "isposinf", "isneginf"):
    both(_name, _name, inplace=False)

both("round", "round", "*, decimals=0")
both("nan_to_num", "nan_to_num", "nan=0.0, posinf=None, neginf=None")
both("clamp", "clamp", "min=None, max=None")
both("clip", "clamp", "min=None, max=None")
fn("torch.clamp_min", "clamp", "input, min", read=no_out)
fn("torch.clamp_max", "clamp", "input, max", read=no_out)
method("clamp_min", "clamp", "self, min")
method("clamp_max", "clamp", "self, max")
method("clamp_min_", "clamp", "self, min")
method("clamp_max_", "clamp", "self, max")

# --- binary arithmetic --------------------------------------------------------------------------------
both("add", "add", "other, *, alpha=1")
both("sub", "sub", "other, *, alpha=1")
both("subtract", "sub", "other, *, alpha=1")
both("mul", "mul", "other")
both("multiply", "mul", "other")
both("div", "div", "other, *, rounding_mode=None")
both("divide", "div", "other, *, rounding_mode=None")
both("true_divide", "div", "other")
both("floor_divide", "floor_divide", "other")
both("remainder", "remainder", "other")
both("fmod", "fmod", "other")
both("pow", "pow", "exponent")
both("atan2", "atan2", "other")
both("arctan2", "atan2", "other")
both("hypot", "hypot", "other")
both("maximum", "maximum", "other", inplace=False)
both("minimum", "minimum", "other", inplace=False)
both("fmax", "fmax", "other", inplace=False)
both("fmin", "fmin", "other", inplace=False)
both("lerp", "lerp", "end, weight")
both("addcmul", "addcmul", "tensor1, tensor2, *, value=1")
both("addcdiv", "addcdiv", "tensor1, tensor2, *, value=1")
for _name in ("logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor"):
    both(_name, _name, "other")

# --- comparisons --------------------------------------------------------------------------------------
COMPARE = {"eq": "eq", "ne": "ne", "lt": "lt", "le": "le", "gt": "gt", "ge": "ge", "not_equal": "ne",
           "less": "lt", "less_equal": "le", "greater": "gt", "greater_equal": "ge"}
for _name, _op in COMPARE.items():
    both(_name, _op, "other", inplace=False)
both("equal", "equal", "other", inplace=False, fn_args="input, other")
both("allclose", "allclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False", inplace=False,
     fn_args="input, other, rtol=1e-05, atol=1e-08, equal_nan=False")
both("isclose", "isclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False", inplace=False,
     fn_args="input, other, rtol=1e-05, atol=1e-08, equal_nan=False")

# --- linear algebra -----------------------------------------------------------------------------------
both("matmul", "matmul", "other", inplace=False)
both("mm", "matmul", "mat2", inplace=False, rename={"mat2": "other"})
both("bmm", "matmul", "mat2", inplace=False, rename={"mat2": "other"})
both("mv", "matmul", "vec", inplace=False, rename={"vec": "other"})
both("dot", "dot", "tensor", inplace=False, rename={"tensor": "other"})
both("inner", "inner", "other", inplace=False)
both("outer", "outer", "vec2", inplace=False, rename={"vec2": "other"})
both("ger", "outer", "vec2", inplace=False, rename={"vec2": "other"})
fn("torch.einsum", "einsum", "*args")
both("addmm", "addmm", "mat1, mat2, *, beta=1, alpha=1")
both("baddbmm", "addmm", "batch1, batch2, *, beta=1, alpha=1", rename={"batch1": "mat1", "batch2": "mat2"})
both("addbmm", "addbmm", "batch1, batch2, *, beta=1, alpha=1")
both("addmv", "addmm", "mat, vec, *, beta=1, alpha=1", rename={"mat": "mat1", "vec": "mat2"})
