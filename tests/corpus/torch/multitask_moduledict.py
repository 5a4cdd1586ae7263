"""Multi-task network: shared conv trunk and task heads stored in nn.ModuleDict."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, tasks=("age", "gender", "emotion"), num_outputs=(1, 2, 7)):
        super().__init__()
        self.tasks = list(tasks)
        self.trunk = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )
        self.heads = nn.ModuleDict({
            name: nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, n))
            for name, n in zip(tasks, num_outputs)
        })
        # activations chosen per task by name
        self.acts = nn.ModuleDict({"relu": nn.ReLU(), "identity": nn.Identity()})

    def forward(self, x):
        feats = self.trunk(x)
        outputs = []
        for name in self.tasks:
            out = self.heads[name](feats)
            act = "relu" if name == "age" else "identity"  # age is non-negative
            outputs.append(self.acts[act](out))
        return tuple(outputs)


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
