"""Regularised MLP using nn.Dropout, nn.Dropout2d, nn.AlphaDropout and functional dropout."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, in_channels=4, hidden=64, num_classes=6, p=0.3):
        super().__init__()
        self.p = p
        self.conv = nn.Conv2d(in_channels, 16, 3, padding=1)
        self.drop2d = nn.Dropout2d(p=0.1)  # drops whole feature maps
        self.fc1 = nn.Linear(16 * 4 * 4, hidden)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, hidden)
        self.alpha_drop = nn.AlphaDropout(0.1)
        self.fc3 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        x = self.drop2d(F.relu(self.conv(x)))
        x = F.avg_pool2d(x, 2)
        x = torch.flatten(x, start_dim=1)
        x = self.drop(F.relu(self.fc1(x)))
        # functional dropout must be told about train/eval explicitly
        x = F.dropout(x, self.p, training=self.training)
        x = self.alpha_drop(F.selu(self.fc2(x)))
        return self.fc3(x)


def get_init_inputs():
    return [4, 64, 6, 0.3]


def get_inputs():
    return [torch.randn(2, 4, 8, 8)]
