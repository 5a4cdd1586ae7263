"""EfficientNet MBConv blocks with squeeze-and-excitation and SiLU (swish)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SqueezeExcitation(nn.Module):
    def __init__(self, in_channels, squeeze_channels):
        super().__init__()
        self.fc1 = nn.Conv2d(in_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, in_channels, 1)

    def forward(self, x):
        # global context -> per-channel gate in (0, 1)
        scale = F.adaptive_avg_pool2d(x, 1)
        scale = F.silu(self.fc1(scale))
        scale = torch.sigmoid(self.fc2(scale))
        return x * scale


class MBConv(nn.Module):
    def __init__(self, in_ch, out_ch, expand_ratio=4, kernel_size=3, stride=1, se_ratio=0.25):
        super().__init__()
        mid = in_ch * expand_ratio
        self.use_residual = stride == 1 and in_ch == out_ch
        self.expand = nn.Sequential(
            nn.Conv2d(in_ch, mid, 1, bias=False),
            nn.BatchNorm2d(mid, eps=1e-3, momentum=0.01),
            nn.SiLU(),
        )
        self.depthwise = nn.Sequential(
            nn.Conv2d(mid, mid, kernel_size, stride=stride, padding=kernel_size // 2, groups=mid, bias=False),
            nn.BatchNorm2d(mid, eps=1e-3, momentum=0.01),
            nn.SiLU(),
        )
        self.se = SqueezeExcitation(mid, max(1, int(in_ch * se_ratio)))
        self.project = nn.Sequential(
            nn.Conv2d(mid, out_ch, 1, bias=False),
            nn.BatchNorm2d(out_ch, eps=1e-3, momentum=0.01),
        )

    def forward(self, x):
        out = self.expand(x)
        out = self.depthwise(out)
        out = self.se(out)
        out = self.project(out)
        if self.use_residual:
            out = out + x
        return out


class Model(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(16, eps=1e-3, momentum=0.01),
            nn.SiLU(),
        )
        self.blocks = nn.Sequential(
            MBConv(16, 16, expand_ratio=1),
            MBConv(16, 24, kernel_size=5, stride=2),
            MBConv(24, 24, kernel_size=5),
        )
        self.head = nn.Linear(24, num_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        x = x.mean(dim=(2, 3))  # global average pool
        return self.head(x)


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 32, 32)]
