"""Classifier with a validation pass after every epoch (model.eval(), torch.no_grad()), the best
weights kept (state_dict copied) and loaded back at the end; SGD and a StepLR stepped per epoch."""
import copy

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, d_in=10, hidden=32, classes=4):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.bn = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc2(torch.relu(self.bn(self.fc1(x))))


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    train_batches = [(torch.randn(16, 10), torch.randint(0, 4, (16,))) for _ in range(4)]
    val_batches = [(torch.randn(16, 10), torch.randint(0, 4, (16,))) for _ in range(2)]
    return train_batches, val_batches


def evaluate(model, batches, criterion):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in batches:
            total += criterion(model(x), y).item()
    return total / len(batches)


def train(model, batches, epochs):
    train_batches, val_batches = batches
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    best, best_state = float("inf"), None
    losses = []
    for epoch in range(epochs):
        model.train()
        for x, y in train_batches:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()
        val_loss = evaluate(model, val_batches, criterion)
        if val_loss < best:
            best, best_state = val_loss, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return losses
