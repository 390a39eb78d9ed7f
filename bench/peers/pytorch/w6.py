"""W6: a Bernoulli RBM trained with CD-1 on binarized Fashion-MNIST (see shared WORKLOADS.md), served to Latent's benchmark.

784 visible, 500 hidden units, data binarized at 0.5, one Gibbs step, learning rate 0.01, batch 100. Plain tensor ops,
no autograd: the same update as Latent's `rbm` with momentum and weight decay off (W ~ N(0, 0.01²), visible biases
at the log-odds of the binarized training means, hidden biases 0), and the reconstruction error of the step returned.
"""
import torch

from peer import Batches, fashion_mnist, serve

VISIBLE, HIDDEN, BATCH, LR, THRESHOLD = 784, 500, 100, 0.01, 0.5


class W6:
    def __init__(self, seed=1):
        torch.manual_seed(seed)
        torch.set_grad_enabled(False)
        train, _ = fashion_mnist("train")
        self.train = torch.from_numpy(train.reshape(-1, VISIBLE).astype("float32") / 255.0)
        n = self.train.shape[0]
        p = ((self.train > THRESHOLD).float().mean(0) * n + 0.25) / (n + 0.5)
        self.w = torch.randn(HIDDEN, VISIBLE) * 0.01
        self.b = torch.log(p) - torch.log1p(-p)
        self.c = torch.zeros(HIDDEN)
        self.batches = Batches(self.train, BATCH, seed)

    def step(self, x=None):
        x = self.batches.next() if x is None else x
        v0 = (x > THRESHOLD).float()
        # mm + add rather than addmm/F.linear: with a bias vector addmm runs 3-5x slower in Debian's PyTorch 1.13.
        ph0 = torch.sigmoid(v0 @ self.w.t() + self.c)
        h0 = torch.bernoulli(ph0)
        pv1 = torch.sigmoid(h0 @ self.w + self.b)
        v1 = torch.bernoulli(pv1)
        ph1 = torch.sigmoid(v1 @ self.w.t() + self.c)
        n = v0.shape[0]
        # W += lr·(ph0ᵀv0 − ph1ᵀv1)/n, in place
        self.w.addmm_(ph0.t(), v0, alpha=LR / n).addmm_(ph1.t(), v1, alpha=-LR / n)
        self.b.add_((v0 - v1).mean(0), alpha=LR)
        self.c.add_((ph0 - ph1).mean(0), alpha=LR)
        return ((v0 - pv1) ** 2).sum().item() / n

    def train_epochs(self, epochs):
        out = []
        for e in range(epochs):
            total, n = 0.0, 0
            for x in self.batches.epoch():
                total += self.step(x) * x.shape[0]
                n += x.shape[0]
            out.append({"epoch": e + 1, "train_reconstruction_error": total / n})
        return out


if __name__ == "__main__":
    serve(W6())
