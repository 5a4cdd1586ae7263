"""frameworks/mxnet/bool_inputs.py: a forward's argument used where PyTorch needs a bool tensor (~m,
m & k, torch.where(m, ...), masked_fill(m, ...)) is cast to 1/0 floats first, as the translation holds
masks (MXNet 1.x operators refuse bool arrays, and it promotes no int to float); one used only by the
attention helpers stays as it comes, and one used both ways reaches them as bool again. The models
are fed PyTorch's bool arrays as they are, eval and (where they hybridize) hybridized."""
from __future__ import annotations

import numpy as np
import pytest

import harness
import nnport
from harness import randn

CAST = 'F.cast(mask, "float32")'


def _model(params: str, body: str, init: str = "pass") -> str:
    ind = "\n" + " " * 8
    return (f"import torch\nimport torch.nn as nn\n\n\nclass Model(nn.Module):\n    def __init__(self):\n"
            f"        super().__init__()\n        {ind.join(init.split(';'))}\n\n    def forward(self, {params}):\n"
            f"        {ind.join(body.split(';'))}\n")


def _mask(*shape, seed=0) -> np.ndarray:
    m = np.random.default_rng(seed).random(shape) < 0.6
    m[..., 0] = True
    return m


@pytest.mark.parametrize("body", [
    # the masked mean of tensor_ops: bool sums divided (PyTorch: int64, promoted)
    "m = mask.unsqueeze(1);h = x.masked_fill(~m, 0.0);return h.sum(-1) / m.sum(-1).clamp(min=1)",
    "return torch.where(mask.unsqueeze(1), x, torch.zeros_like(x)) * 2.0",
    "return x.masked_fill(torch.logical_and(mask.view(2, 1, 6), x > 0), -1.0)",
    "return x.masked_fill(mask.view(2, 1, 6) & (x > 0), -1.0) + ((x < 0) | ~mask.unsqueeze(1)).float()",
    "keep = ~mask;return x * keep.unsqueeze(1).float() + keep.sum(-1, keepdim=True).unsqueeze(1) / 6",
])
def test_a_mask_argument_is_cast_and_exact(body):
    src = _model("x, mask", body)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert conv.code.count(CAST) == 1, conv.code
    harness.check_target(src, inputs=[randn(2, 3, 6), _mask(2, 6)], to="mxnet")


def test_the_cast_comes_first_after_the_docstring_and_comments():
    src = _model("x, mask", '"""Doc."""; # a comment;return torch.where(mask, x, -x)')
    code = nnport.convert(src, to="mxnet", source="torch").code
    body = code[code.index('"""Doc."""'):]
    assert body.index("# a comment") < body.index(CAST) < body.index("return"), code


@pytest.mark.parametrize("body", [
    "return x * 2.0",                                   # no mask
    "return torch.where(x > 0, x, -x)",                 # a comparison: 1/0 floats already
    "return x.masked_fill(x.abs() > mask, 0.0)",        # mask compared, not used as one
])
def test_no_cast_without_a_mask_argument(body):
    code = nnport.convert(_model("x, mask", body), to="mxnet", source="torch").code
    assert "F.cast(" not in code and "nd.cast(" not in code, code


_ATTN = "self.attn = nn.MultiheadAttention(8, 2, batch_first=True)"


def test_a_mask_only_for_attention_stays_bool():
    """The attention helper reads a bool mask as True = masked, a float one as additive."""
    src = _model("x, mask", "h, _ = self.attn(x, x, x, key_padding_mask=mask);return h", init=_ATTN)
    code = nnport.convert(src, to="mxnet", source="torch").code
    assert "F.cast(" not in code[code.index("class Model"):], code
    harness.check_target(src, inputs=[randn(2, 5, 8), ~_mask(2, 5)], to="mxnet")


def test_a_mask_for_attention_and_arithmetic_reaches_attention_as_bool():
    src = _model("x, mask", "h, _ = self.attn(x, x, x, key_padding_mask=mask);keep = ~mask.unsqueeze(-1);"
                            "h = h.masked_fill(~keep, 0.0);return h.sum(1) / keep.sum(1)", init=_ATTN)
    code = nnport.convert(src, to="mxnet", source="torch").code
    assert CAST in code and 'self.attn(x, x, x, F.cast(mask, "bool"))' in code, code
    harness.check_target(src, inputs=[randn(2, 5, 8), ~_mask(2, 5)], to="mxnet")


def test_a_helper_method_casts_its_own_mask():
    src = _model("x, mask", "return self.pool(x, mask);\n    def pool(self, h, m):\n"
                            "        return h.masked_fill(~m.unsqueeze(1), 0.0).sum(-1) / m.sum(-1, keepdim=True)")
    code = nnport.convert(src, to="mxnet", source="torch").code
    assert code.count('F.cast(m, "float32")') == 1 and CAST not in code, code
    harness.check_target(src, inputs=[randn(2, 3, 6), _mask(2, 6)], to="mxnet")


def test_a_cast_mask_written_into_stays_float():
    """index_update reads a float key as a mask too (and refuses none): it gets the cast mask as it is."""
    src = _model("x, mask", "x = x.clone();x[mask] = 0.0;return x * 2 + (~mask).float()")
    code = nnport.convert(src, to="mxnet", source="torch").code
    assert CAST.replace("F.", "nd.") in code and '"bool")' not in code[code.index("class Model"):], code
    harness.check_target(src, inputs=[randn(2, 6), _mask(2, 6)], to="mxnet")
