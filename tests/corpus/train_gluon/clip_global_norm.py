"""Sequence regression (an LSTM over (T, N, C), Gluon's layout): gradients clipped by their global
norm with gluon.utils.clip_global_norm before trainer.step(batch_size), SGD with momentum."""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn


class Model(gluon.Block):
    def __init__(self, din=3, hidden=8):
        super().__init__()
        self.lstm = rnn.LSTM(hidden, input_size=din)
        self.head = nn.Dense(1, in_units=hidden)

    def forward(self, x):
        return self.head(self.lstm(x)[-1])


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((5, 4, 3))]


def get_batches():
    rng = np.random.default_rng(4)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((5, 4, 3)).astype("float32")
        batches.append((mx.nd.array(x), mx.nd.array(3 * x.sum(axis=(0, 2))[:, None])))
    return batches


def train(model, batches, steps):
    loss_fn = gluon.loss.L2Loss()
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.05, "momentum": 0.5})
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        batch_size = x.shape[1]
        with autograd.record():
            loss = loss_fn(model(x), y)
        loss.backward()
        grads = [p.grad() for p in model.collect_params().values()]
        gluon.utils.clip_global_norm(grads, 2.0 * batch_size)
        trainer.step(batch_size)
        losses.append(float(loss.mean().asscalar()))
    return losses
