"""Binary classifier: gluon.loss.SigmoidBinaryCrossEntropyLoss on logits, an mx.optimizer.Adam
instance given to the Trainer with mx.lr_scheduler.CosineScheduler, a multi-factor schedule
elsewhere not used."""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, din=5, hidden=12):
        super().__init__()
        self.hidden = nn.Dense(hidden, activation="tanh", in_units=din)
        self.out = nn.Dense(1, in_units=hidden)

    def hybrid_forward(self, F, x):
        return self.out(self.hidden(x))


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((12, 5))]


def get_batches():
    rng = np.random.default_rng(3)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((12, 5)).astype("float32")
        y = (x[:, :1] * x[:, 1:2] > 0).astype("float32")
        batches.append((mx.nd.array(x), mx.nd.array(y)))
    return batches


def train(model, batches, steps):
    bce = gluon.loss.SigmoidBinaryCrossEntropyLoss()
    optimizer = mx.optimizer.Adam(learning_rate=0.01, beta1=0.8,
                                  lr_scheduler=mx.lr_scheduler.CosineScheduler(max_update=15, final_lr=1e-3))
    trainer = gluon.Trainer(model.collect_params(), optimizer)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with autograd.record():
            loss = bce(model(x), y)
        loss.backward()
        trainer.step(12)
        losses.append(float(loss.mean().asscalar()))
    return losses
