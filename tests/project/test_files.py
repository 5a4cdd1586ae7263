"""nnport.project.files: the files of a tree, sorted by kind, caches and hidden folders left out."""
from __future__ import annotations

import os

from nnport.project.files import COPY, NOTEBOOK, PYTHON, walk


def test_walk(tmp_path):
    for rel in ("b.py", "a/x.ipynb", "a/data.csv", "__pycache__/c.pyc", ".git/config", "a/y.pyc",
                ".ipynb_checkpoints/x.ipynb", "out/z.py", ".env", "a/.b.py.abcd_123.nnport-tmp"):   # a temp: left out
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    items = walk(str(tmp_path), skip={os.path.realpath(tmp_path / "out")})
    assert [(i.rel, i.kind) for i in items] == [(".env", COPY), ("b.py", PYTHON), ("a/data.csv", COPY),
                                                  ("a/x.ipynb", NOTEBOOK)]
    assert [i.rel for i in walk(str(tmp_path), python_only=True)] == ["b.py", "out/z.py"]
