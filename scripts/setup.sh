#!/usr/bin/env bash
# Installs what the app and its tests need on a fresh Debian machine with the .NET SDK:
# the image codec libraries and Chromium (apt), Node packages (Azurite and the official storage clients, npm).
# Idempotent: a second run does nothing but checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libturbojpeg0 libpng16-16 libwebp7)
[ "${NST_SETUP_BROWSER:-1}" = 1 ] && APT_PACKAGES+=(chromium)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node may come from elsewhere than Debian (it does on the project's machines): ask for the commands, not packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -x scripts/azurite.sh ]; then
  scripts/azurite.sh install
fi
