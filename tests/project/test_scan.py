"""nnport.project.scan: API call sites by qualified name through the import aliases."""
from __future__ import annotations

import json

from nnport import cli, frameworks
from nnport.project.scan import scan, supported

ALIASED = '''\
import torch
import torch.nn as nn
from torch import nn as tnn
import torch.nn.functional as F
from torch.nn.functional import relu as R
import numpy as np


class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2)
        self.b = tnn.Linear(2, 2)
        self.c = torch.nn.Linear(2, 2)

    def forward(self, x):
        x = F.relu(self.a(x)) + R(self.b(x)) + torch.nn.functional.relu(x)
        y = np.zeros(3)            # not torch: not counted
        z = x.view(-1)             # a tensor method: receiver unknown, not counted
        return torch.special.erfcx(self.c(x)) + torch.special.erfcx(x)
'''


def test_counts_through_aliases(tmp_path):
    (tmp_path / "a.py").write_text(ALIASED)
    (tmp_path / "plain.py").write_text("import os\nos.path.join('a')\n")
    result = scan([str(tmp_path)])
    counts = {a.api: a.count for a in result.apis.values()}
    assert counts == {"torch.nn.Module": 1, "torch.nn.Linear": 3, "torch.nn.functional.relu": 3,
                      "torch.special.erfcx": 2}
    assert result.files == 2 and result.by_framework == {"torch": 1}
    assert result.apis["torch.nn.Linear"].locations == [f"{tmp_path}/a.py:{n}" for n in (12, 13, 14)]
    torch = frameworks.source("torch")
    for a in result.apis.values():   # supported = what the tables (or the skeleton) read
        assert a.supported == (a.api in torch.layers or a.api in torch.functions or a.api == "torch.nn.Module")
    assert result.sites == 9 and result.supported_sites == 9 - 2 * (not result.apis["torch.special.erfcx"].supported)


def test_target_narrows_supported():
    """With a target, an API counts only where the target writes its pivot op."""
    torch, flax = frameworks.source("torch"), frameworks.get("flax")
    unwritten = [e.api for e in (*torch.layers, *torch.functions)
                 if not any(w.emit is not None for w in (flax.layers if e.kind == "layer" else flax.functions).for_op(e.op))]
    assert unwritten, "every torch entry has a Flax writer: pick another target"
    assert supported(unwritten[0], "torch") and not supported(unwritten[0], "torch", "flax")
    assert supported("torch.nn.Linear", "torch", "flax")
    assert not supported("torch.nn.NoSuchLayer", "torch")


def test_notebooks_are_scanned_by_cell(package):
    result = scan([str(package)])
    tanh = result.apis["torch.tanh"]
    assert tanh.locations == [f"{package}/demo.ipynb:cell2:7"]


def test_cli_formats(tmp_path, capsys):
    (tmp_path / "a.py").write_text(ALIASED)
    assert cli.main(["scan", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sites"] == 9 and data["apis"][0]["api"] in ("torch.nn.Linear", "torch.nn.functional.relu")
    assert 0 < data["coverage"] <= 1
    assert cli.main(["scan", str(tmp_path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# nnport scan") and "| `torch.nn.Linear` | 3 | 1 |" in md
    assert cli.main(["scan", str(tmp_path / "a.py"), "--top", "2"]) == 0
    table = capsys.readouterr().out
    assert "coverage" in table.splitlines()[0] and "2 more APIs" in table
    assert cli.main(["scan", str(tmp_path / "missing")]) == 2
