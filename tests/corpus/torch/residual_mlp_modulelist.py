"""Deep residual MLP whose blocks live in nn.ModuleList and are applied in a for loop."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualBlock(nn.Module):
    def __init__(self, dim, expansion=2, dropout=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * expansion)
        self.fc2 = nn.Linear(dim * expansion, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        h = self.fc2(self.dropout(F.gelu(self.fc1(self.norm(x)))))
        return x + h


class Model(nn.Module):
    def __init__(self, in_dim=24, dim=32, depth=4, out_dim=3):
        super().__init__()
        self.input_proj = nn.Linear(in_dim, dim)
        self.blocks = nn.ModuleList([ResidualBlock(dim) for _ in range(depth)])
        self.gates = nn.ParameterList([nn.Parameter(torch.ones(1)) for _ in range(depth)])
        self.output = nn.Linear(dim, out_dim)

    def forward(self, x):
        x = self.input_proj(x)
        hiddens = []
        for i, block in enumerate(self.blocks):
            # learnable scalar gate per block
            x = block(x) * self.gates[i]
            hiddens.append(x)
        # also return the mean of all intermediate representations
        return self.output(x), torch.stack(hiddens, dim=0).mean(0)


def get_init_inputs():
    return [24, 32, 4, 3]


def get_inputs():
    return [torch.randn(2, 24)]
