#!/usr/bin/env bash
# Installs what the app and its tests need on a fresh Debian machine with the .NET SDK:
# the image codec libraries, Chromium (the page's tests) and the Azure CLI (the README's drop commands, run as written
# by a test) from apt, and Node packages (Azurite and the official storage clients) from npm.
# NST_SETUP_BROWSER=0 / NST_SETUP_AZ=0 leave out Chromium / the Azure CLI (run.sh does: the app needs neither).
# Idempotent: a second run does nothing but checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libturbojpeg0 libpng16-16 libwebp7)

# Another apt or dpkg run on the machine (unattended upgrades, a colleague's install) holds dpkg's locks for a while.
# Wait for it — at most NST_APT_LOCK_WAIT seconds (default 600), saying so every 30 s — instead of failing at once.
APT_LOCK_WAIT=${NST_APT_LOCK_WAIT:-600}
APT_LOCKS=${NST_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}

# Prints "PID (COMMAND) on LOCK" for a process holding one of the locks, or nothing when none is held.
apt_lock_holder() {
  local lock pid
  for lock in $APT_LOCKS; do
    [ -e "$lock" ] || continue
    pid=$(lslocks -n -r -o PID,PATH 2>/dev/null | awk -v f="$lock" '$2 == f { print $1; exit }' || true)
    if [ -z "$pid" ] && command -v fuser >/dev/null 2>&1; then
      pid=$(fuser "$lock" 2>/dev/null | awk '{ print $1 }' || true)
    fi
    if [ -n "$pid" ]; then
      echo "$pid ($(ps -o comm= -p "$pid" 2>/dev/null || echo '?')) on $lock"
      return
    fi
  done
}

# Waits until no apt/dpkg lock is held, or fails with what holds it once the deadline (APT_DEADLINE) has passed.
wait_for_apt_locks() {
  local holder said=-30
  while holder=$(apt_lock_holder) && [ -n "$holder" ]; do
    if [ "$SECONDS" -ge "$APT_DEADLINE" ]; then
      echo "setup: gave up after ${APT_LOCK_WAIT}s: another apt/dpkg run still holds its lock (pid $holder)." >&2
      echo "setup: let it finish (or stop it), then run scripts/setup.sh again; NST_APT_LOCK_WAIT=SECONDS waits longer." >&2
      return 1
    fi
    if [ $((SECONDS - said)) -ge 30 ]; then
      echo "setup: waiting for another apt/dpkg run to finish (pid $holder), up to ${APT_LOCK_WAIT}s…" >&2
      said=$SECONDS
    fi
    sleep 2
  done
}

# Runs an apt-get command once the locks are free; if another run takes them in between, waits and tries again.
apt_get() {
  while true; do
    wait_for_apt_locks || return 1
    local left=$((APT_DEADLINE - SECONDS))
    [ "$left" -gt 0 ] || left=1
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$left" "$@"; then
      return 0
    fi
    [ -n "$(apt_lock_holder)" ] || return 1
  done
}
[ "${NST_SETUP_BROWSER:-1}" = 1 ] && APT_PACKAGES+=(chromium)
[ "${NST_SETUP_AZ:-1}" = 1 ] && APT_PACKAGES+=(azure-cli)

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
  APT_DEADLINE=$((SECONDS + APT_LOCK_WAIT))
  apt_get update -qq
  apt_get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -x scripts/azurite.sh ]; then
  scripts/azurite.sh install
fi
