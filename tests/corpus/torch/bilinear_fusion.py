"""Two-modality fusion model with nn.Bilinear interaction and a cosine-similarity score."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, text_dim=24, image_dim=32, hidden=16, num_classes=3):
        super().__init__()
        self.text_proj = nn.Linear(text_dim, hidden)
        self.image_proj = nn.Linear(image_dim, hidden)
        # y = x1^T A x2 + b
        self.bilinear = nn.Bilinear(hidden, hidden, hidden)
        self.classifier = nn.Linear(hidden, num_classes)

    def forward(self, text_feat, image_feat):
        t = torch.tanh(self.text_proj(text_feat))
        v = torch.tanh(self.image_proj(image_feat))
        fused = F.relu(self.bilinear(t, v))
        sim = F.cosine_similarity(t, v, dim=-1)
        dist = F.pairwise_distance(t, v)
        return self.classifier(fused), sim, dist


def get_init_inputs():
    return [24, 32, 16, 3]


def get_inputs():
    return [torch.randn(2, 24), torch.randn(2, 32)]
