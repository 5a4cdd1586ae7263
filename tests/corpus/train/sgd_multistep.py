"""Binary classifier (MLP): SGD with Nesterov momentum and weight decay, a MultiStepLR stepped once
per epoch, BCEWithLogitsLoss on a DataLoader over a TensorDataset."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class Model(nn.Module):
    def __init__(self, d_in=6, hidden=24):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.head(self.body(x)).squeeze(1)


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    x = torch.randn(40, 6)
    y = (x[:, 0] * x[:, 1] + x[:, 2] > 0).float()
    return DataLoader(TensorDataset(x, y), batch_size=10)


def train(model, loader, epochs):
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[2, 4], gamma=0.1)
    losses = []
    for epoch in range(epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()
    return losses
