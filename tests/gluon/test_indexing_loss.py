"""The Gluon indexing and loss translations on real Gluon, beyond tests/frameworks_mxnet: which stay
HybridBlocks (their helpers need no shapes), which are imperative and why, boolean-mask subscripts
(an NDArray reads a mask as integer indices), and what is left as a diagnostic."""
import numpy as np
import pytest

import harness
import nnport
from harness import expr_case, layer_case, randn

X, Y = randn(2, 3, 4), randn(2, 3, 4, seed=1)
IDX = np.stack([np.random.default_rng(s).permutation(4) for s in range(6)]).reshape(2, 3, 4)
LOGITS = randn(6, 4)
LABELS = np.array([0, 3, 1, 2, 2, 1], dtype=np.int64)


@pytest.fixture(autouse=True)
def mxnet_target(monkeypatch):
    monkeypatch.setattr(harness, "TARGET", "mxnet")   # a full reduction's (1,) stands for PyTorch's 0-d


def _convert(src: str):
    return nnport.convert(src, to="mxnet", source="torch")


@pytest.mark.parametrize("expr", [
    "x.gather(2, i)", "torch.scatter(x, 2, i[:, :2, :], y)", "x.scatter_add(1, i % 3, y)",
    "x.scatter_reduce(2, i, y, 'amax', include_self=False)", "x.index_add(1, i[0, 0, :3] % 3, y)",
    "torch.where(x > 0, x, y[:1])", "x.masked_fill(y > 0, 2.0)", "x.index_put((i[0, 0, :2] % 2,), y[0, :1])",
])
def test_indexing_hybridizes(expr):
    """A HybridBlock (no imperative note), equal to PyTorch before and after hybridize()."""
    src = expr_case(expr, "x, y, i")
    conv = _convert(src)
    assert "gluon.HybridBlock" in conv.code and not conv.diagnostics, conv.code
    harness.check_target(src, inputs=[X, Y, IDX], to="mxnet")


@pytest.mark.parametrize("ctor", ["nn.CrossEntropyLoss(label_smoothing=0.1)", "nn.NLLLoss(reduction='sum')",
                                  "nn.MSELoss()"])
def test_loss_module_hybridizes(ctor):
    """nn.CrossEntropyLoss(...) -> CrossEntropyLoss(...), a support LossBlock (a HybridBlock)."""
    src = layer_case(ctor, "x, y")
    conv = _convert(src)
    name = ctor.split("(")[0].split(".")[1]
    assert f"= {name}(" in conv.code and f"class {name}(LossBlock)" in conv.code and not conv.diagnostics, conv.code
    y = LABELS if "MSE" not in ctor else randn(6, 4, seed=3)
    harness.check_target(src, inputs=[LOGITS, y], to="mxnet")


@pytest.mark.parametrize("expr", ["x[x > 0] * 2", "y[(x > 0)] + 1", "x[x > y]"])
def test_mask_subscript_selects_rows(expr):
    """x[mask] reads the True elements (an imperative Block: the shape depends on the data)."""
    src = expr_case(expr, "x, y")
    conv = _convert(src)
    assert "masked_rows(" in conv.code and "gluon.Block" in conv.code, conv.code
    harness.check_target(src, inputs=[X, Y], to="mxnet")


def test_mask_assignment_of_the_same_selection():
    """x[m] = y[m] * 2 + y[m] is where(m, y * 2 + y, x): no data-dependent value."""
    src = expr_case("x", "x, y").replace("return x", "m = x > 0.5\n        x[m] = y[m] * 2 + y[m]\n        return x")
    conv = _convert(src)
    assert "rows=False" in conv.code, conv.code
    harness.check_target(src, inputs=[X, Y], to="mxnet")


@pytest.mark.parametrize("expr, message", [
    ("x.gather(n, i)", "non-literal dim"), ("F.one_hot(i)", "num_classes"),
    ("x.scatter(2, i, y, reduce='max')", "reduce="), ("x.index_fill(1, i, y)", "array value"),
])
def test_unsupported(expr, message):
    conv = _convert(expr_case(expr, "x, y, i, n"))
    assert any(message in d.message for d in conv.diagnostics), [d.message for d in conv.diagnostics]


def test_every_loss_module_has_its_block():
    """Each PyTorch loss module the tables read has a support/loss.py block of its name."""
    from nnport.frameworks.mxnet.support import SUPPORT
    from nnport.frameworks.torch.layers.loss import SIGNATURES
    assert sorted(set(SIGNATURES) - set(SUPPORT.definitions("loss"))) == []


def test_class_weights_are_constants_of_the_block():
    """weight= of nn.CrossEntropyLoss is computed by the translated constructor (a graph constant that
    the transfer leaves alone); the numbers hybridized equal PyTorch's."""
    src = layer_case("nn.CrossEntropyLoss(weight=torch.ones(4) * 2, reduction='none')", "x, y")
    conv = _convert(src)
    assert "self.params.get_constant" in conv.code and not conv.diagnostics, conv.code
    harness.check_target(src, inputs=[LOGITS, LABELS], to="mxnet")
