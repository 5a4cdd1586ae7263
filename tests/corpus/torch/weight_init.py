"""Small CNN whose __init__ applies explicit weight initialisation schemes layer by layer."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32)
        self.hidden = nn.Linear(32, 64)
        self.emb = nn.Embedding(10, 64)
        self.fc = nn.Linear(64, num_classes)

        # He init for conv layers feeding ReLU
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        nn.init.xavier_uniform_(self.hidden.weight)
        nn.init.zeros_(self.hidden.bias)
        nn.init.normal_(self.emb.weight, mean=0.0, std=1.0 / math.sqrt(64))
        self.fc.weight.data.normal_(0, 0.01)
        self.fc.bias.data.fill_(0)
        # zero-init the last BN gamma so the block starts close to identity
        nn.init.zeros_(self.bn2.weight)
        nn.init.kaiming_uniform_(self.conv2.weight, a=math.sqrt(5))
        nn.init.xavier_normal_(self.emb.weight, gain=1.0)
        nn.init.ones_(self.bn1.weight)

    def forward(self, x, label):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.bn2(self.conv2(x)) + 0.1)
        x = F.adaptive_max_pool2d(x, 1).flatten(1)
        # condition on a class label
        x = F.relu(self.hidden(x)) + self.emb(label)
        return self.fc(x)


def get_init_inputs():
    return [10]


def get_inputs():
    return [torch.randn(2, 3, 16, 16), torch.randint(0, 10, (2,))]
