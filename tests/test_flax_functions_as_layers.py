"""flax/functions_as_layers.py: functions a Flax module keeps as attributes (`self.relu = jax.nn.relu`,
`partial(jnp.mean, ...)`) or nnx.Sequential elements (`partial(jax.nn.leaky_relu, negative_slope=0.2)`),
as the Flax writer writes PyTorch's parameterless modules, read back; numerics on real Flax against
the PyTorch translation (the corpus runner)."""
from __future__ import annotations

import nnport
from corpus import flax_to_torch as corpus

TORCH = '''\
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.LeakyReLU(0.2), nn.Conv2d(4, 4, 3))
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        return self.pool(self.relu(self.features(x)))


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 9, 9)]
'''


def test_functions_as_layers_read_back():
    flax = nnport.convert(TORCH, to="flax", source="torch").code
    assert "self.relu = jax.nn.relu" in flax and "partial(jax.nn.leaky_relu, negative_slope=0.2)" in flax
    conv = nnport.convert(flax, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "nn.Conv2d(3, 4, 3), nn.LeakyReLU(negative_slope=0.2), nn.Conv2d(4, 4, 3)" in conv.code
    assert "self.relu = lambda x: F.relu(x)" in conv.code
    r = corpus.run("functions_as_layers", text=flax)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL


SEQUENTIAL_LAMBDAS = '''\
import torch
import torch.nn as nn


class Double(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)

    def forward(self, x):
        return torch.relu(self.conv(x))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Sequential(nn.MaxPool2d(2), Double(3, 4), nn.AdaptiveAvgPool2d(1))
        self.enc = nn.Sequential(nn.Conv2d(4, 6, 1), nn.BatchNorm2d(6), nn.ReLU(), nn.Flatten())

    def forward(self, x):
        return self.enc(self.down(x))


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 8, 8)]
'''


def test_the_writers_sequential_lambdas_read_back():
    """call_sites.written_lambda: a channels-last function made channels first, and the flatten of
    channels-last data, as the Flax writer writes them in an nnx.Sequential, read as PyTorch's layers."""
    flax = nnport.convert(SEQUENTIAL_LAMBDAS, to="flax", source="torch").code
    assert "lambda x: jnp.moveaxis((partial(nnx.max_pool" in flax and "lambda x: jnp.moveaxis(x, -1, 1).reshape" in flax
    conv = nnport.convert(flax, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "nn.Sequential(nn.MaxPool2d(2, stride=2), Double(3, 4), nn.AdaptiveAvgPool2d(1))" in conv.code
    assert "nn.ReLU(), nn.Flatten())" in conv.code and "lambda" not in conv.code
    r = corpus.run("sequential_lambdas", text=flax)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL
