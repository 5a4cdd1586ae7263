"""flax/embed_attend.py: `self.emb.attend(x)` of an nnx.Embed (the Flax writer's tied linear head)
read as `x @ emb.weight.T`; numerics on real Flax against the PyTorch translation (corpus runner),
and the PyTorch -> Flax -> PyTorch round trip of a tied head against the PyTorch source."""
from __future__ import annotations

import nnport
from corpus import flax_to_torch as corpus

FLAX = '''\
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.wte = nnx.Embed(11, 6, rngs=rngs)
        self.ln = nnx.LayerNorm(6, rngs=rngs)

    def __call__(self, idx):
        x = self.ln(self.wte(idx))
        return self.wte.attend(x)


def get_init_inputs():
    return []


def get_inputs():
    return [np.random.default_rng(0).integers(0, 11, size=(2, 5)).astype("int32")]
'''

TIED = '''\
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(11, 6)
        self.head = nn.Linear(6, 11, bias=False)
        self.emb.weight = self.head.weight

    def forward(self, idx):
        return self.head(torch.tanh(self.emb(idx)))
'''


def test_attend_reads_as_the_embedding_product():
    conv = nnport.convert(FLAX, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "x @ self.wte.weight.transpose(0, 1)" in conv.code and "attend" not in conv.code
    r = corpus.run("embed_attend", text=FLAX)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


def test_tied_head_round_trip_equal():
    import sys
    from pathlib import Path
    import numpy as np
    import torch
    sys.path.insert(0, str(Path(__file__).parent))
    from harness import load
    source = corpus.TORCH_HEAD + TIED + "\n\ndef get_init_inputs():\n    return []\n\n\ndef get_inputs():\n" \
        "    return [torch.randint(0, 11, (2, 5))]\n"
    flax = nnport.convert(source, to="flax", source="torch").code
    assert ".attend(" in flax
    back = nnport.convert(flax, to="torch", source="flax", filename="tied_flax.py")
    assert not back.issues, [d.message for d in back.issues]
    smod, rmod = load(source, "tied_source"), load(back.code, "tied_back")
    torch.manual_seed(0)
    sm, rm = smod.Model(), rmod.Model()
    idx = torch.randint(0, 11, (2, 5))
    nnport.transfer_weights(sm, rm, example_inputs=[idx])
    with torch.no_grad():
        np.testing.assert_allclose(rm(idx).numpy(), sm(idx).numpy(), rtol=1e-5, atol=1e-6)
