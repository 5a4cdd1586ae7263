"""Unrolled recurrent model: LSTMCell encoder then GRUCell decoder stepping in a Python loop."""
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self, input_size=8, hidden_size=32, output_size=8, future_steps=4):
        super().__init__()
        self.hidden_size = hidden_size
        self.future_steps = future_steps
        self.encoder_cell = nn.LSTMCell(input_size, hidden_size)
        self.decoder_cell = nn.GRUCell(output_size, hidden_size)
        self.proj = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        # x: (batch, seq, feature)
        batch_size, seq_len, _ = x.size()
        h = torch.zeros(batch_size, self.hidden_size, dtype=x.dtype)
        c = torch.zeros(batch_size, self.hidden_size, dtype=x.dtype)
        for t in range(seq_len):
            h, c = self.encoder_cell(x[:, t, :], (h, c))

        # autoregressive decoding: feed back the previous prediction
        y = self.proj(h)
        outputs = []
        for _ in range(self.future_steps):
            h = self.decoder_cell(y, h)
            y = self.proj(h)
            outputs.append(y)
        return torch.stack(outputs, dim=1)  # (batch, future_steps, output_size)


def get_init_inputs():
    return [8, 32, 8, 4]


def get_inputs():
    return [torch.randn(2, 12, 8)]
