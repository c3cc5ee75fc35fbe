#!/usr/bin/env bash
# Runs every test: the xunit suite (unit, golden, round-trip with the real sysdig, bad input,
# live eBPF capture) and the conformance harness in ../shared/conformance.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
"$here/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }
log="$here/.build/test.log"
dotnet test "$here/tests/Sharpdig.Tests/Sharpdig.Tests.csproj" -c Release --nologo \
  --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E '^\s+(Failed|Skipped) |error|Total tests|Passed:|Failed:|Skipped:' 
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $rc
