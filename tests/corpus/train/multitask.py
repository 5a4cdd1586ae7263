"""Multi-task model (a shared trunk, a classification head and a regression head): the sum of a
binary cross-entropy on logits and a weighted MSE, both as functions; Adam with (coupled) weight decay
and a StepLR stepped every batch; the training accuracy counted from the logits of the step."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, d_in=10, hidden=32):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(d_in, hidden), nn.GELU(), nn.LayerNorm(hidden))
        self.classify = nn.Linear(hidden, 3)
        self.regress = nn.Linear(hidden, 1)

    def forward(self, x):
        h = self.trunk(x)
        return self.classify(h), self.regress(h)


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    batches = []
    for _ in range(4):
        x = torch.randn(16, 10)
        labels = (torch.rand(16, 3) > 0.5).float()   # three independent binary labels
        batches.append((x, labels, x[:, :1] - x[:, 1:2]))
    return batches


def train(model, batches, steps, alpha=0.5):
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    model.train()
    losses, correct = [], 0.0
    for step in range(steps):
        x, labels, target = batches[step % len(batches)]
        optimizer.zero_grad()
        logits, value = model(x)
        loss = F.binary_cross_entropy_with_logits(logits, labels) + alpha * F.mse_loss(value, target)
        loss.backward()
        optimizer.step()
        scheduler.step()
        correct += ((logits > 0).float() == labels).float().mean().item()
        losses.append(loss.item())
    return losses
