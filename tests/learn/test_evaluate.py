"""Metrics on hand-built rankings; the edit-distance score; gold pairs come from the tables."""
from nnport.learn import evaluate


def test_metrics_on_hand_built_ranks():
    m = evaluate.metrics([1, 2, 6, 0])
    assert m == {"hit@1": 0.25, "hit@5": 0.5, "mrr": (1 + 0.5 + 1 / 6) / 4, "n": 4}


def test_rank_of_breaks_ties_pessimistically():
    score = {"a": 0.9, "b": 0.9, "c": 0.1}.get
    assert evaluate.rank_of("a", ["a", "b", "c"], score) == 2
    assert evaluate.rank_of("c", ["a", "b", "c"], score) == 3
    assert evaluate.rank_of("z", ["a"], score) == 0


def test_edit_score_uses_unqualified_names():
    assert evaluate.edit_score("torch.nn.Conv2d", "keras.layers.Conv2D") == 1.0
    assert evaluate.edit_score("torch.nn.Linear", "keras.layers.Dense") < 0.5


def test_gold_reads_the_tables():
    g = evaluate.gold("keras", {"torch.nn.Linear", "torch.nn.Conv2d"}, {"keras.layers.Dense"})
    assert g == {"torch.nn.Linear": "keras.layers.Dense"}
