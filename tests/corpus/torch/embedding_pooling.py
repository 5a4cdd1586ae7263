"""Bag-of-embeddings classifier: Embedding with padding_idx and masked mean pooling."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, vocab_size=100, embed_dim=32, num_classes=5, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.fc1 = nn.Linear(embed_dim, 32)
        self.fc2 = nn.Linear(32, num_classes)

    def forward(self, tokens):
        emb = self.embedding(tokens)  # (B, T, D); padding rows are zero
        mask = (tokens != self.pad_idx).unsqueeze(-1).float()
        # mean over the non-padding positions only
        summed = (emb * mask).sum(dim=1)
        counts = mask.sum(dim=1).clamp(min=1.0)
        pooled = summed / counts
        return self.fc2(torch.relu(self.fc1(pooled)))


def get_init_inputs():
    return [100, 32, 5, 0]


def get_inputs():
    return [torch.randint(0, 100, (2, 16))]
