"""FPN-like decoder using nn.Upsample and F.interpolate (nearest and bilinear) to fuse multi-scale features."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, in_channels=3, channels=16, num_classes=4):
        super().__init__()
        self.enc1 = nn.Sequential(nn.Conv2d(in_channels, channels, 3, padding=1), nn.ReLU())
        self.enc2 = nn.Sequential(nn.Conv2d(channels, channels * 2, 3, stride=2, padding=1), nn.ReLU())
        self.enc3 = nn.Sequential(nn.Conv2d(channels * 2, channels * 2, 3, stride=2, padding=1), nn.ReLU())
        # lateral 1x1 convs
        self.lat3 = nn.Conv2d(channels * 2, channels, 1)
        self.lat2 = nn.Conv2d(channels * 2, channels, 1)
        self.lat1 = nn.Conv2d(channels, channels, 1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.head = nn.Conv2d(channels, num_classes, 3, padding=1)

    def forward(self, x):
        c1 = self.enc1(x)
        c2 = self.enc2(c1)
        c3 = self.enc3(c2)
        p3 = self.lat3(c3)
        p2 = self.lat2(c2) + self.up(p3)
        p1 = self.lat1(c1) + F.interpolate(p2, size=c1.shape[-2:], mode="bilinear", align_corners=False)
        out = self.head(p1)
        # upsample logits once more (align_corners=True variant)
        return F.interpolate(out, scale_factor=2.0, mode="bilinear", align_corners=True)


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
