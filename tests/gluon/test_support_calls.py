"""reading/support_calls.py and reading/helpers.py: a Gluon file holding copies of the Gluon writer's
support definitions (mxnet/support/*.py, as nnport writes them) is read back to the PyTorch API each
stands for, the copies dropped; run by real Gluon 1.9.1 (the helper itself) and by the PyTorch
translation on the same weights and inputs, outputs (and BatchNorm's running statistics) compared
(runs in .venv-mxnet)."""
from __future__ import annotations

import pytest

import nnport
from corpus.gluon_to_torch import TOL, run_code
from test_ops_more import INPUTS
from nnport.frameworks.mxnet.support import SUPPORT

HEAD = "import math\nimport mxnet as mx\nimport numpy as np\nfrom mxnet import autograd, gluon, nd\nfrom mxnet.gluon import nn, rnn\n\n\n"
MODEL = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(4, 3, padding=1, in_channels=3)
        self.block = {block}

    def hybrid_forward(self, F, x):
        x = self.conv(x)
        return {body}


''' + INPUTS



def definitions(module: str, *names: str) -> str:
    """The support definitions `names` (and those they use, first) as the writer copies them."""
    defs, out = SUPPORT.definitions(module), []
    for name in names:
        for d in (*SUPPORT.uses(module, name), name):
            if defs[d] not in out:
                out.append(defs[d])
    return "\n\n".join(out) + "\n\n"


# helper -> (support module, block made in __init__, forward's result, PyTorch text expected)
CASES = {
    "BatchNorm": ("norm", "BatchNorm(momentum=0.8, in_channels=4)", "self.block(x)", "nn.BatchNorm2d(4, momentum=0.2"),
    # a BatchNorm called twice per forward (its statistics updated in call order, as PyTorch does)
    "CallOrderBatchNorm": ("norm", "CallOrderBatchNorm(momentum=0.8, in_channels=4)",
                           "self.block(x) + self.block(x * 2.0)", "nn.BatchNorm2d(4, momentum=0.2"),
    "TrackedInstanceNorm": ("norm", "TrackedInstanceNorm(momentum=0.7, center=False, scale=False, in_channels=4)",
                            "self.block(x)", "nn.InstanceNorm2d(4, momentum=0.3, track_running_stats=True)"),
    "TrackedInstanceNorm_affine": ("norm", "TrackedInstanceNorm(in_channels=4)", "self.block(x)",
                                   "nn.InstanceNorm2d(4, affine=True, track_running_stats=True)"),
    "LayerNorm": ("norm", "LayerNorm((8, 8), eps=1e-4)", "self.block(x)", "nn.LayerNorm((8, 8), eps=1e-4)"),
    "LayerNorm_no_bias": ("norm", "LayerNorm(8, center=False)", "self.block(x)", "bias=False"),
    "RMSNormalization": ("norm", "RMSNormalization(8)", "self.block(x)", "nn.RMSNorm(8)"),
    "GroupNorm": ("norm", "GroupNorm(2, 4)", "self.block(x)", "nn.GroupNorm(2, 4)"),
    "LocalResponseNorm": ("norm", "LocalResponseNorm(3, alpha=0.01)", "self.block(x)", "nn.LocalResponseNorm(3"),
    # rate 0: the masks of two frameworks' generators differ (a rate > 0 is compared in eval only)
    "AlphaDropout": ("norm", "AlphaDropout(0.0)", "self.block(x)", "nn.AlphaDropout(0.0)"),
    "FeatureAlphaDropout": ("norm", "AlphaDropout(0.0, per_channel=True)", "self.block(x)", "nn.FeatureAlphaDropout(0.0)"),
    "hybrid_sequential": ("containers", "hybrid_sequential(nn.Dense(5, flatten=False, in_units=8), "
                          "nn.Dense(3, flatten=False, in_units=5))", "self.block(x)", "nn.Sequential("),
    "silu": ("activation", "None", "silu(F, x)", "F.silu(x)"),
    "mish": ("activation", "None", "mish(F, x)", "F.mish(x)"),
    "hardswish": ("activation", "None", "hardswish(F, x)", "F.hardswish(x)"),
    "gelu_tanh": ("activation", "None", "gelu_tanh(F, x)", "approximate='tanh'"),
    "softplus": ("activation", "None", "softplus(F, x, beta=2.0, threshold=1.0)", "F.softplus(x, beta=2.0"),
    "tanhshrink": ("activation", "None", "tanhshrink(F, x)", "F.tanhshrink(x)"),
    "hardshrink": ("activation", "None", "hardshrink(F, x, 0.3)", "F.hardshrink(x, 0.3)"),
    "softshrink": ("activation", "None", "softshrink(F, x)", "F.softshrink(x)"),
    "glu": ("activation", "None", "glu(F, x, axis=1)", "F.glu(x, dim=1)"),
    "matmul": ("linalg", "None", "matmul(F, x, F.swapaxes(x, 2, 3))", "x @ x.transpose(2, 3)"),
    "layer_norm": ("norm", "None", "layer_norm(F, x, (8, 8), eps=1e-3)", "F.layer_norm(x, (8, 8)"),
    "rms_norm": ("norm", "None", "rms_norm(F, x, 8)", "F.rms_norm(x, (8,))"),
    "group_norm": ("norm", "None", "group_norm(F, x, 2)", "F.group_norm(x, 2)"),
    "einsum": ("linalg", "None", "einsum(F, 'nchw,nchv->nwv', x, x)", "torch.einsum('nchw,nchv->nwv', x, x)"),
    "expand": ("shape", "None", "expand(F, F.slice_axis(x, axis=1, begin=0, end=1), (-1, 3, -1, -1))",
               ".expand((-1, 3, -1, -1))"),
    "expand_as": ("shape", "None", "expand_as(F, F.slice_axis(x, axis=1, begin=0, end=1), x)", ".expand_as(x)"),
    "tril": ("shape", "None", "tril(F, x, -1)", "x.tril(-1)"),
    "triu": ("shape", "None", "triu(F, x)", "x.triu()"),
    "pad": ("spatial", "None", "pad(F, x, [1, 2, 0, 1], mode='reflect')", "F.pad(x, [1, 2, 0, 1], mode='reflect'"),
    "channel_shuffle": ("spatial", "None", "channel_shuffle(F, x, 2)", "channel_shuffle(x, 2)"),
    "vector_norm": ("reduction", "None", "vector_norm(F, x, 2, axis=(2, 3))", "vector_norm(x, 2, dim=(2, 3))"),
    "cosine_similarity": ("reduction", "None", "cosine_similarity(F, x, x * 2 + 1)", "F.cosine_similarity(x, x * 2 + 1)"),
    "logsumexp": ("reduction", "None", "logsumexp(F, x, axis=1, keepdims=True)", "x.logsumexp(dim=1, keepdim=True)"),
    "where": ("indexing", "None", "where(F, x > 0, x, F.zeros_like(x))", "torch.where(x > 0, x, torch.zeros_like(x))"),
}


def _code(name: str) -> str:
    module, block, body, _ = CASES[name]
    helper = {"FeatureAlphaDropout": "AlphaDropout"}.get(name, name.split("_no_")[0].split("_affine")[0])
    return HEAD + definitions(module, helper) + MODEL.format(block=block, body=body)


@pytest.mark.parametrize("name", sorted(CASES))
def test_helper_read_back_is_the_pytorch_api_and_equal(name):
    code = _code(name)
    conv = nnport.convert(code, source="mxnet", to="torch")
    helper = {"FeatureAlphaDropout": "AlphaDropout"}.get(name, name.split("_no_")[0].split("_affine")[0])
    assert f"def {helper}" not in conv.code and f"class {helper}" not in conv.code, conv.code
    assert "hybrid_forward" not in conv.code and CASES[name][3] in conv.code, conv.code
    r = run_code(code, name)
    assert r["eval_err"] <= TOL and r["train_err"] <= TOL
    if name in ("BatchNorm", "CallOrderBatchNorm", "TrackedInstanceNorm"):
        assert r["states"] == 2   # running mean and variance compared after a training step


def test_run_recurrent_is_pytorchs_call():
    """run_recurrent(F, self.lstm, x, states): PyTorch's own call, (output, (h, c)) unwrapped as is."""
    code = HEAD + definitions("recurrent", "run_recurrent") + '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.lstm = rnn.LSTM(6, num_layers=2, input_size=4, layout='NTC')

    def hybrid_forward(self, F, x, h0, c0):
        out, (h, c) = run_recurrent(F, self.lstm, x, (h0, c0))
        return out, h, c


def get_init_inputs():
    return []


def get_inputs():
    return [np.random.randn(2, 5, 4).astype(np.float32), np.random.randn(2, 2, 6).astype(np.float32),
            np.random.randn(2, 2, 6).astype(np.float32)]
'''
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "out, (h, c) = self.lstm(x, (h0, c0))" in conv.code and "run_recurrent" not in conv.code, conv.code
    r = run_code(code, "run_recurrent")
    assert r["eval_err"] <= TOL


def test_padded_normal_is_padding_idx():
    code = HEAD + definitions("seq", "PaddedNormal") + '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.block = nn.Embedding(10, 4, weight_initializer=PaddedNormal(0))

    def hybrid_forward(self, F, ids):
        return self.block(ids)


def get_init_inputs():
    return []


def get_inputs():
    return [np.array([[0, 3, 9], [2, 0, 1]], dtype=np.int64)]
'''
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "nn.Embedding(10, 4, padding_idx=0)" in conv.code and "PaddedNormal" not in conv.code, conv.code
    r = run_code(code, "padded_normal")
    assert r["eval_err"] <= TOL


def test_an_edited_copy_is_user_code():
    """A definition of a helper's name that is not nnport's (edited) stays, read as the user's code."""
    code = _code("silu").replace("return x * F.sigmoid(x)", "return x * F.sigmoid(x * 2)")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "def silu(x):" in conv.code and "sigmoid(x * 2)" in conv.code and "F.silu" not in conv.code, conv.code


def test_a_helper_passed_as_a_value_is_kept():
    code = _code("mish").replace("self.block = None", "self.block = [mish]")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "def mish(" in conv.code


@pytest.mark.parametrize("name", ["mish", "gelu_tanh", "hardswish", "softshrink"])
def test_hybrid_lambda_of_a_helper_is_its_module(name):
    module = "activation"
    code = HEAD + definitions(module, name) + MODEL.format(block=f"nn.HybridLambda({name})", body="self.block(x)")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert f"def {name}" not in conv.code and "HybridLambda" not in conv.code, conv.code
    r = run_code(code, f"lambda_{name}")
    assert r["eval_err"] <= TOL


def test_dropout_of_shared_spatial_axes_is_dropout2d():
    """The writer's nn.Dropout2d: Gluon's Dropout(axes=(2, 3)) (eval: identity; train at rate 0; the masks
    of two generators differ)."""
    code = HEAD + MODEL.format(block="nn.Dropout(0.0, axes=(2, 3))", body="self.block(x)")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "nn.Dropout2d(0.0)" in conv.code, conv.code
    r = run_code(code, "dropout2d")
    assert r["eval_err"] <= TOL and r["train_err"] <= TOL
    conv = nnport.convert(HEAD + MODEL.format(block="nn.Dropout(0.5, axes=(1,))", body="self.block(x)"),
                          source="mxnet", to="torch")
    assert any("every spatial axis" in d.message for d in conv.issues)


def test_hybrid_lambda_called_at_once_is_its_expression():
    code = HEAD + MODEL.format(block="None", body="nn.HybridLambda(lambda F, x: F.relu(x) * 2)(x * 3)")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "return F.relu((x * 3)) * 2" in conv.code, conv.code
    assert run_code(code, "lambda_inline")["eval_err"] <= TOL


@pytest.mark.parametrize("lo, hi, want", [(0, 6, "nn.ReLU6()"), (-0.5, 2.0, "nn.Hardtanh(min_val=-0.5, max_val=2.0)")])
def test_hybrid_lambda_of_a_clip_is_relu6_or_hardtanh(lo, hi, want):
    code = HEAD + MODEL.format(block=f"nn.HybridLambda(lambda F, x: F.clip(x, {lo}, {hi}))", body="self.block(x)")
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert want in conv.code, conv.code
    assert run_code(code, f"clip_{hi}")["eval_err"] <= TOL


def test_hybrid_lambda_identity_and_refused():
    conv = nnport.convert(HEAD + MODEL.format(block="nn.HybridLambda('identity')", body="self.block(x)"),
                          source="mxnet", to="torch")
    assert "nn.Identity()" in conv.code and not conv.issues
    conv = nnport.convert(HEAD + MODEL.format(block="nn.HybridLambda(lambda F, x: F.relu(x))", body="self.block(x)"),
                          source="mxnet", to="torch")
    assert any("no lambda module" in d.message for d in conv.issues)
