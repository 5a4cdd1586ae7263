"""verify/training.py: `nnport verify --train-steps N` trains a script and its translation side by side.
A right translation is equivalent step by step; a wrong one (another learning rate, another momentum)
is not, from the first step it changes; weights the source sets only up to float rounding are not
compared."""
from pathlib import Path

import pytest

import nnport
from nnport.cli import main
from nnport.verify.training import count_for

CORPUS = Path(__file__).parents[1] / "corpus" / "train"
MLP = str(CORPUS / "regression_mlp.py")


def _translation(tmp_path, old: str = "", new: str = "") -> str:
    conv = nnport.convert(Path(MLP).read_text(), to="flax", source="torch")
    assert old in conv.code
    out = tmp_path / "regression_mlp_flax.py"
    out.write_text(conv.code.replace(old, new))
    return str(out)


def test_equal_step_by_step():
    res = nnport.verify(MLP, to="flax", train_steps=8, isolate=False)
    assert res.verdict == "equivalent", res.error or [(c.name, c.status, c.max_rel) for c in res.checks]
    losses = [c for c in res.checks if c.name.startswith("loss[")]
    assert len(losses) == 8 and all(c.status == "match" for c in losses)
    assert {c.name for c in res.checks if c.name.startswith("final state")} == {
        "final state net.0.weight", "final state net.0.bias", "final state net.2.weight", "final state net.2.bias"}
    assert len(res.source["losses"]) == len(res.target["losses"]) == 8


@pytest.mark.parametrize("old, new", [("optax.sgd(0.05", "optax.sgd(0.06"), ("momentum=0.9", "momentum=0.8")])
def test_a_wrong_translation_is_not_equivalent(tmp_path, old, new):
    res = nnport.verify(MLP, target=_translation(tmp_path, old, new), train_steps=6, isolate=False)
    assert res.verdict == "not equivalent"
    status = {c.name: c.status for c in res.checks}
    assert status["loss[0]"] == "match"   # the same weights: the first loss is the same
    assert status["loss[2]"] == "mismatch" and status["final state net.0.weight"] == "mismatch"


def test_float_noise_weights_are_not_compared(tmp_path):
    """A bias before a batch norm has a zero gradient in exact arithmetic: Adam turns the float noise
    into steps of the learning rate, differently in each framework."""
    script = tmp_path / "bias_bn.py"
    script.write_text('''import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 8)
        self.bn = nn.BatchNorm1d(8, affine=False)
        self.out = nn.Linear(8, 1)

    def forward(self, x):
        return self.out(self.bn(self.fc(x)))


def get_batches():
    torch.manual_seed(0)
    return [(torch.randn(16, 6), torch.randn(16, 1)) for _ in range(2)]


def train(model, batches, steps):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
''')
    res = nnport.verify(str(script), to="flax", train_steps=10, isolate=False)
    status = {c.name: c.status for c in res.checks}
    assert status["final state fc.bias"] == "not comparable"
    assert status["final state fc.weight"] == status["final state out.weight"] == "match"
    assert res.verdict == "equivalent", [(c.name, c.status, c.max_rel) for c in res.checks]


def test_steps_or_epochs():
    def by_steps(model, batches, steps): ...
    def by_epochs(model, loader, epochs): ...
    assert count_for(by_steps, [1, 2, 3, 4], 20) == ("steps", 20)
    assert count_for(by_epochs, [1, 2, 3, 4], 20) == ("epochs", 5)
    assert count_for(by_epochs, ([1, 2], [3]), 20) == ("epochs", 10)   # (training, validation) batches
    with pytest.raises(ValueError, match="multiple of 3"):
        count_for(by_epochs, [1, 2, 3], 20)


def test_cli(capsys):
    code = main(["verify", MLP, "--to", "flax", "--train-steps", "4"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "loss: 4 of 4 match" in out and "verdict: EQUIVALENT" in out and "trained 4 steps" in out
