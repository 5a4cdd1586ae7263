"""flax/reading/helper_classes.py (and source_transfer's support classes): a Flax file carrying the
Flax writer's recurrent / attention support classes (as `nnport convert --to flax` writes them)
reads back to PyTorch's nn.LSTM / nn.GRU / nn.LSTMCell / nn.MultiheadAttention /
nn.TransformerEncoderLayer, the definitions dropped; numerics on real Flax against the PyTorch
translation, the Flax model's weights transferred (the corpus runner: eval and train outputs)."""
from __future__ import annotations

import pytest

import nnport
from corpus import flax_to_torch as corpus

TORCH = {
    "recurrent": ("""\
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True)
                self.gru = nn.GRU(12, 5)
                self.cell = nn.GRUCell(5, 3)

            def forward(self, x):
                y, (h, c) = self.lstm(x)
                z, h2 = self.gru(y.transpose(0, 1))
                return self.cell(z[-1]), h, c, h2
        """, (2, 7, 4)),
    "attention": ("""\
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
                self.layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
                self.cell = nn.LSTMCell(8, 4)

            def forward(self, x):
                a, w = self.attn(x, x, x)
                h, c = self.cell(self.layer(a)[:, 0])
                return a, w, h, c
        """, (2, 5, 8)),
}
CLASSES = {"recurrent": ("nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True)", "nn.GRU(12, 5)",
                         "nn.GRUCell(5, 3)"),
           "attention": ("nn.MultiheadAttention(8, 2, batch_first=True)", "nn.LSTMCell(8, 4)",
                         "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, ")}


def flax_text(name: str) -> str:
    return corpus.flax_of_torch(*TORCH[name])


@pytest.mark.parametrize("name", sorted(TORCH))
def test_support_classes_read_back_equal(name):
    text = flax_text(name)
    assert "class RNNBase" in text or "class MultiheadAttention" in text
    conv = nnport.convert(text, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    for made in CLASSES[name]:
        assert made in conv.code, made
    for helper in ("class ", "jax", "jnp", "scan_cell"):
        assert helper not in conv.code.replace("class Model", ""), helper
    r = corpus.run(name, text=text)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


PRELU = '''\
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.per_channel = nn.PReLU(num_parameters=4, init=0.2)
        self.shared = nn.PReLU()

    def forward(self, x):
        return self.shared(self.per_channel(self.conv(x)))
'''


def test_prelu_support_class_read_as_prelu():
    """The Flax writer's PReLU support class (channel_axis=1) -> nn.PReLU, its slopes transferred."""
    flax = corpus.flax_of_torch(PRELU, (2, 3, 6, 6))
    assert "class PReLU(nnx.Module)" in flax
    conv = nnport.convert(flax, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "class PReLU" not in conv.code and "nn.PReLU(num_parameters=4, init=0.2)" in conv.code
    r = corpus.run("prelu_support", text=flax)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL
