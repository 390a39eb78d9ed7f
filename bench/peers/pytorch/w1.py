"""W1: the pytorch/examples VAE on Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from peer import Batches, fashion_mnist, serve


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


def loss_fn(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


class W1:
    def __init__(self, seed=1):
        torch.manual_seed(seed)
        train, _ = fashion_mnist("train")
        test, _ = fashion_mnist("test")
        self.train = torch.from_numpy(train.reshape(-1, 784).astype("float32") / 255.0)
        self.test = torch.from_numpy(test.reshape(-1, 784).astype("float32") / 255.0)
        self.model = VAE()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.batches = Batches(self.train, 128, seed)
        self.epoch_count = 0

    def step(self, x=None):
        x = self.batches.next() if x is None else x
        self.opt.zero_grad()
        logits, mu, logvar = self.model(x)
        loss = loss_fn(logits, x, mu, logvar)
        loss.backward()
        self.opt.step()
        return loss.item()

    def test_nelbo(self):
        self.model.eval()
        total = 0.0
        with torch.no_grad():
            for i in range(0, self.test.shape[0], 128):
                x = self.test[i:i + 128]
                logits, mu, logvar = self.model(x)
                total += loss_fn(logits, x, mu, logvar).item()
        self.model.train()
        return total / self.test.shape[0]

    def train_epochs(self, epochs):
        out = []
        for _ in range(epochs):
            total, n = 0.0, 0
            for x in self.batches.epoch():
                total += self.step(x)
                n += x.shape[0]
            self.epoch_count += 1
            out.append({"epoch": self.epoch_count, "train_nelbo": total / n, "test_nelbo": self.test_nelbo()})
        return out


if __name__ == "__main__":
    serve(W1())
