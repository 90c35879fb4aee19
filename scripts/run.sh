#!/usr/bin/env bash
# The README's run command: sets up a fresh Debian machine that has the .NET SDK (scripts/setup.sh), starts Azurite
# with its data in .data/azurite, builds and starts the app's local host (the durable engine on Azurite, the
# orchestrator and activities, the API and page, the inbox scanner) at http://127.0.0.1:7071, puts a default style in
# the style library if it has none, signs webhooks with a local secret (made once, kept in .data/webhook-secret), and
# says how to drop a photo. Ctrl-C stops the app, then Azurite, and waits for both.
#
# Environment: AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT (default 10000-10002, or the next free
# ports), ASPNETCORE_URLS (default http://127.0.0.1:7071), NST_SKIP_SETUP=1, and any app setting (Nst__Model,
# Nst__Webhook__Url, Nst__Webhook__Secret, Nst__Webhook__AllowPrivateNetworks, …).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DATA="$ROOT/.data/azurite"
APP_DLL="$ROOT/src/Functions/bin/Release/net10.0/Nst.Functions.dll"
URL="${ASPNETCORE_URLS:-http://127.0.0.1:7071}"
URL="${URL%%;*}"
AZURITE_PID=""
APP_PID=""

say() { echo "run: $*" >&2; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port at or after $1 that is not in the rest of the arguments.
free_port() {
  local port="$1"; shift
  while port_taken "$port" || [[ " $* " == *" $port "* ]]; do port=$((port + 1)); done
  echo "$port"
}

stop() {
  trap - INT TERM EXIT
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    say "stopping the app (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n "$AZURITE_PID" ]] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    say "stopping Azurite (pid $AZURITE_PID)"
    kill -TERM "$AZURITE_PID" 2>/dev/null || true
    # Azurite takes ~2 s to close its stores; waiting means the next run finds the ports free and the data whole.
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

# 1. Packages: codecs, node and Azurite. Chromium and the Azure CLI are for the tests, so they are skipped unless asked
#    for (NST_SETUP_AZ=1 brings az for the drop commands below; any az, or Storage Explorer, does).
#    NST_SKIP_SETUP=1 skips this on a machine that is already set up.
if [[ "${NST_SKIP_SETUP:-0}" != 1 ]]; then
  NST_SETUP_BROWSER="${NST_SETUP_BROWSER:-0}" NST_SETUP_AZ="${NST_SETUP_AZ:-0}" scripts/setup.sh
fi
scripts/azurite.sh install

# 2. Azurite on the default ports, or the next free ones.
export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-$(free_port 10000)}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-$(free_port 10001 "$AZURITE_BLOB_PORT")}"
export AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-$(free_port 10002 "$AZURITE_BLOB_PORT" "$AZURITE_QUEUE_PORT")}"
mkdir -p "$DATA"
scripts/azurite.sh run "$DATA" >"$DATA/azurite.log" 2>&1 &
AZURITE_PID=$!
for _ in $(seq 1 150); do
  kill -0 "$AZURITE_PID" 2>/dev/null || { say "Azurite exited; see $DATA/azurite.log"; tail -n 5 "$DATA/azurite.log" >&2; exit 1; }
  curl -s -o /dev/null "http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1?comp=list" \
    && curl -s -o /dev/null "http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1?comp=list" && break
  sleep 0.2
done
if [[ "$AZURITE_BLOB_PORT/$AZURITE_QUEUE_PORT" == "10000/10001" ]]; then
  STORAGE="UseDevelopmentStorage=true"
else
  STORAGE="$(scripts/azurite.sh connection-string)"
fi
say "Azurite answers on ports $AZURITE_BLOB_PORT (blob) and $AZURITE_QUEUE_PORT (queue); data in .data/azurite"

# 3. Webhooks are signed (Standard Webhooks): with Nst__Webhook__Secret unset, a local secret made once and kept.
if [[ -z "${Nst__Webhook__Secret:-}" ]]; then
  if [[ ! -s "$ROOT/.data/webhook-secret" ]]; then
    echo "whsec_$(head -c 32 /dev/urandom | base64 -w0)" >"$ROOT/.data/webhook-secret"
    chmod 600 "$ROOT/.data/webhook-secret"
  fi
  export Nst__Webhook__Secret="$(cat "$ROOT/.data/webhook-secret")"
fi

# 4. The app. Started as `dotnet Nst.Functions.dll` (what `dotnet run -c Release` runs) so that our SIGTERM reaches
#    the app itself rather than a `dotnet run` wrapper.
say "building (dotnet build src/Functions -c Release)"
dotnet build src/Functions -c Release -nologo -v q >/dev/null
if port_taken "$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$URL")"; then
  say "$URL is already in use; set ASPNETCORE_URLS=http://127.0.0.1:PORT to use another port"
  exit 1
fi
AzureWebJobsStorage="${AzureWebJobsStorage:-$STORAGE}" ASPNETCORE_URLS="$URL" dotnet "$APP_DLL" &
APP_PID=$!
for _ in $(seq 1 300); do
  kill -0 "$APP_PID" 2>/dev/null || { say "the app exited during start-up"; exit 1; }
  curl -sf -o /dev/null "$URL/healthz" && break
  sleep 0.2
done

# 5. A default style, if the library has no image yet: scripts/styles/swirl.jpg (made by scripts/styles/make_swirl.py).
NODE_PATH="$ROOT/.tools/azurite/node_modules" AZURE_STORAGE_CONNECTION_STRING="$(scripts/azurite.sh connection-string)" \
  node - "$ROOT/scripts/styles/swirl.jpg" <<'EOF'
const { BlobServiceClient } = require('@azure/storage-blob');
(async () => {
  const styles = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING).getContainerClient('styles');
  await styles.createIfNotExists();
  for await (const blob of styles.listBlobsFlat()) {
    if (/\.(jpe?g|png|webp)$/i.test(blob.name)) return;
  }
  await styles.getBlockBlobClient('swirl.jpg').uploadFile(process.argv[2], { blobHTTPHeaders: { blobContentType: 'image/jpeg' } });
  console.error('run: added the default style styles/swirl.jpg');
})().catch((e) => { console.error(`run: could not check the style library: ${e.message}`); process.exit(1); });
EOF

cat >&2 <<EOF

  NstFunctions is running: open $URL

  Storage (Azurite), for az and Storage Explorer (scripts/azurite.sh connection-string prints it):
    $(scripts/azurite.sh connection-string)

  Drop a photo (the result appears as outbox/swirl/photo.jpg, with a JSON report beside it):
    az storage blob upload --connection-string "\$(scripts/azurite.sh connection-string)" \\
      -c inbox -n swirl/photo.jpg -f photo.jpg --metadata nst_size=256 nst_iterations=100

  Webhooks are signed with the secret $Nst__Webhook__Secret
    (kept in .data/webhook-secret; set Nst__Webhook__Secret for your own). A webhook for every job: start with
    Nst__Webhook__Url=…; for one photo: --metadata nst_webhook=…. A webhook on this machine (127.0.0.1, localhost)
    also needs Nst__Webhook__AllowPrivateNetworks=true when you start this script.

  Or use the page, or the CLI: dotnet run --project src/Cli -c Release -- submit photo.jpg --style swirl --wait --output styled.jpg
  Add styles by uploading images to the styles container (styles/NAME.jpg). Ctrl-C stops everything.

EOF
wait "$APP_PID"
