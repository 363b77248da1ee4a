#!/usr/bin/env bash
# make bench: the fast path's cost per packet (BPF_PROG_TEST_RUN) with 1
# and 1,000,000 routes, and the time to load 1,000,000 routes with the
# CLI's -batch. BENCH_ROUTES=N changes the table size.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
N=${BENCH_ROUTES:-1000000}
source "$ROOT/scripts/topo.sh"
batch=$(mktemp)
trap 'topo_down; rm -f "$batch"' EXIT
bash "$ROOT/scripts/bpffs.sh"

echo "== machine: $(nproc) CPU, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
echo
echo "== 1. fast path cost per packet"
"$ROOT/build/bench/bench" "$N" || exit 1

echo
echo "== 2. loading $N routes with xdp-router -batch"
topo_up >/dev/null || exit 1
in_r "$XDP_ROUTER" link attach r-h2 || exit 1
# N distinct /24s from 20.0.0.0 up, all via h2 (no traffic is sent to them)
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) { a = 335544320 + i * 256;
	printf "route add %d.%d.%d.0/24 via 198.18.2.2\n", int(a / 16777216),
	int(a / 65536) % 256, int(a / 256) % 256 } }' >"$batch"
t0=$(date +%s.%N)
in_r "$XDP_ROUTER" -batch "$batch" || exit 1
t1=$(date +%s.%N)
got=$(in_r "$XDP_ROUTER" route show | grep -c ' via 198.18.2.2 ')
secs=$(echo "$t1 - $t0" | bc -l)
printf '| %-34s | %9s | %7.2f s | %9.0f routes/s |\n' "route add via -batch (parse, check, apply)" \
	"$N" "$secs" "$(echo "$N / $secs" | bc -l)"
[ "$got" -eq "$N" ] || { echo "bench: $got of $N routes in the table" >&2; exit 1; }
echo "(route show lists all $got)"
