"""Random numbers: inside a module from its nnx.Rngs; outside any module (PyTorch's global
generator) from one seeded module-level stream, so that each call draws new numbers."""
import textwrap

import numpy as np

import nnport
from harness import load

SRC = textwrap.dedent("""\
    import torch


    def get_inputs():
        return [torch.randn(2, 3), torch.rand(4)]
    """)


def test_module_level_draws_use_one_stream():
    conv = nnport.convert(SRC, to="flax")
    assert not conv.issues, [d.format() for d in conv.issues]
    assert "default_rngs = nnx.Rngs(0)" in conv.code
    mod = load(conv.code)
    a, b = mod.get_inputs(), mod.get_inputs()
    assert a[0].shape == (2, 3) and a[1].shape == (4,)
    assert not np.array_equal(np.asarray(a[0]), np.asarray(b[0]))   # a stream, not a fixed key
    assert 0 <= float(np.min(a[1])) and float(np.max(a[1])) < 1
