"""The Keras-as-a-source reader tables (the CST route: keras.ops, keras.activations, keras.random,
raw tf.*, keras.layers) against the real APIs: each entry's signature vs `inspect.signature` of what
it names. Every parameter the table names must be a parameter of the API (or the API takes
**kwargs), every required parameter of the API must be in the table, and literal defaults agree."""
from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from api_objects import MISSING as _MISSING, resolve
from nnport.frameworks.keras.reading import source_tables  # noqa: F401  (fills the registries)
from nnport.frameworks.keras.reading.source_registry import FUNCTIONS, LAYERS
from nnport.frameworks.training_source import PREPARED
from nnport.pivot.signature import VAR_KEYWORD, VAR_POSITIONAL, Signature


def _entries():
    return [pytest.param(e, id=f"{e.kind}:{e.api}") for reg in (FUNCTIONS, LAYERS) for e in reg
            if e.kind != "attribute"]


def _literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return _MISSING


def test_the_tables_are_not_empty():
    assert len(FUNCTIONS) > 50 and len(LAYERS) > 5


def _object(api: str):
    """The API an entry names; the Keras writer's helpers (keras.nnport_support.X): the support
    module's definition of X."""
    from nnport.frameworks.keras.reading import initializers
    from nnport.frameworks.keras.reading.support_helpers import MODULE, SUPPORT
    if api.startswith(initializers.MODULE + "."):   # keras.initializers.X, its weight first
        return resolve("keras.initializers." + api.rsplit(".", 1)[1])
    if not api.startswith(MODULE + "."):
        return resolve(api)
    name = api[len(MODULE) + 1:]
    for path in sorted(SUPPORT.glob("*.py")):
        found = getattr(importlib.import_module(f"nnport.frameworks.keras.support.{path.stem}"), name, None)
        if found is not None:
            return found
    return _MISSING


@pytest.mark.parametrize("entry", _entries())
def test_reader_signature_matches_the_api(entry):
    obj = _object(entry.api)
    assert obj is not _MISSING, f"{entry.api} does not exist"
    real = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    params = {n: p for n, p in real.parameters.items() if n != "self"}
    var_kw = any(p.kind == p.VAR_KEYWORD for p in params.values())
    table = Signature.parse(entry.signature)
    from nnport.frameworks.keras.reading import initializers
    first = "tensor" if entry.api.startswith(initializers.MODULE + ".") else "self"   # the weight initialised
    names = {p.name: p for p in table.params if p.name != first}
    if inspect.isclass(obj) and entry.api.startswith("keras.losses."):   # read in its call form (y_true, y_pred)
        params.update({n: p for n, p in inspect.signature(obj.__call__).parameters.items() if n != "self"})
    for name, p in names.items():
        if p.kind in (VAR_POSITIONAL, VAR_KEYWORD) or name in PREPARED:   # what keras/train_prepare.py adds
            continue
        if name not in params:
            assert var_kw, f"{entry.api}: the table names {name!r}, which the API has not"
            continue
        real_default = params[name].default
        if p.default is not None and real_default is not inspect.Parameter.empty:
            want = _literal(p.default)
            if want is not _MISSING and isinstance(real_default, (int, float, str, bool, type(None), tuple)):
                assert want == real_default, f"{entry.api}: {name} default {p.default} vs {real_default!r}"
    for name, p in params.items():
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                                                                 p.KEYWORD_ONLY):
            assert name in names, f"{entry.api}: the API requires {name!r}, the table has no such parameter"
