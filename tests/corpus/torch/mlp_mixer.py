"""MLP-Mixer: token-mixing and channel-mixing MLPs over image patches."""
import torch
import torch.nn as nn


class MlpBlock(nn.Module):
    def __init__(self, dim, hidden_dim, dropout=0.0):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, hidden_dim),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_dim, dim),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        return self.net(x)


class MixerBlock(nn.Module):
    def __init__(self, num_patches, dim, token_dim, channel_dim, dropout=0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.token_mix = MlpBlock(num_patches, token_dim, dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.channel_mix = MlpBlock(dim, channel_dim, dropout)

    def forward(self, x):
        # token mixing operates along the patch axis: transpose to (B, C, N)
        y = self.norm1(x).transpose(1, 2)
        x = x + self.token_mix(y).transpose(1, 2)
        x = x + self.channel_mix(self.norm2(x))
        return x


class Model(nn.Module):
    def __init__(self, in_channels=3, dim=32, num_classes=10, patch_size=4, image_size=16, depth=2,
                 token_dim=16, channel_dim=64):
        super().__init__()
        assert image_size % patch_size == 0, "Image dimensions must be divisible by the patch size."
        self.num_patch = (image_size // patch_size) ** 2
        self.to_patch_embedding = nn.Conv2d(in_channels, dim, patch_size, patch_size)
        self.mixer_blocks = nn.ModuleList([])
        for _ in range(depth):
            self.mixer_blocks.append(MixerBlock(self.num_patch, dim, token_dim, channel_dim, dropout=0.1))
        self.layer_norm = nn.LayerNorm(dim)
        self.mlp_head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.to_patch_embedding(x)
        x = x.flatten(2).permute(0, 2, 1)  # b c h w -> b (h w) c
        for mixer_block in self.mixer_blocks:
            x = mixer_block(x)
        x = self.layer_norm(x)
        x = x.mean(dim=1)
        return self.mlp_head(x)


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 3, 16, 16)]
