"""W3: WGAN-GP on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

W2's networks, the critic without its batch norm. Critic loss mean D(fake) - mean D(real) + 10 * GP, with GP on
per-sample gradient norms at interpolates (eps ~ U(0, 1) per sample); then G loss -mean D(G(z)).
Adam 1e-4, betas (0, 0.9); batch 64; one critic step per G step (for timing). As in W2 (and Latent's GanModel),
the G step reuses the fake batch the critic step saw, so both programs run the generator forward once per step.
"""
import torch

from peer import serve
from w2 import GanPeer


def gradient_penalty(critic, real, fake):
    eps = torch.rand(real.shape[0], 1, 1, 1)
    x = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


class W3(GanPeer):
    def __init__(self, seed=1, batch=64):
        super().__init__(seed, batch, d_batch_norm=False, lr=1e-4, betas=(0.0, 0.9))

    def d_loss(self, real, fake):
        return self.d(fake).mean() - self.d(real).mean() + 10 * gradient_penalty(self.d, real, fake)

    def g_loss(self, fake):
        return -self.d(fake).mean()


if __name__ == "__main__":
    serve(W3())
