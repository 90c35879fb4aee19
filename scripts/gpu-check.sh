#!/usr/bin/env bash
# One-shot GPU check, in two halves, for a GPU machine that has the NVIDIA driver and Python with PyTorch on CUDA
# but no .NET and no network.
#
#   scripts/gpu-check.sh pack [ARCHIVE]
#       On a machine with the .NET SDK: publishes nst self-contained for linux-x64 and packs it with the check's
#       inputs (the PyTorch parity fixtures, the PyTorch peer, this script) into one .tar.gz of at most 60 MB.
#       Default ARCHIVE: artifacts/gpu-check/nst-gpu-check.tar.gz (git-ignored).
#
#   scripts/gpu-check.sh run [ARCHIVE] [--dry-run]
#       On the GPU machine: unpacks ARCHIVE (default: where pack wrote it, or the unpacked folder this script sits
#       in) and, within a time limit of its own (GPU_CHECK_LIMIT seconds, default 300), runs
#         1. nst device-check --device cuda: one evaluation against the CPU engine on the narrow PyTorch fixture
#            and on random:0 at 48², the fixture's values from PyTorch, 10 Adam and 10 L-BFGS steps against
#            PyTorch, and 10 = 5 + resume 5 bit-identical on the device;
#         2. nst bench --device cuda at 512² and 1024² (s/iter, per-layer times, device memory);
#         3. the PyTorch peer (scripts/bench/pytorch_peer.py --device cuda, float32) at the same sizes;
#       and prints one summary line, starting with "gpu-check:".
#       --dry-run runs the same plumbing on ILGPU's CPU accelerator (nst --device ilgpu-cpu) at 32² with the peer
#       on the CPU, so the script itself can be checked on a machine without a GPU. No CUDA device and no
#       --dry-run: nst's one error line, and exit 1.
#
# Environment: PYTHON (default: the first of python3, /usr/bin/python3 that imports torch), GPU_CHECK_LIMIT.
set -euo pipefail

limit_bytes=$((60 * 1000 * 1000))
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "gpu-check: $*" >&2; exit 1; }

repo_root() { cd "$script_dir/.." && pwd; }

default_archive() { echo "$(repo_root)/artifacts/gpu-check/nst-gpu-check.tar.gz"; }

pack() {
  local root archive
  root="$(repo_root)"
  archive="${1:-$(default_archive)}"
  command -v dotnet >/dev/null || die "pack needs the .NET SDK (dotnet)"
  stage="$(mktemp -d)"
  trap 'rm -rf "${stage:-}"' EXIT
  mkdir -p "$stage/nst-gpu-check/fixtures" "$(dirname "$archive")"

  # Self-contained, untrimmed: ILGPU reads kernels' IL through reflection and binds the CUDA driver through
  # generated types, which trimming could remove without anything here noticing (no GPU to try it on).
  # Symbols are left out; that is what can be dropped safely.
  echo "gpu-check: publishing nst (self-contained, linux-x64)..." >&2
  dotnet publish "$root/src/Cli" -c Release -r linux-x64 --self-contained true \
    -p:DebugType=none -p:DebugSymbols=false -p:GenerateDocumentationFile=false \
    -o "$stage/nst-gpu-check/nst" --nologo >&2
  find "$stage/nst-gpu-check/nst" \( -name '*.pdb' -o -name '*.dbg' \) -delete

  cp "$root/tests/Engine.Tests/Fixtures/parity/narrow_vgg19.pth" "$root/tests/Engine.Tests/Fixtures/parity/parity.safetensors" "$stage/nst-gpu-check/fixtures/"
  cp "$root/scripts/bench/pytorch_peer.py" "$stage/nst-gpu-check/"
  cp "$root/scripts/gpu-check.sh" "$stage/nst-gpu-check/"
  (cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown) > "$stage/nst-gpu-check/COMMIT"

  tar -C "$stage" -czf "$archive" nst-gpu-check
  local size
  size=$(stat -c %s "$archive")
  awk -v a="$archive" -v s="$size" -v l=$((limit_bytes / 1000000)) 'BEGIN { printf "gpu-check: packed %s: %.1f MB (limit %d MB)\n", a, s / 1e6, l }'
  if [ "$size" -gt "$limit_bytes" ]; then
    rm -f "$archive"
    die "the archive is over the 60 MB limit; removed"
  fi
}

find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import torch' 2>/dev/null; then echo "$p"; return; fi
  done
  command -v python3 || die "no python3"
}

run() {
  local archive="" dry_run=0
  for arg in "$@"; do
    case "$arg" in
      --dry-run) dry_run=1 ;;
      -*) die "unknown option $arg" ;;
      *) archive="$arg" ;;
    esac
  done

  # The whole run under one time limit: re-enter this script under timeout(1) once.
  if [ -z "${GPU_CHECK_INNER:-}" ]; then
    local status=0
    GPU_CHECK_INNER=1 GPU_CHECK_START="$(date +%s)" timeout -k 10 "${GPU_CHECK_LIMIT:-300}" "$0" run "$@" || status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      echo "gpu-check: FAILED: over the ${GPU_CHECK_LIMIT:-300} s limit" >&2
    fi
    return "$status"
  fi

  local dir
  if [ -z "$archive" ] && [ -x "$script_dir/nst/nst" ]; then
    dir="$script_dir" # run from inside an unpacked archive
  else
    archive="${archive:-$(default_archive)}"
    [ -f "$archive" ] || die "no archive at $archive (run 'scripts/gpu-check.sh pack' on a machine with .NET first)"
    work="$(mktemp -d)"
    tar -C "$work" -xzf "$archive"
    dir="$work/nst-gpu-check"
  fi

  local nst="$dir/nst/nst" python device sizes peer_device random_size resume_size resume_model
  python="$(find_python)"
  out="$(mktemp -d)"
  trap 'rm -rf "${work:-}" "$out"' EXIT
  if [ "$dry_run" -eq 1 ]; then
    device=ilgpu-cpu; sizes="32"; peer_device=cpu; random_size=32; resume_size=32; resume_model=fixture
  else
    device=cuda; sizes="512 1024"; peer_device=cuda; random_size=48; resume_size=64; resume_model=random
  fi
  echo "gpu-check: $(cat "$dir/COMMIT" 2>/dev/null || echo '?') on $(hostname), device $device, python $python" >&2

  # A step gets what is left of the limit, less 15 s kept for the summary.
  left() {
    local s=$(( ${GPU_CHECK_LIMIT:-300} - ($(date +%s) - GPU_CHECK_START) - 15 ))
    echo $(( s < 1 ? 1 : s ))
  }

  local check_status=0
  timeout "$(left)" "$nst" device-check --device "$device" --fixtures "$dir/fixtures" \
    --random-size "$random_size" --resume-size "$resume_size" --resume-model "$resume_model" > "$out/check.json" || check_status=$?
  if [ "$check_status" -ne 0 ] && [ ! -s "$out/check.json" ]; then
    exit "$check_status" # nst said why on stderr (no CUDA device, ...)
  fi

  for s in $sizes; do
    local iterations=5 warmup=2
    [ "$s" -ge 1024 ] && { iterations=3; warmup=1; }
    timeout "$(left)" "$nst" bench --device "$device" --size "$s" --iterations "$iterations" --warmup "$warmup" --json > "$out/bench$s.json" || true
    timeout "$(left)" "$python" "$dir/pytorch_peer.py" --device "$peer_device" --size "$s" --iterations "$iterations" --warmup "$warmup" > "$out/peer$s.json" || true
  done

  "$python" - "$out" "$check_status" $sizes <<'PY'
import json, os, sys

out, check_status, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]

def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None

def e(v):
    return "n/a" if v is None else f"{v:.1e}"

check = load("check.json") or {}
parts = [f"device={check.get('device', '?')}"]
parts.append("parity: fixture-vs-cpu={} fixture-vs-pytorch={} random-vs-cpu={} adam-vs-pytorch={} lbfgs-vs-pytorch={} lbfgs-image-rms={} resume={}".format(
    e(check.get("fixtureVsCpu")), e(check.get("fixtureVsPyTorch")), e(check.get("randomVsCpu")),
    e(check.get("adamVsPyTorch")), e(check.get("lbfgsVsPyTorch")), e(check.get("lbfgsImageRms")),
    {True: "bit-identical", False: "DIFFERENT", None: "n/a"}[check.get("resumeBitIdentical")]))
ok = check_status == 0 and not check.get("failures")
goals = {512: 0.015, 1024: 0.060}
for s in sizes:
    b, p = load(f"bench{s}.json"), load(f"peer{s}.json")
    if b is None:
        parts.append(f"{s}²: nst failed")
        ok = False
        continue
    t = b["secondsPerIteration"]
    steps = sum(l["seconds"] for l in b["layers"])  # per iteration already
    text = f"{s}²: {t * 1e3:.1f} ms/iter (profiled device steps {steps * 1e3:.1f} ms; the rest is mostly the host's L-BFGS)"
    if s in goals:
        text += f" (goal ≤{goals[s] * 1e3:.0f}: {'met' if t <= goals[s] else 'MISSED'})"
    if p is not None:
        text += f", peer {p['secondsPerIteration'] * 1e3:.1f} ms, nst/peer {t / p['secondsPerIteration']:.2f}"
    else:
        text += ", peer failed"
    parts.append(text)
    # Per-layer times of the largest size, for the log.
    print(f"gpu-check: {s}² per layer (ms, forward/backward): " + ", ".join(
        f"{l['name']} {l['phase'][0]} {l['seconds'] * 1e3:.2f}" for l in b["layers"]), file=sys.stderr)
largest = load(f"bench{max(sizes)}.json") if sizes else None
if largest is not None:
    mem = largest.get("peakDeviceBytes", 0)
    goal = " (goal ≤4096: " + ("met" if mem <= 4 * 2**30 else "MISSED") + ")" if max(sizes) >= 1024 else ""
    parts.append(f"device memory at {max(sizes)}²: {mem / 2**20:.0f} MiB{goal}")
for f in check.get("failures") or []:
    print(f"gpu-check: check failed: {f}", file=sys.stderr)
parts.append("PASS" if ok else "FAIL")
print("gpu-check: " + " | ".join(parts))
sys.exit(0 if ok else 1)
PY
}

case "${1:-}" in
  pack) shift; pack "$@" ;;
  run) shift; run "$@" ;;
  *) die "usage: scripts/gpu-check.sh pack [ARCHIVE] | run [ARCHIVE] [--dry-run]" ;;
esac
