"""Regression MLP: gluon.loss.L2Loss (half the squared error, per sample), SGD with momentum and
weight decay, trainer.step(batch_size)."""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Model(gluon.Block):
    def __init__(self, din=8, hidden=32):
        super().__init__()
        self.fc1 = nn.Dense(hidden, in_units=din)
        self.fc2 = nn.Dense(1, in_units=hidden)

    def forward(self, x):
        return self.fc2(mx.nd.tanh(self.fc1(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((16, 8))]


def get_batches():
    rng = np.random.default_rng(0)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((16, 8)).astype("float32")
        batches.append((mx.nd.array(x), mx.nd.array(np.sin(x[:, :1]) + 0.5 * x[:, 1:2] ** 2)))
    return batches


def train(model, batches, steps):
    loss_fn = gluon.loss.L2Loss()
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.05, "momentum": 0.9, "wd": 1e-4})
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with autograd.record():
            loss = loss_fn(model(x), y)
        loss.backward()
        trainer.step(x.shape[0])
        losses.append(float(loss.mean().asscalar()))
    return losses
