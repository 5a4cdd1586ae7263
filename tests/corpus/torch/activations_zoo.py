"""MLP that applies a zoo of activation functions (modules and functional forms) in sequence."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(10)])
        self.acts = nn.ModuleList([
            nn.LeakyReLU(negative_slope=0.1),
            nn.PReLU(num_parameters=dim, init=0.2),
            nn.ELU(alpha=1.0),
            nn.SELU(),
            nn.SiLU(),
            nn.Mish(),
            nn.GELU(approximate="tanh"),
            nn.Hardswish(),
            nn.Softplus(beta=1.0, threshold=20.0),
            nn.Tanh(),
        ])
        self.prelu_shared = nn.PReLU()  # single shared slope
        self.out = nn.Linear(dim, 8)

    def forward(self, x):
        for layer, act in zip(self.layers, self.acts):
            x = act(layer(x))
        x = self.prelu_shared(x)
        # functional variants
        a = F.leaky_relu(x, 0.01) + F.elu(x) + F.gelu(x) + F.hardtanh(x, -1.0, 1.0)
        b = F.relu6(x) + F.hardsigmoid(x) + F.softsign(x) + F.logsigmoid(x) + F.celu(x, alpha=0.5)
        c = F.mish(x) + F.softplus(x) + torch.tanh(x) + torch.sigmoid(x) + F.silu(x)
        y = self.out(a + b + c)
        return F.softmax(y, dim=-1), F.log_softmax(y, dim=1), nn.Hardtanh(0.0, 6.0)(y)


def get_init_inputs():
    return [32]


def get_inputs():
    return [torch.randn(2, 32)]
