"""The training-script corpus (tests/corpus/train) PyTorch -> Flax NNX: every script translates with no
issue outside its data scaffolding; a fast subset trains 20 steps on both sides with losses and final
weights equal (all of them: `python tests/corpus/train_runner.py`)."""
import pytest

from corpus import train_runner

FAST = ["regression_mlp", "validation_checkpoint"]


@pytest.mark.parametrize("name", train_runner.names())
def test_translates(name):
    import nnport
    path = train_runner.TRAIN_DIR / f"{name}.py"
    code = path.read_text()
    conv = nnport.convert(code, to="flax", source="torch")
    scaffold = train_runner._scaffold_lines(code)
    assert not [d for d in conv.issues if d.line not in scaffold], [d.format() for d in conv.issues]
    assert "nnx.value_and_grad" in conv.code and "import torch" not in conv.code


@pytest.mark.parametrize("name", FAST)
def test_trains_equal(name):
    r = train_runner.run(name, steps=20)
    bad = [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]
    assert r["equal"], bad
    assert r["steps"] == 20 and not r["not_comparable"]


# ---- the reverse directions: Keras and Flax training scripts -> PyTorch (tests/corpus/train_keras, train_flax)
REVERSE = [(source, name) for source in ("keras", "flax") for name in train_runner.names(source)]
REVERSE_FAST = [("keras", "tape_adamw_cosine"), ("flax", "jit_sgd_classifier")]


@pytest.mark.parametrize("source, name", REVERSE, ids=[f"{s}-{n}" for s, n in REVERSE])
def test_reverse_translates(source, name):
    import nnport
    path = train_runner.FOLDERS[source] / f"{name}.py"
    code = path.read_text()
    conv = nnport.convert(code, to="torch", source=source)
    scaffold = train_runner._scaffold_lines(code)
    assert not [d for d in conv.issues if d.line not in scaffold], [d.format() for d in conv.issues]
    assert ".backward()" in conv.code and "torch.optim." in conv.code
    import ast
    used = {n.id for n in ast.walk(ast.parse(conv.code)) if isinstance(n, ast.Name)}
    assert not used & {"keras", "tf", "optax", "nnx", "jax", "jnp"}, conv.code


@pytest.mark.parametrize("source, name", REVERSE_FAST, ids=[f"{s}-{n}" for s, n in REVERSE_FAST])
def test_reverse_trains_equal(source, name):
    r = train_runner.run(name, steps=20, to="torch", source=source)
    bad = [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]
    assert r["equal"], bad
    assert r["steps"] == 20 and not r["not_comparable"]
