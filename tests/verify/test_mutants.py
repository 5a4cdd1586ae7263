"""Mutation study: deliberate defects in correct translations must be flagged and localised.

Per model: the correct translation is judged equivalent; every mutant that changes behaviour (by
an independent Flax-only differential run, see mutants.behaviour_change) is flagged and its
localisation names the defective module, except where the data says otherwise and why; every
mutant declared equivalent by construction is indeed unchanged and judged equivalent.
`python benchmarks/verify_mutants.py` prints the full table.
"""
import pytest

from mutants import MUTANTS, counted, study

MODELS = sorted({m.model for m in MUTANTS})


@pytest.mark.parametrize("model", MODELS)
def test_mutants_of(model, tmp_path):
    rows = study(model, [m for m in MUTANTS if m.model == model], tmp_path, full=False)
    original, *rest = rows
    assert original["verdict"] == "equivalent", original["error"]
    for r in rest:
        m = r["mutant"]
        if m.equivalent:
            assert not r["change"], f"{m.id} is declared equivalent but changes {r['change']}"
            assert r["verdict"] == "equivalent", f"{m.id}: false alarm ({r['verdict']})"
            continue
        assert r["change"], f"{m.id}: computes what the correct translation computes: not a mutant"
        if m.limit:
            assert not r["flagged"], f"{m.id} is declared a limit but was flagged: update the data"
            continue
        assert r["flagged"], f"{m.id} ({m.defect}) not flagged"
        if not m.misplaced:
            assert r["located_ok"], f"{m.id}: located at {r['located']!r} ({r['found_by']}), expected {m.where}"


def test_figures_meet_the_thresholds():
    """Detection and localisation rates over the mutants that count (the per-model tests check
    that the data says what the verifier does)."""
    ms = counted()
    flagged = [m for m in ms if not m.limit]
    located = [m for m in flagged if not m.misplaced]
    print(f"\n{len(ms)} mutants ({len(MUTANTS) - len(ms)} equivalent ones excluded): "
          f"{len(flagged)} flagged ({len(flagged) / len(ms):.0%}), "
          f"{len(located)} localised ({len(located) / len(ms):.0%})")
    assert len(ms) >= 20
    assert len(flagged) / len(ms) >= 0.95
    assert len(located) / len(ms) >= 0.8
    assert {"resnet_basic", "lstm_states", "gru_initial_hidden", "multihead_attention", "mlp"} <= set(MODELS)
