"""nnport.verify end to end in one process (isolate=False): verdicts, honesty rules, train checks."""
import textwrap

import pytest

import nnport
from models import net

MLP = """\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, d_in=4, d_out=3):
        super().__init__()
        self.fc = nn.Linear(d_in, 8)
        self.out = nn.Linear(8, d_out)

    def forward(self, x):
        return self.out(torch.tanh(self.fc(x)))
"""

FLAX_STOP_GRAD = """\
import jax
from flax import nnx


class Net(nnx.Module):
    def __init__(self, d_in=4, d_out=3, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(d_in, 8, rngs=rngs)
        self.out = nnx.Linear(8, d_out, rngs=rngs)

    def __call__(self, x):
        return self.out(jax.lax.stop_gradient(jax.numpy.tanh(self.fc(x))))
"""


def _file(tmp_path, name, code):
    p = tmp_path / name
    p.write_text(textwrap.dedent(code))
    return str(p)


def test_equivalent_with_given_args_and_inputs(tmp_path):
    src = _file(tmp_path, "mlp.py", MLP)
    r = nnport.verify(src + ":Net", to="flax", init="5, d_out=2", inputs="float32[3,5]", isolate=False, trials=2)
    assert r.verdict == "equivalent" and r.exit_code == 0 and bool(r)
    assert [c.trial for c in r.checks] == [0, 1] and r.max_rel is not None and r.max_rel < 1e-5
    assert r.source["init"].startswith("(5, d_out=2)") and "float32[3,5]" in r.source["inputs"]


def test_inputs_inferred_from_the_first_layer(tmp_path):
    r = nnport.verify(_file(tmp_path, "mlp.py", MLP), to="flax", isolate=False)
    assert r.verdict == "equivalent"
    assert any("float32[2,4] assumed from the first layer fc (torch.nn.Linear)" in n for n in r.notes)


def test_gradient_only_defect_needs_train(tmp_path):
    src, dst = _file(tmp_path, "mlp.py", MLP), _file(tmp_path, "mlp_flax.py", FLAX_STOP_GRAD)
    assert nnport.verify(src, target=dst, isolate=False).verdict == "equivalent"
    r = nnport.verify(src, target=dst, train=True, isolate=False)
    assert r.verdict == "not equivalent" and r.exit_code == 1
    bad = {c.name for c in r.checks if c.status == "mismatch"}
    assert {"train grad fc.weight", "train grad fc.bias", "train grad input[0]"} <= bad
    assert "train grad out.weight" not in bad
    assert r.location.path == "fc" and r.location.found_by == "train grad"


def test_batch_norm_running_statistics_are_checked(tmp_path):
    code = """\
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3, padding=1)
            self.bn = nn.BatchNorm2d(4)

        def forward(self, x):
            return self.bn(self.conv(x))
    """
    src = _file(tmp_path, "bn.py", code)
    r = nnport.verify(src, to="flax", train=True, inputs="float32[2,3,8,8]", isolate=False)
    assert r.verdict == "equivalent", r.error
    names = {c.name for c in r.checks}
    assert {"train state bn.running_mean", "train state bn.running_var", "train grad conv.weight"} <= names
    conv = nnport.convert(open(src).read(), to="flax").code
    dst = _file(tmp_path, "bn_flax.py", conv.replace("momentum=0.9", "momentum=0.8"))
    r = nnport.verify(src, target=dst, train=True, inputs="float32[2,3,8,8]", isolate=False)
    assert r.verdict == "not equivalent" and r.location.path == "bn" and r.location.found_by == "train state"


def test_random_outputs_are_not_comparable(tmp_path):
    code = net("y = self.fc(x)\nreturn y, y + torch.randn_like(y)")
    r = nnport.verify(_file(tmp_path, "noisy.py", code), to="flax", isolate=False)
    assert r.verdict == "equivalent"
    assert [c.status for c in r.checks] == ["match", "not comparable"]
    assert any("[1] change with the random seed" in n for n in r.notes)


def test_nothing_compared_is_an_error(tmp_path):
    code = net("return self.fc(x) + torch.randn_like(x)")
    r = nnport.verify(_file(tmp_path, "noise.py", code), to="flax", isolate=False)
    assert r.verdict == "error" and r.exit_code == 2 and "nothing was compared" in r.error


@pytest.mark.parametrize("kwargs, msg", [
    ({"cls": "Nope", "to": "flax"}, "no top-level class 'Nope'"),
    ({"to": "flax", "inputs": "float32[2"}, "neither a tensor spec"),
    ({}, "exactly one of to="),
    ({"to": "flax", "init": "1, 2, 3, 4"}, "source side failed: TypeError"),
])
def test_errors_are_exit_2(tmp_path, kwargs, msg):
    r = nnport.verify(_file(tmp_path, "mlp.py", MLP), isolate=False, **kwargs)
    assert r.verdict == "error" and r.exit_code == 2 and msg in r.error


def test_missing_file_is_exit_2(tmp_path):
    r = nnport.verify(str(tmp_path / "nope.py"), to="flax", isolate=False)
    assert r.exit_code == 2 and "cannot read" in r.error
