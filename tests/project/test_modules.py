"""nnport.project.modules: module classes one file imports from the others of its project."""
from __future__ import annotations

import importlib
import sys

from nnport import cli
from nnport.project.files import walk
from nnport.project.modules import known_modules

FILES = {
    "pkg/__init__.py": "from .layers import Block as Blk\n",
    "pkg/base.py": "from torch import nn\n\nclass Base(nn.Module):\n    pass\n\nclass Plain:\n    pass\n",
    "pkg/layers.py": "from .base import Base\n\nclass Block(Base):\n    def __init__(self, d):\n        super().__init__()\n",
    "pkg/sub/use.py": "from .. import Blk\nfrom ..base import Plain, Base as B\nfrom .cyc import C\n",
    "pkg/sub/cyc.py": "from .use import C\n",   # a cycle of re-exports: no module
}


def test_known_modules_follow_bases_aliases_and_reexports(tmp_path):
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    items = walk(str(tmp_path))
    known = known_modules(items, {i.rel: (tmp_path / i.rel).read_text() for i in items})
    assert known == {"pkg/__init__.py": ("Blk",), "pkg/layers.py": ("Base",), "pkg/sub/use.py": ("B", "Blk")}


def test_flax_package_constructs_across_modules(package, tmp_path, capsys, monkeypatch):
    """The converted Net builds its Block (defined in layers.py) with the Rngs and computes what the
    PyTorch package computes, on the same weights and inputs."""
    (package / "models/net.py").write_text((package / "models/net.py").read_text().replace(
        "y = torch.special.erfcx(x)", "y = torch.tanh(x)"))
    dst = tmp_path / "flax_pkg"
    assert cli.main(["convert", str(package), "--to", "flax", "--out-dir", str(dst), "-j", "1"]) == 0, \
        capsys.readouterr().err
    assert "self.block = Block(d, rngs=rngs)" in (dst / "models/net.py").read_text()
    monkeypatch.syspath_prepend(str(tmp_path))
    import numpy as np
    import torch
    from flax import nnx

    import nnport
    try:
        src = importlib.import_module("pkg.models.net").Net(4).eval()
        dst = importlib.import_module("flax_pkg.models.net").Net(4, rngs=nnx.Rngs(0))
        dst.eval()
        nnport.transfer_weights(src, dst)   # the same weights, through Block in the other module
        x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
        want = src(torch.from_numpy(x)).detach().numpy()
        got = np.asarray(dst(x))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * max(1.0, float(np.abs(want).max())))
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] in ("pkg", "flax_pkg")]:
            del sys.modules[name]
