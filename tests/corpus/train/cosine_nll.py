"""Sequence classifier (1-d convolutions over embeddings): log-probabilities (log_softmax) with
NLLLoss, SGD with momentum and a cosine-annealed learning rate (CosineAnnealingLR per step)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, vocab=50, embed=12, channels=16, classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.conv = nn.Conv1d(embed, channels, kernel_size=3, padding=1)
        self.fc = nn.Linear(channels, classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)   # (batch, embed, length)
        x = F.relu(self.conv(x)).max(dim=2).values
        return F.log_softmax(self.fc(x), dim=1)


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    return [(torch.randint(0, 50, (8, 15)), torch.randint(0, 4, (8,))) for _ in range(4)]


def train(model, batches, steps):
    criterion = nn.NLLLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.8)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps, eta_min=0.01)
    model.train()
    losses = []
    for step in range(steps):
        tokens, labels = batches[step % len(batches)]
        optimizer.zero_grad()
        log_probs = model(tokens)
        loss = criterion(log_probs, labels)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    return losses
