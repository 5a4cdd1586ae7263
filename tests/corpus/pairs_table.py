"""docs/pairs.md from tests/corpus/pairs.py: pass rates of every direction, the direct route against
the hub for the sources that have one, and the round trips PyTorch -> X -> PyTorch.

Each direction's rows are kept in build/pairs/<name>.json as they come (NNPORT_PAIRS_CACHE=1 reuses
them: the table rewritten without running the corpora again).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from corpus import pairs

CACHE = pairs.ROOT / "build" / "pairs"
ROUND_TRIPS = ("keras", "mxnet", "flax")


def _rows(key: str, compute) -> list[dict]:
    path = CACHE / f"{key}.json"
    if os.environ.get("NNPORT_PAIRS_CACHE") == "1" and path.exists():
        return json.loads(path.read_text())
    t0 = time.perf_counter()
    rows = compute()
    for r in rows:
        r.setdefault("wall", round(time.perf_counter() - t0, 1))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=1))
    print(f"{key}: {_rate(rows)}", flush=True)
    return rows


def _passed(rows) -> int:
    return sum(r["verdict"] == "equivalent" for r in rows)


def _rate(rows) -> str:
    if rows and all(r["verdict"] == "skipped" for r in rows):
        return "skipped"
    return f"{_passed(rows)}/{len(rows)}"


def _hub_sources() -> list[str]:
    from nnport import frameworks
    from nnport.translate import hub
    return [s for s in pairs.CORPORA if hub.hub(frameworks.source(s)) is not None]


def write(out: Path) -> int:
    from nnport import frameworks
    from nnport.translate import hub
    results = {(s, t): _rows(f"{s}-{t}", lambda s=s, t=t: pairs.direction(s, t))
               for s in pairs.CORPORA for t in pairs.TARGETS if t != s}
    direct = {}
    for s in _hub_sources():
        h = hub.hub(frameworks.source(s))
        for t in pairs.TARGETS:
            if t not in (s, h):
                direct[(s, t)] = _rows(f"{s}-{t}-direct", lambda s=s, t=t: pairs.direction(s, t, direct=True))
    trips = {x: _rows(f"round-trip-{x}", lambda x=x: pairs.round_trip(x)) for x in ROUND_TRIPS}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(results, direct, trips))
    print(f"wrote {out}")
    return 0


def render(results, direct, trips) -> str:
    lines = [HEADER, "| source corpus \\ target | " + " | ".join(pairs.TARGETS) + " |",
             "|---|" + "---:|" * len(pairs.TARGETS)]
    for s, folder in pairs.CORPORA.items():
        n = len(pairs.names(s))
        cells = ["—" if t == s else _rate(results[(s, t)]) for t in pairs.TARGETS]
        lines.append(f"| {s} (tests/corpus/{folder}, {n}) | " + " | ".join(cells) + " |")
    lines += ["", DIRECT, "", "| direction | hub (chosen) | direct | clean conversions, hub | clean, direct |",
              "|---|---:|---:|---:|---:|"]
    for (s, t), rows in direct.items():
        hub_rows = results[(s, t)]
        lines.append(f"| {s} -> {t} | {_rate(hub_rows)} | {_rate(rows)} | {_clean(hub_rows)} | {_clean(rows)} |")
    lines += ["", TRIPS, "", "| X | numerically equal | mean text similarity, all converted | mean, equal ones |",
              "|---|---:|---:|---:|"]
    for x, rows in trips.items():
        lines.append(f"| {x} | {_rate(rows)} | {_mean(rows)} | {_mean([r for r in rows if r['verdict'] == 'equivalent'])} |")
    lines += ["", LIMITS, "", MEASURED, ""] + _measured(
        [f"{s}-{t}" for s, t in results] + [f"{s}-{t}-direct" for s, t in direct]
        + [f"round-trip-{x}" for x in trips])
    lines += ["", "## Models that do not pass", ""]
    for (s, t), rows in results.items():
        for r in rows:
            if r["verdict"] not in ("equivalent", "skipped"):
                lines.append(f"- {s} -> {t} `{r['name']}`: {r['verdict']}: {_short(r['error'])}")
    for x, rows in trips.items():
        for r in rows:
            if r["verdict"] not in ("equivalent", "skipped"):
                lines.append(f"- torch -> {x} -> torch `{r['name']}`: {_short(r['error'])}")
    return "\n".join(lines) + "\n"


def _measured(keys) -> list[str]:
    """When each row's cache file was written (rows reused with NNPORT_PAIRS_CACHE=1 keep their date)."""
    stamp = lambda p: time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(p.stat().st_mtime))  # noqa: E731
    return [f"- {k}: {stamp(CACHE / f'{k}.json')}" for k in keys if (CACHE / f"{k}.json").exists()]


def _mean(rows) -> str:
    sims = [r["similarity"] for r in rows if r.get("similarity") is not None]
    return f"{sum(sims) / len(sims):.3f} ({len(sims)} models)" if sims else "-"


def _clean(rows) -> str:
    return f"{sum(r.get('issues', 1) == 0 for r in rows)}/{len(rows)}"


def _short(text: str) -> str:
    return " ".join(str(text).split())[:160].replace("|", "\\|")


HEADER = """# Every direction over the corpora

Written by `python tests/corpus/pairs.py --table` (tests/corpus/pairs.py, pairs_table.py). Each cell:
models of the source corpus whose translation is numerically equal to the source model in eval mode
(`nnport.verify`: the source built from get_init_inputs(), run on get_inputs(), its weights
transferred into the translation, every output within 1e-5 of its scale), out of the corpus.
Gluon runs in `.venv-mxnet` (numpy<1.24), Keras and Flax in `.venv`: a pair with Gluon on one side
runs each side in its own interpreter, arrays and weights exchanged as .npz files. Translation
warnings (a regularizer not carried over, say) do not fail a model; its numbers decide.
Keras and Gluon read completely into PyTorch only (`HUB = "torch"` in their source skeletons): their
other targets are reached through PyTorch (src/nnport/translate/hub.py).
"""

DIRECT = """## Direct route against the hub

For the sources with a hub, each other target measured both ways: through the hub (what `convert`
does) and straight from the source's reading (`translate.engine.convert_direct`). The weights come
through the hub's model in both (these sources have no framework-neutral export), except in
Flax's direct rows, measured before Flax had its hub: no weight route, nothing compared, so there
the clean conversions (no warning left) are the comparison."""

TRIPS = """## Round trips PyTorch -> X -> PyTorch

Over the PyTorch corpus (tests/corpus/torch): translated to X, the X text translated back to PyTorch
(reading the X file as X, sizes recorded by running it), both PyTorch models compared in eval and
train mode after the weights are copied (tests/corpus/runner.run_round_trip), and the text
similarity of the round-tripped file to the original (difflib's ratio over lines; 1.0: the same)."""

MEASURED = """## When each row was measured

Rows are kept in build/pairs/ and reused with NNPORT_PAIRS_CACHE=1; a row measured before a later
change keeps its date here (rerun it by deleting its file)."""

LIMITS = """## What stops the others

- Through the hub, the PyTorch text holds the source's semantic helpers (`KerasBatchNormNd` /
  `GluonBatchNormNd` / `FlaxBatchNormNd`, their Lazy forms, `GluonGroupNorm`). The PyTorch reader
  reads them back (torch/helper_classes.py, recognised by their definition) as their table layer with
  a flag (`biased_var`, `per_group`), which the Keras, Flax and Gluon writers write as their own
  BatchNorm (and Gluon's GroupNorm); Keras and Flax refuse `per_group` (their group norms are per
  channel: Gluon `group_norm_cnn`). Left: lazy modules in the PyTorch text of Keras subclassed models
  whose sizes were not recorded (Flax has no lazy layers), `pack_padded_sequence` for masked Keras
  LSTMs (no torch table entry), `self.train(mode)` of the Keras build() pattern (custom_layers_build,
  tcn_causal: no Flax/Gluon counterpart written), the `keras_same_padding` helper function (reads
  PyTorch conv attributes).
- Round trips: each reader reads back its own writer's output, helpers included (a copied support
  definition, recognised by its text, read as the PyTorch API it stands for: keras/reading/
  support_helpers.py, mxnet/reading/support_calls.py, flax/own_helpers.py), and a test per reader
  fails when its writer can emit an API the reader lacks (tests/keras_reading/test_read_back.py,
  tests/test_gluon_read_back.py, tests/test_flax_read_back.py, with their known gaps and reasons).
  What is left is in those known gaps: attention/transformer and recurrent helper classes (Flax,
  Gluon), module dicts (Gluon), helpers used as values (`isinstance(m, BatchNorm)`), attribute
  names the writer renamed (Keras `layers_`), sizes of layers built in helper functions (Keras).
- Flax NNX as a source has a weight transfer into PyTorch only (flax/source_transfer.py
  `TRANSFERS`): straight into Keras or Gluon its weights cannot go, so the direct route verifies
  nothing; through PyTorch they do (the table above), hence `HUB = "torch"` for it too."""
