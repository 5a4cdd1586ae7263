"""docs/support.md is generated from the tables (`python -m nnport.support`) and must be current; the
generator is deterministic, fast, and imports no DL framework (tests/support/ test its parts)."""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnport import cli
from nnport.support import generate, matrix

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "support.md"
REGENERATE = "python -m nnport.support > docs/support.md"
DL = ("torch", "jax", "jaxlib", "flax", "keras", "tensorflow", "mxnet")


@pytest.fixture(scope="module")
def text():
    return generate("md")


def stale(text: str) -> str:
    """'' when `text` is the committed docs/support.md, else the message saying how to regenerate it."""
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if text == committed:
        return ""
    diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(), "docs/support.md",
                                     "generated", n=0, lineterm=""))
    return (f"docs/support.md is stale: regenerate it with `{REGENERATE}` (from the repository root) "
            f"and commit it. First differences:\n" + "\n".join(diff[:30]))


def test_docs_support_md_is_current(text):
    message = stale(text)
    assert not message, message


def test_a_stale_file_is_reported_with_the_command(text):
    assert REGENERATE in stale(text.replace("| `torch.nn.Linear` |", "| `torch.nn.Linear2` |"))


def test_generator_is_deterministic_and_imports_no_framework():
    """A fresh interpreter with another hash seed writes the committed file, importing no DL framework
    (the Gluon tables, too, import without mxnet). Its speed is not a test's business (a loaded machine
    made a time limit fail): benchmarks/bench_support.py measures it."""
    script = ("import sys, time; t = time.time(); from nnport.support import generate; text = generate('md'); "
              "sys.stderr.write(repr((time.time() - t, sorted({m.split('.')[0] for m in sys.modules} & set(%r))))); "
              "sys.stdout.write(text)" % (DL,))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, cwd=ROOT, timeout=120,
                         encoding="utf-8")
    assert out.returncode == 0, out.stderr[-2000:]
    _, imported = eval(out.stderr.strip().splitlines()[-1])
    assert imported == [], f"generating the matrix imported {imported}"
    message = stale(out.stdout)
    assert not message, message


def test_sections(text):
    assert "## Summary: PyTorch as the source" in text and "## Reasons" in text
    for name in matrix.SOURCES:
        assert f"## {matrix.LABELS[name]} as the source" in text
    assert text.count("| `torch.nn.Linear` |") == 1


def test_cli_support_json(capsys):
    assert cli.main(["support", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["summary"]) == set(matrix.TARGETS) and data["gaps"] == "tests/excluded_entries.py"
    assert data["summary"]["flax"] == {s: sum(r["cells"]["flax"]["status"] == s for r in data["torch"])
                                       for s in ("supported", "partial", "none")}
