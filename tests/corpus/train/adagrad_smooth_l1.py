"""Robust regression: Adagrad with weight decay, the smooth L1 (Huber-like) loss as a function,
gradients clipped by value."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, d_in=8, hidden=32):
        super().__init__()
        self.hidden = nn.Linear(d_in, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.out(F.softplus(self.hidden(x)))


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    batches = []
    for _ in range(4):
        x = torch.randn(16, 8)
        y = x.sum(dim=1, keepdim=True) + torch.randn(16, 1) ** 3   # heavy-tailed noise
        batches.append((x, y))
    return batches


def train(model, batches, steps):
    optimizer = torch.optim.Adagrad(model.parameters(), lr=0.05, weight_decay=1e-4)
    model.train()
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        optimizer.zero_grad()
        pred = model(x)
        loss = F.smooth_l1_loss(pred, y, beta=0.5)
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
        optimizer.step()
        losses.append(loss.item())
    return losses
