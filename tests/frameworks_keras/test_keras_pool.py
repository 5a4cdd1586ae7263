"""Keras pooling (layers/pool.py) with window sizes known only when the code runs, against PyTorch."""
import textwrap

import pytest

from harness import check_target, expr_case, randn, translate


@pytest.mark.parametrize("e", [
    "F.max_pool2d(x, kernel_size=x.shape[2:])",
    "F.avg_pool2d(x, x.shape[-1])",
    "F.max_pool2d(x, x.shape[-1] // 2, stride=1)",
])
def test_functional_pool_window_from_the_input(e):
    code = expr_case(e)
    assert "ops." in translate(code, to="keras").code
    check_target(code, inputs=[randn(2, 3, 6, 6)], to="keras")


def test_pool_layer_window_from_the_constructor():
    code = textwrap.dedent("""\
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self, k=3, s=2):
                super().__init__()
                self.max = nn.MaxPool2d(k, s)
                self.avg = nn.AvgPool1d(k)

            def forward(self, x):
                return self.max(x), self.avg(x.flatten(2))
        """)
    check_target(code, inputs=[randn(2, 3, 7, 6)], to="keras")


@pytest.mark.parametrize("e, shape", [
    ("F.max_pool1d(x, 2)", (3, 9)),
    ("F.avg_pool2d(x, 3, 2)", (3, 8, 9)),
    ("F.max_pool3d(x, 2)", (2, 4, 5, 4)),
    ("F.avg_pool3d(x, 2)", (1, 2, 4, 5, 4)),
])
def test_functional_pool_unbatched(e, shape):
    """support/pool.py's batch_pool: PyTorch's functional pools also take (C, *spatial) input."""
    check_target(expr_case(e), inputs=[randn(*shape)], to="keras")
