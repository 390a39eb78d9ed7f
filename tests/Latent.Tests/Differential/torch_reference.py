#!/usr/bin/env python3
"""Reference values for Latent's differential test, computed by PyTorch in float64.

Usage: torch_reference.py CASES.json RESULTS.json

CASES.json (written by TorchDifferentialTests) holds, per case, a PyTorch expression over the inputs a, b, c, ...,
the input values (float32 values, exact in float64), which inputs are differentiable and which are integer indices,
a weighting w of the output and a direction v_i per differentiable input. For each case this script writes:
  out      the expression's value,
  grad     dL/dx_i for L = sum(out * w),
  gradgrad dG/dx_i for G = sum_i <dL/dx_i, v_i> (only when the case asks for second order).
An exception in one case is reported for that case; the others still run.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
NAMES = "abcdefghijklmnop"


def lstm(x, w_ih, w_hh, b_ih, b_hh, *reverse):
    """Single-layer LSTM over [T, B, in] from zero states with PyTorch's gate order; with a second set of weights
    (the reverse direction) it is bidirectional and returns [T, B, 2H]."""
    params = [w_ih, w_hh, b_ih, b_hh, *reverse]
    hidden = w_hh.shape[1]
    directions = 2 if reverse else 1
    zeros = torch.zeros(directions, x.shape[1], hidden)
    out, _, _ = torch._VF.lstm(x, (zeros, zeros), params, True, 1, 0.0, False, bool(reverse), False)
    return out


def wgan_gp(real, fake, eps, w1, b1, w2, b2, w3, b3, slope=0.2):
    """A WGAN-GP critic objective: D(fake) - D(real) + 10 (||grad_x D(x_hat)|| - 1)^2 with a two-hidden-layer
    leaky-ReLU critic (slope 0: ReLU), x_hat = eps real + (1 - eps) fake."""
    def critic(x):
        h = F.leaky_relu(F.linear(x, w1, b1), slope)
        h = F.leaky_relu(F.linear(h, w2, b2), slope)
        return F.linear(h, w3, b3)
    x_hat = eps * real + (1 - eps) * fake
    if not x_hat.requires_grad:
        x_hat.requires_grad_(True)
    d_hat = critic(x_hat)
    g, = torch.autograd.grad(d_hat.sum(), x_hat, create_graph=True)
    penalty = ((g.norm(2, dim=1) - 1) ** 2).mean()
    return critic(fake).mean() - critic(real).mean() + 10 * penalty


HELPERS = {"torch": torch, "F": F, "math": math, "lstm": lstm, "wgan_gp": wgan_gp}


def encode(t):
    if t._is_zerotensor():  # autograd's lazy zeros have no storage to read
        t = torch.zeros(t.shape)
    return [v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
            for v in t.detach().reshape(-1).tolist()]


def run(case):
    env = dict(HELPERS)
    inputs, diff = [], []
    for name, spec in zip(NAMES, case["inputs"]):
        if spec["index"]:
            t = torch.tensor([int(v) for v in spec["values"]], dtype=torch.long).reshape(spec["shape"])
        else:
            t = torch.tensor([float(v) for v in spec["values"]], dtype=torch.float64).reshape(spec["shape"])
            if spec["grad"]:
                t.requires_grad_(True)
                diff.append(t)
        env[name] = t
        inputs.append(t)
    out = eval(case["expr"], env)  # noqa: S307 - the expressions come from the test's own case table
    result = {"shape": list(out.shape), "out": encode(out)}
    if not diff or not out.requires_grad:
        return result
    w = torch.tensor([float(v) for v in case["weights"]]).reshape(out.shape)
    second = case["second"]
    grads = torch.autograd.grad((out * w).sum(), diff, create_graph=second, allow_unused=True)
    grads = [torch.zeros_like(x) if g is None else g for x, g in zip(diff, grads)]
    result["grad"] = [encode(g) for g in grads]
    if second:
        dirs = [torch.tensor([float(v) for v in d]).reshape(x.shape) for x, d in zip(diff, case["directions"])]
        total = sum((g * v).sum() for g, v in zip(grads, dirs) if g.requires_grad)
        if torch.is_tensor(total) and total.requires_grad:
            hess = torch.autograd.grad(total, diff, allow_unused=True)
            hess = [torch.zeros_like(x) if h is None else h for x, h in zip(diff, hess)]
        else:
            hess = [torch.zeros_like(x) for x in diff]
        result["gradgrad"] = [encode(h) for h in hess]
    return result


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)["cases"]
    results = {}
    for case in cases:
        try:
            results[case["name"]] = run(case)
        except Exception as e:  # reported per case, so one broken expression does not hide the rest
            results[case["name"]] = {"error": f"{type(e).__name__}: {e}"}
    with open(sys.argv[2], "w") as f:
        json.dump({"torch": torch.__version__, "results": results}, f)


if __name__ == "__main__":
    main()
