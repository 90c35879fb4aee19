#!/usr/bin/env bash
# Builds the deployable Azure Functions (custom handler) folder:
#   publish/app/          the framework-dependent linux-x64 app (dotnet publish)
#   publish/functionapp/  host.json + one folder per function (function.json) + the app's files at the root,
#                         where host.json's customHandler.defaultExecutablePath ("Nst.Functions") finds it.
# Zip publish/functionapp (or build the custom-handler container from it) to deploy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/publish"
app="$out/app"
functionapp="$out/functionapp"

rm -rf "$app" "$functionapp"
dotnet publish "$root/src/Functions" -c Release -r linux-x64 --self-contained false -o "$app" --nologo

mkdir -p "$functionapp"
cp -R "$app/." "$functionapp/"
cp "$root/host.json" "$functionapp/host.json"
for dir in "$root"/functions/*/; do
  name="$(basename "$dir")"
  mkdir -p "$functionapp/$name"
  cp "$dir/function.json" "$functionapp/$name/function.json"
done
chmod +x "$functionapp/Nst.Functions"

echo "Published:"
echo "  $app  (dotnet publish output)"
echo "  $functionapp  (deployable function app)"
echo "    host.json"
for dir in "$functionapp"/*/; do
  [ -f "$dir/function.json" ] && echo "    $(basename "$dir")/function.json"
done
echo "    Nst.Functions (+ $(find "$functionapp" -maxdepth 1 -type f | wc -l) files)"
