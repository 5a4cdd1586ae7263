"""PyTorch -> Keras, tensor family (functions/tensor.py): split and chunk, whose helpers call one another
(support/tensor.py: chunk -> split_sizes; the translator copies both)."""
import pytest

import nnport
from harness import check, expr_case, randn

X = randn(2, 7, 3)


@pytest.mark.parametrize("expr", [
    "torch.chunk(x, 2, dim=1)",
    "x.chunk(3, dim=-2)",
    "torch.split(x, 3, dim=1)",
    "x.split([2, 5], dim=1)",
])
def test_split_chunk(expr):
    check(expr_case(expr), inputs=[X], to="keras")


def test_type_casts_to_a_dtype_and_refuses_type_strings():
    """x.type(torch.int32) reads its argument translated ('int32', a Keras dtype string); PyTorch's
    own type strings ('torch.IntTensor') and x.type() have no counterpart."""
    check(expr_case("x.type(torch.int32) + x.type(dtype=torch.float64).type(torch.int32)"), inputs=[X * 4],
          to="keras")
    for expr in ("x.type()", "x.type('torch.IntTensor')"):
        conv = nnport.convert(expr_case(expr), to="keras", source="torch")
        assert any("type string" in d.message for d in conv.issues), [d.message for d in conv.issues]


def test_dtype_attributes():
    """torch.float, torch.long, ... as Keras dtype strings, each in a cast and back to float32."""
    import numpy as np
    dtypes = ("torch.float", "torch.double", "torch.half", "torch.long", "torch.int", "torch.int16", "torch.int8",
              "torch.uint8", "torch.bool", "torch.float32", "torch.float64", "torch.int64", "torch.int32",
              "torch.float16", "torch.bfloat16")
    body = "[" + ", ".join(f"x.to({d}).float()" for d in dtypes) + "]"
    check(expr_case(body), inputs=[np.abs(X) * 3], tol=1e-2, to="keras")   # float16/bfloat16 round trips
