"""Pivot ops written the same way for every array-API target (Flax's jnp, Keras' ops): Python
operators (+, -, *, **, comparisons), and the few calls that differ only by their namespace. One
table for both, registered by `register` with the target's `fn` and namespace."""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.spec import Unsupported
from nnport.translate.emit import call, expr

_HOLE = re.compile(r"\{(\w+)\}")


def template(text: str):
    """An emit hook filling `{name}` holes with the canonical arguments."""
    def emit(c, ctx):
        return expr(text, **{n: c.get(n) for n in set(_HOLE.findall(text))})
    return emit


def scaled(c, name: str, factor: str) -> cst.BaseExpression:
    """`factor * name`, or just `name` when the factor is literally 1."""
    f = c.lit(factor)
    node = c.get(name)
    if f == 1 and not isinstance(f, bool):
        return node
    return expr("{f} * {x}", f=c.get(factor), x=node)


def _add_sub(sign: str):
    def emit(c, ctx):
        return expr("{a} %s {b}" % sign, a=c.get("input"), b=scaled(c, "other", "alpha"))
    return emit


def _round(ns: str):
    def emit(c, ctx):
        if c.lit("decimals") == 0:
            return call(f"{ns}round", "{input}")(c, ctx)
        return call(f"{ns}round", "{input}", "{decimals}")(c, ctx)
    return emit


def _addc(op: str):
    def emit(c, ctx):
        t = expr("{a} %s {b}" % op, a=c.get("tensor1"), b=c.get("tensor2"))
        if c.lit("value") != 1:
            t = expr("{v} * {t}", v=c.get("value"), t=t)
        return expr("{x} + {t}", x=c.get("input"), t=t)
    return emit


def einsum_args(c) -> list[cst.BaseExpression]:
    """torch.einsum's equation and operands, `einsum(eq, [a, b])` spread as `einsum(eq, a, b)`."""
    args = list(c.varargs)
    if not args:
        raise Unsupported("einsum without an equation")
    if len(args) == 2 and isinstance(args[1], (cst.List, cst.Tuple)):
        args = [args[0]] + [e.value for e in args[1].elements]
    if any(isinstance(a, cst.List) for a in args[1:]):
        raise Unsupported("einsum sublist format")
    return args


def _einsum(ns: str):
    def emit(c, ctx):
        return cst.Call(cst.parse_expression(f"{ns}einsum"), [cst.Arg(a) for a in einsum_args(c)])
    return emit


def addmm(product: str):
    """input * beta + (product) * alpha, `product` a template over mat1/mat2 or batch1/batch2."""
    def emit(c, ctx):
        prod = template(product)(c, ctx)
        if c.lit("alpha") != 1:
            prod = expr("{a} * {p}", a=c.get("alpha"), p=prod)
        if c.lit("beta") == 0:   # PyTorch ignores input then (nan and inf included)
            return prod
        return expr("{x} + {p}", x=scaled(c, "input", "beta"), p=prod)
    return emit


def register_unary(fn, ns: str, api: str) -> None:
    """neg, frac and round: `ns` is the namespace the code calls ("jnp.", "ops."), `api` the prefix
    of the table keys ("jnp.", "keras.ops.")."""
    fn("neg", "neg", template("-{input}"))
    fn("frac", "frac", template("{input} - %strunc({input})" % ns))
    fn(f"{api}round", "round", _round(ns))


def register(fn, ns: str, api: str, close_sig: str) -> None:
    """The binary operators, comparisons, addcmul/addcdiv, lerp, dot/inner/outer, einsum and addbmm. `ns`: the
    namespace the code calls ("jnp.", "ops."); `api`: the prefix of the table keys ("jnp.",
    "keras.ops."); `close_sig`: the target's isclose/allclose signature."""
    fn("add", "add", _add_sub("+"))
    fn("sub", "sub", _add_sub("-"))
    fn("mul", "mul", template("{input} * {other}"))
    fn("pow", "pow", template("{input} ** {exponent}"))
    fn("lerp", "lerp", template("{input} + {weight} * ({end} - {input})"))
    fn("addcmul", "addcmul", _addc("*"))
    fn("addcdiv", "addcdiv", _addc("/"))
    for op, sym in {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}.items():
        fn(op, op, template("{input} %s {other}" % sym))
    fn(f"{api}allclose", "allclose", lambda c, ctx: expr("bool({x})", x=call(
        f"{ns}allclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}", equal_nan="{equal_nan}",
        sig=close_sig)(c, ctx)))
    fn(f"{api}isclose", "isclose", call(f"{ns}isclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}",
                                        equal_nan="{equal_nan}", sig=close_sig))
    for name in ("dot", "inner", "outer"):
        fn(f"{api}{name}", name, call(f"{ns}{name}", "{input}", "{other}"))
    fn(f"{api}einsum", "einsum", _einsum(ns))
    fn("addbmm", "addbmm", addmm("%seinsum('bij,bjk->ik', {batch1}, {batch2})" % ns))
