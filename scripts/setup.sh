#!/usr/bin/env bash
# Installs what sharpdig needs on a fresh Debian machine with the .NET SDK:
#  - clang/llvm, libbpf and bpftool to build and load the eBPF capture program;
#  - the real sysdig 0.29.3, used by the tests as the reference reader;
#  - LuaJIT 2.1 (libluajit-5.1-2), the Lua engine chisels run on (the one sysdig uses);
# then builds sharpdig. Safe to run again: it only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
need=()
for pkg in clang llvm libbpf-dev libbpf1 bpftool libelf1 zlib1g sysdig libluajit-5.1-2 python3 jq; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "setup: installing ${need[*]}" >&2
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$here/scripts/build.sh"
