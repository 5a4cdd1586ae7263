"""LeNet-5: the classic convolutional network for 32x32 grayscale digits."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    """Two conv/pool stages followed by three fully connected layers."""

    def __init__(self, num_classes=10):
        super().__init__()
        # feature extractor: 1x32x32 -> 6x28x28 -> pool -> 16x10x10 -> pool -> 16x5x5
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        # classifier on the flattened 16*5*5 features
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), kernel_size=2)
        x = F.max_pool2d(F.relu(self.conv2(x)), kernel_size=2)
        x = torch.flatten(x, 1)  # keep the batch dimension
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # unnormalised class scores


def get_init_inputs():
    """Positional constructor arguments."""
    return [10]


def get_inputs():
    """A batch of two 1x32x32 images (NCHW)."""
    return [torch.randn(2, 1, 32, 32)]
