"""The Gluon target tables against the real MXNet 1.9.1 APIs (run in .venv-mxnet): each entry's
`signature` vs `inspect.signature` of what it names, by the checks of tests/frameworks/test_signatures.py
(which the interpreter without mxnet runs for the other tables); and every `F.<op>` an entry names
exists in mxnet.symbol too, with the same arguments, so that the translated block hybridizes."""
from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

from nnport import frameworks

_spec = importlib.util.spec_from_file_location(
    "signature_checks", Path(__file__).parent.parent / "frameworks" / "test_signatures.py")
checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checks)
checks.TARGETS = (*checks.TARGETS, "mxnet")

MXNET = frameworks.get("mxnet")
ENTRIES = [pytest.param(e, id=f"mxnet:{e.kind}:{e.api}") for t in (MXNET.layers, MXNET.functions) for e in t]


@pytest.mark.parametrize("entry", ENTRIES)
def test_signature(entry):
    checks.test_signature("mxnet", entry)


OPS = [e for e in ENTRIES if e.values[0].api.startswith("mxnet.ndarray.")]


@pytest.mark.parametrize("entry", OPS)
def test_operator_is_symbolic_too(entry):
    """mxnet.ndarray.X has mxnet.symbol.X taking the same arguments (a hybridized block calls that)."""
    import mxnet  # noqa: F401
    from api_objects import MISSING, resolve
    name = entry.api[len("mxnet.ndarray."):]
    nd_op, sym_op = resolve(entry.api), resolve("mxnet.symbol." + name)
    assert sym_op is not MISSING, f"mxnet.symbol.{name} does not exist: F.{name} fails once hybridized"
    if entry.signature == checks.PLACEHOLDER:
        return   # the emitter writes several ops: each is its own entry or is tested numerically
    from nnport.pivot.signature import Signature
    mine = {p.name for p in Signature.parse(entry.signature).params} - {"out", "name", "attr", "ctx", "kwargs"}
    theirs = set(inspect.signature(sym_op).parameters)
    assert mine <= theirs, f"F.{name}: arguments {sorted(mine - theirs)} are not arguments of the symbol"


def test_checker_sees_the_mxnet_tables():
    assert len(MXNET.layers) + len(MXNET.functions) == len(ENTRIES) > 0
