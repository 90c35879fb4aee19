#!/usr/bin/env bash
# Runs `nst bench` and the PyTorch peer alternately, ROUNDS times, at one size and thread count, and prints
# each round's seconds per iteration, peak memory and the ratio ours / PyTorch, then the median ratio.
# Usage: scripts/bench/compare.sh [SIZE=512] [THREADS=2] [ROUNDS=3] [ITERATIONS=3]
# PEER_ARGS passes extra options to the peer, e.g. PEER_ARGS="--memory-format contiguous".
# Needs: a Release build of src/Cli (dotnet build src/Cli -c Release), /usr/bin/python3 with python3-torch,
# and libopenblas0-openmp (the peer runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS
# picks its AVX-512 kernel).
set -euo pipefail
size=${1:-512}
threads=${2:-2}
rounds=${3:-3}
iterations=${4:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
nst="$root/src/Cli/bin/Release/net10.0/nst.dll"
[ -f "$nst" ] || { echo "compare.sh: build first: dotnet build src/Cli -c Release" >&2; exit 1; }

ratios=()
for ((r = 1; r <= rounds; r++)); do
  ours=$(dotnet "$nst" bench --size "$size" --threads "$threads" --iterations "$iterations" --json)
  peer=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" \
    /usr/bin/python3 "$root/scripts/bench/pytorch_peer.py" --size "$size" --threads "$threads" --iterations "$iterations" ${PEER_ARGS:-})
  line=$(/usr/bin/python3 - "$ours" "$peer" <<'PY'
import json, sys
o, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{o['secondsPerIteration']:.3f} {p['secondsPerIteration']:.3f} "
      f"{o['secondsPerIteration'] / p['secondsPerIteration']:.3f} "
      f"{o['peakWorkingSetBytes'] / 1e6:.0f} {p['peakWorkingSetBytes'] / 1e6:.0f} "
      f"{o['peakWorkingSetBytes'] / p['peakWorkingSetBytes']:.3f} {p['blas'].split(',')[-1]}")
PY
)
  read -r so sp ratio mo mp mratio blas <<<"$line"
  printf 'round %d  size %d  threads %d  nst %ss  pytorch %ss  time ratio %s  nst %s MB  pytorch %s MB  memory ratio %s  (%s)\n' \
    "$r" "$size" "$threads" "$so" "$sp" "$ratio" "$mo" "$mp" "$mratio" "$blas"
  ratios+=("$ratio")
done
printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "median time ratio nst/pytorch: %.3f over %d round(s)\n", m, NR}'
