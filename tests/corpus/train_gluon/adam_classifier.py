"""Classification CNN (a HybridBlock): gluon.loss.SoftmaxCrossEntropyLoss on integer labels held as
floats, Trainer 'adam' with weight decay, the logged loss the batch mean."""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, classes=4):
        super().__init__()
        self.conv = nn.Conv2D(6, kernel_size=3, padding=1, in_channels=1)
        self.pool = nn.MaxPool2D(pool_size=2)
        self.fc = nn.Dense(classes, in_units=6 * 4 * 4)

    def hybrid_forward(self, F, x):
        h = self.pool(F.relu(self.conv(x)))
        return self.fc(h)


def get_init_inputs():
    return []


def get_inputs():
    return [mx.nd.zeros((8, 1, 8, 8))]


def get_batches():
    rng = np.random.default_rng(1)
    batches = []
    for _ in range(5):
        x = rng.standard_normal((8, 1, 8, 8)).astype("float32")
        y = (x.mean(axis=(1, 2, 3)) > 0).astype("float32") + 2 * (x[:, 0, 0, 0] > 0)
        batches.append((mx.nd.array(x), mx.nd.array(y)))
    return batches


def train(model, batches, steps):
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": 2e-3, "wd": 1e-3})
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        with autograd.record():
            out = model(x)
            loss = loss_fn(out, y)
        loss.backward()
        trainer.step(8)
        losses.append(loss.mean().asscalar())
    return losses
