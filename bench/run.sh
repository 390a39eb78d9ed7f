#!/usr/bin/env bash
# Runs a Latent benchmark suite:
#   ./bench/run.sh [--avx2] engine | w1 | w2 | w3 | w4 | w5 | w6 | w2-parts | w4-parts | linalg | sgemm-peak | blas-compare | onednn-conv [rounds] | conv-paths [rounds] | conv-thin [rounds] | eval <run>... [--quick]
# (--quick: few blocks, for a machine others are using; the JSON records it)
# Installs what the suites need (OpenBLAS, Fashion-MNIST, and PyTorch + NumPy for the PyTorch peer) when missing, and
# builds the TorchSharp peer (bench/peers/torchsharp: LibTorch 2.10) for the workload suites.
# --avx2: an AVX2-only run on an AVX-512 machine, for every side: DOTNET_EnableAVX512=0 (Latent; .NET 10 reads this
# name, older runtimes DOTNET_EnableAVX512F, so both are set),
# ATEN_CPU_CAPABILITY=avx2 and MKL_ENABLE_INSTRUCTIONS=AVX2 (LibTorch and PyTorch), ONEDNN_MAX_CPU_ISA=AVX2 (oneDNN); results go to
# bench/results/<suite>.avx2.json beside the native <suite>.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/ensure-packages.sh"
ensure_packages libopenblas0-pthread libdnnl2 dataset-fashion-mnist python3-torch python3-numpy
cd "$root"
if [[ "${1:-}" == "--avx2" ]]; then
  shift
  export DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 LATENT_BENCH_ISA=avx2 \
    ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2
fi
case "${1:-}" in
  blas-compare) ensure_packages libblis4-pthread ;; # measured only, never loaded by Latent
  onednn-conv) # oneDNN's convolutions at W2's layers from C++ (the peer of Latent's own oneDNN path)
    ensure_packages libdnnl-dev g++
    g++ -O2 -std=c++17 bench/peers/onednn/conv.cpp -o bench/peers/onednn/conv -ldnnl ;;
  w[1-6])
    # TorchSharp-cpu 0.107.0's shim names GLIBCXX_3.4.32 (Debian 12 has 3.4.30); its build step checks that no symbol
    # of that version is used and marks the requirement weak in the output copy (bench/peers/torchsharp/weaken-glibcxx.py).
    dotnet build -c Release bench/peers/torchsharp --nologo -v q >&2 ;;
esac
dotnet run -c Release --project bench/Latent.Bench -- "$@"
