"""W3: WGAN-GP on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

W2's networks, the critic without its batch norm. Critic loss mean D(fake) - mean D(real) + 10 * GP, with GP on
per-sample gradient norms at interpolates (eps ~ U(0, 1) per sample); then G loss -mean D(G(z)).
Adam 1e-4, betas (0, 0.9); batch 64; one critic step per G step (for timing). As in W2 (and Latent's GanModel),
the G step reuses the fake batch the critic step saw, so both programs run the generator forward once per step.
"""
import torch

from peer import Batches, serve
from w2 import dcgan_init, discriminator, generator, signed_images


def gradient_penalty(critic, real, fake):
    eps = torch.rand(real.shape[0], 1, 1, 1)
    x = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


class W3:
    def __init__(self, seed=1, batch=64):
        torch.manual_seed(seed)
        self.g, self.d = generator(), discriminator(batch_norm=False)
        self.g.apply(dcgan_init)
        self.d.apply(dcgan_init)
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=1e-4, betas=(0.0, 0.9))
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=1e-4, betas=(0.0, 0.9))
        self.batches = Batches(signed_images(), batch, seed)
        self.epoch_count = 0

    def step(self, real=None):
        real = self.batches.next() if real is None else real
        n = real.shape[0]
        fake = self.g(torch.randn(n, 100, 1, 1))
        self.opt_d.zero_grad()
        detached = fake.detach()
        d_loss = self.d(detached).mean() - self.d(real).mean() + 10 * gradient_penalty(self.d, real, detached)
        d_loss.backward()
        self.opt_d.step()
        self.opt_g.zero_grad()
        g_loss = -self.d(fake).mean()
        g_loss.backward()
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


if __name__ == "__main__":
    serve(W3())
