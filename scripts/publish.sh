#!/usr/bin/env bash
# Publishes the function app (the isolated worker, framework-dependent linux-x64) to publish/app/.
# infra/docker/Dockerfile runs the same dotnet publish in its build stage; this script is for a local look at the
# output (functions.metadata, worker.config.json, host.json) or for running it as the local host:
#   ./scripts/publish.sh && dotnet publish/app/Nst.Functions.dll
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rm -rf "$root/publish/app"
dotnet publish "$root/src/Functions" -c Release -r linux-x64 --self-contained false -o "$root/publish/app" --nologo
echo "Published: $root/publish/app"
