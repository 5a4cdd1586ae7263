"""Functional forms (torch/functions/nnf.py -> flax/functions/nnf.py): F.* activations, dropout,
normalize, linear, cosine_similarity, pairwise_distance, one_hot, against PyTorch."""
import numpy as np
import pytest

import nnport
import round_trip
from harness import body_case, build, check, expr_case, forward, randint, randn, target
from nnport import frameworks

X = (3, 4, 6)


@pytest.mark.parametrize("e", [
    "F.relu6(x)", "F.relu6(x, inplace=True)", "F.leaky_relu(x)", "F.leaky_relu(x, 0.2)",
    "F.leaky_relu(x, negative_slope=0.3)", "F.gelu(x)", "F.gelu(x, approximate='tanh')",
    "F.gelu(x, approximate='none')", "F.silu(x)", "F.mish(x)", "F.elu(x)", "F.elu(x, alpha=0.5)",
    "F.celu(x)", "F.celu(x, 2.0)", "F.selu(x)", "F.softplus(x)", "F.softplus(x, beta=2.0)",
    "F.softplus(x, threshold=1.0)", "F.softplus(x, 0.5, 3.0)", "F.softsign(x)", "F.hardtanh(x)",
    "F.hardtanh(x, -2.0, 0.5)", "F.hardtanh(x, min_val=-0.5, max_val=1.5)", "F.hardswish(x)",
    "F.hardsigmoid(x)", "F.sigmoid(x)", "F.tanh(x)", "F.logsigmoid(x)", "F.tanhshrink(x)",
    "F.tanhshrink(x) * 2", "F.threshold(x, 0.1, 20.0)", "F.threshold(x, -0.5, -1.0)", "F.hardshrink(x)",
    "F.hardshrink(x, lambd=1.0)", "F.softshrink(x)", "F.softshrink(x, 0.8) - 1", "F.glu(x)",
    "F.glu(x, dim=1)", "F.softmax(x, dim=1)", "F.softmax(x, -1)", "F.log_softmax(x, dim=0)",
    "F.log_softmax(x, 2)", "F.softmin(x, dim=1)", "F.softmin(x, 2) * 3",
    "F.elu_(x.clone(), 0.7)", "F.celu_(x.clone())", "F.selu_(x.clone())", "F.leaky_relu_(x.clone(), 0.1)",
    "F.hardtanh_(x.clone(), -0.5, 2.0)", "F.threshold_(x.clone(), 0.2, -3.0)", "torch.selu(x)",
    "torch.celu(x, alpha=1.5)", "torch.threshold(x, 0.5, 2.0)",
])
def test_activation_function(e):
    x = randn(*X) * 3   # spreads the values over every branch (thresholds, shrink bands, saturation)
    check(expr_case(e), inputs=[x])


# every F.* that writes its argument (F.elu_, or inplace=True), as a statement: its effect on the variable
_F = "torch.nn.functional."
IN_PLACE = [e.api[len(_F):] for e in frameworks.get("torch").functions if e.api.startswith(_F)
            and (e.api.endswith("_") or "inplace" in e.signature)]
ARGS = {"leaky_relu": "0.1", "elu": "0.7", "celu": "1.5", "hardtanh": "-0.5, 2.0", "threshold": "0.2, -3.0",
        "dropout": "0.5, False", "alpha_dropout": "0.5, False", "feature_alpha_dropout": "0.5, False",
        **{f"dropout{n}d": "0.5, False" for n in (1, 2, 3)}}


@pytest.mark.parametrize("name", IN_PLACE)
def test_in_place_function(name):
    args = ARGS.get(name.rstrip("_"), "")
    call = f"F.{name}(y, {args})" if name.endswith("_") else f"F.{name}(y, {args + ', ' if args else ''}inplace=True)"
    check(body_case(f"y = x.clone()\n{call}\nreturn y, x"), inputs=[randn(*X) * 3])


@pytest.mark.parametrize("e", ["F.prelu(x, w)", "torch.prelu(x, w) + 1"])
@pytest.mark.parametrize("wshape", [(1,), (4,)])
def test_prelu_function(e, wshape):
    check(expr_case(e, "x, w"), inputs=[randn(*X) * 3, np.abs(randn(*wshape, seed=1))])


@pytest.mark.parametrize("e", [
    "F.normalize(x)", "F.normalize(x, dim=-1)", "F.normalize(x, p=1, dim=2)", "F.normalize(x, 3.0, 0)",
    "F.normalize(x * 0, eps=0.5)", "F.normalize(x, eps=1e-3) + 1",
    "F.cosine_similarity(x, y)", "F.cosine_similarity(x, y, dim=-1)", "F.cosine_similarity(x, y, 2, 0.5)",
    "F.cosine_similarity(x, y[:1])", "F.cosine_similarity(x * 0, y)",
    "F.pairwise_distance(x, y)", "F.pairwise_distance(x, y, p=1.0)", "F.pairwise_distance(x, y, 3.0, 0.1)",
    "F.pairwise_distance(x, y, keepdim=True)", "torch.cosine_similarity(x, y, 0)",
    "torch.pairwise_distance(x, y, 1.0, 0.0, True)",
])
def test_normalize_distances(e):
    check(expr_case(e, "x, y"), inputs=[randn(*X), randn(*X, seed=1)])


@pytest.mark.parametrize("e, params, shapes", [
    ("F.linear(x, w, b)", "x, w, b", [(3, 5), (4, 5), (4,)]),
    ("F.linear(x, w)", "x, w", [(2, 3, 5), (4, 5)]),
    ("F.linear(x, w, bias=None)", "x, w", [(3, 5), (4, 5)]),
    ("F.linear(x + 1, weight=w, bias=b) * 2", "x, w, b", [(3, 5), (4, 5), (4,)]),
])
def test_linear(e, params, shapes):
    check(expr_case(e, params), inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)])


@pytest.mark.parametrize("e", ["F.one_hot(x, 6)", "F.one_hot(x, num_classes=7)", "F.one_hot(x)",
                               "F.one_hot(x, num_classes=3 + 4)"])   # a value, not a literal
def test_one_hot(e):
    check(expr_case(e), inputs=[randint(0, 5, 3, 4)])


@pytest.mark.parametrize("e", [
    "F.dropout(x, 0.3, training=self.training)", "F.dropout(x, p=0.5, training=False)",
    "F.dropout(x, 0.2, self.training, inplace=True) * 2", "F.dropout(x, training=self.training) + 1",
    "F.dropout2d(x, 0.4, self.training)", "F.dropout1d(x[:, :, :, 0], training=self.training)",
    "F.dropout3d(x[:, :, None], 0.5, self.training)", "F.dropout(x, 0.0)",
    "torch.dropout(x, 0.3, self.training)", "torch.dropout(x, 0.3, False)", "F.alpha_dropout(x, 0.3)",
    "F.alpha_dropout(x, 0.3, self.training)", "F.feature_alpha_dropout(x, 0.2, training=self.training)",
    "torch.alpha_dropout(x, 0.3, self.training)", "torch.feature_alpha_dropout(x, 0.3, False)",
])
def test_dropout_eval(e):
    """Eval mode (self.training False): identity on both sides, exactly."""
    check(expr_case(e), inputs=[randn(2, 4, 3, 5)])


@pytest.mark.parametrize("e, p, channel", [
    ("F.dropout(x, 0.3, training=self.training)", 0.3, False),
    ("F.dropout(x)", 0.5, False),                        # training=True by default, even in eval()
    ("F.dropout2d(x, 0.4, self.training)", 0.4, True),
])
def test_dropout_train(e, p, channel):
    """Train mode: the RNG streams of PyTorch and JAX differ, so only the semantics are checked: kept
    values are x / (1 - p), dropped ones 0, the dropped fraction is near p, and for dropout2d whole
    (sample, channel) planes are dropped together."""
    x = np.abs(randn(8, 16, 6, 6)) + 0.1
    _, fm, _ = build(expr_case(e), inputs=[x])
    y = np.asarray(forward(fm, [x], True))
    kept = y != 0
    np.testing.assert_allclose(y[kept], (x / (1 - p))[kept], rtol=1e-6)
    assert abs((1 - kept.mean()) - p) < 0.08
    if channel:
        planes = kept.reshape(8, 16, -1)
        assert (planes.all(-1) | ~planes.any(-1)).all()
    y2 = np.asarray(forward(fm, [x], True))
    assert (y2 != y).any()   # a fresh mask per call
    if target() == "flax":
        round_trip.check(expr_case(e), inputs=[x], train=True)   # PyTorch as the target: the same masks


@pytest.mark.parametrize("e, p, channel", [
    ("F.alpha_dropout(x, 0.3, True)", 0.3, False),
    ("F.feature_alpha_dropout(x, 0.4, training=self.training)", 0.4, True),
])
def test_alpha_dropout_train(e, p, channel):
    """Train mode (RNG streams differ): dropped units take a * (-alpha * scale...) + b, kept ones
    a * x + b, with PyTorch's constants; feature_alpha_dropout drops whole (sample, channel) planes."""
    alpha = 1.7580993408473766
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    b = alpha * a * p
    x = randn(8, 16, 6, 6)
    _, fm, _ = build(expr_case(e), inputs=[x])
    y = np.asarray(forward(fm, [x], True))
    dropped = np.isclose(y, -alpha * a + b, atol=1e-6)
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-6)
    assert abs(dropped.mean() - p) < 0.08
    if channel:
        planes = dropped.reshape(8, 16, -1)
        assert (planes.all(-1) | ~planes.any(-1)).all()
    if target() == "flax":
        round_trip.check(expr_case(e), inputs=[x], train=True)   # PyTorch as the target: the same masks


@pytest.mark.target("flax")
@pytest.mark.parametrize("e, why", [
    ("F.softmax(x)", "dim=None"),
    ("F.log_softmax(x)", "dim=None"),
    ("F.softmin(x)", "dim=None"),
    ("F.softmax(x, 1, dtype=torch.float64)", "dtype"),
    ("F.gelu(x, approximate=self.mode)", "approximate"),
    ("F.normalize(x, out=x)", "out="),
    ("F.dropout(x, 1.0)", "p=1.0"),
])
def test_unsupported(e, why):
    conv = nnport.convert(expr_case(e), to="flax", source="torch")
    assert any(why in d.message for d in conv.issues), [d.format() for d in conv.issues]
