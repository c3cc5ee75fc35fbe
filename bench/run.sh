#!/usr/bin/env bash
# Side-by-side benchmark: sharpdig against the real sysdig 0.29.3, same files, same run.
#
#   bench/run.sh [MIN_EVENTS]        (default 2000000)
#
# Builds bench/out/big.scap (>= MIN_EVENTS events: the events of $BENCH_SOURCE repeated with
# shifted timestamps, written by our ScapFileWriter), then times every mode below for both tools
# with stdout to /dev/null, printing wall time, events/s and peak RSS (GNU time), and the ratios.
# It also times our capture reader alone (bench/ScapBench), which needs no CLI.
#
# Environment: BENCH_SOURCE (capture to repeat), BENCH_SMALL (small capture for startup modes),
# BENCH_REPEAT (runs per measurement, best kept; default 3), SYSDIG (default /usr/bin/sysdig),
# BENCH_CHECK (1 = also check, in one extra untimed run each, that both tools print the same; default 1).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$here/out"
min_events="${1:-2000000}"
source_capture="${BENCH_SOURCE:-$repo/../shared/corpus/curl_google.scap}"
small="${BENCH_SMALL:-$repo/../shared/corpus/falco_cat_write.scap}"
repeat="${BENCH_REPEAT:-3}"
check="${BENCH_CHECK:-1}"
sysdig="${SYSDIG:-/usr/bin/sysdig}"
sharpdig="$repo/sharpdig"
big="$out/big.scap"

# The modes: "label|file|arguments" with file = big or small. Arguments are split like a shell
# would (the words are evaluated by bash: quote them as on a command line).
# Add a row when a feature lands; both tools run the same line.
MODES=(
  "read-all|big|"
  "startup-n1|small|-n 1"
  "filter|big|\"evt.type=open and fd.name contains /etc\""
  "format|big|-p \"%evt.num %proc.name %fd.name\""
  "json|big|-j"
  "topfiles|big|-c topfiles_bytes"
  "topprocs-cpu|big|-c topprocs_cpu"
)

mkdir -p "$out"
[[ -x /usr/bin/time ]] || { echo "bench: GNU time (/usr/bin/time) is required" >&2; exit 1; }

echo "== building the bench tool (NativeAOT)" >&2
dotnet publish "$here/ScapBench/ScapBench.csproj" -c Release -p:PublishAot=true -o "$out/scapbench" \
  --nologo -v quiet >"$out/scapbench-build.log" 2>&1 || { tail -20 "$out/scapbench-build.log" >&2; exit 1; }
scapbench="$out/scapbench/ScapBench"

if [[ ! -s "$big" || "$big" -ot "$source_capture" || -n "$(find "$repo/src/Sharpdig/Capture" -newer "$big" -name '*.cs' -print -quit)" ]]; then
  echo "== writing $big from $(basename "$source_capture")" >&2
  "$scapbench" make-big "$source_capture" "$big" "$min_events" >&2
fi
big_events="$("$scapbench" count "$big" | awk '{print $1}')"
small_events="$("$scapbench" count "$small" | awk '{print $1}')"
echo "== big.scap: $big_events events, $(( $(stat -c %s "$big") / 1048576 )) MiB; small: $(basename "$small"), $small_events events" >&2

# measure CMD...: best (lowest) wall time of $repeat runs (bash clock, ms resolution) and the highest
# peak RSS (GNU time); prints "seconds peak_rss_kb exit_code".
measure() {
  local best="" best_rss="" rc=0 t
  for ((i = 0; i < repeat; i++)); do
    t="$out/time.$$"
    set +e
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$t" "$@" >/dev/null 2>"$out/stderr.$$"
    rc=$?
    end=$EPOCHREALTIME
    set -e
    secs="$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b - a}')"
    rss="$(tail -1 "$t")"
    if [[ -z "$best" ]] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then best="$secs"; fi
    if [[ -z "$best_rss" || "$rss" -gt "$best_rss" ]]; then best_rss="$rss"; fi
  done
  rm -f "$t"
  echo "$best $best_rss $rc"
}

rate() { [[ -n "$1" ]] || { echo -; return; }; awk -v n="$1" -v s="$2" 'BEGIN{ if (s > 0) printf "%.0f", n / s; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }'; }

sharpdig_ok=1
if ! "$sharpdig" -r "$small" -n 1 >/dev/null 2>"$out/sharpdig-check.err"; then
  sharpdig_ok=0
  echo "== note: ./sharpdig cannot read a capture yet ($(head -1 "$out/sharpdig-check.err")); its rows show n/a" >&2
fi

printf '\n%-12s %-9s %9s %12s %10s %4s\n' mode tool seconds events/s peakRSS_MB rc
printf '%s\n' "----------------------------------------------------------------"
summary=()
for row in "${MODES[@]}"; do
  IFS='|' read -r label which args <<<"$row"
  # events/s only means something on the big file; small-file modes measure start-up.
  if [[ "$which" == big ]]; then file="$big"; n="$big_events"; else file="$small"; n=""; fi
  # shellcheck disable=SC2206
  eval "argv=($args)"
  read -r s_secs s_rss s_rc < <(measure "$sysdig" -r "$file" "${argv[@]}")
  if [[ "$label" == read-all ]]; then sysdig_read_secs="$s_secs"; sysdig_read_rss="$s_rss"; fi
  printf '%-12s %-9s %9s %12s %10.1f %4s\n' "$label" sysdig "$s_secs" "$(rate "$n" "$s_secs")" "$(awk -v k="$s_rss" 'BEGIN{print k/1024}')" "$s_rc"
  if ((sharpdig_ok)); then
    read -r o_secs o_rss o_rc < <(measure "$sharpdig" -r "$file" "${argv[@]}")
    printf '%-12s %-9s %9s %12s %10.1f %4s\n' "$label" sharpdig "$o_secs" "$(rate "$n" "$o_secs")" "$(awk -v k="$o_rss" 'BEGIN{print k/1024}')" "$o_rc"
    same=""
    if ((check)); then
      TZ=UTC "$sysdig" -r "$file" "${argv[@]}" > "$out/check.sysdig" 2>&1
      TZ=UTC "$sharpdig" -r "$file" "${argv[@]}" > "$out/check.sharpdig" 2>&1
      if cmp -s "$out/check.sysdig" "$out/check.sharpdig"; then same=", same output"
      # Top tables: sysdig orders (and cuts) rows of equal value at random, so compare the values column.
      elif cmp -s <(awk '{print $1}' "$out/check.sysdig") <(awk '{print $1}' "$out/check.sharpdig"); then
        same=", same output but for the order of ties"
      else same=", OUTPUT DIFFERS"; fi
    fi
    summary+=("$label: sharpdig is $(ratio "$s_secs" "$o_secs")x sysdig's speed, RSS $(ratio "$o_rss" "$s_rss")x sysdig's$same")
  else
    printf '%-12s %-9s %9s %12s %10s %4s\n' "$label" sharpdig n/a n/a n/a -
  fi
done

# Our capture reader alone (decode every event, no state, no output).
read -r r_secs r_rss r_rc < <(measure "$scapbench" count "$big")
printf '%-12s %-9s %9s %12s %10.1f %4s\n' "reader-only" ScapBench "$r_secs" "$(rate "$big_events" "$r_secs")" "$(awk -v k="$r_rss" 'BEGIN{print k/1024}')" "$r_rc"
printf '%s\n' "----------------------------------------------------------------"
if [[ -z "${sysdig_read_secs:-}" ]]; then read -r sysdig_read_secs sysdig_read_rss _ < <(measure "$sysdig" -r "$big"); fi
summary+=("reader-only: our reader is $(ratio "$sysdig_read_secs" "$r_secs")x sysdig -r's speed, RSS $(ratio "$r_rss" "$sysdig_read_rss")x sysdig's")
printf '%s\n' "${summary[@]}"
echo "targets: read-all >= 2x sysdig's events/s, peak RSS <= sysdig's; startup-n1 no slower than sysdig's"
rm -f "$out"/stderr.$$
