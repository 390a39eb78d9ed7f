"""W2: DCGAN 28x28 on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

G: ConvT(100->256, k7 s1 p0)+BN+ReLU -> ConvT(256->128, k4 s2 p1)+BN+ReLU -> ConvT(128->1, k4 s2 p1)+tanh (no biases).
D: Conv(1->64, k4 s2 p1)+LeakyReLU 0.2 -> Conv(64->128, k4 s2 p1)+BN+LeakyReLU 0.2 -> Conv(128->1, k7 s1 p0) (no biases).
One step: one D step on a real batch and the detached fakes, then one G step reusing the same fake batch;
non-saturating loss with BCE-with-logits; Adam 2e-4, betas (0.5, 0.999); batch 64; data in [-1, 1].
"""
import abc

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer import Batches, fashion_mnist, serve


def dcgan_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def generator(latent=100):
    return nn.Sequential(
        nn.ConvTranspose2d(latent, 256, 7, 1, 0, bias=False), nn.BatchNorm2d(256), nn.ReLU(True),
        nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(True),
        nn.ConvTranspose2d(128, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminator(batch_norm=True):
    return nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
        nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128) if batch_norm else nn.Identity(), nn.LeakyReLU(0.2, True),
        nn.Conv2d(128, 1, 7, 1, 0, bias=False))


def signed_images():
    train, _ = fashion_mnist("train")
    return torch.from_numpy(train.reshape(-1, 1, 28, 28).astype("float32") / 127.5 - 1.0)


class GanPeer(abc.ABC):
    """One D step on a real batch and the detached fakes, then one G step reusing the same fake batch."""

    def __init__(self, seed, batch, d_batch_norm, lr, betas):
        torch.manual_seed(seed)
        self.g, self.d = generator(), discriminator(batch_norm=d_batch_norm)
        self.g.apply(dcgan_init)
        self.d.apply(dcgan_init)
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=lr, betas=betas)
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=lr, betas=betas)
        self.batches = Batches(signed_images(), batch, seed)
        self.epoch_count = 0

    @abc.abstractmethod
    def d_loss(self, real, fake):
        """The discriminator's (critic's) loss on a real batch and detached fakes."""

    @abc.abstractmethod
    def g_loss(self, fake):
        """The generator's loss on its fakes."""

    def step(self, real=None):
        real = self.batches.next() if real is None else real
        fake = self.g(torch.randn(real.shape[0], 100, 1, 1))
        self.opt_d.zero_grad()
        d_loss = self.d_loss(real, fake.detach())
        d_loss.backward()
        self.opt_d.step()
        self.opt_g.zero_grad()
        self.d.requires_grad_(False)  # the G step does not need D's parameter gradients
        g_loss = self.g_loss(fake)
        g_loss.backward()
        self.d.requires_grad_(True)
        self.opt_g.step()
        return d_loss.item(), g_loss.item()

    def train_epochs(self, epochs):
        out = []
        for _ in range(epochs):
            d_total = g_total = 0.0
            steps = 0
            for x in self.batches.epoch():
                d, g = self.step(x)
                d_total, g_total, steps = d_total + d, g_total + g, steps + 1
            self.epoch_count += 1
            out.append({"epoch": self.epoch_count, "d_loss": d_total / steps, "g_loss": g_total / steps})
        return out


class W2(GanPeer):
    def __init__(self, seed=1, batch=64):
        super().__init__(seed, batch, d_batch_norm=True, lr=2e-4, betas=(0.5, 0.999))

    def d_loss(self, real, fake):
        n = real.shape[0]
        return F.binary_cross_entropy_with_logits(self.d(real).view(-1), torch.ones(n)) + \
            F.binary_cross_entropy_with_logits(self.d(fake).view(-1), torch.zeros(n))

    def g_loss(self, fake):
        return F.binary_cross_entropy_with_logits(self.d(fake).view(-1), torch.ones(fake.shape[0]))


if __name__ == "__main__":
    serve(W2())
