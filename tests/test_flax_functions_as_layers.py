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


LIST_OF_FUNCTIONS = '''\
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(6, 6) for _ in range(4)])
        self.acts = nn.ModuleList([nn.LeakyReLU(0.1), nn.ELU(), nn.GELU(approximate="tanh"), nn.Tanh()])

    def forward(self, x):
        for layer, act in zip(self.layers, self.acts):
            x = act(layer(x))
        return F.hardtanh(x) + nn.Hardtanh(0.0, 6.0)(x)
'''


def test_list_of_functions_and_called_partial_read_back():
    """nnx.List([partial(jax.nn.leaky_relu, ...), jax.nn.elu, ...]) -> nn.ModuleList of layers;
    `partial(jnp.clip, min=0.0, max=6.0)(x)` -> the call; jax.nn.hard_tanh read."""
    flax = corpus.flax_of_torch(LIST_OF_FUNCTIONS, (2, 6))
    assert "nnx.List([partial(jax.nn.leaky_relu" in flax and "partial(jnp.clip, min=0.0, max=6.0)(x)" in flax
    assert "jax.nn.hard_tanh(x)" in flax
    conv = nnport.convert(flax, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    assert "nn.ModuleList([nn.LeakyReLU(negative_slope=0.1), nn.ELU(), nn.GELU(approximate='tanh'), nn.Tanh()])" \
        in conv.code
    assert "F.hardtanh(x)" in conv.code and "torch.clamp(x, min=0.0, max=6.0)" in conv.code
    r = corpus.run("list_of_functions", text=flax)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL
