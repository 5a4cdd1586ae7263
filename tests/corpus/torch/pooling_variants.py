"""CNN exercising pooling options: AvgPool2d ceil_mode/count_include_pad, padded MaxPool2d, adaptive and functional pools."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, in_channels=3, channels=16, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, channels, 3, padding=1)
        # odd-sized inputs: ceil_mode keeps the border, padded zeros not counted in the mean
        self.pool1 = nn.AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.pool2 = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.pool3 = nn.AvgPool2d(2, ceil_mode=True)
        self.adaptive_max = nn.AdaptiveMaxPool2d((2, 2))
        self.adaptive_avg = nn.AdaptiveAvgPool2d(output_size=(3, 3))
        self.fc = nn.Linear(channels * (4 + 9 + 1), num_classes)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = self.pool3(x)
        a = self.adaptive_max(x).flatten(1)
        b = self.adaptive_avg(x).flatten(1)
        # global max pool via functional call
        c = F.max_pool2d(x, kernel_size=x.shape[2:]).flatten(1)
        feats = torch.cat([a, b, c], dim=1)
        return self.fc(feats), F.avg_pool1d(feats.unsqueeze(1), 4).squeeze(1)


def get_init_inputs():
    return [3, 16, 10]


def get_inputs():
    return [torch.randn(2, 3, 15, 15)]
