"""Activation blocks and operators: LeakyReLU, ELU, GELU, Swish, softrelu, and F.LeakyReLU."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Dense(dim, in_units=dim)
        self.leaky = nn.LeakyReLU(0.1)
        self.elu = nn.ELU(alpha=0.5)
        self.gelu = nn.GELU()
        self.swish = nn.Swish()
        self.soft = nn.Activation("softrelu")

    def hybrid_forward(self, F, x):
        a = self.leaky(self.fc(x))
        b = self.elu(x) + self.gelu(x)
        c = self.swish(x) - self.soft(x)
        d = F.LeakyReLU(x, act_type="leaky", slope=0.3) + F.Activation(x, act_type="softsign")
        return F.concat(a, b, c, d, dim=-1)


def get_init_inputs():
    return [8]


def get_inputs():
    return [np.random.default_rng(17).normal(size=(3, 8)).astype("float32")]
