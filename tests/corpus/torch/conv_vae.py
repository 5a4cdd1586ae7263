"""Convolutional VAE with a flattened latent bottleneck and transposed-conv decoder."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, in_channels=1, latent_dim=16):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(in_channels, 16, 4, stride=2, padding=1),  # 16x16
            nn.LeakyReLU(0.2),
            nn.Conv2d(16, 32, 4, stride=2, padding=1),  # 8x8
            nn.BatchNorm2d(32),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
        )
        self.fc_mu = nn.Linear(32 * 8 * 8, latent_dim)
        self.fc_var = nn.Linear(32 * 8 * 8, latent_dim)
        self.decoder_input = nn.Linear(latent_dim, 32 * 8 * 8)
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1),
            nn.BatchNorm2d(16),
            nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(16, in_channels, 4, stride=2, padding=1),
            nn.Tanh(),
        )

    def forward(self, x):
        h = self.encoder(x)
        mu, log_var = self.fc_mu(h), self.fc_var(h)
        std = torch.exp(0.5 * log_var)
        # sample only while training
        z = mu if not self.training else mu + torch.randn_like(std) * std
        z = self.decoder_input(z).view(-1, 32, 8, 8)
        return self.decoder(z), mu, log_var


def get_init_inputs():
    return [1, 16]


def get_inputs():
    return [torch.randn(2, 1, 32, 32)]
