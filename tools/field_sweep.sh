#!/usr/bin/env bash
# Field sweep: prints every field that `sysdig -l` lists on every capture of a corpus, with the
# real sysdig and with sharpdig, and counts the lines that differ per field and capture.
# The conformance cases only cover chosen fields; this finds the rest.
#
# Usage: tools/field_sweep.sh [-j] [-c CORPUS_DIR] [-o OUT_DIR] [-s SYSDIG] [FIELD...]
#   -j          compare -j (JSON) output instead of -p text
#   CORPUS_DIR  captures to sweep (default ../shared/corpus beside the repo)
#   OUT_DIR     where per-field outputs and diffs go (default .build/sweep)
#   SYSDIG      the reference binary (default /usr/bin/sysdig)
#   FIELD...    only these fields (default: all names from `sysdig -l`, plus argument variants and
#               the fields sysdig accepts without listing them, e.g. thread.nametid)
# Output: one line per differing (capture, field): "DIFF capture field N" (N = differing lines
# counted from sysdig's side), then a per-capture count of differing fields and a total.
# The diffs themselves are in OUT_DIR/<capture>/<field>.diff.
#
# Each format is "*%evt.num %FIELD": the leading * keeps events that lack the field (<NA>), so
# both tools print one line per event and a diff lines up event by event.
# A field that sysdig rejects (exit code != 0, e.g. one that needs an argument) is skipped,
# unless sharpdig accepts it... then it is reported as "ONLYOURS" (every field of a capture that
# sysdig cannot read at all shows up so, e.g. curl_google_comments.scap).
# Known differences that cannot be removed (sysdig 0.29.3 reads memory it never set, so its output
# changes from run to run):
#   fd.dev, fd.dev.major, fd.dev.minor of fds created by events (pipes, sockets);
#   evt.category of a generic syscall event whose id is past sysdig's syscall table.
# To sweep synthetic state, write the test scenarios first, e.g. for N in 1..11:
#   (cd tests/Sharpdig.Tests && SHARPDIG_SYNTH_OUT=/tmp/sw/sN.scap SHARPDIG_SYNTH_SCENARIO=N \
#      dotnet test -c Release --filter WriteWhenAsked) ; tools/field_sweep.sh -c /tmp/sw
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$here/../shared/corpus"
out="$here/.build/sweep"
sysdig=/usr/bin/sysdig
json=""
while getopts "jc:o:s:" opt; do
  case "$opt" in
    j) json="-j" ;;
    c) corpus="$OPTARG" ;;
    o) out="$OPTARG" ;;
    s) sysdig="$OPTARG" ;;
    *) sed -n '2,28p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

# Fields that need an argument are swept with sensible ones instead (and some bare names too:
# whatever sysdig refuses is skipped below).
arg_variants() {
  case "$1" in
    evt.arg) echo "evt.arg[0] evt.arg[1] evt.arg[2] evt.arg.fd evt.arg.res evt.arg.name evt.arg.flags" ;;
    evt.rawarg) echo "evt.rawarg.fd evt.rawarg.res evt.rawarg.size evt.rawarg.flags" ;;
    evt.type.is) echo "evt.type.is.open evt.type.is.read" ;;
    proc.apid) echo "proc.apid[0] proc.apid[1] proc.apid[2]" ;;
    proc.aname) echo "proc.aname[0] proc.aname[1] proc.aname[2]" ;;
    evt.around) echo "evt.around evt.around[1000000]" ;;
    container.mount) echo "container.mount[0] container.mount[/]" ;;
    container.mount.source|container.mount.dest|container.mount.mode|container.mount.rdwr|container.mount.propagation)
      echo "$1[0] $1[/]" ;;
    *.label) echo "$1.app" ;;
    span.tag|span.arg|span.enterarg|evtin.span*.tag|evtin.span*.arg) echo "$1[0]" ;;
    *) echo "$1" ;;
  esac
}

if [[ $# -gt 0 ]]; then
  fields=("$@")
else
  fields=()
  for f in $("$sysdig" -l | grep -o '^[a-z][a-zA-Z0-9_.]*'); do
    for v in $(arg_variants "$f"); do fields+=("$v"); done
  done
  # Fields sysdig accepts but does not list (its curses views use them).
  fields+=(evt.buflen.in evt.buflen.out evt.buflen.file evt.buflen.file.in evt.buflen.file.out evt.buflen.net
    evt.buflen.net.in evt.buflen.net.out evt.count.procinfo evt.count.threadinfo evt.latency.quantized
    thread.vmsize.b thread.vmrss.b thread.nametid evt.infra.docker.name evt.infra.docker.container.id
    evt.infra.docker.container.name evt.infra.docker.container.image span.count "span.idtag[0]" span.rawtime
    span.rawparenttime span.duration.quantized "span.count.fortag[0]" "span.childcount.fortag[0]" "span.duration.fortag[0]")
fi

ours="$here/sharpdig"
"$ours" --version >/dev/null 2>&1 || true   # build once before the loop if sources changed

sweep_one() {  # capture field
  local cap="$1" field="$2" name dir
  name="$(basename "$cap" .scap)"
  dir="$out/$name"
  local safe="${field//\//_}"
  local fmt="*%evt.num %$field"
  TZ=UTC "$sysdig" -r "$cap" $json -p "$fmt" >"$dir/$safe.sysdig" 2>/dev/null
  local src=$?
  TZ=UTC "$ours" -r "$cap" $json -p "$fmt" >"$dir/$safe.ours" 2>/dev/null
  local orc=$?
  if [[ $src -ne 0 ]]; then
    [[ $orc -eq 0 ]] && echo "ONLYOURS $name $field"
    rm -f "$dir/$safe.sysdig" "$dir/$safe.ours"
    return
  fi
  if [[ $orc -ne 0 ]]; then echo "DIFF $name $field ERROR(rc=$orc)"; return; fi
  if ! diff "$dir/$safe.sysdig" "$dir/$safe.ours" >"$dir/$safe.diff"; then
    echo "DIFF $name $field $(grep -c '^<' "$dir/$safe.diff")"
  else
    rm -f "$dir/$safe.diff"
  fi
  rm -f "$dir/$safe.sysdig" "$dir/$safe.ours"
}
export -f sweep_one
export out sysdig ours json

rm -rf "$out"; mkdir -p "$out"
for cap in "$corpus"/*.scap; do
  mkdir -p "$out/$(basename "$cap" .scap)"
  for f in "${fields[@]}"; do printf '%s\0%s\0' "$cap" "$f"; done
done | xargs -0 -n2 -P2 bash -c 'sweep_one "$1" "$2"' _ | sort >"$out/report.txt"

cat "$out/report.txt"
echo "--- differing fields per capture"
for cap in "$corpus"/*.scap; do
  name="$(basename "$cap" .scap)"
  printf '%-28s %d\n' "$name" "$(grep -c "^DIFF $name " "$out/report.txt")"
done
echo "total: $(grep -c '^DIFF ' "$out/report.txt") differing (capture, field) pairs, $(grep '^DIFF ' "$out/report.txt" | awk '{print $3}' | sort -u | wc -l) distinct fields"
