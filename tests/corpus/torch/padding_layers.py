"""Image-to-image conv net using ZeroPad2d, ReflectionPad2d, ReplicationPad2d and padding_mode convs."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResnetBlock(nn.Module):
    """CycleGAN-style residual block with reflection padding."""

    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1),
            nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=True),
            nn.InstanceNorm2d(dim),
            nn.ReLU(True),
            nn.ReflectionPad2d(1),
            nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=True),
            nn.InstanceNorm2d(dim),
        )

    def forward(self, x):
        return x + self.conv_block(x)


class Model(nn.Module):
    def __init__(self, input_nc=3, output_nc=3, ngf=16):
        super().__init__()
        self.stem = nn.Sequential(
            nn.ReflectionPad2d(3),
            nn.Conv2d(input_nc, ngf, kernel_size=7, padding=0),
            nn.ReLU(True),
        )
        # asymmetric zero padding (left, right, top, bottom) before a strided conv
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))
        self.down = nn.Conv2d(ngf, ngf * 2, kernel_size=3, stride=2)
        self.block = ResnetBlock(ngf * 2)
        self.conv_reflect = nn.Conv2d(ngf * 2, ngf * 2, 3, padding=1, padding_mode="reflect")
        self.conv_circular = nn.Conv2d(ngf * 2, ngf * 2, 3, padding=1, padding_mode="circular")
        self.conv_replicate = nn.Conv2d(ngf * 2, ngf, 3, padding=1, padding_mode="replicate")
        self.rep_pad = nn.ReplicationPad2d(2)
        self.const_pad = nn.ConstantPad2d(1, 0.5)
        self.out = nn.Conv2d(ngf, output_nc, kernel_size=7, padding=1)

    def forward(self, x):
        x = self.stem(x)
        x = self.down(self.pad(x))
        x = self.block(x)
        x = F.relu(self.conv_reflect(x))
        x = F.relu(self.conv_circular(x))
        x = F.relu(self.conv_replicate(x))
        x = self.const_pad(self.rep_pad(x))  # grows by 2+1 on every side
        x = self.out(x)
        x = F.pad(x, (1, 1, 2, 2), mode="reflect")
        return torch.tanh(x)


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
