"""W4: PixelCNN on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

masked conv A 1->64 k7 p3, ReLU, 5 x (masked conv B 64->64 k3 p1, ReLU), conv 64->256 k1; 256-way softmax
cross-entropy on the pixel values; Adam 1e-3; batch 32. The mask multiplies the weight in every forward pass, so the
gradient flows through it (as in Latent). LATENT_W4_TRAIN_SIZE / LATENT_W4_TEST_SIZE limit the images used for the
quality comparison (default: all).
"""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer import Batches, fashion_mnist, serve


class MaskedConv2d(nn.Conv2d):
    def __init__(self, mask_type, cin, cout, k):
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.zeros(1, 1, k, k)
        c = k // 2
        mask[:, :, :c, :] = 1
        mask[:, :, c, :c] = 1
        if mask_type == "B":
            mask[:, :, c, c] = 1
        self.register_buffer("mask", mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCNN(nn.Module):
    def __init__(self):
        super().__init__()
        layers = [MaskedConv2d("A", 1, 64, 7), nn.ReLU()]
        for _ in range(5):
            layers += [MaskedConv2d("B", 64, 64, 3), nn.ReLU()]
        layers += [nn.Conv2d(64, 256, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def nll(logits, x):
    """Per-dimension cross-entropy in nats (mean) of images x in [0, 1]."""
    return F.cross_entropy(logits, (x * 255).round().long().squeeze(1))


class W4:
    def __init__(self, seed=1):
        torch.manual_seed(seed)
        train, _ = fashion_mnist("train")
        test, _ = fashion_mnist("test")
        n_train = int(os.environ.get("LATENT_W4_TRAIN_SIZE", train.shape[0]))
        n_test = int(os.environ.get("LATENT_W4_TEST_SIZE", test.shape[0]))
        self.train = torch.from_numpy(train[:n_train].reshape(-1, 1, 28, 28).astype("float32") / 255.0)
        self.test = torch.from_numpy(test[:n_test].reshape(-1, 1, 28, 28).astype("float32") / 255.0)
        self.model = PixelCNN()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.batches = Batches(self.train, 32, seed)
        self.epoch_count = 0

    def step(self, x=None):
        x = self.batches.next() if x is None else x
        self.opt.zero_grad()
        loss = nll(self.model(x), x)
        loss.backward()
        self.opt.step()
        return loss.item()

    def test_nll(self):
        """Nats per image on the test images."""
        self.model.eval()
        total = 0.0
        with torch.no_grad():
            for i in range(0, self.test.shape[0], 500):
                x = self.test[i:i + 500]
                total += nll(self.model(x), x).item() * x.shape[0] * 784
        self.model.train()
        return total / self.test.shape[0]

    def train_epochs(self, epochs):
        out = []
        for _ in range(epochs):
            total, n = 0.0, 0
            for x in self.batches.epoch():
                total += self.step(x) * x.shape[0]
                n += x.shape[0]
            self.epoch_count += 1
            test = self.test_nll()
            out.append({"epoch": self.epoch_count, "train_bits_per_dim": total / n / math.log(2),
                        "test_nll": test, "test_bits_per_dim": test / 784 / math.log(2)})
        return out


if __name__ == "__main__":
    serve(W4())
