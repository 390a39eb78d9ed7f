"""Shared side of Latent's PyTorch peer benchmarks.

A workload script defines a `Workload` (build, step, optional evaluate) and calls `serve`. The C# benchmark starts the
script, then sends commands on stdin, one per line, and reads one JSON line back for each:

    steps K        run K timed training steps, reply {"times": [seconds, ...]}
    epochs E       train E full epochs from the current state, reply {"epochs": [{"epoch": e, ...metrics}]}
    quit           exit

Alternating `steps` commands between Latent and PyTorch interleaves the two programs in one run.
"""
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch

DATA_DIRS = [os.environ.get("LATENT_DATA", ""), "/usr/share/datasets/fashion-mnist"]


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_mnist(split):
    prefix = "train" if split == "train" else "t10k"
    for d in DATA_DIRS:
        if not d:
            continue
        for suffix in (".gz", ""):
            img = os.path.join(d, f"{prefix}-images-idx3-ubyte{suffix}")
            lab = os.path.join(d, f"{prefix}-labels-idx1-ubyte{suffix}")
            if os.path.exists(img) and os.path.exists(lab):
                return read_idx(img), read_idx(lab)
    raise FileNotFoundError("Fashion-MNIST not found; install it with: apt-get install dataset-fashion-mnist")


class Batches:
    """Shuffled batches over a tensor, reshuffled every epoch (drop_last=False, like a default DataLoader)."""

    def __init__(self, x, batch_size, seed):
        self.x, self.batch_size = x, batch_size
        self.gen = torch.Generator().manual_seed(seed)
        self._new_epoch()

    def _new_epoch(self):
        self.order = torch.randperm(self.x.shape[0], generator=self.gen)
        self.pos = 0

    def next(self):
        if self.pos >= self.x.shape[0]:
            self._new_epoch()
        idx = self.order[self.pos:self.pos + self.batch_size]
        self.pos += self.batch_size
        return self.x[idx]

    def epoch(self):
        self._new_epoch()
        while self.pos < self.x.shape[0]:
            yield self.next()


def serve(workload):
    torch.set_num_threads(int(os.environ.get("LATENT_PEER_THREADS", "2")))
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "steps":
            times = []
            for _ in range(int(parts[1])):
                t = time.perf_counter()
                workload.step()
                times.append(time.perf_counter() - t)
            print(json.dumps({"times": times}), flush=True)
        elif parts[0] == "epochs":
            print(json.dumps({"epochs": workload.train_epochs(int(parts[1]))}), flush=True)
        elif parts[0] == "quit":
            break
        else:
            print(json.dumps({"error": f"unknown command {parts[0]}"}), flush=True)
