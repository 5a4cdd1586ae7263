"""Stacked LSTM language model taking (h0, c0) and returning logits and final states."""
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self, ntoken=50, ninp=32, nhid=32, nlayers=2, dropout=0.2):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout, batch_first=True)
        self.decoder = nn.Linear(nhid, ntoken)
        self.init_weights()

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, h0, c0):
        emb = self.drop(self.encoder(input))
        output, (hn, cn) = self.rnn(emb, (h0, c0))
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, decoded.size(-1))
        return torch.log_softmax(decoded, dim=1), hn, cn


def get_init_inputs():
    return [50, 32, 32, 2, 0.2]


def get_inputs():
    tokens = torch.randint(0, 50, (2, 12))
    return [tokens, torch.zeros(2, 2, 32), torch.zeros(2, 2, 32)]
