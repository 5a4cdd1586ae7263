"""nnport.project.worker: one file's result, failures as located errors."""
from __future__ import annotations

import json

from project_fixture import NOTEBOOK

from nnport.project.files import Item
from nnport.project.worker import process


def item(tmp_path, name, data: bytes, kind):
    (tmp_path / name).write_bytes(data)
    return Item(str(tmp_path / name), name, kind)


def test_not_utf8_is_an_error(tmp_path):
    r = process(item(tmp_path, "a.py", b"x = '\xff'\n", "python"), "flax", None)
    assert r["status"] == "error" and "not valid UTF-8" in r["diagnostics"][0]["message"]


def test_notebook_syntax_error_is_located_in_its_cell(tmp_path):
    nb = json.loads(json.dumps(NOTEBOOK))
    nb["cells"][3]["source"] = ["!ls\n", "m = Tiny(\n"]
    r = process(item(tmp_path, "n.ipynb", json.dumps(nb).encode(), "notebook"), "flax", None)
    (d,) = r["diagnostics"]
    assert r["status"] == "error" and d["message"].startswith("syntax error") and d["cell"] == 3


def test_broken_notebook_json(tmp_path):
    r = process(item(tmp_path, "n.ipynb", b"{", "notebook"), "flax", None)
    assert r["status"] == "error" and "cannot read notebook" in r["diagnostics"][0]["message"]


def test_python_result_carries_sites(tmp_path):
    r = process(item(tmp_path, "m.py", b"import torch\nx = torch.tanh(torch.zeros(2))\n", "python"), "flax", None)
    assert r["status"] == "converted" and "jnp" in r["text"]
    assert [s["api"] for s in r["sites"]] == ["torch.tanh", "torch.zeros"]
