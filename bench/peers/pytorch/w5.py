"""W5: RealNVP (MLP) on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

6 affine couplings on 784-d vectors with alternating index-parity masks; each coupling net 784→1024 ReLU→1024 ReLU→1568,
split into a log-scale (tanh, masked) and a shift (masked); the last layer of each net starts at zero, as in Latent.
Data: uniform dequantization (x·255 + u)/256, then logit(0.05 + 0.9x) with its Jacobian. Loss: exact negative
log-likelihood under N(0, I). Adam 1e-4, batch 64. Test metric: bits per dimension of the 8-bit data.
"""
import math
import os

import torch
import torch.nn as nn

from peer import Batches, fashion_mnist, serve

D = 784
ALPHA = 0.05


class Coupling(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.register_buffer("mask", mask)
        self.net = nn.Sequential(nn.Linear(D, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 2 * D))
        nn.init.zeros_(self.net[-1].weight)
        nn.init.zeros_(self.net[-1].bias)

    def forward(self, x):
        a, b = self.net(x * self.mask).chunk(2, dim=1)
        s = torch.tanh(a) * (1 - self.mask)
        t = b * (1 - self.mask)
        return x * torch.exp(s) + t, s.sum(1)


class RealNvp(nn.Module):
    def __init__(self):
        super().__init__()
        parity = (torch.arange(D) % 2 == 0).float()
        self.couplings = nn.ModuleList([Coupling(parity if i % 2 == 0 else 1 - parity) for i in range(6)])

    def log_prob(self, y):
        p = ALPHA + (1 - 2 * ALPHA) * y
        x = torch.log(p) - torch.log1p(-p)
        log_det = (math.log(1 - 2 * ALPHA) - torch.log(p) - torch.log1p(-p)).sum(1)
        for c in self.couplings:
            x, ld = c(x)
            log_det = log_det + ld
        return -0.5 * (x * x).sum(1) - 0.5 * D * math.log(2 * math.pi) + log_det


def dequantize(x, gen=None):
    return (torch.round(x * 255) + torch.rand(x.shape, generator=gen)) / 256


class W5:
    def __init__(self, seed=1):
        torch.manual_seed(seed)
        train, _ = fashion_mnist("train")
        test, _ = fashion_mnist("test")
        self.train = torch.from_numpy(train.reshape(-1, D).astype("float32") / 255.0)
        self.test = torch.from_numpy(test.reshape(-1, D).astype("float32") / 255.0)
        self.model = RealNvp()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-4)
        self.batches = Batches(self.train, 64, seed)
        self.epoch_count = 0

    def step(self, x=None):
        x = self.batches.next() if x is None else x
        self.opt.zero_grad()
        loss = -self.model.log_prob(dequantize(x)).mean()
        loss.backward()
        self.opt.step()
        return loss.item()

    def test_bits_per_dim(self):
        gen = torch.Generator().manual_seed(4242)
        total = 0.0
        with torch.no_grad():
            for i in range(0, self.test.shape[0], 500):
                total += self.model.log_prob(dequantize(self.test[i:i + 500], gen)).sum().item()
        return -total / self.test.shape[0] / (D * math.log(2)) + 8

    def train_epochs(self, epochs):
        out = []
        for _ in range(epochs):
            total, n = 0.0, 0
            for x in self.batches.epoch():
                total += self.step(x) * x.shape[0]
                n += x.shape[0]
            self.epoch_count += 1
            out.append({"epoch": self.epoch_count, "train_nll": total / n, "test_bits_per_dim": self.test_bits_per_dim()})
        return out


if __name__ == "__main__":
    serve(W5(seed=int(os.environ.get("LATENT_PEER_SEED", "1"))))
