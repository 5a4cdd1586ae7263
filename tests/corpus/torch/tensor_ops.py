"""Feature-processing model exercising many tensor methods (reshape, split, einsum, where, max, ...)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Model(nn.Module):
    def __init__(self, channels=8, dim=16):
        super().__init__()
        self.channels = channels
        self.proj = nn.Linear(dim, dim * 2)
        self.mix = nn.Parameter(torch.randn(channels, channels) * 0.1)
        self.scale = nn.Parameter(torch.ones(1, channels, 1))

    def forward(self, x, mask):
        # x: (B, C, L), mask: (B, L) bool
        B, C, L = x.shape
        h = x.transpose(1, 2)  # (B, L, C)
        h = h.reshape(B, L, C // 2, 2).flatten(2)  # no-op reshape round trip
        h = h.permute(0, 2, 1).contiguous()  # (B, C, L)
        a, b = torch.chunk(h, 2, dim=1)
        c, d = h.split([C // 4, C - C // 4], dim=1)
        h = torch.cat([b, a], dim=1) + torch.cat((c, d), 1)
        # channel mixing with einsum
        h = torch.einsum("bcl,dc->bdl", h, self.mix) * self.scale
        h = h.clamp(-3.0, 3.0)
        h = torch.clamp(h, min=-2.5)

        # masked statistics over the length axis
        m = mask.unsqueeze(1)  # (B, 1, L)
        h = h.masked_fill(~m, 0.0)
        mean = h.sum(dim=-1, keepdim=True) / m.sum(-1, keepdim=True).clamp(min=1)
        centered = torch.where(m, h - mean, torch.zeros_like(h))
        var = centered.pow(2).mean(dim=-1, keepdim=True)
        normed = centered / torch.sqrt(var + 1e-5)

        # max over length returns values and indices
        values, indices = normed.max(dim=-1)
        top = torch.max(normed, 2)[0]
        pooled = torch.stack([values, top, normed.mean(-1)], dim=-1)  # (B, C, 3)
        pooled = pooled.unsqueeze(1).squeeze(1)

        # a projection in "token" space
        tokens = x.view(B, C, L)[..., :16].abs()
        tokens = self.proj(tokens)
        gate, val = tokens.chunk(2, dim=-1)
        tokens = val * torch.sigmoid(gate)
        tokens = F.normalize(tokens, p=2, dim=-1)
        return pooled.flatten(start_dim=1), indices, tokens.sum(dim=(1, 2))


def get_init_inputs():
    return [8, 16]


def get_inputs():
    x = torch.randn(2, 8, 16)
    mask = torch.rand(2, 16) > 0.3
    mask[:, 0] = True
    return [x, mask]
