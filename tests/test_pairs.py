"""A representative subset of every direction of tests/corpus/pairs.py (the full table:
`python tests/corpus/pairs.py --table` -> docs/pairs.md): each model converted, the source model and
its translation built, the weights transferred (through PyTorch for a source that reaches the target
through its hub), every eval output compared by nnport.verify. Pairs with Gluon on one side run that
side in .venv-mxnet (skipped, with the reason, only where that interpreter is missing)."""
import pytest

from corpus import pairs

# per direction: models of the source corpus that pass today (docs/pairs.md), of several layer kinds
SUBSET = {
    ("torch", "keras"): ["lenet", "lstm_states"],
    ("torch", "flax"): ["gru_initial_hidden"],
    ("torch", "mxnet"): ["lenet"],
    ("keras", "torch"): ["cnn_sequential", "rnn_states_subclassed"],
    ("keras", "flax"): ["wide_and_deep", "rnn_states_subclassed", "mlp_sequential"],   # batch norm: KerasBatchNorm1d
    ("keras", "mxnet"): ["wide_and_deep"],
    ("mxnet", "torch"): ["lenet", "lstm_tagger"],
    ("mxnet", "flax"): ["lstm_tagger"],
    ("mxnet", "keras"): ["mlp_dense", "bn_dropout_mlp"],   # batch norm: GluonBatchNorm1d
    ("flax", "torch"): ["autoencoder", "block_list"],
    ("flax", "keras"): ["autoencoder"],
    ("flax", "mxnet"): ["block_list"],
}
# directions with no passing model yet, one model each as a strict xfail (it passes: move it to SUBSET)
GAPS: dict[tuple[str, str], tuple[str, str]] = {}


def test_every_direction_of_the_corpora_is_in_the_subset():
    assert set(SUBSET) | set(GAPS) == {(s, t) for s in pairs.CORPORA for t in pairs.TARGETS if t != s}
    assert not set(SUBSET) & set(GAPS)


@pytest.mark.parametrize("source,to", list(SUBSET), ids=[f"{s}-{t}" for s, t in SUBSET])
def test_direction(source, to):
    why = pairs.missing_python(source, to)
    if why:
        pytest.skip(why)
    rows = pairs.direction(source, to, SUBSET[(source, to)])
    assert [r["name"] for r in rows] == SUBSET[(source, to)]
    bad = [f"{r['name']}: {r['verdict']}: {r['error']}" for r in rows if r["verdict"] != "equivalent"]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("source,to", list(GAPS), ids=[f"{s}-{t}" for s, t in GAPS])
def test_gap(source, to):
    name, why = GAPS[(source, to)]
    if pairs.missing_python(source, to):
        pytest.skip(pairs.missing_python(source, to))
    row, = pairs.direction(source, to, [name])
    if row["verdict"] != "equivalent":
        pytest.xfail(f"{why}: {row['error'][:200]}")
    pytest.fail(f"{source} -> {to} {name} passes now: move it to SUBSET")


@pytest.mark.parametrize("via", ["keras", "mxnet", "flax"])
def test_round_trip(via):
    why = pairs.missing_python(via)
    if why:
        pytest.skip(why)
    rows = pairs.round_trip(via, ["mlp"])
    assert rows[0]["verdict"] == "equivalent", rows[0]["error"]
    assert 0.3 < rows[0]["similarity"] <= 1.0
