from __future__ import annotations

import sys

from nnport.frameworks.spec import Entry, Registry

LAYERS = Registry("torch.layers")
FAMILY: dict[str, str] = {}   # api -> the family module that registered it ("conv", "norm"...)
FACTORY = ("device", "dtype")   # factory arguments without numerical effect in float32 code


def layer(api: str, op: str, signature: str, **kw) -> Entry:
    FAMILY[api] = sys._getframe(1).f_globals["__name__"].rsplit(".", 1)[-1]   # the caller's module
    return LAYERS.add(Entry(api, op, signature, kind="layer", **kw))
