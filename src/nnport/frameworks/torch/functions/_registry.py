from __future__ import annotations

import sys

from nnport.frameworks.spec import Entry, Registry, Unsupported

FUNCTIONS = Registry("torch.functions")
FAMILY: dict[str, str] = {}   # api -> the family module that registered it ("math", "shape"...)


def _add(entry: Entry) -> Entry:
    FAMILY[entry.api] = sys._getframe(2).f_globals["__name__"].rsplit(".", 1)[-1]   # fn()'s caller
    return FUNCTIONS.add(entry)


def fn(api: str, op: str, signature: str, **kw) -> Entry:
    return _add(Entry(api, op, signature, kind="function", **kw))


def method(name: str, op: str, signature: str, **kw) -> Entry:
    """A Tensor method; signature starts with `self` (renamed to the canonical `input`)."""
    return _add(Entry(f"Tensor.{name}", op, signature, kind="method",
                      rename={"self": "input", **kw.pop("rename", {})}, **kw))


def attribute(api: str, op: str, **kw) -> Entry:
    """A constant or a Tensor attribute (`torch.float32`, `Tensor.shape`)."""
    return _add(Entry(api, op, "self" if api.startswith("Tensor.") else "", kind="attribute",
                      rename={"self": "input"} if api.startswith("Tensor.") else {}, **kw))


def no_out(c, ctx):
    """Read hook: `out=` writes into an existing tensor, which has no functional equivalent."""
    if c.given("out") and c.lit("out") is not None:
        raise Unsupported(f"{c.extra['api']}: out= is not supported")
    c.args.pop("out", None)
    c.defaults.pop("out", None)
    return c


def unsupported(why: str):
    """Read hook for an API that is never translated, with the reason."""
    def read(c, ctx):
        raise Unsupported(why)
    return read
