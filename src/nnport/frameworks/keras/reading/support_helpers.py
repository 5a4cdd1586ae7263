"""The Keras writer's own helpers read back (PyTorch -> Keras -> PyTorch gives PyTorch's API again).

Where a Keras file defines a helper of keras/support/ (the definition's text the same as the
support one, whitespace aside: the writer copied it), its calls are read as the pivot op the writer
made it from (`ChannelsFirstConv2D(...)` -> nn.Conv2d, `PReLU(num_parameters=3)` -> nn.PReLU(3),
`batch_pool(ops.max_pool, x, 2, 2, 2, ...)` -> F.max_pool2d(x, 2, 2)) and the copied definition is
dropped, with the support definitions only it used. (The text: whitespace aside, and
`keras.layers.X` for `layers.X`.)

    HELPERS: helper name -> its reader entry (api `keras.nnport_support.<name>`, in the CST route's
             LAYERS / FUNCTIONS, so that the engine reads them as it reads keras.layers.*)
    recognise(module) -> (module, names): prepare.py's step; the recognised definitions are replaced
             by one `from keras.nnport_support import ...` (a Keras import: the engine removes it).
A definition of the same name with other text is the user's own code and is translated as such.
The readers of the helpers themselves are in support_readers.py.
"""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import libcst as cst

from nnport.frameworks.spec import Entry

MODULE = "keras.nnport_support"   # the name their calls resolve under once recognised
HELPERS: dict[str, Entry] = {}
SUPPORT = Path(__file__).resolve().parents[1] / "support"


def register(name: str, entry: Entry) -> Entry:
    if name in HELPERS:
        raise KeyError(f"keras support helpers: duplicate reader for {name!r}")
    HELPERS[name] = entry
    return entry


def like(name: str, api: str, **changes) -> Entry:
    """A helper read as an existing reader entry reads its API (same signature): the entry copied."""
    from nnport.frameworks.keras.reading.source_registry import LAYERS
    base = LAYERS.get(api)
    entry = dataclasses.replace(base, api=f"{MODULE}.{name}", **changes)
    return register(name, LAYERS.add(entry))


def helper_layer(name: str, op: str, signature: str, **kw) -> Entry:
    from nnport.frameworks.keras.reading.source_registry import layer
    return register(name, layer(f"{MODULE}.{name}", op, signature, **kw))


def helper_fn(name: str, op: str, signature: str | None = None, **kw) -> Entry:
    """A support function; `signature` None: the definition's own."""
    from nnport.frameworks.keras.reading.source_registry import fn
    return register(name, fn(f"{MODULE}.{name}", op, signature if signature is not None else own_signature(name),
                             **kw))


def definitions() -> dict[str, str]:
    """Every top-level definition of keras/support/*.py: name -> its text (as the writer copies it)."""
    from nnport.frameworks.keras.support import SUPPORT as folder
    out: dict[str, str] = {}
    for path in sorted(SUPPORT.glob("*.py")):
        if path.stem != "__init__":
            out.update(folder.definitions(path.stem))
    return out


def own_signature(name: str) -> str:
    fn = ast.parse(definitions()[name]).body[0]
    return ast.unparse(fn.args)


def _norm(text: str) -> str:
    """Whitespace aside, and `keras.layers.X` / `keras.ops.X` read as `layers.X` / `ops.X` (the writer
    spells them so where the file binds `layers` or `ops` itself)."""
    return re.sub(r"\bkeras\.(layers|ops)\.", r"\1.", " ".join(text.split()))


def recognise(module: cst.Module) -> tuple[cst.Module, list[str]]:
    """The module without the recognised helper definitions (and the support definitions only they
    used), their names imported from MODULE instead; the names read back."""
    copied = _copied(module)
    read = sorted(n for n in copied if n in HELPERS)
    if not read:
        return module, []
    kept = _unused_dropped(module, copied, set(read))
    last = max((i for i, s in enumerate(kept) if _is_import(s)), default=-1)
    imp = cst.parse_statement(f"from {MODULE} import {', '.join(read)}")
    return module.with_changes(body=[*kept[:last + 1], imp, *kept[last + 1:]]), read


def prune(module: cst.Module) -> cst.Module:
    """The module without the copied support definitions nothing uses any more (prepare.py's other
    rewrites drop their last uses: PaddedEmbeddingInit with the initializer argument)."""
    copied = _copied(module)
    kept = _unused_dropped(module, copied, set())
    return module if len(kept) == len(module.body) else module.with_changes(body=kept)


def _copied(module: cst.Module) -> dict:
    defs = definitions()
    return {s.name.value: s for s in module.body if isinstance(s, (cst.ClassDef, cst.FunctionDef))
            and s.name.value in defs
            and _norm(module.code_for_node(s.with_changes(leading_lines=[]))) == _norm(defs[s.name.value])}


def _unused_dropped(module: cst.Module, copied: dict, dropped: set[str]) -> list:
    """The module's statements without `dropped` and the copied definitions nothing else uses."""
    while True:
        kept = [s for s in module.body if not (isinstance(s, (cst.ClassDef, cst.FunctionDef))
                                               and s.name.value in dropped)]
        used = _names(cst.Module(kept))
        more = {n for n in copied if n not in dropped and n not in used}
        if not more:
            return kept
        dropped |= more


def _is_import(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(s, (cst.Import, cst.ImportFrom))
                                                             for s in stmt.body)


def _names(module: cst.Module) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(module.code)) if isinstance(n, ast.Name)}
