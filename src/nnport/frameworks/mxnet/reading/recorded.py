"""A block's input shape from the recorded run: prepare.py writes it into the construction as a
keyword (`nn.Dense(10, _nnport_shape=(2, 8))`, or `_nnport_rank=4` where the instances made there
see different sizes of one rank), wherever the block is made (a builder function, a loop); else the
shape recorded for its site (class and attribute, as Keras' readers key it)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.layers_cst import input_shape as _by_site
from nnport.frameworks.spec import literal

SHAPE, RANK = "_nnport_shape", "_nnport_rank"


def _keyword(ctx, name: str):
    node = getattr(ctx, "node", None)
    for a in getattr(node, "args", ()):
        if a.keyword is not None and a.keyword.value == name:
            return literal(a.value)
    return None


def input_shape(ctx) -> tuple | None:
    shape = _keyword(ctx, SHAPE)
    return tuple(shape) if shape is not None else _by_site(ctx)


def input_rank(ctx) -> int | None:
    shape = input_shape(ctx)
    if shape is not None:
        return len(shape)
    rank = _keyword(ctx, RANK)
    if rank is not None:
        return rank
    site = (ctx.sites or {}).get(id(ctx.node))
    calls = (ctx.source_facts or {}).get("sizes", {}).get(site, [])
    ranks = {len(s[0]) for s in calls if s and s[0] is not None}
    return ranks.pop() if len(ranks) == 1 else None


def with_recorded(call: cst.Call, calls) -> cst.Call:
    """The construction `call` with the recorded input shape of its site's calls (every instance made
    there agrees) as a keyword, `_nnport_shape=(2, 16, 8, 8)`, else their rank, `_nnport_rank=4`
    (prepare.py of a source whose layers are recorded by construction site)."""
    shapes = {tuple(c[0]) for c in calls or () if c and c[0] is not None}
    ranks = {len(s) for s in shapes}
    if len(shapes) == 1:
        key, value = SHAPE, repr(shapes.pop())
    elif len(ranks) == 1:
        key, value = RANK, repr(ranks.pop())
    else:
        return call
    args = list(call.args)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    return call.with_changes(args=[*args, cst.Arg(cst.parse_expression(value), keyword=cst.Name(key), equal=eq)])
