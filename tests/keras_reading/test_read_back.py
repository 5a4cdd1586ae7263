"""Read-back coverage: every Keras API the Keras WRITER's tables can emit (PyTorch -> Keras) has a
Keras READER entry (Keras -> PyTorch, the CST route), and every support definition the writer copies
into its output is read back (keras/reading/support_helpers.py), or the API is in the known-gap lists
of read_back_gaps.py with a reason. Derived from the tables, as the support matrix reads them
(nnport.support.hooks: the APIs an entry's writer calls, the code it templates, the helpers it asks
for), never listed by hand: a writer entry that gains an API the reader lacks fails here."""
from __future__ import annotations

import re
from collections import defaultdict

from nnport import frameworks
from nnport.frameworks.keras.reading.support_helpers import HELPERS, definitions
from nnport.support import hooks
from read_back_gaps import API_GAPS, HELPER_GAPS

_API = re.compile(r"\b((?:keras\.)?(?:layers|ops|activations|random|initializers)\.[A-Za-z_]\w*)")


def _spelled(template: str) -> set[str]:
    """A template's rank / kind holes filled (`layers.Global<kind>Pooling<n>D`)."""
    return {template.replace("<kind>", kind).replace("<n>", n) for kind in ("Average", "Max") for n in "123"}


def written_apis() -> dict[str, set[str]]:
    """Keras API (keras.layers.X, keras.ops.X, ...) -> the writer entries that can emit it."""
    out: dict[str, set[str]] = defaultdict(set)
    writer = frameworks.get("keras")
    for entry in (*writer.layers, *writer.functions):
        if entry.emit is None:
            continue
        facts = hooks.of_writer(entry.emit)
        texts = set(facts.calls) | {s for t in facts.templates for s in _spelled(t)}
        names = {m.group(1) for t in texts for m in _API.finditer(t)}
        if not facts.calls and entry.api.startswith("keras.") and ":" not in entry.api:
            names.add(entry.api)   # an Emit of the entry's own API
        for name in names:
            out[name if name.startswith("keras.") else "keras." + name].add(entry.api)
    return out


def written_helpers() -> dict[str, set[str]]:
    """The support definitions the output can call: those a writer asks for by name, and every
    class (helper_class picks them by a name it builds: ChannelsFirstConv2D, PaddedConv1D...)."""
    out: dict[str, set[str]] = defaultdict(set)
    writer = frameworks.get("keras")
    for entry in (*writer.layers, *writer.functions):
        for name in hooks.of_writer(entry.emit).helpers if entry.emit is not None else ():
            out[name].add(entry.api)
    for name, text in definitions().items():
        if text.startswith("class "):
            out.setdefault(name, set())
    return out


def _readers():
    src = frameworks.source("keras")
    return src.layers, src.functions


def test_the_derivation_finds_the_writer_apis():
    apis, helpers = written_apis(), written_helpers()
    assert {"keras.layers.Dense", "keras.ops.relu6", "keras.layers.MaxPooling3D", "keras.activations.mish",
            "keras.layers.Activation"} <= apis.keys()
    assert {"PReLU", "BatchNorm", "ChannelsFirstConv2D", "batch_pool", "pad_nd"} <= helpers.keys()


def test_every_written_api_has_a_reader_or_a_known_gap():
    layers, functions = _readers()
    missing = {api: sorted(by)[:3] for api, by in written_apis().items()
               if api not in layers and api not in functions and api not in API_GAPS}
    assert missing == {}, f"Keras APIs the writer emits and no reader reads (add a reader, or a reasoned gap): {missing}"


def test_every_written_helper_is_read_back_or_a_known_gap():
    missing = {h: sorted(by)[:3] for h, by in written_helpers().items() if h not in HELPERS and h not in HELPER_GAPS}
    assert missing == {}, f"support definitions the writer copies and the reader does not read back: {missing}"


def test_the_known_gaps_are_not_stale():
    """A gap that has a reader now, or that nothing writes any more, leaves the list."""
    layers, functions = _readers()
    apis, helpers = written_apis(), written_helpers()
    assert sorted(a for a in API_GAPS if a in layers or a in functions or a not in apis) == []
    assert sorted(h for h in HELPER_GAPS if h in HELPERS or h not in helpers) == []
    assert all(why.strip() for why in (*API_GAPS.values(), *HELPER_GAPS.values()))


def test_a_new_writer_api_without_reader_is_caught(monkeypatch):
    """The check can fail: a writer entry emitting an API no reader has is reported."""
    from nnport.frameworks.keras.functions import FUNCTIONS
    from nnport.frameworks.spec import Entry
    from nnport.translate.emit import Emit
    entry = Entry("keras.ops.nnport_probe", "probe_op", "x", emit=Emit("ops.nnport_probe", ("{input}",)))
    monkeypatch.setattr(FUNCTIONS, "_by_api", {**FUNCTIONS._by_api, entry.api: entry})
    assert "keras.ops.nnport_probe" in written_apis()
    layers, functions = _readers()
    assert "keras.ops.nnport_probe" not in functions and "keras.ops.nnport_probe" not in API_GAPS
