"""The `nnport.convert` contract: result shape, framework names, typed errors, no DL imports."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import nnport
from nnport.errors import SourceSyntaxError, UnknownFramework

SRC = textwrap.dedent('''\
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 2)

        def forward(self, x):
            return torch.frobnicate(self.fc(x))
    ''')


def test_result_has_code_and_located_diagnostics():
    conv = nnport.convert(SRC, to="flax", filename="net.py")
    assert isinstance(conv.code, str) and "class Net(nnx.Module):" in conv.code
    [d] = conv.diagnostics
    assert (d.severity, d.line, d.col) == ("warning", 11, 16)
    assert "torch.frobnicate" in d.message and d.format().startswith("net.py:11:16:")
    assert conv.issues == [d]


@pytest.mark.parametrize("to", ["flax", "FLAX", "jax", "nnx"])
def test_target_aliases(to):
    assert nnport.convert(SRC, to=to).code == nnport.convert(SRC, to="flax").code


@pytest.mark.parametrize("source", [None, "torch", "pytorch"])
def test_source_explicit_or_detected(source):
    assert nnport.convert(SRC, to="flax", source=source).code == nnport.convert(SRC, to="flax").code


@pytest.mark.parametrize("kw", [{"to": "caffe"}, {"to": "flax", "source": "theano"}])
def test_unknown_framework(kw):
    with pytest.raises(UnknownFramework):
        nnport.convert(SRC, **kw)


def test_same_framework_is_identity():
    conv = nnport.convert(SRC, to="torch")
    assert conv.code == SRC and not conv.diagnostics


@pytest.mark.parametrize("code, line, col", [
    ("import torch\nx = (1,\n", None, None),
    ("import torch\ndef f(:\n    pass\n", 2, 7),
    ("x = 1\n  y = 2\n", 2, None),
])
def test_syntax_error(code, line, col):
    with pytest.raises(SourceSyntaxError) as e:
        nnport.convert(code, to="flax", filename="bad.py")
    assert e.value.filename == "bad.py" and e.value.line >= 1 and e.value.col >= 1
    if line is not None:
        assert e.value.line == line
    if col is not None:
        assert e.value.col == col
    assert str(e.value).startswith(f"bad.py:{e.value.line}:{e.value.col}:")


def test_no_framework_import_is_reported_not_translated():
    conv = nnport.convert("x = 1\n", to="flax")
    assert conv.code == "x = 1\n" and not conv.issues


def test_converting_imports_no_dl_framework():
    script = textwrap.dedent(f'''
        import sys
        import nnport
        for to in ("flax", "torch"):
            nnport.convert({SRC!r}, to=to)
        nnport.convert(open({os.path.join(os.path.dirname(__file__), "..", "..", "examples", "lenet.py")!r}).read(),
                       to="flax")
        bad = sorted(m for m in sys.modules
                     if m.split(".")[0] in ("torch", "jax", "jaxlib", "flax", "tensorflow", "keras", "mxnet"))
        print(bad)
        sys.exit(1 if bad else 0)
    ''')
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
