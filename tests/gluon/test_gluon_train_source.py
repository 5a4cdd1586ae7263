"""Gluon training code -> PyTorch (mxnet/train_prepare.py, mxnet/reading/training.py), against real MXNet
(runs in .venv-mxnet, which has PyTorch too): each reader entry (a gluon.loss, an optimizer and its
options, an mx.lr_scheduler) in a small script of the corpus convention trained 8 steps on both sides
from the same weights on the same batches, losses and final weights equal (train_runner.run); the four
scripts of tests/corpus/train_gluon 20 steps; refusals left in place with a diagnostic; a wrong
translation is caught."""
from pathlib import Path

import pytest

import nnport
from corpus import train_runner

SCRIPT = '''
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(3, in_units=4)

    def hybrid_forward(self, F, x):
        return self.fc(F.tanh(x))


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((6, 4))]


def get_batches():
    rng = np.random.default_rng(5)
    batches = []
    for _ in range(3):
        x = rng.standard_normal((6, 4)).astype("float32")
        batches.append((mx.nd.array(x), mx.nd.array({label})))
    return batches


def train(model, batches, steps):
    {before}
    loss_fn = gluon.loss.{loss}
    trainer = gluon.Trainer(model.collect_params(), {optimizer})
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with autograd.record():
            loss = loss_fn(model(x), y)
        loss.backward()
        trainer.step({batch})
        losses.append(float(loss.mean().asscalar()))
    return losses
'''
REGRESSION = "x[:, :3] * 2 - x[:, 1:]"
CLASSES = "(x[:, 0] > 0) + (x[:, 1] > 0.5)"
BINARY = "(x[:, :3] > 0).astype('float32')"
SGD = "'sgd', {'learning_rate': 0.1}"

CASES = {   # name -> (loss, labels, optimizer, statement before)
    "l2": ("L2Loss()", REGRESSION, SGD, ""),
    "l1": ("L1Loss()", REGRESSION, SGD, ""),
    "softmax_ce": ("SoftmaxCrossEntropyLoss()", CLASSES, SGD, ""),
    "sigmoid_bce": ("SigmoidBinaryCrossEntropyLoss(from_sigmoid=False)", BINARY, SGD, ""),
    "sgd_default_lr": ("L2Loss()", REGRESSION, "'sgd'", ""),
    "sgd_momentum_wd": ("L2Loss()", REGRESSION, "'sgd', {'learning_rate': 0.05, 'momentum': 0.8, 'wd': 0.01}", ""),
    "adam_default": ("L2Loss()", REGRESSION, "'adam'", ""),
    "adam_options": ("L1Loss()", REGRESSION, "'Adam', {'learning_rate': 0.02, 'beta1': 0.7, 'beta2': 0.99, "
                     "'epsilon': 1e-6, 'wd': 0.05}", ""),
    "adam_instance": ("L2Loss()", REGRESSION, "opt", "opt = mx.optimizer.Adam(learning_rate=0.01, epsilon=1e-4)"),
    "factor_stop": ("L2Loss()", REGRESSION, "'sgd', {'learning_rate': 0.2, 'lr_scheduler': "
                    "mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, stop_factor_lr=0.04)}", ""),
    "factor_base_lr": ("L2Loss()", REGRESSION, "'sgd', {'lr_scheduler': sched}",
                       "sched = mx.lr_scheduler.FactorScheduler(3, 0.7, base_lr=0.3)"),
    "multi_factor": ("L2Loss()", REGRESSION, "'adam', {'learning_rate': 0.05, 'lr_scheduler': "
                     "mx.lr_scheduler.MultiFactorScheduler(step=[2, 5], factor=0.3)}", ""),
    "cosine": ("L2Loss()", REGRESSION, "'sgd', {'learning_rate': 0.3, 'lr_scheduler': "
               "mx.lr_scheduler.CosineScheduler(max_update=5, base_lr=0.3, final_lr=0.01)}", ""),
}


def script(tmp_path, name, loss, label, optimizer, before, batch="x.shape[0]") -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(SCRIPT.format(loss=loss, label=label, optimizer=optimizer, before=before, batch=batch))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_entry_trains_equal(tmp_path, name):
    r = train_runner.run(name, steps=8, source="mxnet", to="torch", path=script(tmp_path, name, *CASES[name]))
    bad = [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]
    assert r["equal"] and not bad and r["steps"] == 8, bad


def test_batch_size_is_the_step_argument(tmp_path):
    """trainer.step(n) scales the gradients by 1 / n, whatever the batch: n = 2 on batches of 6."""
    path = script(tmp_path, "step2", *CASES["l2"], batch="2")
    assert "/ (2)).backward()" in nnport.convert(path.read_text(), source="mxnet", to="torch").code
    assert train_runner.run("step2", steps=8, source="mxnet", to="torch", path=path)["equal"]


@pytest.mark.parametrize("name", train_runner.names("mxnet"))
def test_corpus_trains_equal(name):
    r = train_runner.run(name, steps=20, source="mxnet", to="torch")
    assert r["equal"], [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]


REFUSED = {   # optimizer / loss -> what the diagnostic says
    "sgd_momentum_schedule": ("L2Loss()", "'sgd', {'learning_rate': 0.1, 'momentum': 0.9, 'lr_scheduler': "
                              "mx.lr_scheduler.FactorScheduler(step=2)}", "momentum on a schedule"),
    "warmup": ("L2Loss()", "'sgd', {'learning_rate': 0.1, 'lr_scheduler': "
               "mx.lr_scheduler.FactorScheduler(step=2, warmup_steps=3)}", "warmup_steps"),
    "clip_gradient": ("L2Loss()", "'sgd', {'learning_rate': 0.1, 'clip_gradient': 1.0}", "clip_gradient"),
    "rescale_grad": ("L2Loss()", "'adam', {'rescale_grad': 2.0}", "rescale_grad"),
    "l2_weight": ("L2Loss(weight=2.0)", SGD, "weight"),
    "from_sigmoid": ("SigmoidBinaryCrossEntropyLoss(from_sigmoid=True)", SGD, "from_sigmoid"),
    "dense_labels": ("SoftmaxCrossEntropyLoss(sparse_label=False)", SGD, "sparse_label"),
    "rmsprop": ("L2Loss()", "'rmsprop'", "optimizer 'rmsprop'"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_diagnostic(tmp_path, name):
    loss, optimizer, said = REFUSED[name]
    path = script(tmp_path, name, loss, REGRESSION, optimizer, "")
    conv = nnport.convert(path.read_text(), source="mxnet", to="torch")
    assert any(said in d.message for d in conv.issues), [d.format() for d in conv.issues]


def test_wrong_translation_is_caught(tmp_path, monkeypatch):
    """The same script with L2Loss read as PyTorch's full squared error (no 0.5): not equal."""
    from nnport.frameworks.mxnet.reading import training
    path = script(tmp_path, "l2_wrong", *CASES["l2"])
    monkeypatch.setattr(training, "l2", lambda c, ctx: (training.drop(c, "weight"), training._per_sample(c, ctx))[1])
    monkeypatch.setitem(training.FUNCTIONS.get("mxnet.gluon.loss.L2Loss").__dict__, "read", training.l2)
    assert not train_runner.run("l2_wrong", steps=8, source="mxnet", to="torch", path=path)["equal"]
