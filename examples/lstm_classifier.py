"""Sentence classifier: word embeddings, a bidirectional LSTM and a linear head."""
import torch
import torch.nn as nn


class Model(nn.Module):
    """Classifies a batch of token-id sequences (batch, seq_len) into num_classes."""

    def __init__(self, vocab_size=1000, embed_dim=32, hidden_dim=32, num_classes=2, dropout=0.2):
        super().__init__()
        # index 0 is the padding token: its embedding stays zero
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=1, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(2 * hidden_dim, num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens)  # (batch, seq_len, embed_dim)
        _, (h_n, _) = self.lstm(x)  # h_n: (num_directions, batch, hidden_dim)
        # join the last forward state and the last backward state
        h = torch.cat([h_n[0], h_n[1]], dim=1)
        return self.fc(self.dropout(h))


def get_init_inputs():
    """Positional constructor arguments."""
    return [1000, 32, 32, 2, 0.2]


def get_inputs():
    """Two sentences of 16 token ids each."""
    return [torch.randint(1, 1000, (2, 16))]
