"""Keras -> PyTorch for the subclassed models of the Keras corpus (the CST route).

Each model: the Keras file converted with `nnport.convert(code, source="keras", to="torch")`, both
models built from `get_init_inputs()`, the Keras weights copied into the PyTorch model
(nnport.transfer_weights: keras/source_transfer.py, after one call builds both), and the outputs of both on `get_inputs()`
compared in inference mode (Keras `training=False`, PyTorch `eval()`), tolerance 1e-5 relative.

Training mode too (`test_subclassed_model_train_equal`): after every dropout rate is set to 0 on
both sides (corpus/keras_to_torch.no_dropout: Keras Dropout layers, also inside MultiHeadAttention,
recurrent dropout; PyTorch `nn.Dropout*`, `nn.MultiheadAttention.dropout`), one forward with Keras
`training=True` and PyTorch `train()`; the outputs must agree and so must the state the forward
updated (Keras BatchNormalization moving_mean / moving_variance against the running_mean /
running_var of the module it became, KerasBatchNormNd: Keras' biased moving variance and momentum;
a user layer's non-trainable variables against the parameters they became). Compared in training
mode, and equal: 9 of the 10, every model not in RANDOM_IN_TRAINING (custom_layers_build, whose
RunningMean updates a non-trainable variable by assign(); gpt_causal, mlp_mixer_ops,
pointnet_tf_ops, rnn_states_subclassed, se_resnet_build, self_attention_raw_tf, tcn_causal,
vit_classifier). A model whose training forward still draws random numbers with the rates at 0
(vae_sampling) is in RANDOM_IN_TRAINING with the reason, and `test_excluded_models_are_random`
checks that it does (two Keras training calls, two seeds, differ).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.append(str(Path(__file__).parent / "corpus"))   # after site-packages: corpus/torch is no package

import keras_runner  # noqa: E402
from keras_to_torch import no_dropout  # noqa: E402
from corpus.runner import cases  # noqa: E402

SUBCLASSED = ["custom_layers_build", "gpt_causal", "mlp_mixer_ops", "pointnet_tf_ops", "rnn_states_subclassed",
              "se_resnet_build", "self_attention_raw_tf", "tcn_causal", "vae_sampling", "vit_classifier"]
# model -> why it is not equal yet (strict: a model that starts passing must leave this list)
KNOWN = {
}
# model -> why its training forward is not compared: random numbers drawn even with every dropout
# rate at 0 (Keras and PyTorch draw different ones)
RANDOM_IN_TRAINING = {
    "vae_sampling": "the reparameterisation samples epsilon with keras.random.normal in call()",
}
# model -> why it is not equal in training mode yet (strict xfails)
KNOWN_TRAIN = {
}

RTOL, ATOL = 1e-5, 1e-6


def _torch_inputs(inputs):
    import torch
    out = []
    for a in inputs:
        a = np.array(a, copy=True)
        out.append(torch.from_numpy(a.astype(np.int64) if a.dtype.kind in "iu" else a))
    return out


def _flat(out):
    if isinstance(out, dict):
        return [v for _, v in sorted(out.items()) for v in _flat(v)]
    if isinstance(out, (list, tuple)):
        return [v for o in out for v in _flat(o)]
    return [out]


def build_pair(name: str):
    """(Keras model, PyTorch model, inputs, conversion): the PyTorch translation of one corpus model
    with the Keras weights (both built)."""
    import torch
    from harness import load
    import nnport

    path = keras_runner.KERAS_DIR / f"{name}.py"
    conv = nnport.convert(path.read_text(), source="keras", to="torch", filename=str(path))
    module, kmodel, inputs = keras_runner.build(name)
    kmodel(*inputs, training=False)
    tmod = load(conv.code, f"ported_{name}")
    torch.manual_seed(0)
    tmodel = tmod.Model(*module.get_init_inputs())
    tmodel.eval()
    nnport.transfer_weights(kmodel, tmodel, example_inputs=inputs)   # builds lazy modules first
    return kmodel, tmodel, inputs, conv


def run_pair(name: str, training: bool = False):
    """(Keras outputs, PyTorch outputs, conversion) for one corpus model, on the same weights; with
    `training`, one training forward of each with every dropout rate at 0 (and the two models)."""
    import keras
    import torch
    kmodel, tmodel, inputs, conv = build_pair(name)
    if training:
        no_dropout(kmodel, tmodel)
        tmodel.train()
    expected = [np.asarray(t) for t in keras.tree.flatten(kmodel(*inputs, training=training))]
    with torch.no_grad():
        got = [t.detach().numpy() for t in _flat(tmodel(*_torch_inputs(inputs)))]
    return expected, got, conv, (kmodel, tmodel)


def moving_statistics(kmodel, tmodel):
    """[(what, Keras array, PyTorch array)]: each BatchNormalization's moving mean and variance and
    the running buffers of its PyTorch module, and each user layer's non-trainable variables and
    what they became (paired as the weight transfer pairs them)."""
    from nnport.frameworks.keras.source_transfer import keras_leaves, torch_leaves
    ks = keras_leaves(kmodel)
    out = []
    for (kk, k), (_, t) in zip(ks, torch_leaves(tmodel, ks)):
        if kk == "BatchNormalization":
            out += [(f"{k.path}.moving_mean", np.asarray(k.moving_mean), t.running_mean.numpy()),
                    (f"{k.path}.moving_variance", np.asarray(k.moving_variance), t.running_var.numpy())]
        elif kk == "vars":   # in the transfer's order: Keras trainable + non-trainable, PyTorch params + buffers
            kv = k._trainable_variables + k._non_trainable_variables
            tv = [p for _, p in t.named_parameters(recurse=False)] + [b for _, b in t.named_buffers(recurse=False)]
            out += [(v.path, np.asarray(v), p.detach().numpy()) for v, p in zip(kv, tv) if not v.trainable]
    return out


def _check(expected, got, conv):
    assert len(expected) == len(got), conv.code
    for e, g in zip(expected, got):
        assert e.shape == g.shape
        np.testing.assert_allclose(g, e, rtol=RTOL, atol=ATOL * max(1.0, float(np.abs(e).max())))


@pytest.mark.parametrize("name", cases(KNOWN, SUBCLASSED))
def test_subclassed_model_equal(name):
    expected, got, conv, _ = run_pair(name)
    _check(expected, got, conv)


TRAIN = [n for n in SUBCLASSED if n not in RANDOM_IN_TRAINING]


@pytest.mark.parametrize("name", cases(KNOWN_TRAIN, TRAIN))
def test_subclassed_model_train_equal(name):
    expected, got, conv, (kmodel, tmodel) = run_pair(name, training=True)
    _check(expected, got, conv)
    for what, k, t in moving_statistics(kmodel, tmodel):
        np.testing.assert_allclose(t, k, rtol=RTOL, atol=ATOL * max(1.0, float(np.abs(k).max())), err_msg=what)


@pytest.mark.parametrize("name", sorted(RANDOM_IN_TRAINING))
def test_excluded_models_are_random(name):
    """An excluded model's Keras training forward, dropout rates at 0, differs between two seeds."""
    import keras
    kmodel, tmodel, inputs, _ = build_pair(name)
    no_dropout(kmodel, tmodel)
    outs = []
    for seed in (1, 2):
        keras.utils.set_random_seed(seed)
        outs.append([np.asarray(t) for t in keras.tree.flatten(kmodel(*inputs, training=True))])
    assert any(not np.array_equal(a, b) for a, b in zip(*outs)), f"{name} trains deterministically"
