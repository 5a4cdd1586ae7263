"""The reader tables of Gluon as a source: registries that find an API under any import spelling
(`mx.nd.relu`, `F.relu` after prepare.py, `mx.sym.relu` are `mxnet.ndarray.relu`)."""
from __future__ import annotations

from nnport.frameworks.mxnet.source_skeleton import canonical_import
from nnport.frameworks.spec import NOT_LITERAL, Entry, Registry, Unsupported


class SourceRegistry(Registry):
    def get(self, api: str) -> Entry | None:
        return super().get(canonical_import(api))

    def __contains__(self, api: str) -> bool:
        return super().__contains__(canonical_import(api))


FUNCTIONS = SourceRegistry("mxnet.functions(read)")
LAYERS = SourceRegistry("mxnet.layers(read)")
OP_TAIL = "out=None, name=None, **kwargs"   # every mxnet.ndarray operator's own last arguments
IGNORED = ("out", "name", "**kwargs")


def fn(api: str, op: str, signature: str, **kw) -> Entry:
    """An operator `mxnet.ndarray.<api>`; `name=` and `out=` have no numerical effect here."""
    kw.setdefault("ignore", IGNORED)
    return FUNCTIONS.add(Entry(f"mxnet.ndarray.{api}", op, signature, kind="function", **kw))


def layer(api: str, op: str, signature: str, read=None, **kw) -> Entry:
    """A block `mxnet.gluon.<api>`; `prefix=`, `params=` are dropped by prepare.py. Gluon's argument
    order is not PyTorch's (in_units comes last): the target writes its required arguments
    positionally and the others by keyword, whatever the Gluon call spelled."""
    def plain(c, ctx):
        c.extra["spelled"], c.extra["positional"] = set(), set()
        return read(c, ctx) if read is not None else c
    kw.setdefault("ignore", ("**kwargs", "prefix", "params"))
    return LAYERS.add(Entry(f"mxnet.gluon.{api}", op, signature, kind="layer", read=plain, **kw))


def lit(c, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{c.extra.get('api')}: {name} must be a literal")
    return v


def take(c, name, default=None):
    """The literal value of a Gluon argument, removed from the canonical ones."""
    if c.get(name) is None:
        return default
    v = lit(c, name)
    c.args.pop(name, None)
    c.defaults.pop(name, None)
    return v


def drop(c, *names) -> None:
    for name in names:
        c.args.pop(name, None)
        c.defaults.pop(name, None)
