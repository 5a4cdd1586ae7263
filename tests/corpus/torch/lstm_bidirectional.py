"""Bidirectional 2-layer LSTM text classifier (batch_first) over token embeddings."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, vocab_size=100, embed_dim=32, hidden_dim=32, num_layers=2, num_classes=4, dropout=0.2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(
            embed_dim, hidden_dim, num_layers=num_layers,
            batch_first=True, bidirectional=True, dropout=dropout,
        )
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden_dim * 2, num_classes)

    def forward(self, text):
        embedded = self.dropout(self.embedding(text))  # [B, T, E]
        output, (hidden, cell) = self.lstm(embedded)
        # concat the final forward and backward hidden states of the last layer
        hidden = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        return self.fc(self.dropout(hidden))


def get_init_inputs():
    return [100, 32, 32, 2, 4, 0.2]


def get_inputs():
    return [torch.randint(0, 100, (2, 16))]
