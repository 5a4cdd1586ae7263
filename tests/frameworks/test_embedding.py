"""nn.Bilinear (helper module) against PyTorch. (Embedding layers: test_seq.py.)"""
import pytest

from harness import check, layer_case, randn


@pytest.mark.parametrize("ctor, shapes", [
    ("nn.Bilinear(3, 5, 4)", [(6, 3), (6, 5)]),
    ("nn.Bilinear(3, 5, 4, bias=False)", [(2, 6, 3), (2, 6, 5)]),
])
def test_bilinear(ctor, shapes):
    check(layer_case(ctor, "a, b"), inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)])
