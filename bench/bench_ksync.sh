#!/usr/bin/env bash
# bench/bench_ksync.sh (section 9 of `make bench`; alone: `make bench
# BENCH_ARGS="--quick --ksync"`): following the kernel (issue 15), how
# long the router's table takes to hold what the kernel, or FRR's zebra
# over FPM, has.
#
#   - the kernel: the routes loaded into r's main table with `ip -batch`,
#     every other one via 198.18.2.2, the rest via 198.18.2.3 (two next
#     hops on r-h2, both permanent neighbours of the kernel's, with h2's
#     MAC); tables: 100,000 and 1,000,000 random prefixes (`fwdbench
#     prefixes`, the length mix of the Internet's), and the IPv4 half of
#     the real full table (../shared/data/full-table-2024.txt.gz, less
#     what falls in 198.18.0.0/15, 0/8, 127/8 and 224/3). For each:
#       events:  `daemon --kernel-sync` already running; from `ip -batch`
#                having returned (the kernel has them all) to the
#                router's route table holding every one with its gateway
#       restart: the daemon stopped (SIGTERM) and started again over the
#                table it left: from the start to the table checked equal
#       dump:    `reset`, links attached again, the daemon started on an
#                empty table: from the start to the table holding them
#     the daemon's peak RSS (VmHWM) in each, and a sample of 20 prefixes
#     forwarded: `route get` says forward via its gateway, and one UDP
#     datagram from h1 to each goes through (the fast path's
#     ForwDatagrams grows by 20, h2 gets them).
#   - FPM: zebra (Debian's FRR, -M dplane_fpm_nl, next-hop groups on as
#     by default) in r, bgpd in r peering with BIRD in h2, which
#     announces the table (static blackholes, next hop itself:
#     198.18.2.2); `daemon --fpm 127.0.0.1:PORT` in r. Seconds from
#     BIRD's start to zebra's RIB holding them all (`show ip route
#     summary`, polled every 0.2 s), to its FIB holding them (installed
#     in the kernel: zebra installs there too), and to the router's
#     table holding them; the figure is ours less zebra's RIB.
#
# bench/ksyncwait.c does the waiting (in r, holding the maps without
# the lock, as the daemon does). Targets: 1,000,000 routes mirrored in
# under 10 s after the kernel has them (events, and dump); through FPM, a
# full table in our table under 10 s after zebra's RIB has it.
#
# [--quick]: the random tables only through the kernel, and 100,000
# routes through FPM (else the real table too, both ways).
# BENCH_KSYNC_SIZES="N ..." replaces the random sizes. Exits non-zero
# when a measurement failed; a missed target is printed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
FWDBENCH=$ROOT/build/bench/fwdbench
KSYNCWAIT=$ROOT/build/bench/ksyncwait
export XDP_ROUTER
QUICK=0
for a in "$@"; do
	case $a in
	--quick) QUICK=1 ;;
	*) echo "bench_ksync.sh: unknown argument \"$a\" (--quick)" >&2; exit 2 ;;
	esac
done
SIZES=${BENCH_KSYNC_SIZES:-100000 1000000}
if [ $QUICK = 1 ]; then TABLES=$SIZES FPM_SIZES=100000
else TABLES="$SIZES real" FPM_SIZES="100000 real"; fi
TABLE=${BENCH_TABLE:-$ROOT/../shared/data/full-table-2024.txt.gz}
GW1=198.18.2.2 GW2=198.18.2.3
SAMPLES=20
TARGET_S=10

source "$ROOT/tests/lib/topo.sh"
source "$ROOT/bench/ksync_lib.sh"
source "$ROOT/bench/ksync_fpm.sh"
work=$(mktemp -d)
PIDS=()
TOPO_ID=
cleanup() {
	fpm_stop
	[ -n "$TOPO_ID" ] && topo_down
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench_ksync: $*" >&2; exit 1; }
xr() { in_r "$XDP_ROUTER" "$@"; }
now() { date +%s.%N; }
sub() { printf '%.2f' "$(echo "$1 - $2" | bc -l)"; }
bash "$ROOT/scripts/bpffs.sh" || exit 1

echo "== 9. kernel sync: the kernel's routes (ip -batch), and zebra's over FPM, to the router's table"

# the tables: random prefixes, and the real table's IPv4 half less what
# would cover or hit the topology's own nets
for n in $TABLES $FPM_SIZES; do
	[ "$n" = real ] || [ -s "$work/t$n" ] ||
		"$FWDBENCH" prefixes "$n" 1 >"$work/t$n" || fail "fwdbench prefixes $n"
done
zcat "$TABLE" 2>/dev/null | grep -v : | real_filter >"$work/treal"
[ -s "$work/treal" ] || fail "$TABLE: no IPv4 prefix in it (BENCH_TABLE names another)"
NREAL=$(wc -l <"$work/treal")

RESULTS=$work/results
: >"$RESULTS"
for n in $TABLES; do
	ksync_kernel "$n" "$work/t$n" || fail "kernel sync, $n routes"
done
for n in $FPM_SIZES; do
	ksync_fpm "$n" "$work/t$n" || fail "FPM, $n routes"
done
echo
ksync_table
echo
ksync_targets
