#!/usr/bin/env bash
# Live-capture overhead, side by side in one run: a C syscall storm (getppid + 1-byte reads of
# /dev/zero, open/close every 64 iterations) bare, under `sharpdig -w /dev/null`, under sharpdig with
# a selective filter, with sharpdig's programs attached but capturing nothing (the floor: what the
# raw_syscalls tracepoints alone cost), under bpftrace counting raw_syscalls, and under `strace -f`.
# Each traced run is paired with a bare run right before it; the medians of the per-round ratios are
# printed, with sharpdig's events/s, kernel drops and the nanoseconds each traced syscall gains.
# Then two storms at once (both cores busy) under `sharpdig -w /dev/null`.
#
# usage: bench/live/run.sh [rounds=7] [iterations=1000000]     (as root)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rounds=${1:-7}
iters=${2:-1000000}
out="$repo/bench/out/live"
mkdir -p "$out"
storm="$out/storm"
cc -O2 -o "$storm" "$here/storm.c"
sharpdig="$repo/.build/bin/sharpdig"
"$repo/sharpdig" --version >/dev/null   # builds if needed
[[ $(id -u) -eq 0 ]] || { echo "run.sh: needs root (live capture)" >&2; exit 1; }
# bpftrace attaches to tracepoints through tracefs.
[[ -d /sys/kernel/tracing/events/raw_syscalls ]] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
# bpftool's per-program statistics time every program run, which adds to the traced syscalls.
if [[ $(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null) == 1 ]]; then
  echo "run.sh: note: kernel.bpf_stats_enabled=1 inflates every traced mode (sysctl -w kernel.bpf_stats_enabled=0)" >&2
fi
# The selective-filter mode needs filter support in this build.
filter_ok=1
timeout 20 "$sharpdig" -q -n 1 "proc.name=x" 2>&1 | grep -q "filters are not available" && filter_ok=0

# storm N -> "syscalls ns"
run_storm() { "$storm" "$1"; }

# Starts a tracer in the background and waits until it is attached. Sets TRACER_PID.
start_tracer() {
  local mode=$1 log=$2
  case $mode in
    sharpdig)
      "$sharpdig" -v -w /dev/null >"$log" 2>&1 & TRACER_PID=$!; sleep 2 ;;
    sharpdig-filter)
      "$sharpdig" -v -q "evt.type=connect and proc.name=curl" >"$log" 2>&1 & TRACER_PID=$!; sleep 2 ;;
    bpftrace)
      bpftrace -e 'tracepoint:raw_syscalls:sys_enter { @enter = count(); } tracepoint:raw_syscalls:sys_exit { @exit = count(); }' >"$log" 2>&1 &
      TRACER_PID=$!
      for _ in $(seq 100); do grep -q "Attaching" "$log" 2>/dev/null && break; sleep 0.1; done; sleep 0.5 ;;
    floor)
      # The cost of merely having sharpdig's programs on both raw_syscalls tracepoints, returning
      # at once for every syscall: what no design built on these tracepoints can go below.
      "$sharpdig" --debug-attach-only >"$log" 2>&1 & TRACER_PID=$!; sleep 1 ;;
  esac
}

stop_tracer() {
  kill -"${1:-TERM}" "$TRACER_PID" 2>/dev/null || true
  wait "$TRACER_PID" 2>/dev/null || true
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

declare -A ratios added eps drops
modes=(sharpdig sharpdig-filter floor bpftrace strace)
((filter_ok)) || modes=(sharpdig floor bpftrace strace)
command -v bpftrace >/dev/null || modes=("${modes[@]/bpftrace}")
for ((r = 1; r <= rounds; r++)); do
  for mode in "${modes[@]}"; do
    n=$iters
    [[ $mode == strace ]] && n=$((iters / 20))          # strace is ~50x slower: fewer iterations, same per-syscall ratio
    read -r calls bare_ns < <(run_storm "$n")
    log="$out/$mode.$r.log"
    if [[ $mode == strace ]]; then
      read -r calls traced_ns < <(strace -f -o /dev/null "$storm" "$n")
    else
      start_tracer "$mode" "$log"
      read -r calls traced_ns < <(run_storm "$n")
      stop_tracer $([[ $mode == bpftrace ]] && echo INT || echo TERM)
    fi
    ratios[$mode]+="$(awk -v t="$traced_ns" -v b="$bare_ns" 'BEGIN{printf "%.4f", t/b}') "
    added[$mode]+="$(awk -v t="$traced_ns" -v b="$bare_ns" -v c="$calls" 'BEGIN{printf "%.1f", (t-b)/c}') "
    if [[ $mode == sharpdig* ]]; then
      ev=$(grep -oE 'Driver Events:[0-9]+' "$log" | grep -oE '[0-9]+' || echo 0)
      dr=$(grep -oE 'Driver Drops:[0-9]+' "$log" | grep -oE '[0-9]+' || echo 0)
      # storm events per second while it ran (2 events per syscall), and the kernel-side drops
      eps[$mode]+="$(awk -v c="$calls" -v t="$traced_ns" 'BEGIN{printf "%.0f", 2*c/(t/1e9)}') "
      drops[$mode]+="$dr "
    fi
  done
  echo "round $r/$rounds done" >&2
done

printf '\n%-16s %10s %14s %14s %12s\n' mode slowdown "ns/syscall+" "events/s" "drops(max)"
for mode in "${modes[@]}"; do
  s=$(echo "${ratios[$mode]}" | tr ' ' '\n' | grep . | median)
  a=$(echo "${added[$mode]}" | tr ' ' '\n' | grep . | median)
  e=$(echo "${eps[$mode]:-}" | tr ' ' '\n' | grep . | median)
  d=$(echo "${drops[$mode]:-}" | tr ' ' '\n' | grep . | sort -g | tail -1)
  printf '%-16s %9.2fx %14s %14s %12s\n' "$mode" "$s" "$a" "${e:-}" "${d:-}"
done

# Two storms at once: both cores busy.
read -r c1 b1 < <(run_storm "$iters")
start_tracer sharpdig "$out/two.log"
run_storm "$iters" >"$out/two.a" & A=$!
run_storm "$iters" >"$out/two.b" & B=$!
wait $A $B
stop_tracer TERM
read -r ca ta <"$out/two.a"; read -r cb tb <"$out/two.b"
dr=$(grep -oE 'Driver Drops:[0-9]+' "$out/two.log" | grep -oE '[0-9]+' || echo "?")
awk -v ca="$ca" -v ta="$ta" -v cb="$cb" -v tb="$tb" -v b="$b1" -v d="$dr" 'BEGIN {
  t = (ta > tb ? ta : tb);
  printf "\ntwo storms at once under sharpdig -w /dev/null: %.0f events/s sustained, slowdown %.2fx each (vs one bare storm), drops %s\n",
    2*(ca+cb)/(t/1e9), (ta+tb)/2/b, d }'
