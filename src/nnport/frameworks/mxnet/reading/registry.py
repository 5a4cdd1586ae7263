"""The reader tables of Gluon as a source: registries that find an API under any import spelling
(`mx.nd.relu`, `F.relu` after prepare.py, `mx.sym.relu` are `mxnet.ndarray.relu`)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.layers_cst import take  # noqa: F401  (a literal argument, taken out)
from nnport.frameworks.keras.reading.source_registry import SourceRegistry, lit  # noqa: F401
from nnport.frameworks.mxnet.source_skeleton import canonical_import
from nnport.frameworks.spec import Entry

FUNCTIONS = SourceRegistry("mxnet.functions(read)", canonical_import)
LAYERS = SourceRegistry("mxnet.layers(read)", canonical_import)
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


def drop(c, *names) -> None:
    for name in names:
        c.args.pop(name, None)
        c.defaults.pop(name, None)
