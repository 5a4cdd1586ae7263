"""MLP GAN: generator and discriminator in one module; forward returns fake images and both scores."""
import torch
import torch.nn as nn


class Generator(nn.Module):
    def __init__(self, latent_dim, img_shape):
        super().__init__()
        self.img_shape = img_shape

        def block(in_feat, out_feat, normalize=True):
            layers = [nn.Linear(in_feat, out_feat)]
            if normalize:
                layers.append(nn.BatchNorm1d(out_feat, 0.8))  # note: 0.8 is eps (a classic bug kept on purpose)
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers

        self.model = nn.Sequential(
            *block(latent_dim, 32, normalize=False),
            *block(32, 64),
            nn.Linear(64, int(torch.prod(torch.tensor(img_shape)))),
            nn.Tanh(),
        )

    def forward(self, z):
        img = self.model(z)
        img = img.view(img.size(0), *self.img_shape)
        return img


class Discriminator(nn.Module):
    def __init__(self, img_shape):
        super().__init__()
        in_features = img_shape[0] * img_shape[1] * img_shape[2]
        self.model = nn.Sequential(
            nn.Linear(in_features, 64),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Linear(64, 32),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Linear(32, 1),
            nn.Sigmoid(),
        )

    def forward(self, img):
        img_flat = img.view(img.size(0), -1)
        return self.model(img_flat)


class Model(nn.Module):
    def __init__(self, latent_dim=16, channels=1, img_size=8):
        super().__init__()
        img_shape = (channels, img_size, img_size)
        self.generator = Generator(latent_dim, img_shape)
        self.discriminator = Discriminator(img_shape)

    def forward(self, z, real_imgs):
        fake = self.generator(z)
        # discriminator scores for real and generated samples
        return fake, self.discriminator(real_imgs), self.discriminator(fake.detach())


def get_init_inputs():
    return [16, 1, 8]


def get_inputs():
    return [torch.randn(2, 16), torch.randn(2, 1, 8, 8)]
