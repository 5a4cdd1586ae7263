"""GRU sequence model that takes an explicit initial hidden state and returns per-step outputs."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, input_size=8, hidden_size=32, num_layers=2, output_size=4):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(input_size, hidden_size, num_layers)  # time-major (T, B, F)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, x, h0):
        output, hn = self.gru(x, h0)
        # project every time step
        return self.out(output), hn


def get_init_inputs():
    return [8, 32, 2, 4]


def get_inputs():
    # x: (seq_len, batch, input_size), h0: (num_layers, batch, hidden_size)
    return [torch.randn(10, 2, 8), torch.randn(2, 2, 32)]
