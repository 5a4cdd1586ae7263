"""Regression MLP with batch norm: Adam, the MSE loss as a function, an evaluation pass after every
epoch (model.eval(): batch norm on its running statistics; torch.no_grad()), the best weights and
statistics kept in memory (copy.deepcopy of the state_dict), patience-based early stopping, the best
model restored at the end; a StepLR stepped every epoch."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, d_in=6, hidden=24):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.bn1 = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.bn2 = nn.BatchNorm1d(hidden, momentum=0.2)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        x = F.relu(self.bn1(self.fc1(x)))
        x = F.relu(self.bn2(self.fc2(x)))
        return self.out(x)


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    def batch(n):
        x = torch.randn(n, 6)
        return x, (x[:, :3].sum(dim=1, keepdim=True) - x[:, 3:4] * x[:, 4:5])
    return [batch(16) for _ in range(4)], [batch(32) for _ in range(2)]


def evaluate(model, batches):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for x, y in batches:
            total += F.l1_loss(model(x), y, reduction="sum").item()
            count += y.numel()
    return total / count


def train(model, data, epochs, patience=2):
    train_batches, val_batches = data
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    best_error, best_state, waited = float("inf"), copy.deepcopy(model.state_dict()), 0
    losses = []
    for epoch in range(epochs):
        model.train()
        for x, y in train_batches:
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()
        error = evaluate(model, val_batches)
        if error < best_error:
            best_error, best_state, waited = error, copy.deepcopy(model.state_dict()), 0
        else:
            waited += 1
            if waited > patience:
                break
    model.load_state_dict(best_state)
    return losses
