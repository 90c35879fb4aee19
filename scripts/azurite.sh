#!/usr/bin/env bash
# Azurite (the Azure Storage emulator) for local runs and integration tests.
#
#   scripts/azurite.sh install            install Azurite and the official JS storage clients into .tools/azurite (idempotent)
#   scripts/azurite.sh run DIR [ARGS...]  run Azurite in the foreground with its data in DIR (exec: signals reach node)
#   scripts/azurite.sh start DIR          start in the background, wait until it answers, write DIR/azurite.pid
#   scripts/azurite.sh stop DIR           SIGTERM the background instance and wait for it to exit
#   scripts/azurite.sh connection-string  print the connection string for the default ports
#
# Ports come from AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT (defaults 10000 / 10001 / 10002).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.tools/azurite"
AZURITE_VERSION="3.37.0"
BIN="$PREFIX/node_modules/azurite/dist/src/azurite.js"
BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
DEV_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

install() {
  if [[ -f "$BIN" && -d "$PREFIX/node_modules/@azure/storage-blob" && -d "$PREFIX/node_modules/@azure/storage-queue" ]]; then
    return 0
  fi
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
    "azurite@$AZURITE_VERSION" "@azure/storage-blob@12" "@azure/storage-queue@12" >&2
}

run() {
  local dir="${1:?run needs a data folder}"; shift
  install
  mkdir -p "$dir"
  exec node "$BIN" \
    --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" \
    --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
    --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" \
    --location "$dir" --disableTelemetry --skipApiVersionCheck --silent "$@"
}

wait_until_answers() {
  local i
  for i in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$BLOB_PORT/devstoreaccount1?comp=list" \
      && curl -s -o /dev/null "http://127.0.0.1:$QUEUE_PORT/devstoreaccount1?comp=list" \
      && curl -s -o /dev/null "http://127.0.0.1:$TABLE_PORT/devstoreaccount1?comp=list"; then
      return 0
    fi
    sleep 0.1
  done
  echo "azurite did not answer on ports $BLOB_PORT/$QUEUE_PORT" >&2
  return 1
}

start() {
  local dir="${1:?start needs a data folder}"
  install
  mkdir -p "$dir"
  "$0" run "$dir" >"$dir/azurite.log" 2>&1 &
  echo $! >"$dir/azurite.pid"
  wait_until_answers
  echo "azurite running (pid $(cat "$dir/azurite.pid"), data in $dir)" >&2
}

stop() {
  local dir="${1:?stop needs a data folder}"
  [[ -f "$dir/azurite.pid" ]] || return 0
  local pid; pid="$(cat "$dir/azurite.pid")"
  if kill -TERM "$pid" 2>/dev/null; then
    # Azurite takes ~2 s to close its stores; wait so a restart finds the ports free.
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$dir/azurite.pid"
}

connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$DEV_KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
}

case "${1:-}" in
  install) install ;;
  run) shift; run "$@" ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  connection-string) connection_string ;;
  *) usage ;;
esac
