"""Activation modules (nn.ReLU6 ... nn.PReLU): module forms against PyTorch, options covered."""
import pytest

import nnport
from harness import build, check, forward, layer_case, randn

X = (3, 4, 6)


@pytest.mark.parametrize("ctor", [
    "nn.ReLU6()", "nn.ReLU6(inplace=True)", "nn.LeakyReLU()", "nn.LeakyReLU(0.2)",
    "nn.LeakyReLU(negative_slope=0.3, inplace=True)", "nn.GELU()", "nn.GELU(approximate='tanh')",
    "nn.SiLU()", "nn.Mish()", "nn.ELU()", "nn.ELU(alpha=0.5)", "nn.CELU()", "nn.CELU(2.0)", "nn.SELU()",
    "nn.Softplus()", "nn.Softplus(beta=2.0)", "nn.Softplus(beta=0.5, threshold=1.0)",
    "nn.Softplus(threshold=0.5)", "nn.Softsign()", "nn.Hardtanh()", "nn.Hardtanh(-2.0, 0.5)",
    "nn.Hardtanh(min_value=-0.5, max_value=0.7)", "nn.Hardswish()", "nn.Hardsigmoid()", "nn.Sigmoid()",
    "nn.LogSigmoid()", "nn.Tanh()", "nn.Tanhshrink()", "nn.Threshold(0.1, 20.0)",
    "nn.Threshold(-0.5, -1.0, inplace=True)", "nn.Hardshrink()", "nn.Hardshrink(lambd=1.0)",
    "nn.Softshrink()", "nn.Softshrink(0.8)", "nn.GLU()", "nn.GLU(dim=1)", "nn.Softmax(dim=1)",
    "nn.Softmax(-1)", "nn.LogSoftmax(dim=0)", "nn.LogSoftmax(2)", "nn.Softmin(dim=1)", "nn.Softmax2d()",
    "nn.PReLU()", "nn.PReLU(4, init=0.1)",
    "nn.Sequential(nn.Linear(6, 6), nn.GELU(), nn.Linear(6, 5), nn.Softplus(beta=2, threshold=3))",
])
def test_activation(ctor):
    x = randn(*X) * 3
    check(layer_case(ctor), inputs=[x])


@pytest.mark.parametrize("ctor, shape", [
    ("nn.PReLU(3)", (2, 3, 5, 5)),
    ("nn.PReLU(3)", (2, 3)),
    ("nn.Sequential(nn.Conv2d(2, 3, 3), nn.PReLU(3), nn.Conv2d(3, 2, 1))", (2, 2, 6, 6)),  # channels last
    ("nn.Sequential(nn.Conv2d(2, 4, 1), nn.LeakyReLU(0.1), nn.Hardtanh(-0.2, 0.3), nn.Mish())", (2, 2, 4, 4)),
])
def test_activation_layouts(ctor, shape):
    import torch
    x = randn(*shape)
    tm, fm, _ = build(layer_case(ctor), inputs=[x])   # (a Keras model is built on x)
    with torch.no_grad():   # distinct per-channel slopes, so a wrong channel axis shows
        for m in tm.modules():
            if isinstance(m, torch.nn.PReLU):
                m.weight.copy_(torch.linspace(-0.5, 0.9, m.weight.numel()))
    nnport.transfer_weights(tm, fm)
    import numpy as np
    np.testing.assert_allclose(tm(torch.from_numpy(x)).detach().numpy(), np.asarray(forward(fm, [x], False)), rtol=1e-5,
                               atol=1e-6)
    check(layer_case(ctor), inputs=[x])


@pytest.mark.target("flax")
@pytest.mark.parametrize("ctor", ["nn.Softmax()", "nn.LogSoftmax()", "nn.Softmin()"])
def test_unsupported(ctor):
    conv = nnport.convert(layer_case(ctor), to="flax", source="torch")
    assert any("without dim" in d.message for d in conv.issues), [d.message for d in conv.issues]
