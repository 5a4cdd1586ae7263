"""Gluon -> PyTorch (Gluon as a source), on real Gluon 1.9.1 and PyTorch (runs in .venv-mxnet).

- The corpus (tests/corpus/gluon/*.py, written for this: hybrid_forward and forward styles,
  name_scope, params.get, Sequential .add, deferred sizes, recurrent layouts...): each model
  converted, both built, the Gluon weights copied (nnport.transfer_weights), outputs compared in
  inference (perturbed weights, then hybridized) and in training mode with dropout at 0, and every
  BatchNorm's running statistics after that training step (corpus/gluon_to_torch.run).
- The rewrites of prepare.py as before/after code, lazy modules where no run records a size, and
  what is refused with a diagnostic rather than translated wrongly.
"""
from __future__ import annotations

import inspect

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed (tests/conftest.py)
import torch
from mxnet import gluon

import nnport
from corpus import gluon_to_torch as corpus
from corpus.runner import cases

KNOWN = corpus.KNOWN_FAILURES


@pytest.mark.parametrize("name", cases(KNOWN, corpus.names()))
def test_corpus_model_equal(name):
    r = corpus.run(name)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


# models that need a recorded run (no lazy PyTorch module can stand in), with what they need
NEED_A_RUN = {"bn_dropout_mlp": "BatchNorm", "conv3d_volume": "BatchNorm", "deferred_units": "BatchNorm",
              "depthwise_mobile": "BatchNorm", "group_norm_cnn": "GroupNorm", "gru_tnc": "input_size",
              "methods_norms": "InstanceNorm", "resnet_basic": "BatchNorm", "unet_small": "BatchNorm",
              "vgg_small": "BatchNorm", "deferred_param": "shape is deferred"}


@pytest.mark.parametrize("name", corpus.names())
def test_corpus_without_a_run_is_equal_or_refused(name, monkeypatch):
    """NNPORT_RECORD_SHAPES=0 (as where mxnet is missing): lazy modules where a size is deferred; a
    model is then translated and equal, or refused with a diagnostic naming what needs the size."""
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    if name in NEED_A_RUN:
        conv = nnport.convert((corpus.GLUON_DIR / f"{name}.py").read_text(), source="mxnet", to="torch")
        assert any(NEED_A_RUN[name] in d.message for d in conv.issues), [d.message for d in conv.issues]
    else:
        r = corpus.run(name)
        assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


def test_corpus_is_large_enough():
    assert len(corpus.names()) >= 20


def test_batch_norm_states_are_compared():
    """The training-mode comparison reaches the running statistics (Gluon updates them in backward)."""
    r = corpus.run("bn_dropout_mlp")
    assert r["states"] == 4


def _convert(code: str, **env):
    return nnport.convert(code, source="mxnet", to="torch")


HEAD = "import mxnet as mx\nfrom mxnet import gluon, nd\nfrom mxnet.gluon import nn, rnn\n\n\n"


def test_hybrid_forward_parameters_name_scope_and_add():
    conv = _convert(HEAD + '''class Net(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Net, self).__init__(**kwargs)
        with self.name_scope():
            self.body = nn.HybridSequential(prefix="body_")
            self.body.add(nn.Dense(4, in_units=3, flatten=False), nn.Dense(2, in_units=4, flatten=False))
            self.scale = self.params.get("scale", shape=(2,), init=mx.init.One())

    def hybrid_forward(self, F, x, scale):
        return F.broadcast_mul(self.body(x), scale)
''')
    assert "self.body = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))" in conv.code
    assert "self.scale = nn.Parameter(torch.ones((2,)))" in conv.code
    assert "def forward(self, x):" in conv.code
    assert "return self.body(x) * self.scale" in conv.code
    assert "name_scope" not in conv.code and "mxnet" not in conv.code


def test_dense_flattens_and_activation_follows():
    conv = _convert(HEAD + '''class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(5, activation="relu", in_units=12)
        self.seq = nn.HybridSequential()
        self.seq.add(nn.Dense(3, activation="tanh", in_units=5))

    def hybrid_forward(self, F, x):
        return self.seq(self.fc(x))
''')
    assert "F.relu(self.fc(torch.flatten(x, 1)))" in conv.code
    assert "nn.Sequential(nn.Flatten(), nn.Linear(5, 3), nn.Tanh())" in conv.code


def test_loop_adds_become_appends():
    conv = _convert(HEAD + '''class Net(gluon.HybridBlock):
    def __init__(self, n=3):
        super().__init__()
        self.layers = nn.HybridSequential()
        for i in range(n):
            self.layers.add(nn.Dense(4, in_units=4, flatten=False))

    def hybrid_forward(self, F, x):
        return self.layers(x)
''')
    assert "self.layers.append(nn.Linear(4, 4))" in conv.code


def test_unrecorded_sizes_become_lazy_modules(monkeypatch):
    """No run (NNPORT_RECORD_SHAPES=0): a deferred in_units is nn.LazyLinear, sized by its first call,
    and the weights still transfer and agree."""
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    code = HEAD + '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(6, activation="tanh", flatten=False)
        self.fc2 = nn.Dense(2, flatten=False)

    def hybrid_forward(self, F, x):
        return self.fc2(self.fc1(x))
'''
    conv = _convert(code)
    assert "nn.LazyLinear(6)" in conv.code
    assert any("lazy module" in d.message for d in conv.diagnostics)
    ns, tns = {}, {}
    exec(compile(code, "<gluon>", "exec"), ns)   # noqa: S102
    exec(compile(conv.code, "<torch>", "exec"), tns)   # noqa: S102
    g, t = ns["Model"](), tns["Model"]()
    g.initialize(mx.init.Xavier())
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    nnport.transfer_weights(g, t, example_inputs=[x])
    t.eval()
    with torch.no_grad():
        got = t(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, g(mx.nd.array(x)).asnumpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("construction, why", [
    ("nn.Conv2D(4, 3, layout='NHWC', in_channels=2)", "layout='NHWC'"),
    ("nn.BatchNorm(use_global_stats=True, in_channels=4)", "use_global_stats=True"),
    ("nn.BatchNorm(axis=-1, in_channels=4)", "axis != 1"),
    ("nn.Dense(4, dtype='float16', in_units=2)", "dtype='float16'"),
    ("nn.Dropout(0.5, axes=(1,))", "axes="),
    ("nn.Swish(beta=2.0)", "beta != 1"),
    ("nn.Activation('softmax')", "Activation('softmax')"),
])
def test_refused_with_a_diagnostic(construction, why):
    conv = _convert(HEAD + f'''class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.layer = {construction}

    def hybrid_forward(self, F, x):
        return self.layer(x)
''')
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.diagnostics]


def test_recurrent_with_keywords_is_refused():
    conv = _convert(HEAD + '''class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.lstm = rnn.LSTM(4, input_size=3)

    def hybrid_forward(self, F, x, h, c):
        return self.lstm(x, states=[h, c])
''')
    assert any("keywords" in d.message for d in conv.issues)


def test_reshape_codes():
    from nnport.frameworks.mxnet.reading.ops import reshape_sizes
    import libcst as cst
    x = cst.Name("x")
    assert reshape_sizes(x, [0, -1]) == "(x.shape[0], -1)"
    assert reshape_sizes(x, [-3, 0]) == "(x.shape[0] * x.shape[1], x.shape[2])"
    assert reshape_sizes(x, [0, -4, 2, -1, -2]) == "(x.shape[0], 2, x.shape[1] // 2, *x.shape[2:])"
    assert reshape_sizes(x, [2, -1]) == "(2, -1)"
    for codes in ([0, -1], [-3, 0], [0, -4, 2, -1, -2], [-1, 0], [0, 2, -1]):
        a = mx.nd.arange(24).reshape((2, 4, 3))
        want = a.reshape(tuple(codes)).shape
        got = eval(reshape_sizes(x, codes), {"x": torch.arange(24).reshape(2, 4, 3)})   # noqa: S307
        assert torch.arange(24).reshape(got).shape == want


def test_transfer_maps_sequential_children_by_weights():
    """A PyTorch Sequential with extra weightless elements (nn.Flatten, activations) gets the Gluon
    Sequential's weights in order; the result names the Gluon parameters."""
    g = gluon.nn.HybridSequential()
    g.add(gluon.nn.Dense(3, activation="relu", in_units=8), gluon.nn.Dense(2, in_units=3))
    g.initialize()
    t = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(8, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    written = nnport.transfer_weights(g, t)
    assert written["1.weight"] == "0.weight" and written["3.bias"] == "1.bias"
    np.testing.assert_array_equal(t[3].weight.detach().numpy(), g[1].weight.data().asnumpy())


# reader entries whose signature is the documented one, not the declared one (with the reason)
DOCUMENTED = {
    "mxnet.ndarray.concat": "declared (*data, **kwargs): dim= is read from kwargs",
    "mxnet.ndarray.stack": "declared (*data, **kwargs): axis= is read from kwargs",
    "mxnet.gluon.nn.LayerNorm": "takes **kwargs here for the recorded shape (reading/recorded.py)",
    "mxnet.gluon.nn.GroupNorm": "takes **kwargs here for the recorded shape (reading/recorded.py)",
    "mxnet.gluon.nn.HybridLambda": "takes **kwargs here for the recorded shape (reading/recorded.py)",
    "mxnet.gluon.contrib.nn.PixelShuffle2D": "takes **kwargs here for the recorded shape (reading/recorded.py)",
}


def _declared(api: str):
    from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
    import importlib
    import inspect
    if api.startswith("Tensor."):
        return None   # NDArray methods: (*args, **kwargs) passing on to the operator (methods.py)
    mod, _, name = api.rpartition(".")
    if mod == NAMESPACE and name.startswith("lambda_"):
        return None   # nn.HybridLambda(<helper>): a layer of no arguments (reading/helpers.py)
    if mod == NAMESPACE and name.startswith("init_"):   # p.init = mx.init.X(...): X's, the parameter first
        sig = inspect.signature(getattr(mx.init, name[len("init_"):]).__init__)
        return ["tensor"] + [("**" if p.kind is p.VAR_KEYWORD else "") + p.name for p in sig.parameters.values()
                             if p.name != "self" and p.kind is not p.VAR_KEYWORD]
    if mod == NAMESPACE:   # a support helper read back: its definition in mxnet/support/
        from nnport.frameworks.mxnet.support import SUPPORT
        found = [p.stem for p in SUPPORT.folder.glob("*.py") if name in SUPPORT.definitions(p.stem)]
        obj = getattr(importlib.import_module(f"nnport.frameworks.mxnet.support.{sorted(found)[0]}"), name)
    else:
        parts = mod.split(".")
        obj = importlib.import_module(parts[0])
        for p in [*parts[1:], name]:
            obj = getattr(obj, p)
    sig = inspect.signature(obj.__init__ if isinstance(obj, type) else obj)
    first = ["tensor"] if isinstance(obj, type) and issubclass(obj, mx.init.Initializer) else []   # NormalInit
    return first + [("*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else "") + p.name
                    for p in sig.parameters.values() if p.name not in ("self", "F")]


def _written(entry):
    from nnport.pivot.signature import Signature
    out = []
    for p in Signature.parse(entry.signature).params:
        kind = str(p.kind).lower()
        out.append(("*" if "var_positional" in kind else "**" if "var_keyword" in kind else "") + p.name)
    return out


def _training(api: str, real: list[str] | None) -> list[str] | None:
    """The signature a training reader entry (mxnet/reading/training.py) reads, from the real one: an
    optimizer is read as `X(params, <X's own>, <Optimizer.__init__'s>, _nnport_scheduled)` (its **kwargs
    are the base class's options; `_nnport_scheduled` marks a learning rate train_prepare.py moved to a
    schedule), a schedule as `X(optimizer, ...)` (PyTorch's form) and a loss object's call as one call
    `X(pred, label, <constructor>)` (hybrid_forward's pred, label first)."""
    if real is None:
        return None
    own = [p for p in real if not p.startswith("**")]
    if api.startswith("mxnet.optimizer."):
        base = [p for p in _declared("mxnet.optimizer.Optimizer") if not p.startswith("**")]
        return ["params", *own, *[p for p in base if p not in own], "_nnport_scheduled"]
    if api.startswith("mxnet.lr_scheduler."):
        return ["optimizer", *own]
    if api.startswith("mxnet.gluon.loss."):
        forward = inspect.signature(getattr(mx.gluon.loss, api.rpartition(".")[2]).hybrid_forward)
        return [p for p in forward.parameters if p in ("pred", "label")] + own
    return real


def test_reader_signatures_are_the_real_ones():
    from nnport import frameworks
    src = frameworks.source("mxnet")
    wrong = []
    for entry in [*src.layers, *src.functions]:
        real = _training(entry.api, _declared(entry.api))
        if real is not None and entry.api not in DOCUMENTED and real != _written(entry):
            wrong.append(f"{entry.api}: {real} != {_written(entry)}")
    assert not wrong, "\n".join(wrong)
