#!/usr/bin/env bash
# Builds the native (NativeAOT) sharpdig binary into .build/bin. Quiet unless something fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$here/.build/build.log"
mkdir -p "$here/.build"
exec 9>"$here/.build/build.lock"
flock 9
# --if-stale (from ./sharpdig): another run may have built while we waited for the lock; a
# second build would swap .build/bin under the processes already using it.
if [[ ${1:-} == --if-stale && -x $here/.build/bin/sharpdig ]] && [[ -z $(find "$here/src" "$here/bpf" -newer "$here/.build/bin/sharpdig" \( -name '*.cs' -o -name '*.csproj' -o -name '*.c' -o -name '*.h' \) -print -quit 2>/dev/null) ]]; then
  exit 0
fi
if [[ -x "$here/bpf/build.sh" ]]; then "$here/bpf/build.sh" >"$log.bpf" 2>&1 || true; fi
if ! dotnet publish "$here/src/Sharpdig/Sharpdig.csproj" -c Release -p:PublishAot=true \
      -o "$here/.build/bin.new" --nologo -v quiet >"$log" 2>&1; then
  grep -E 'error' "$log" | sort -u | head -20 >&2 || cat "$log" >&2
  exit 1
fi
rm -rf "$here/.build/bin"; mv "$here/.build/bin.new" "$here/.build/bin"
touch "$here/.build/bin/sharpdig"
