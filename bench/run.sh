#!/usr/bin/env bash
# Runs a Latent benchmark suite: ./bench/run.sh engine | w1 | w2 | w3 | w4 | w5 | w6 | linalg | eval <run>...
# Installs what the suites need (OpenBLAS, Fashion-MNIST, and PyTorch + NumPy for the peer side) when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/ensure-packages.sh"
ensure_packages libopenblas0-pthread dataset-fashion-mnist python3-torch python3-numpy
cd "$root"
dotnet run -c Release --project bench/Latent.Bench -- "$@"
