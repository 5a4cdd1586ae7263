"""The Flax writer's expressions for PyTorch values it could not evaluate, read back as those values
(flax/conv.py writes them): `((k),) * 2 if isinstance((k), int) else tuple((k))` (PyTorch's
int-or-tuple kernel_size / stride / dilation as Flax's tuple) -> `k`, and
`(p).upper() if isinstance((p), str) else [(p, p) for p in (((p),) * 2 if isinstance((p), int) else (p))]`
(PyTorch's padding as Flax's) -> `p`; recognised by regenerating the writer's text for the value
found in the `isinstance` test.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.conv import ntuple_text, padding_text
from nnport.frameworks.spec import code


def _value(node) -> str | None:
    """`X` of `... if isinstance(X, int|str) else ...` (its parentheses off), else None."""
    if not isinstance(node, cst.IfExp) or not isinstance(node.test, cst.Call) or code(node.test.func) != "isinstance":
        return None
    args = node.test.args
    if len(args) != 2:
        return None
    return code(args[0].value.with_changes(lpar=[], rpar=[]))


def pytorch_value(node, writer) -> tuple[cst.BaseExpression, int] | None:
    """(PyTorch's expression, n) where `node` is `writer(src, n)`'s text, else None."""
    src = _value(node)
    if src is None:
        return None
    text = code(node.with_changes(lpar=[], rpar=[]))
    for n in (1, 2, 3):
        if text == writer(src, n):
            return cst.parse_expression(src), n
    return None


def unwrap(c, names=("kernel_size", "stride", "dilation")) -> dict[str, int]:
    """The writer's int-or-tuple expressions among `names` and its padding expression replaced by
    PyTorch's values in `c` (the canonical arguments); {name: n} of those replaced."""
    out = {}
    for name in (*names, "padding"):
        node = c.args.get(name)
        found = pytorch_value(node, padding_text if name == "padding" else ntuple_text) if node is not None else None
        if found is not None:
            c.args[name], out[name] = found
    return out
