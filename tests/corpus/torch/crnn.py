"""CRNN for text-line recognition: conv feature extractor then bidirectional GRU over width, CTC-style log-probs."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, num_chars=20, img_h=16, nc=1, nh=32):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(nc, 16, 3, 1, 1), nn.ReLU(True), nn.MaxPool2d(2, 2),  # H/2, W/2
            nn.Conv2d(16, 32, 3, 1, 1), nn.BatchNorm2d(32), nn.ReLU(True),
            nn.MaxPool2d((2, 1), (2, 1)),  # H/4, W/2: keep horizontal resolution
        )
        self.rnn = nn.GRU(32 * (img_h // 4), nh, num_layers=1, bidirectional=True)
        self.embedding = nn.Linear(nh * 2, num_chars + 1)  # +1 for the CTC blank

    def forward(self, x):
        conv = self.cnn(x)
        b, c, h, w = conv.size()
        conv = conv.view(b, c * h, w)
        conv = conv.permute(2, 0, 1)  # [w, b, c*h]
        recurrent, _ = self.rnn(conv)
        T, B, H = recurrent.size()
        output = self.embedding(recurrent.view(T * B, H)).view(T, B, -1)
        return F.log_softmax(output, dim=2)


def get_init_inputs():
    return [20, 16, 1, 32]


def get_inputs():
    return [torch.randn(2, 1, 16, 32)]
