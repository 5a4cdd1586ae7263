"""flax/own_helpers.py and flax/reading/helpers.py: a Flax file carrying the Flax writer's own support
definitions (as `nnport convert --to flax` writes them) reads back to the PyTorch APIs they stand
for, the definitions dropped; numerics on real Flax against the PyTorch translation (weights
transferred, eval and train outputs, running statistics: the corpus runner)."""
from __future__ import annotations

import pytest

import nnport
from corpus import flax_to_torch as corpus

TORCH = {
    "pools_pad_squeeze_batch_norm": ("""\
        def conv3x3(cin, cout):
            return nn.Conv2d(cin, cout, 3, padding=1, bias=False)


        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 4, 3, padding=1)
                self.bn = nn.BatchNorm2d(4, momentum=0.2, eps=1e-3)
                self.down = nn.Sequential(conv3x3(4, 4), nn.BatchNorm2d(4))

            def forward(self, x):
                x = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
                x = self.down(x) + x
                y = F.avg_pool2d(x * 2, 3, stride=2, ceil_mode=True)
                z = F.adaptive_avg_pool2d(x + 1, (2, 3))
                p = F.pad(x * 1, (1, 2, 0, 1), mode="reflect")
                return y, z, p, (x[:, :1] + 1).squeeze(1)
        """, (2, 3, 12, 12)),
    "pool_1d_dilated_max": ("""\
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv1d(3, 4, 3)

            def forward(self, x):
                return F.max_pool1d(self.conv(x) * 2, 3, stride=2, padding=1, dilation=2)
        """, (2, 3, 17)),
}
TORCH["pool_sizes_from_values"] = ("""\
        class Model(nn.Module):
            def __init__(self, k=2):
                super().__init__()
                self.k = k
                self.conv = nn.Conv1d(3, 4, 3)

            def forward(self, x):
                y = self.conv(x)
                return F.max_pool1d(y, y.shape[2]).squeeze(2), F.avg_pool1d(y * 2, self.k, stride=self.k)
        """, (2, 3, 11))


def flax_text(name: str) -> str:
    return corpus.flax_of_torch(*TORCH[name])


@pytest.mark.parametrize("name", sorted(TORCH))
def test_read_back_equal(name):
    text = flax_text(name)
    conv = nnport.convert(text, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "def max_pool" in text or "def avg_pool" in text
    for helper in ("spatial_axes", "_windows", "max_pool(", "avg_pool(", "pad_last_axes", "squeeze(x",
                   "class BatchNorm", "ChannelsFirstConv", "jax", "jnp"):
        assert helper not in conv.code.replace("F.max_pool", "").replace("F.avg_pool", ""), helper
    r = corpus.run(name, text=text)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


def test_read_back_code():
    conv = nnport.convert(flax_text("pools_pad_squeeze_batch_norm"), to="torch", source="flax")
    assert "self.bn = nn.BatchNorm2d(4, eps=0.001, momentum=0.2)" in conv.code
    assert "nn.Sequential(conv3x3(4, 4), nn.BatchNorm2d(4))" in conv.code
    assert "return nn.Conv2d(cin, cout, 3, padding=1, bias=False)" in conv.code
    assert "F.avg_pool2d((x * 2), 3, stride=2, ceil_mode=True)" in conv.code
    assert "F.adaptive_avg_pool2d((x + 1), (2, 3))" in conv.code
    assert "F.pad((x * 1), (1, 2, 0, 1), mode='reflect')" in conv.code


def test_a_changed_definition_is_kept():
    text = flax_text("pool_1d_dilated_max").replace("window_dilation=dil)", "window_dilation=dil) * 1")
    conv = nnport.convert(text, to="torch", source="flax")
    assert "def max_pool" in conv.code and "F.max_pool1d" not in conv.code
