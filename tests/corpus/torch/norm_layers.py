"""Style-transfer-like conv net mixing GroupNorm, InstanceNorm2d (affine) and F.instance_norm/group_norm."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvGN(nn.Module):
    def __init__(self, in_ch, out_ch, groups=4):
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, 3, padding=1, bias=False)
        self.norm = nn.GroupNorm(num_groups=groups, num_channels=out_ch, eps=1e-5)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


class Model(nn.Module):
    def __init__(self, channels=16):
        super().__init__()
        self.block1 = ConvGN(3, channels)
        self.block2 = ConvGN(channels, channels * 2, groups=8)
        self.conv3 = nn.Conv2d(channels * 2, channels, 3, padding=1)
        self.in3 = nn.InstanceNorm2d(channels, affine=True)
        # running stats tracked: eval uses them, like BatchNorm
        self.in4 = nn.InstanceNorm2d(channels, affine=False, track_running_stats=True)
        self.out = nn.Conv2d(channels, 3, 1)

    def forward(self, x):
        y = self.block1(x)
        y = self.block2(y)
        y = F.relu(self.in3(self.conv3(y)))
        y = self.in4(y)
        # functional forms, no learnable parameters
        y = F.instance_norm(y) + F.group_norm(y, 4)
        return self.out(y)


def get_init_inputs():
    return [16]


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
