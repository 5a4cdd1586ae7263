"""Regression with gluon.loss.L1Loss, plain SGD with mx.lr_scheduler.FactorScheduler (the learning
rate halved every 5 updates), the schedule bound to a name first."""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Model(gluon.Block):
    def __init__(self, din=6):
        super().__init__()
        self.body = nn.Sequential()
        self.body.add(nn.Dense(16, activation="relu", in_units=din), nn.Dense(2, in_units=16))

    def forward(self, x):
        return self.body(x)


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((10, 6))]


def get_batches():
    rng = np.random.default_rng(2)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((10, 6)).astype("float32")
        y = np.stack([x[:, 0] - x[:, 1], np.abs(x[:, 2])], axis=1).astype("float32")
        batches.append((mx.nd.array(x), mx.nd.array(y)))
    return batches


def train(model, batches, steps):
    l1 = gluon.loss.L1Loss()
    schedule = mx.lr_scheduler.FactorScheduler(step=5, factor=0.5)
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.1, "lr_scheduler": schedule})
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with autograd.record():
            loss = l1(model(x), y)
        loss.backward()
        trainer.step(x.shape[0])
        losses.append(float(loss.mean().asscalar()))
    return losses
