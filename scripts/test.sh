#!/usr/bin/env bash
# Sets up (scripts/setup.sh), builds and runs every test project; ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
dotnet build NstFunctions.sln -c Release -nologo -v q 2>&1 | tail -n 3
dotnet test NstFunctions.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
projects=$(grep -cE '^(Passed|Failed)! ' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or the runner failed without reporting a test
fi
if [ "$projects" -lt 3 ] && [ "$failed" -eq 0 ]; then
  echo "expected 3 test projects to report, saw $projects"
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
