"""The reader tables of Keras as a source (the CST route: subclassed models' code): registries
that find an API under any import spelling (`tensorflow.keras.layers.Dense` is `keras.layers.Dense`)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Canon, Entry, Registry, Unsupported, literal
from nnport.frameworks.keras.source_skeleton import canonical_import


class SourceRegistry(Registry):
    """A registry read under a source's import spellings (`canonical`: one name for all of them)."""

    def __init__(self, name: str, canonical=canonical_import):
        super().__init__(name)
        self.canonical = canonical

    def get(self, api: str) -> Entry | None:
        return super().get(self.canonical(api))

    def __contains__(self, api: str) -> bool:
        return super().__contains__(self.canonical(api))


FUNCTIONS = SourceRegistry("keras.functions(read)")
LAYERS = SourceRegistry("keras.layers(read)")


def fn(api: str, op: str, signature: str, **kw) -> Entry:
    return FUNCTIONS.add(Entry(api, op, signature, kind="function", **kw))


def attribute(api: str, op: str, **kw) -> Entry:
    return FUNCTIONS.add(Entry(api, op, "", kind="attribute", **kw))


BASE_KWARGS = "name=None, dtype=None, trainable=True, autocast=True"   # keras.layers.Layer's own


def layer(api: str, op: str, signature: str, **kw) -> Entry:
    """`**kwargs` of a layer signature: the base Layer's keywords are read (dtype, trainable matter)."""
    if signature.endswith("**kwargs"):
        signature = signature[:-len("**kwargs")] + BASE_KWARGS + ", **kwargs"
    return LAYERS.add(Entry(api, op, signature, kind="layer", **kw))


def written(ctx, op: str, **args) -> cst.BaseExpression:
    """A pivot op written by the target's tables (a reader needing a second op: tf.matmul's
    transpose_b)."""
    from nnport.translate import reading
    c = Canon(op, {k: (cst.parse_expression(v) if isinstance(v, str) else v) for k, v in args.items()})
    return reading.write(reading.target_entry(ctx.dst.functions, op, op, c), c, ctx)


def varargs_as(c: Canon, name: str) -> Canon:
    """`x.reshape(2, 3)` / `x.transpose(1, 0)`: the positional rest (`*shape`, `*axes`) as the one
    argument `name` (a tuple, or the single value given: `x.reshape((2, 3))`)."""
    if c.varargs:
        vals, c.varargs = c.varargs, []
        c.set(name, vals[0] if len(vals) == 1 else cst.Tuple([cst.Element(v) for v in vals]))
    return c


def lit(c: Canon, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{c.extra.get('api')}: {name} must be a literal")
    return v


def is_number(node) -> bool:
    v = literal(node)
    return isinstance(v, (int, float)) and not isinstance(v, bool)
