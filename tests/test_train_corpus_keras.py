"""The training-script corpus (tests/corpus/train) PyTorch -> Keras: every script translates to a
tf.GradientTape loop with no issue outside its data scaffolding, except those in GAPS (the LSTM: Keras'
LSTM sums PyTorch's two biases; parameter groups), refused with a diagnostic; a fast subset trains 20 steps on
both sides with losses and final weights equal (all: `python tests/corpus/train_runner.py --to keras`)."""
import re

import pytest

from corpus import train_runner

FAST = ["regression_mlp", "validation_checkpoint"]
GAPS = {"sequence_lstm": "one bias where PyTorch has two",   # refused with a diagnostic
        "param_groups": "params must be `model.parameters()`"}


def _issues(name):
    import nnport
    code = (train_runner.TRAIN_DIR / f"{name}.py").read_text()
    conv = nnport.convert(code, to="keras", source="torch")
    scaffold = train_runner._scaffold_lines(code)
    return conv, [d for d in conv.issues if d.line not in scaffold]


@pytest.mark.parametrize("name", train_runner.names())
def test_translates(name):
    conv, issues = _issues(name)
    if name in GAPS:
        assert any(GAPS[name] in d.message for d in issues), [d.format() for d in issues]
    else:
        assert not issues, [d.format() for d in issues]
    assert "tf.GradientTape()" in conv.code and "apply_gradients" in conv.code and "import torch" not in conv.code
    assert not re.search(r"^\s+\w+\.(train|eval)\(\)$", conv.code, re.M)   # modes: training= on the calls


@pytest.mark.parametrize("name", FAST)
def test_trains_equal(name):
    r = train_runner.run(name, steps=20, to="keras")
    bad = [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]
    assert r["equal"], bad
    assert r["steps"] == 20 and not r["not_comparable"]
