"""frameworks/helpers.py: a support definition comes into translated code with the definitions it calls
and the modules it imports (Keras: support/tensor.py's chunk calls split_sizes; support/pool.py uses
itertools)."""
import pytest

from harness import check, expr_case, randn
from nnport.frameworks.keras.support import SUPPORT as KERAS


def test_uses_follows_calls():
    assert KERAS.uses("tensor", "chunk") == ["split_sizes"]
    assert KERAS.uses("tensor", "squeeze") == []


@pytest.mark.parametrize("expr", ["torch.chunk(x, 3, dim=2)", "F.max_pool2d(x, 2, ceil_mode=True)"])
def test_helper_runs_standalone(expr):
    check(expr_case(expr), inputs=[randn(2, 3, 7, 7)], to="keras")
