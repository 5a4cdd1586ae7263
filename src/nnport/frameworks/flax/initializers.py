"""Flax / JAX initializers called for a variable's value, read back as the array functions they
compute (Flax as a source; prepare.py applies it):

    nnx.initializers.normal(0.02)(rngs.params(), (1, d))  ->  jax.random.normal(rngs.params(), (1, d)) * 0.02
    nnx.initializers.zeros_init()(key, shape)              ->  jax.numpy.zeros(shape)
    nnx.initializers.zeros(key, shape)                     ->  jax.numpy.zeros(shape)

ones / ones_init, constant(v), uniform(scale) likewise; the others (variance scaling, orthogonal,
truncated normal) are left as written, and flagged (no table entry). The weights are copied by
transfer_weights; the initial values only matter for training from scratch.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import code

_PREFIXES = ("flax.nnx.initializers.", "jax.nn.initializers.", "flax.linen.initializers.")
_MADE = {"zeros_init": "zeros", "ones_init": "ones", "constant": "constant", "normal": "normal",
         "uniform": "uniform"}
_PLAIN = {"zeros": "zeros", "ones": "ones"}   # initializers that are the function itself (key, shape)


def _kind(names: set[str], table: dict) -> str | None:
    for n in names:
        for p in _PREFIXES:
            if n.startswith(p) and n[len(p):] in table:
                return table[n[len(p):]]
    return None


def _value(kind: str, args: list[cst.Arg], key, shape) -> cst.BaseExpression | None:
    given = args[0].value if args else None
    if kind in ("zeros", "ones"):
        return cst.parse_expression(f"jax.numpy.{kind}({code(shape)})")
    if kind == "constant" and given is not None:
        return cst.parse_expression(f"jax.numpy.full({code(shape)}, {code(given)})")
    if kind in ("normal", "uniform"):
        scale = code(given) if given is not None else ("0.01" if kind == "normal" else "0.01")
        return cst.parse_expression(f"jax.random.{kind}({code(key)}, {code(shape)}) * {scale}")
    return None


def initializer_call(names, outer_names, call: cst.Call) -> cst.BaseExpression | None:
    """`call` is `<init>(...)(key, shape)` (names: the inner callee's) or `<plain init>(key, shape)`
    (outer_names: the callee's); its value as array functions, else None."""
    args = [a for a in call.args if a.keyword is None]
    if len(args) < 2:
        return None
    key, shape = args[0].value, args[1].value
    if isinstance(call.func, cst.Call):
        kind = _kind(names, _MADE)
        return None if kind is None else _value(kind, list(call.func.args), key, shape)
    kind = _kind(outer_names, _PLAIN)
    return None if kind is None else _value(kind, [], key, shape)
