"""Regression with an L1 loss: centered RMSprop with momentum, an ExponentialLR stepped once per epoch."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, d_in=5, hidden=16, d_out=2):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, d_out)

    def forward(self, x):
        h = torch.tanh(self.fc1(x))
        h = h + torch.tanh(self.fc2(h))   # a residual block
        return self.out(h)


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    w = torch.randn(5, 2)
    batches = []
    for _ in range(5):
        x = torch.randn(12, 5)
        batches.append((x, x @ w + 0.1 * torch.randn(12, 2)))
    return batches


def train(model, batches, epochs):
    criterion = nn.L1Loss()
    optimizer = torch.optim.RMSprop(model.parameters(), lr=3e-3, alpha=0.9, centered=True, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
    losses = []
    model.train()
    for epoch in range(epochs):
        for x, y in batches:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()
    return losses
