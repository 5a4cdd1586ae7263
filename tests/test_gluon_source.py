"""Gluon -> PyTorch conversion where mxnet is not installed (this interpreter): converting needs the
engine only. Each Gluon corpus file converts without internal errors into PyTorch code that compiles
and imports no mxnet; deferred sizes become lazy modules or diagnostics (the numeric comparison with
real Gluon is tests/gluon/test_gluon_to_torch.py, in .venv-mxnet)."""
from __future__ import annotations

from pathlib import Path

import pytest

import nnport

GLUON_DIR = Path(__file__).parent / "corpus" / "gluon"
NAMES = sorted(p.stem for p in GLUON_DIR.glob("*.py"))


@pytest.mark.parametrize("name", NAMES)
def test_gluon_corpus_converts_without_mxnet(name, monkeypatch):
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    path = GLUON_DIR / f"{name}.py"
    conv = nnport.convert(path.read_text(), to="torch", filename=str(path))
    assert conv.source == "mxnet"
    assert not [d for d in conv.diagnostics if d.severity == "error"]
    compile(conv.code, f"<{name} translated>", "exec")
    assert "import mxnet" not in conv.code and "from mxnet" not in conv.code
    assert "class Model(nn." in conv.code


def test_an_attribute_named_like_an_import_is_no_leftover(monkeypatch):
    """`self.rnn` beside `from mxnet.gluon import rnn`: the attribute's name is no use of the import."""
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    conv = nnport.convert('''from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.Block):
    def __init__(self):
        super().__init__()
        self.rnn = rnn.LSTM(8, input_size=4, layout="NTC")
        self.nn = nn.Dense(2, in_units=8, flatten=False)

    def forward(self, x):
        return self.nn(self.rnn(x))
''', to="torch")
    assert not [d for d in conv.diagnostics if "untranslated reference" in d.message], conv.code
