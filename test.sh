#!/usr/bin/env bash
# Installs what the test suite needs (when missing) and runs every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
source scripts/ensure-packages.sh
# OpenBLAS for matrix products; Fashion-MNIST and Hershey fonts for data; NumPy and PIL for the file-format tests;
# PyTorch (float64) as the reference of the engine's differential test; SciPy, scikit-learn and the skimage photographs
# for the metric, classical-model and feature-network cross-checks; the word list for character chains; espeak-ng for
# spoken digits; Open MPI for the data-parallel (mpirun) tests.
ensure_packages libopenblas0-pthread libdnnl2 dataset-fashion-mnist hershey-fonts-data wamerican espeak-ng openmpi-bin libopenmpi-dev python3-numpy python3-pil python3-torch python3-scipy python3-sklearn python3-skimage
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2
  exit 1
fi
dotnet build Latent.sln -c Release -nologo -v q -clp:ErrorsOnly
dotnet test Latent.sln -c Release --no-build -nologo "$@"
