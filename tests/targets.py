"""The numeric entry tests of tests/frameworks, run again for another target framework.

A folder tests/frameworks_<target>/ holds no copies of the tests: `collect_directory` (called by
tests/conftest.py) collects each tests/frameworks/test_*.py module under it again, with node ids
tests/frameworks_<target>/test_*.py::..., and the folder's conftest.py sets harness.TARGET for its
tests. A test that names its target itself (`pytest.mark.target("flax")`: it uses jax or flax, or
converts with `to="flax"`) is not collected again, nor are the modules of ONCE. Known gaps of a target
are data: excluded_entries.XFAIL[target] (test id, or a key of gap_keys -> reason) marks those cases
xfail(strict=True).
The modules are not files of the folder: select one with -k (`pytest tests/frameworks_keras -k test_conv`).
"""
from __future__ import annotations

from pathlib import Path

import pytest

FRAMEWORKS = Path(__file__).parent / "frameworks"
PREFIX = "frameworks_"
ONCE = {"test_signatures.py"}   # checks the tables against the APIs, whatever the target


def target_of(path: Path) -> str | None:
    """`keras` for tests/frameworks_keras, else None."""
    path = Path(path)
    if path.parent == FRAMEWORKS.parent and path.name.startswith(PREFIX):
        return path.name[len(PREFIX):]
    return None


class TargetModule(pytest.Module):
    """A module of tests/frameworks collected under tests/frameworks_<target>/: only the tests that
    do not name their own target, the known gaps of the target marked xfail."""

    target: str = ""

    def collect(self):
        for node in super().collect():
            yield from _filtered(node, self.target)


def _filtered(node, target):
    if isinstance(node, pytest.Item):
        mark = node.get_closest_marker("target")
        if mark is not None and target not in mark.args:
            return
        from excluded_entries import XFAIL
        reason = gap_reason(XFAIL.get(target, {}), test_id(node))
        if reason is not None:
            node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
        yield node
    elif isinstance(node, pytest.Class):
        kept = [n for child in node.collect() for n in _filtered(child, target)]
        yield from kept
    else:
        yield node


def gap_keys(case: str) -> list[str]:
    """The keys a known gap may be listed under, widest first: `module::test` (all its cases),
    `module::test[F.name(` (its cases of that call), the case id itself."""
    base, bracket, _ = case.partition("[")
    call = case.split("(", 1)[0] + "(" if bracket and "(" in case else None
    return [k for k in (base if bracket else None, call, case) if k]


def gap_reason(gaps: dict[str, str], case: str) -> str | None:
    return next((gaps[k] for k in gap_keys(case) if k in gaps), None)


def test_id(item) -> str:
    """`test_conv.py::test_layer[nn.Conv2d(...)]`: the id without the folder."""
    return item.nodeid.split("/", 2)[-1]


class TargetDir(pytest.Dir):
    """tests/frameworks_<target>/: its own files, and tests/frameworks/test_*.py collected again."""

    def collect(self):
        yield from super().collect()
        target = target_of(self.path)
        for path in sorted(p for p in FRAMEWORKS.glob("test_*.py") if p.name not in ONCE):
            cls = type(f"{target.capitalize()}Module", (TargetModule,), {"target": target})
            yield cls.from_parent(self, path=path, nodeid=f"{self.nodeid}/{path.name}")


def collect_directory(path: Path, parent):
    return TargetDir.from_parent(parent, path=path) if target_of(path) else None
