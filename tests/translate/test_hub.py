"""The hub route (translate/hub.py): which sources take it, the line map, both hops' diagnostics
kept with positions in the user's file; and the engine taking it for Keras and Gluon sources."""
import pytest

import nnport
from nnport import frameworks
from nnport.diagnostics import Diagnostic
from nnport.translate import hub
from nnport.translate.engine import Conversion


def test_route_is_the_source_skeletons_data():
    for name in frameworks.NAMES:
        try:
            src = frameworks.source(name)
        except Exception:   # noqa: BLE001 - a framework without tables yet
            continue
        h = getattr(src.skeleton, "HUB", None)
        for to in frameworks.NAMES:
            want = "hub" if h is not None and to not in (h, name) else "direct"
            assert hub.route(src, to) == want, (name, to)
    assert hub.hub(frameworks.source("torch")) is None   # PyTorch reads into every target directly


def test_line_map_points_rewritten_lines_into_the_source():
    before = "a\nb = f(1)\nc\n"
    after = "x\na\nb = g(1)\nnew\nc\n"
    lines = hub.line_map(before, after)
    assert [lines[i] for i in range(1, 6)] == [1, 1, 2, 2, 3]


def test_through_keeps_both_hops_with_source_positions():
    calls = []

    def convert(code, *, to, source, filename):
        calls.append((source, to))
        if to == "torch":   # first hop: one line added at the top
            return Conversion("import torch\n" + code.replace("k.", "t."),
                              [Diagnostic("warning", 2, 1, "first hop", "", filename)], source, to, filename)
        return Conversion(code.replace("t.", "j."),
                          [Diagnostic("warning", 3, 5, "second hop", "", filename),
                           Diagnostic("warning", 3, 1, "first hop", "", filename)], source, to, filename)

    code = "import k\nx = k.f()\n"
    conv = hub.through(convert, code, "keras", "torch", "flax", "m.py")
    assert calls == [("keras", "torch"), ("torch", "flax")]
    assert conv.code == "import torch\nimport k\nx = j.f()\n" and (conv.source, conv.target) == ("keras", "flax")
    assert [(d.line, d.message) for d in conv.diagnostics] == [(2, "first hop"), (2, "second hop (through torch)")]


BUILDER = '''\
import keras
from keras import layers


def Model(units=4):
    x = keras.Input((6,))
    return keras.Model(x, layers.Dense(units, name="fc")(layers.Dense(8, activation="relu")(x)))


def get_init_inputs():
    return [4]


def get_inputs():
    import numpy as np
    return [np.ones((2, 6), "float32")]
'''


@pytest.mark.parametrize("to,expect", [("flax", "nnx.Linear(8, 4"), ("mxnet", "nn.Dense(4, flatten=False, in_units=8")])
def test_a_keras_builder_reaches_other_targets_through_the_graph_route(to, expect):
    pytest.importorskip("keras")
    conv = nnport.convert(BUILDER, to=to, source="keras", filename="b.py")
    assert expect in conv.code and "torch" not in conv.code.lower().replace("pytorch", "")
    assert not conv.issues, [d.format() for d in conv.issues]
    assert any("traced at Model(4)" in d.message and d.line == 5 for d in conv.diagnostics)


def test_gluon_to_keras_goes_through_torch():
    code = ("from mxnet.gluon import nn\n\n\nclass Net(nn.HybridBlock):\n    def __init__(self):\n"
            "        super().__init__()\n        self.fc = nn.Dense(3, in_units=5)\n\n"
            "    def hybrid_forward(self, F, x):\n        return F.relu(self.fc(x))\n")
    conv = nnport.convert(code, to="keras", source="mxnet")
    assert "layers.Dense(3" in conv.code and "torch" not in conv.code and "mxnet" not in conv.code
