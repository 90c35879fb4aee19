#!/bin/sh
# Puts VGG19 weights into the storage account's models container, where Nst__Model (default models/vgg19.safetensors)
# points. azd runs it after every provision (azure.yaml: postprovision); by hand:
#   eval "$(azd env get-values)" && ./scripts/upload-model.sh
#
# Where the weights come from, first match wins:
#   1. NST_MODEL_FILE: a VGG19 file on this machine, e.g. torchvision's vgg19-dcbb9e9d.pth, converted with
#      `nst model import FILE --out …` (conv layers only, safetensors);
#   2. the local model cache ($XDG_CACHE_HOME or ~/.cache, nst/models/vgg19.safetensors), where an earlier
#      `nst model import` or `nst model fetch` put it;
#   3. `nst model fetch`: downloads torchvision's VGG19, checks its hash and imports it into that cache (needs network).
# The upload uses `az storage blob upload --auth-mode login` (the account has shared keys off): sign in with `az login`
# to the same tenant; provisioning gives your user Storage Blob Data Contributor on the account.
#
# Safe to re-run: it does nothing when the blob exists (NST_MODEL_FORCE=1 replaces it), and an interrupted upload
# leaves no partial blob. Other settings: NST_MODEL (the setting itself, from azd), NST_CLI (the command that runs
# nst; default `dotnet run --project src/Cli -c Release --`), NST_UPLOAD_RETRIES / NST_UPLOAD_RETRY_SECONDS (waiting
# for a new role assignment to apply; default 10 × 30 s).
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)

say() { echo "upload-model: $*" >&2; }
fail() { say "$*"; exit 1; }

account=${AZURE_STORAGE_ACCOUNT_NAME:-}
[ -n "$account" ] || fail "AZURE_STORAGE_ACCOUNT_NAME is not set: run this as azd's postprovision hook, or after eval \"\$(azd env get-values)\"."

model=${NST_MODEL:-models/vgg19.safetensors}
case "$model" in
  models/?*) blob=${model#models/} ;;
  random:*) say "Nst__Model is $model (random features, smoke tests only): nothing to upload."; exit 0 ;;
  *) say "Nst__Model is $model, not a blob in the models container: nothing to upload."; exit 0 ;;
esac

command -v az > /dev/null 2>&1 || fail "the Azure CLI (az) is not installed; it uploads the model with your Entra ID sign-in."
az account show > /dev/null 2>&1 || fail "az is not signed in: run 'az login' (same tenant as azd), then 'azd hooks run postprovision'."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

retries=${NST_UPLOAD_RETRIES:-10}
delay=${NST_UPLOAD_RETRY_SECONDS:-30}

# az storage blob … on this account with the signed-in identity. A role assigned by this very provision can take
# minutes to apply: authorization failures are retried, anything else fails at once.
blob_cmd() {
  attempt=1
  while :; do
    if az storage blob "$@" --auth-mode login --account-name "$account" 2> "$tmp/az.err"; then
      return 0
    fi
    if grep -Eqi 'AuthorizationPermissionMismatch|AuthorizationFailure|not authorized' "$tmp/az.err" && [ "$attempt" -lt "$retries" ]; then
      say "not authorized yet on $account (a new role assignment can take minutes); retrying in ${delay}s ($attempt/$retries)"
      attempt=$((attempt + 1))
      sleep "$delay"
      continue
    fi
    cat "$tmp/az.err" >&2
    return 1
  done
}

exists=$(blob_cmd exists --container-name models --name "$blob" --query exists --output tsv) \
  || fail "could not read the models container of $account (see above)."
if [ "$exists" = "true" ] && [ "${NST_MODEL_FORCE:-0}" != "1" ]; then
  say "models/$blob is already in $account; nothing to do (NST_MODEL_FORCE=1 replaces it)."
  exit 0
fi

nst() {
  if [ -n "${NST_CLI:-}" ]; then
    # shellcheck disable=SC2086 # NST_CLI is a command line, split on purpose.
    $NST_CLI "$@"
  else
    dotnet run --project "$root/src/Cli" -c Release -- "$@"
  fi
}

cache_home=${XDG_CACHE_HOME:-${HOME:-}/.cache}
cached="$cache_home/nst/models/vgg19.safetensors"

if [ -n "${NST_MODEL_FILE:-}" ]; then
  source_file=$NST_MODEL_FILE
  case "$source_file" in /*) ;; *) source_file="$PWD/$source_file" ;; esac
  [ -f "$source_file" ] || fail "NST_MODEL_FILE=$NST_MODEL_FILE is not a file."
  weights="$tmp/vgg19.safetensors"
  say "converting $source_file with nst model import"
  nst model import "$source_file" --out "$weights" || fail "nst model import could not convert $source_file (see above)."
elif [ -f "$cached" ]; then
  weights=$cached
  say "using the model cache: $weights"
else
  say "no NST_MODEL_FILE and no $cached: downloading torchvision's VGG19 with nst model fetch (about 550 MB)"
  if ! nst model fetch || [ ! -f "$cached" ]; then
    fail "no VGG19 weights to upload: NST_MODEL_FILE is not set, the model cache is empty, and the download failed (no network?).
  Put torchvision's vgg19-dcbb9e9d.pth (or any VGG19 .pth/.safetensors) on this machine, then:
    azd env set NST_MODEL_FILE /path/to/vgg19-dcbb9e9d.pth && azd hooks run postprovision
  For a smoke test without weights only: azd env set NST_MODEL random:0 && azd env set NST_ALLOW_RANDOM_MODEL true && azd provision"
  fi
  weights=$cached
fi

[ -s "$weights" ] || fail "$weights is empty or missing after the conversion."
say "uploading $weights to models/$blob in $account"
blob_cmd upload --container-name models --name "$blob" --file "$weights" --overwrite --no-progress > /dev/null \
  || fail "the upload to models/$blob failed (see above); re-run this script when fixed."
say "done: Nst__Model=$model is in place."
