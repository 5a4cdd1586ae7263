"""`with torch.no_grad():` in forward: tensors computed in the block carry no gradient in the target
either (jax.lax.stop_gradient where they are assigned or returned). Checked by the verifier's
training-mode gradient comparison against PyTorch, with the undone translation as a control."""
from __future__ import annotations

import textwrap

import nnport
from nnport.verify.result import EQUIVALENT, NOT_EQUIVALENT

SRC = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.teacher = nn.Linear(4, 4)

        def forward(self, x):
            with torch.no_grad():
                t = self.teacher(x)
                n = x.shape[0]          # a size: stays a Python int
                m = torch.tanh(t).mean(0)
            return self.fc(x) * m + t.sum() / n


    def get_inputs():
        return [torch.randn(3, 4)]
    """)


def test_no_grad_block_stops_gradients(tmp_path):
    code = nnport.convert(SRC, to="flax").code
    assert "t = jax.lax.stop_gradient(self.teacher(x))" in code
    assert "n = x.shape[0]" in code
    src = tmp_path / "model.py"
    src.write_text(SRC)
    (tmp_path / "model_flax.py").write_text(code)
    ok = nnport.verify(str(src), target=str(tmp_path / "model_flax.py"), train=True, isolate=False)
    assert ok.verdict == EQUIVALENT, ok.error
    # control: without the cut, gradients reach the teacher and the verifier sees it
    (tmp_path / "undone.py").write_text(code.replace("jax.lax.stop_gradient", ""))
    bad = nnport.verify(str(src), target=str(tmp_path / "undone.py"), train=True, isolate=False)
    assert bad.verdict == NOT_EQUIVALENT


def test_no_grad_in_init_is_kept_as_is():
    src = SRC.replace("        self.teacher = nn.Linear(4, 4)\n",
                      "        self.teacher = nn.Linear(4, 4)\n        with torch.no_grad():\n"
                      "            self.teacher.weight.fill_(0.5)\n")
    code = nnport.convert(src, to="flax").code
    assert code.count("stop_gradient") == 2   # only the forward's two computed tensors
