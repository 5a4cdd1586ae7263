"""Sequence classifier (embedding, LSTM): RMSprop with momentum, gradient-norm clipping."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, vocab=30, embed=16, hidden=24, classes=3):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, tokens):
        out, (h, c) = self.lstm(self.embedding(tokens))
        return self.head(out[:, -1])


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    return [(torch.randint(0, 30, (8, 12)), torch.randint(0, 3, (8,))) for _ in range(5)]


def train(model, batches, steps):
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.005, momentum=0.5)
    criterion = nn.CrossEntropyLoss()
    losses = []
    model.train()
    for step in range(steps):
        tokens, target = batches[step % len(batches)]
        optimizer.zero_grad()
        loss = criterion(model(tokens), target)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
        optimizer.step()
        losses.append(loss.item())
    return losses
