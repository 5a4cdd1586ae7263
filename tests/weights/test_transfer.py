"""transfer_weights: every weight moved through the tables' layouts, loud failures, no partial loads."""
import numpy as np
import pytest

import nnport
from harness import build, layer_case, load, translate
from nnport.errors import WeightTransferError
from nnport.weights.layouts import expand, permute

SRC = layer_case("nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(16, 5))")


def _pair(src=SRC):
    import torch
    from flax import nnx
    conv = translate(src)
    torch.manual_seed(0)
    tm = load(src).Model()
    fm = load(conv.code).Model(rngs=nnx.Rngs(0))
    return tm, fm


def test_layouts_expand_and_permute():
    assert expand("out,in,*s", 4) == ["out", "in", "s0", "s1"]
    w = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    got = permute(w, "out,in,*s", "*s,in,out")
    assert got.shape == (4, 5, 3, 2) and got[1, 2, 0, 1] == w[1, 0, 1, 2]
    with pytest.raises(ValueError):
        expand("out,in", 3)


def test_every_weight_is_written_with_its_source_name():
    tm, fm = _pair()
    written = nnport.transfer_weights(tm, fm)
    assert written == {"layer.0.kernel": "layer.0.weight", "layer.0.bias": "layer.0.bias",
                       "layer.3.kernel": "layer.3.weight", "layer.3.bias": "layer.3.bias"}
    k = np.asarray(fm.layer.layers[3].kernel[...])
    np.testing.assert_array_equal(k, tm.layer[3].weight.detach().numpy().T)


def test_shape_mismatch_names_the_parameter():
    import torch
    tm, fm = _pair()
    tm.layer[3] = torch.nn.Linear(16, 6)     # source no longer fits the target
    with pytest.raises(WeightTransferError, match=r"layer\.3\.weight"):
        nnport.transfer_weights(tm, fm)


def test_missing_target_module_is_an_error():
    import torch
    tm, fm = _pair()
    tm.extra = torch.nn.Linear(2, 2)
    with pytest.raises(WeightTransferError, match="extra"):
        nnport.transfer_weights(tm, fm)


def test_target_weight_left_unwritten_is_an_error():
    from flax import nnx
    tm, fm = _pair()
    fm.unrelated = nnx.Param(np.zeros(3, np.float32))
    with pytest.raises(WeightTransferError, match="unrelated"):
        nnport.transfer_weights(tm, fm)


def test_user_parameters_and_buffers_keep_their_names():
    src = """\
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(4))
        self.register_buffer("offset", torch.randn(4))

    def forward(self, x):
        return x * self.scale + self.offset
"""
    tm, fm, _ = build(src)
    np.testing.assert_array_equal(np.asarray(fm.scale[...]), tm.scale.detach().numpy())
    np.testing.assert_array_equal(np.asarray(fm.offset[...]), tm.offset.numpy())


def test_a_lazy_torch_source_is_sized_by_the_example_inputs_or_refused():
    import numpy as np
    import pytest
    import torch
    from nnport.errors import WeightTransferError
    from nnport.frameworks.torch import runtime
    model = torch.nn.Sequential(torch.nn.LazyLinear(3))
    with pytest.raises(WeightTransferError, match="lazy modules not sized"):
        runtime.materialize(model, None)
    runtime.materialize(model, [np.ones((2, 5), np.float32)])
    assert model[0].weight.shape == (3, 5) and model.training


def test_a_lazy_pytorch_target_is_sized_on_the_example_inputs_first():
    """PyTorch -> PyTorch (a round trip's translation with lazy modules): the target is called once on
    example_inputs before its weights are written; without them the transfer refuses."""
    import torch
    torch.manual_seed(0)
    src = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3))
    dst = torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.ReLU(), torch.nn.LazyLinear(3))
    with pytest.raises(WeightTransferError, match="lazy modules not sized"):
        nnport.transfer_weights(src, dst)
    x = torch.randn(2, 5)
    nnport.transfer_weights(src, dst, example_inputs=[x])
    with torch.no_grad():
        np.testing.assert_allclose(dst(x).numpy(), src(x).numpy(), rtol=1e-6)


def test_weight_norm_parts_are_read_at_the_layer():
    """Both weight_norm forms export g and v as the layer's `weight_g` / `weight_v` (their canonical
    names `weight_g` / `weight_v`: the weight's axes); another parametrization is refused by its name."""
    import torch
    from nnport.weights.transfer import export_weights

    class Net(torch.nn.Module):
        def __init__(self, orthogonal=False):
            super().__init__()
            self.new = torch.nn.utils.parametrizations.weight_norm(torch.nn.Linear(3, 2))
            self.old = torch.nn.utils.weight_norm(torch.nn.Conv1d(2, 4, 3), dim=1)
            if orthogonal:
                self.ortho = torch.nn.utils.parametrizations.orthogonal(torch.nn.Linear(3, 3))

    net = Net()
    mods = {m.path: m for m in export_weights(net).modules}
    assert sorted(mods) == [("new",), ("old",)]
    assert sorted(mods[("new",)].arrays) == ["bias", "weight_g", "weight_v"]
    np.testing.assert_array_equal(mods[("new",)].arrays["weight_g"],
                                  net.new.parametrizations.weight.original0.detach().numpy())
    np.testing.assert_array_equal(mods[("new",)].arrays["weight_v"],
                                  net.new.parametrizations.weight.original1.detach().numpy())
    assert sorted(mods[("old",)].arrays) == ["bias", "weight_g", "weight_v"]
    assert mods[("old",)].arrays["weight_g"].shape == (1, 2, 1)
    ortho = {m.path: m for m in export_weights(Net(orthogonal=True)).modules}[("ortho",)]
    assert sorted(ortho.arrays) == ["bias", "parametrizations.weight.original"]
