#!/usr/bin/env bash
# Data-parallel cost on this machine, for W1 (VAE, batch 128) and W2 (DCGAN, batch 64): one process with two threads
# against `mpirun -np 2` with one thread per rank. For each: median step time, median time inside collectives (its share
# of the step) and allreduce bytes per step. Writes bench/results/distributed.json.
#   ./bench/distributed/run.sh ["a note on the conditions, e.g. under load"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/ensure-packages.sh"
ensure_packages openmpi-bin libopenmpi-dev libopenblas0-pthread dataset-fashion-mnist
cd "$root"
note="${1:-}"
dotnet build -c Release -v quiet -nologo bench/distributed/Latent.DistributedBench.csproj >/dev/null
dll="bench/distributed/bin/Release/net10.0/Latent.DistributedBench.dll"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--allow-run-as-root)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for w in w1 w2; do
  echo "== $w: one process, two threads"
  DOTNET_PROCESSOR_COUNT=2 OPENBLAS_NUM_THREADS=2 timeout 1200 dotnet "$dll" "$w" "$out/$w-1x2.json"
  echo "== $w: mpirun -np 2, one thread per rank"
  timeout 1200 mpirun -np 2 --bind-to core "${as_root[@]}" -x DOTNET_PROCESSOR_COUNT=1 -x OPENBLAS_NUM_THREADS=1 \
    dotnet "$dll" "$w" "$out/$w-2x1.json"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$out" "$note" "$load_before" "$load_after" <<'PY'
import json, os, subprocess, sys
out, note, before, after = sys.argv[1:5]
result = {
    "command": "./bench/distributed/run.sh" + (f' "{note}"' if note else ""),
    "conditions": note or "not stated",
    "load_average_before": before, "load_average_after": after,
    "cores": os.cpu_count(),
    "mpi": subprocess.run(["mpirun", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
    "workloads": {},
}
for w in ("w1", "w2"):
    one = json.load(open(f"{out}/{w}-1x2.json")); two = json.load(open(f"{out}/{w}-2x1.json"))
    result["workloads"][w] = {
        "model": one["model"], "config": one["config"], "parameters": one["parameters"],
        "one_process_two_threads": {k: one[k] for k in ("median_step_s", "median_until_gradients_s", "timed_steps")},
        "two_ranks_one_thread_each": {k: two[k] for k in ("median_step_s", "median_collective_s", "communication_share",
                                                       "allreduce_bytes_per_step", "ring_bytes_sent_per_rank_per_step",
                                                       "allreduce_alone_s", "allreduce_alone_gbytes_per_s", "timed_steps")},
        "speedup_two_ranks_over_one_process": round(one["median_step_s"] / two["median_step_s"], 3),
    }
path = "bench/results/distributed.json"
json.dump(result, open(path, "w"), indent=2); open(path, "a").write("\n")
print(json.dumps(result, indent=2)); print("wrote", path)
PY
