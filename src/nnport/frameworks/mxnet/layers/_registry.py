from __future__ import annotations

from nnport.frameworks.spec import Entry, Registry

LAYERS = Registry("mxnet.layers")


def layer(api: str, op: str, signature: str | None, emit, **kw) -> Entry:
    """`signature` is Gluon's own (checked against inspect.signature in .venv-mxnet); None for helpers."""
    return LAYERS.add(Entry(api, op, signature or "*args, **kwargs", kind="layer", emit=emit, **kw))
