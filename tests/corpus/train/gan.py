"""GAN on points of a noisy circle: a generator and a discriminator, each with its own Adam optimizer
and loss (BCEWithLogitsLoss); the discriminator's step sees the generated batch detached, the
generator's step backpropagates through the (just updated) discriminator."""
import torch
import torch.nn as nn


class Generator(nn.Module):
    def __init__(self, latent, hidden, d_out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, d_out))

    def forward(self, z):
        return self.net(z)


class Discriminator(nn.Module):
    def __init__(self, d_in, hidden):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x)


class Model(nn.Module):
    def __init__(self, latent=4, hidden=32, d_data=2):
        super().__init__()
        self.generator = Generator(latent, hidden, d_data)
        self.discriminator = Discriminator(d_data, hidden)

    def forward(self, z):
        return self.discriminator(self.generator(z))


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    batches = []
    for _ in range(4):
        angle = torch.rand(16, 1) * 6.2832
        real = torch.cat([torch.cos(angle), torch.sin(angle)], dim=1) + 0.05 * torch.randn(16, 2)
        batches.append((real, torch.randn(16, 4)))
    return batches


def train(model, batches, steps):
    criterion = nn.BCEWithLogitsLoss()
    opt_g = torch.optim.Adam(model.generator.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(model.discriminator.parameters(), lr=2e-3, betas=(0.5, 0.999))
    losses = []
    model.train()
    for step in range(steps):
        real, z = batches[step % len(batches)]
        ones, zeros = torch.ones(real.shape[0], 1), torch.zeros(real.shape[0], 1)
        fake = model.generator(z)

        # discriminator: real points -> 1, generated ones (no gradient to the generator) -> 0
        opt_d.zero_grad()
        d_loss = criterion(model.discriminator(real), ones) + criterion(model.discriminator(fake.detach()), zeros)
        d_loss.backward()
        opt_d.step()

        # generator: make the discriminator call its points real
        opt_g.zero_grad()
        g_loss = criterion(model.discriminator(fake), ones)
        g_loss.backward()
        opt_g.step()
        losses.append(d_loss.item())
        losses.append(g_loss.item())
    return losses
