"""DenseNet-BC with dense blocks (concatenated features) and transition layers."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseLayer(nn.Module):
    def __init__(self, num_input_features, growth_rate, bn_size=4, drop_rate=0.0):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(num_input_features)
        self.conv1 = nn.Conv2d(num_input_features, bn_size * growth_rate, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, kernel_size=3, padding=1, bias=False)
        self.drop_rate = drop_rate

    def forward(self, x):
        # bottleneck: BN-ReLU-Conv1x1, then BN-ReLU-Conv3x3
        out = self.conv1(F.relu(self.norm1(x)))
        out = self.conv2(F.relu(self.norm2(out)))
        if self.drop_rate > 0:
            out = F.dropout(out, p=self.drop_rate, training=self.training)
        return out


class DenseBlock(nn.Module):
    def __init__(self, num_layers, num_input_features, growth_rate, drop_rate=0.0):
        super().__init__()
        self.layers = nn.ModuleList([
            DenseLayer(num_input_features + i * growth_rate, growth_rate, drop_rate=drop_rate)
            for i in range(num_layers)
        ])

    def forward(self, x):
        features = [x]
        for layer in self.layers:
            new_features = layer(torch.cat(features, 1))
            features.append(new_features)
        return torch.cat(features, dim=1)


class Transition(nn.Sequential):
    def __init__(self, num_input_features, num_output_features):
        super().__init__()
        self.add_module("norm", nn.BatchNorm2d(num_input_features))
        self.add_module("relu", nn.ReLU(inplace=True))
        self.add_module("conv", nn.Conv2d(num_input_features, num_output_features, kernel_size=1, bias=False))
        self.add_module("pool", nn.AvgPool2d(kernel_size=2, stride=2))


class Model(nn.Module):
    def __init__(self, growth_rate=8, num_init_features=16, num_classes=10, drop_rate=0.1):
        super().__init__()
        self.conv0 = nn.Conv2d(3, num_init_features, kernel_size=3, padding=1, bias=False)
        num_features = num_init_features
        self.block1 = DenseBlock(3, num_features, growth_rate, drop_rate)
        num_features += 3 * growth_rate
        self.trans1 = Transition(num_features, num_features // 2)  # compression 0.5
        num_features //= 2
        self.block2 = DenseBlock(3, num_features, growth_rate, drop_rate)
        num_features += 3 * growth_rate
        self.norm_final = nn.BatchNorm2d(num_features)
        self.classifier = nn.Linear(num_features, num_classes)

    def forward(self, x):
        x = self.conv0(x)
        x = self.trans1(self.block1(x))
        x = self.block2(x)
        x = F.relu(self.norm_final(x), inplace=True)
        x = F.adaptive_avg_pool2d(x, (1, 1))
        x = torch.flatten(x, 1)
        return self.classifier(x)


def get_init_inputs():
    return [8, 16, 10, 0.1]


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
