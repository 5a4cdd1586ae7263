"""ESPCN-style super-resolution network using sub-pixel convolution (nn.PixelShuffle)."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, upscale_factor=2, channels=1):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(channels, 32, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(32, 32, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(32, 16, (3, 3), (1, 1), (1, 1))
        self.conv4 = nn.Conv2d(16, channels * upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)
        self.unshuffle = nn.PixelUnshuffle(upscale_factor)
        self._initialize_weights()

    def _initialize_weights(self):
        nn.init.orthogonal_(self.conv1.weight, nn.init.calculate_gain("relu"))
        nn.init.orthogonal_(self.conv2.weight, nn.init.calculate_gain("relu"))
        nn.init.orthogonal_(self.conv3.weight, nn.init.calculate_gain("relu"))
        nn.init.orthogonal_(self.conv4.weight)

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.relu(self.conv3(x))
        sr = self.pixel_shuffle(self.conv4(x))  # (B, C*r^2, H, W) -> (B, C, rH, rW)
        # round trip back to low resolution as a sanity output
        lr = self.unshuffle(sr)
        return sr, lr


def get_init_inputs():
    return [2, 1]


def get_inputs():
    return [torch.randn(2, 1, 16, 16)]
