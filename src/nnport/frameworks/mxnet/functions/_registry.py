from __future__ import annotations

from nnport.frameworks.spec import Entry, Registry

FUNCTIONS = Registry("mxnet.functions")


def fn(api: str, op: str, emit, signature: str | None = None, **kw) -> Entry:
    return FUNCTIONS.add(Entry(api, op, signature or "*args, **kwargs", kind="function", emit=emit, **kw))
