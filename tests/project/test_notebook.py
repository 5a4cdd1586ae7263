"""nnport.project.notebook: code cells joined into one module and cut back."""
from __future__ import annotations

import copy
import json

from project_fixture import NOTEBOOK

from nnport.project import notebook


def test_join_maps_lines_to_cells_and_hides_magics():
    nb = copy.deepcopy(NOTEBOOK)
    code, where = notebook.join(nb)
    compile(code, "nb", "exec")   # %magic and !shell lines are comments
    lines = code.splitlines()
    assert lines[where.index((1, 1)) - 1] == notebook.MAGIC + "%matplotlib inline"
    assert where[lines.index("class Tiny(nn.Module):") + 1] == (2, 1)
    assert where[lines.index("m = Tiny()") + 1] == (3, 2)


def test_split_inverts_join():
    nb = copy.deepcopy(NOTEBOOK)
    code, _ = notebook.join(nb)
    cells = notebook.split(code, nb)
    assert cells == {i: "".join(nb["cells"][i]["source"]) + "\n" for i in (1, 2, 3)}


def test_split_refuses_lost_markers():
    nb = copy.deepcopy(NOTEBOOK)
    code, _ = notebook.join(nb)
    assert notebook.split(code.replace(f"{notebook.MARK}2\n", ""), nb) is None


def test_rebuild_clears_outputs_and_keeps_the_rest():
    nb = copy.deepcopy(NOTEBOOK)
    text = notebook.rebuild(nb, {1: "import jax\nx = 1\n"})
    back = json.loads(text)
    assert back["cells"][1]["source"] == ["import jax\n", "x = 1"]
    assert back["cells"][1]["outputs"] == [] and back["cells"][1]["execution_count"] is None
    assert back["cells"][2]["execution_count"] == 4   # cells not given are left alone
    assert back["cells"][0] == NOTEBOOK["cells"][0] and back["nbformat"] == 4


def test_load_rejects_non_notebooks():
    import pytest
    with pytest.raises(ValueError):
        notebook.load("[1, 2]")
