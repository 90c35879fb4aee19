#!/usr/bin/env bash
# The durable pipeline's overhead, measured: the same job through `nst stylize` and through a drop on the local host
# (Azurite, the Durable Task engine, checkpointed chunks), on this machine, one after the other. Prints both wall
# times, their ratio, whether the two results are the same bytes, and the job's own accounting: chunks, seconds in
# optimisation steps vs in the chunk activities, checkpoint bytes written and read.
# Usage: scripts/bench/pipeline-overhead.sh [SIZE=512] [ITERATIONS=300] [CHUNK_SECONDS=30]
# Needs the set-up of scripts/setup.sh (Azurite in .tools/) and Release builds of src/Cli and src/Functions.
set -euo pipefail
size=${1:-512}
iterations=${2:-300}
chunk=${3:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
nst="src/Cli/bin/Release/net10.0/nst.dll"
app="src/Functions/bin/Release/net10.0/Nst.Functions.dll"
[ -f "$nst" ] && [ -f "$app" ] || { echo "pipeline-overhead.sh: build first: dotnet build NstFunctions.sln -c Release" >&2; exit 1; }
content="samples/content/chelsea.jpg"
style="scripts/styles/swirl.jpg"
work=$(mktemp -d)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export AZURITE_BLOB_PORT=$(free_port) AZURITE_QUEUE_PORT=$(free_port) AZURITE_TABLE_PORT=$(free_port)
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  scripts/azurite.sh stop "$work/azurite" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "job: $content in the style of $style, $size px, $iterations L-BFGS iterations, random:0 weights" >&2
# CPU seconds (user + system) a process has used so far, from /proc.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/cli.time" \
  dotnet "$nst" stylize --content "$content" --style "$style" --output "$work/cli.jpg" --size "$size" --iterations "$iterations" --model random:0 2>/dev/null
cli=$(/usr/bin/python3 -c "print(round($(date +%s.%N) - $start, 2))")
cli_cpu=$(awk '{printf "%.2f", $1 + $2}' "$work/cli.time")
echo "nst stylize: $cli s ($cli_cpu CPU s)" >&2

scripts/azurite.sh start "$work/azurite" >/dev/null 2>&1
cs=$(scripts/azurite.sh connection-string)
port=$(free_port)
AzureWebJobsStorage="$cs" ASPNETCORE_URLS="http://127.0.0.1:$port" Nst__Model=random:0 Nst__ChunkSeconds="$chunk" \
  Logging__Console__FormatterOptions__SingleLine=true dotnet "$app" >"$work/host.log" 2>&1 &
APP_PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.2; done
node_path="$root/.tools/azurite/node_modules"
upload() { NODE_PATH="$node_path" CS="$cs" node -e '
const { BlobServiceClient } = require("@azure/storage-blob");
const [container, name, file, meta] = process.argv.slice(1);
BlobServiceClient.fromConnectionString(process.env.CS).getContainerClient(container).getBlockBlobClient(name)
  .uploadFile(file, { metadata: meta ? JSON.parse(meta) : undefined }).catch(e => { console.error(e.message); process.exit(1); });' "$@"; }
download() { NODE_PATH="$node_path" CS="$cs" node -e '
const { BlobServiceClient } = require("@azure/storage-blob");
BlobServiceClient.fromConnectionString(process.env.CS).getContainerClient("outbox").getBlobClient(process.argv[1])
  .downloadToFile(process.argv[2]).then(() => process.exit(0), () => process.exit(1));' "$@" 2>/dev/null; }
upload styles swirl.jpg "$style"
# A small job first, so the measured one meets a warm host (code compiled, task hub and model loaded), as in service.
upload inbox swirl/warm-up.jpg "samples/content/coffee.jpg" '{"nst_size":"64","nst_iterations":"5"}'
until download swirl/warm-up.jpg "$work/warm-up.jpg"; do sleep 0.5; done
azurite_pid=$(cat "$work/azurite/azurite.pid")
host_cpu0=$(cpu_of "$APP_PID"); azurite_cpu0=$(cpu_of "$azurite_pid")
start=$(date +%s.%N)
upload inbox swirl/chelsea.jpg "$content" "{\"nst_size\":\"$size\",\"nst_iterations\":\"$iterations\"}"
# Wait by asking the host's API every 2 s with curl, and take the end from the job's own finishedAt: a node client
# started every half second to look for the result (as this script once did) took a quarter of a two-core machine
# from the job it was timing.
until [ "$(curl -s "http://127.0.0.1:$port/api/jobs?limit=10" | grep -o '"status":"succeeded"' | wc -l)" -ge 2 ]; do sleep 2; done
finished=$(curl -s "http://127.0.0.1:$port/api/jobs?limit=1" | /usr/bin/python3 -c 'import json, sys, datetime; print(datetime.datetime.fromisoformat(json.load(sys.stdin)["jobs"][0]["finishedAt"]).timestamp())')
pipeline=$(/usr/bin/python3 -c "print(round($finished - $start, 2))")
host_cpu=$(/usr/bin/python3 -c "print(round($(cpu_of "$APP_PID") - $host_cpu0, 2))")
azurite_cpu=$(/usr/bin/python3 -c "print(round($(cpu_of "$azurite_pid") - $azurite_cpu0, 2))")
download swirl/chelsea.jpg "$work/pipeline.jpg"
echo "drop to result: $pipeline s (host $host_cpu CPU s, Azurite $azurite_cpu CPU s)" >&2
job=$(curl -s "http://127.0.0.1:$port/api/jobs?limit=1")
/usr/bin/python3 - "$cli" "$pipeline" "$job" "$work/cli.jpg" "$work/pipeline.jpg" "$cli_cpu" "$host_cpu" "$azurite_cpu" <<'PY'
import json, sys
cli, pipeline, listing, a, b = float(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
cli_cpu, host_cpu, azurite_cpu = map(float, sys.argv[6:9])
job = listing["jobs"][0]
t, p = job["timings"], job["progress"]
same = open(a, "rb").read() == open(b, "rb").read()
chunks = p["chunk"]
overhead = t["runSeconds"] - t["stepSeconds"]
print(f"nst stylize {cli:.1f} s; drop to result {pipeline:.1f} s; ratio {pipeline / cli:.3f}; same bytes: {same}")
print(f"{chunks} chunks; queued {t['queuedSeconds']:.1f} s; in chunk activities {t['runSeconds']:.1f} s, of which optimisation steps {t['stepSeconds']:.1f} s")
print(f"per chunk: activity overhead (load/save/preview) {overhead / chunks:.2f} s = {100 * overhead / t['runSeconds']:.2f}% of chunk time; "
      f"outside activities (orchestration, finish, polling) {(pipeline - t['runSeconds']) / chunks:.2f} s")
print(f"CPU seconds: nst stylize {cli_cpu:.1f}; the host {host_cpu:.1f} and Azurite {azurite_cpu:.1f} during the job")
print(f"checkpoint bytes written {t['bytesWritten'] / 1e6:.1f} MB ({t['bytesWritten'] / 1e6 / chunks:.1f} MB per chunk), read {t['bytesRead'] / 1e6:.1f} MB")
PY
# Each chunk of the measured job as the host logged it (seconds per iteration: stepping / iterations).
grep -E "Chunk [0-9]+ of [0-9a-z]+: iterations" "$work/host.log" | tail -n +2 | sed -E 's/^.*(Chunk [0-9]+) of [0-9a-z]+: /\1: /' >&2
