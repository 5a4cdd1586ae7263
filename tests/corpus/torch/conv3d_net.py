"""3D CNN for short video clips / volumes with Conv3d, BatchNorm3d, MaxPool3d and global pooling."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, in_channels=3, num_classes=5):
        super().__init__()
        self.conv1 = nn.Conv3d(in_channels, 8, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.bn1 = nn.BatchNorm3d(8)
        self.pool1 = nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))  # keep time resolution
        self.conv2 = nn.Conv3d(8, 16, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm3d(16)
        self.pool2 = nn.MaxPool3d(kernel_size=2, stride=2)
        self.relu = nn.ReLU(inplace=True)
        self.global_pool = nn.AdaptiveAvgPool3d(1)
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        # x: (N, C, T, H, W)
        x = self.pool1(self.relu(self.bn1(self.conv1(x))))
        x = self.pool2(self.relu(self.bn2(self.conv2(x))))
        x = self.global_pool(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


def get_init_inputs():
    return [3, 5]


def get_inputs():
    return [torch.randn(2, 3, 4, 16, 16)]
