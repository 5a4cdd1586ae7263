"""Siamese network: one shared conv encoder applied to two inputs, returning embeddings and distance."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, embedding_dim=32):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size=3, padding=1),
            nn.BatchNorm2d(16),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )
        self.fc = nn.Sequential(
            nn.Linear(16 * 4 * 4, 64),
            nn.ReLU(inplace=True),
            nn.Linear(64, embedding_dim),
        )

    def forward_once(self, x):
        output = self.cnn(x)
        output = output.view(output.size()[0], -1)
        output = self.fc(output)
        return F.normalize(output, dim=1)  # unit-length embeddings

    def forward(self, input1, input2):
        # the same weights process both inputs
        output1 = self.forward_once(input1)
        output2 = self.forward_once(input2)
        distance = torch.norm(output1 - output2, p=2, dim=1)
        return output1, output2, distance


def get_init_inputs():
    return [32]


def get_inputs():
    return [torch.randn(2, 1, 16, 16), torch.randn(2, 1, 16, 16)]
