"""Cross-attention and self-attention with nn.MultiheadAttention in batch_first and seq-first layouts."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, embed_dim=32, num_heads=4, kdim=16, dropout=0.1):
        super().__init__()
        # self-attention, (B, T, E) layout
        self.self_attn = nn.MultiheadAttention(embed_dim, num_heads, dropout=dropout, batch_first=True)
        # cross-attention on time-major tensors (T, B, E) with differently sized keys/values
        self.cross_attn = nn.MultiheadAttention(embed_dim, num_heads, kdim=kdim, vdim=kdim)
        self.norm1 = nn.LayerNorm(embed_dim)
        self.norm2 = nn.LayerNorm(embed_dim)

    def forward(self, x, memory, key_padding_mask):
        # x: (B, T, E); memory: (S, B, kdim); key_padding_mask: (B, S) True = ignore
        attn_out, _ = self.self_attn(x, x, x, need_weights=False)
        x = self.norm1(x + attn_out)
        q = x.transpose(0, 1)  # to (T, B, E)
        cross, weights = self.cross_attn(q, memory, memory, key_padding_mask=key_padding_mask)
        x = self.norm2(x + cross.transpose(0, 1))
        return x, weights  # weights averaged over heads: (B, T, S)


def get_init_inputs():
    return []


def get_inputs():
    x = torch.randn(2, 8, 32)
    memory = torch.randn(10, 2, 16)
    key_padding_mask = torch.randint(0, 10, (2, 10)) > 7
    key_padding_mask[:, 0] = False  # keep at least one key per row
    return [x, memory, key_padding_mask]
