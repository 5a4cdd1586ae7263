from __future__ import annotations

from nnport.frameworks.spec import Entry, Registry

LAYERS = Registry("flax.layers")


def layer(api: str, op: str, signature: str | None, emit, **kw) -> Entry:
    """`signature` is the target's own (checked against inspect.signature); None for plain functions."""
    return LAYERS.add(Entry(api, op, signature or "*args, **kwargs", kind="layer", emit=emit, **kw))
