#!/usr/bin/env bash
# Builds the kernel-side capture program (CO-RE eBPF) into .build/bpf/sharpdig.bpf.o.
# vmlinux.h is generated here from the running kernel's BTF (it is large, so never committed);
# CO-RE relocations make the object load on any BTF-enabled kernel >= 5.8 anyway.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/.build/bpf"
mkdir -p "$out"
src="$here/bpf/sharpdig.bpf.c"
obj="$out/sharpdig.bpf.o"
if [[ ! -s "$out/vmlinux.h" ]]; then
  btf=/sys/kernel/btf/vmlinux
  [[ -r $btf ]] || { echo "bpf/build.sh: $btf missing: the kernel has no BTF" >&2; exit 1; }
  command -v bpftool >/dev/null || { echo "bpf/build.sh: bpftool missing (scripts/setup.sh installs it)" >&2; exit 1; }
  bpftool btf dump file "$btf" format c >"$out/vmlinux.h.tmp" && mv "$out/vmlinux.h.tmp" "$out/vmlinux.h"
fi
if [[ -s $obj && $obj -nt $src && $obj -nt "$here/bpf/build.sh" ]]; then exit 0; fi
command -v clang >/dev/null || { echo "bpf/build.sh: clang missing (scripts/setup.sh installs it)" >&2; exit 1; }
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Wno-unused-function \
  -I"$out" -c "$src" -o "$obj.tmp"
# Strip DWARF (keeps BTF/.BTF.ext, which CO-RE needs) so the embedded object stays small.
llvm-strip -g "$obj.tmp" 2>/dev/null || true
mv "$obj.tmp" "$obj"
