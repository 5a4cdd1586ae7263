from __future__ import annotations

from nnport.frameworks.spec import Entry, Registry

LAYERS = Registry("torch.layers")
FACTORY = ("device", "dtype")   # factory arguments without numerical effect in float32 code


def layer(api: str, op: str, signature: str, **kw) -> Entry:
    return LAYERS.add(Entry(api, op, signature, kind="layer", **kw))
