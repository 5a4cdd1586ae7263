"""Per-layer localisation: each target layer fed its source counterpart's recorded inputs."""
import numpy as np

from harness import build, layer_case
from nnport.verify.compare import Tolerance
from nnport.verify.localize import CHANNELS_LAST, LayerCheck, innermost, localize


def test_innermost_differing_layers_in_call_order():
    layers = [LayerCheck("", "M", status="mismatch"), LayerCheck("a", "A", status="mismatch"),
              LayerCheck("a.b", "B", status="mismatch"), LayerCheck("a.c", "C"), LayerCheck("ab", "D", status="error")]
    assert [lc.path for lc in innermost(layers)] == ["a.b", "ab"]
    assert innermost([LayerCheck("", "M", status="mismatch"), LayerCheck("x", "X")])[0].path == ""


def test_channels_last_layers_are_fed_permuted_inputs():
    from nnport.frameworks.flax import runtime as frt
    from nnport.frameworks.torch import runtime as trt
    code = layer_case("nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 1))")
    tm, fm, _ = build(code)
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 6)).astype(np.float32)
    records = trt.record(tm, [x], train=False, seed=0, max_bytes=1 << 30)
    assert [r["path"] for r in records] == [(), ("layer",), ("layer", "0"), ("layer", "1"), ("layer", "2")]
    layers = {lc.path: lc for lc in localize(frt, fm, records, Tolerance(), train=False)}
    assert all(lc.status == "match" for lc in layers.values()), layers
    assert layers["layer.0"].layout == CHANNELS_LAST and layers["layer.0"].target_cls == "Conv"


def test_a_changed_layer_is_the_innermost_mismatch():
    from flax import nnx
    from nnport.frameworks.flax import runtime as frt
    from nnport.frameworks.torch import runtime as trt
    tm, fm, _ = build(layer_case("nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2))"))
    fm.layer.layers[2].bias[...] = fm.layer.layers[2].bias[...] + 1.0
    x = np.ones((2, 4), np.float32)
    records = trt.record(tm, [x], train=False, seed=0, max_bytes=1 << 30)
    layers = localize(frt, fm, records, Tolerance(), train=False)
    assert isinstance(fm.layer, nnx.Sequential)
    assert [lc.path for lc in innermost(layers)] == ["layer.2"]
