#!/usr/bin/env bash
# make bench [BENCH_ARGS=--quick]: the benchmark table of docs/benchmarks.md.
#
#   1. fast-path cost per packet (BPF_PROG_TEST_RUN) at 1 and N routes
#   2. forwarding gen -> r -> sink, the contenders alternating in one
#      run (bench/fwdbench.c): 1 route/1 flow, N prefixes/1 flow,
#      N prefixes/65,536 destinations; ratios pair by pair; the previous
#      build (DIR-24-8, bench/bench_old.sh) is one of the contenders
#   3. loading N routes (xdp-router -batch; ip -batch for comparison),
#      memory of the FIB maps, packets lost while 100,000 routes are
#      replaced under load
#   4. the slow path: ICMP errors built and sent per second by
#      `xdp-router daemon` (every frame TTL 1), and (in 1.) what the punt
#      itself costs the fast path
#   5. IPv6 (bench/bench6.sh): forwarding against Linux and an IPv6
#      bpf_fib_lookup forwarder, 1 route/1 flow, N6 prefixes grown from a
#      real table (1 flow, 65,536 destinations), the real table itself;
#      loading N6 routes; memory of the IPv6 FIB maps
#   5b. capacity and the control plane at 1,000,000 routes
#      (bench/bench_cap.sh): the issue-17 shapes loaded with -batch, each
#      in a fresh namespace; the FIB's bytes in use; load, route show,
#      route get and route add at 1,000,000
#   6. the targets of issues 5, 13 and 17, each met or missed
#      (bench/bench_targets.sh prints them)
#   7. locks (bench/bench_lock.sh): while N routes load in one router,
#      the first ping through a new next hop there, and in a second
#      router pings and `route add`
#   8. ECMP (bench/bench_ecmp.sh): a route via a group of 4 next hops
#      against 1 next hop, by BPF_PROG_TEST_RUN and through the
#      forwarding harness, IPv4 and IPv6; its targets (--ecmp: this
#      section alone)
#   9. kernel sync (bench/bench_ksync.sh): from the kernel having
#      100,000 and 1,000,000 routes, and the real table (ip -batch), to
#      the router's table holding them, for a daemon already running
#      (events), restarted, and started after (dump); the same through
#      FRR's zebra over FPM; the daemon's peak RSS; its targets (--ksync:
#      this section alone)
#  10. bulk TCP (bench/bench_tcp.sh): iperf3 h1 -> r -> h2, 1 and 4
#      streams, Linux forwarding, the tc hook and the XDP hook
#      alternating; its targets (--tcp: this section alone)
#
# Default: N = 1,000,000, 5 runs of 5 s. --quick: N = 200,000, 3 runs
# of 1 s; sections 1 to 8 took 20 minutes at load 5 to 8 (5b alone 8.5,
# as it loads seven tables of up to 1,000,000 in both modes), then 9.
# BENCH_ROUTES=N overrides.
# N6 = 200,000 in both (BENCH_ROUTES6); the real IPv6 table is the IPv6
# half of ../shared/data/full-table-2024.txt.gz (BENCH_TABLE: a gzipped
# list of prefixes, one a line; its IPv6 ones are taken).
# Interface addresses are from 198.18.0.0/15 and 2001:db8::/32; the IPv4
# route table is random unicast prefixes, and every packet stays inside
# the namespaces.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
FWDBENCH=$ROOT/build/bench/fwdbench
export XDP_ROUTER

QUICK=0 ECMP_ONLY=0 KSYNC_ONLY=0 TCP_ONLY=0
for a in "$@"; do
	case $a in
	--quick) QUICK=1 ;;
	--ecmp) ECMP_ONLY=1 ;;
	--ksync) KSYNC_ONLY=1 ;;
	--tcp) TCP_ONLY=1 ;;
	*) echo "bench.sh: unknown argument \"$a\" (--quick, --ecmp, --ksync, --tcp)" >&2; exit 2 ;;
	esac
done
ecmp() {
	if [ $QUICK = 1 ]; then bash "$ROOT/bench/bench_ecmp.sh" --quick
	else bash "$ROOT/bench/bench_ecmp.sh"; fi
}
ksync() {
	if [ $QUICK = 1 ]; then bash "$ROOT/bench/bench_ksync.sh" --quick
	else bash "$ROOT/bench/bench_ksync.sh"; fi
}
tcp() {
	if [ $QUICK = 1 ]; then bash "$ROOT/bench/bench_tcp.sh" --quick
	else bash "$ROOT/bench/bench_tcp.sh"; fi
}
if [ $TCP_ONLY = 1 ]; then
	tcp
	exit
fi
if [ $ECMP_ONLY = 1 ]; then
	ecmp
	exit
fi
if [ $KSYNC_ONLY = 1 ]; then
	ksync
	exit
fi
if [ $QUICK = 1 ]; then
	N=${BENCH_ROUTES:-200000}; RUNS=3; SECS=1; WARM=0.5; CHURN=100000
else
	N=${BENCH_ROUTES:-1000000}; RUNS=5; SECS=5; WARM=1; CHURN=100000
fi
[ "$CHURN" -le $((N / 2)) ] || CHURN=$((N / 2))
N6=${BENCH_ROUTES6:-200000}
TABLE=${BENCH_TABLE:-$ROOT/../shared/data/full-table-2024.txt.gz}

TOPO_ID=bench$$
source "$ROOT/tests/lib/topo.sh"
work=$(mktemp -d)
DPID=
trap '[ -n "$DPID" ] && kill "$DPID" 2>/dev/null; cap_down; topo_down; old_down; rm -rf "$work"' EXIT
bash "$ROOT/scripts/bpffs.sh" || exit 1
results=$work/results

fail() { echo "bench: $*" >&2; exit 1; }
source "$ROOT/bench/bench_targets.sh"
source "$ROOT/bench/bench_old.sh"
source "$ROOT/bench/bench_cap.sh"
secs_since() { echo "$(date +%s.%N) - $1" | bc -l; }
timed() { # COMMAND...: the seconds it took (its output to stderr)
	local t0
	t0=$(date +%s.%N)
	"$@" >&2 || return 1
	secs_since "$t0"
}

echo "== machine: $(nproc) CPU, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
echo "== $N routes, $N6 IPv6 routes, $RUNS runs of $SECS s$([ $QUICK = 1 ] && echo ' (--quick)'); previous build $OLD_REV as dir-24-8"
echo

# the IPv6 tables, written alike (prefix order, RFC 5952): the real
# one, and N6 prefixes grown from it
zcat "$TABLE" >"$work/table" || fail "$TABLE: cannot read (BENCH_TABLE names another)"
grep : "$work/table" >"$work/table6" || fail "$TABLE: no IPv6 prefix in it"
NREAL=$(wc -l <"$work/table6")
"$FWDBENCH" prefixes6 "$NREAL" 1 "$work/table6" >"$work/real6" || fail "prefixes6"
"$FWDBENCH" prefixes6 "$N6" 1 "$work/table6" >"$work/prefixes6" || fail "prefixes6"

old_up

# ------------------------------------------------------------------ 1
echo "== 1. fast-path cost per packet"
"$ROOT/build/bench/bench" "$N" "$work/prefixes6" | tee "$work/cost" || fail "cost benchmark failed"
echo

# ------------------------------------------------------------ topology
topo_up >/dev/null || fail "topology"
for ns in "$H1" "$R" "$H2"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
# Linux forwarding needs NAPI on r's ingress veth to take XDP_TX frames.
in_r ethtool -K r-h1 gro on >/dev/null
MAC2=$(topo_mac "$H2" eth0)
ip -n "$R" neigh replace 198.18.2.2 lladdr "$MAC2" dev r-h2 nud permanent
xr() { in_r "$XDP_ROUTER" "$@"; }
attach() { xr link attach r-h1 && xr link attach r-h2; }
detach() { xr link detach r-h1 && xr link detach r-h2; }
attach || fail "attach"
xr neigh add 198.18.2.2 lladdr "$MAC2" dev r-h2 || fail "neigh"
xr neigh add 198.18.2.3 lladdr "$MAC2" dev r-h2 || fail "neigh"

fwd() {
	"$FWDBENCH" run --gen "$H1" --r "$R" --sink "$H2" \
		--xdp-router "$XDP_ROUTER" --runs "$RUNS" --secs "$SECS" \
		--warmup "$WARM" "$@" | tee -a "$results"
	[ "${PIPESTATUS[0]}" -eq 0 ] || fail "forwarding run failed: $*"
}
# the contenders of section 2 and 5, the previous build among them
fwdc() { fwd --old "$XR_OLD" "$@"; }
old_neighs() {
	xro neigh add 198.18.2.2 lladdr "$MAC2" dev r-h2 &&
		xro neigh add 198.18.2.3 lladdr "$MAC2" dev r-h2
}

# ------------------------------------------------------------------ 2
echo "== 2. forwarding, gen -> r -> sink, 64-byte frames, one CPU"
ip -n "$R" route add 198.19.0.0/16 via 198.18.2.2
xr route add 198.19.0.0/16 via 198.18.2.2 || fail "route"
as_old old_neighs || fail "neigh (previous build)"
as_old xro route add 198.19.0.0/16 via 198.18.2.2 || fail "route (previous build)"
detach || fail "detach"
fwdc --scenario "1 route, 1 flow" --dst 198.19.0.1
ip -n "$R" route del 198.19.0.0/16
attach && xr route del 198.19.0.0/16 || fail "route del"
as_old xro route del 198.19.0.0/16 || fail "route del (previous build)"

"$FWDBENCH" prefixes "$N" 1 >"$work/prefixes" || fail "prefixes"
awk '{ print "route add " $1 " via 198.18.2.2" }' "$work/prefixes" >"$work/add"
t_xr=$(timed xr -batch "$work/add") || fail "xdp-router -batch"
t_ip=$(timed ip -n "$R" -batch "$work/add") || fail "ip -batch"
t_old=$(as_old timed xro -batch "$work/add") || fail "xdp-router -batch (previous build)"
got=$(xr -j route show | jq length)
[ "$got" -ge "$N" ] || fail "$got routes in xdp-router's table, want $N"
# the maps of r's own state directory only (bpftool lists every
# namespace's maps; `state show` names r's directory)
sdir=$(xr -j state show | jq -r '.[] | select(.self) | .path')
[ -d "$sdir" ] || fail "no state directory for r"
mem() { local f; for f in "$sdir"/$1; do bpftool -j map show pinned "$f"; done | jq -s '[.[].bytes_memlock] | add'; }
fib_bytes=$(mem 'xr_fib4_*')
# 4|6: what the family's FIB uses, as r's router says (state show)
fib_use() {
	xr -j state show | jq -r ".[] | select(.self) | .fib$1 // empty |
		\"\(.bytes / 10485.76 | floor / 100) MiB: nodes \(.nodes) of \(.nodes_total), leaves \(.leaves) of \(.leaves_total)\""
}
use4=$(fib_use 4)
rt_bytes=$(mem 'xr_routes4')
detach || fail "detach"

fwdc --scenario "$N prefixes, 1 flow" --prefixes "$work/prefixes" --ndst 1
fwdc --scenario "$N prefixes, 65536 dsts" --prefixes "$work/prefixes" --ndst 65536
echo

# ------------------------------------------------------------------ 3
echo "== 3. control plane"
printf '| %-52s | %10s |\n' "load $N routes: xdp-router -batch (parse, check, apply)" "$(printf '%.2f s' "$t_xr")"
printf '| %-52s | %10s |\n' "load $N routes: the previous build's -batch ($OLD_REV)" "$(printf '%.2f s' "$t_old")"
printf '| %-52s | %10s |\n' "load $N routes: ip -batch into the kernel (reference)" "$(printf '%.2f s' "$t_ip")"
printf '| %-52s | %10s |\n' "IPv4 FIB maps (xr_fib4_*) of r's own state, memlock" "$(echo "$fib_bytes / 1048576" | bc) MiB"
printf '| %-52s | %10s |\n' "IPv4 FIB in use (state show)" "${use4:-not said}"
printf '| %-52s | %10s |\n' "route table (LPM trie, control plane only), memlock" "$(echo "$rt_bytes / 1048576" | bc) MiB"
# every other prefix from the middle of the table moves to the second
# gateway (same sink): traffic to all 65,536 destinations must arrive
sed -n "$((N / 4)),\$p" "$work/prefixes" | head -n "$CHURN" |
	awk '{ print "route replace " $1 " via 198.18.2.3" }' >"$work/churn"
fwd --scenario "replace $CHURN routes" --prefixes "$work/prefixes" \
	--ndst 65536 --churn "$work/churn"
echo

# ------------------------------------------------------------------ 4
echo "== 4. slow path: time exceeded for every frame, daemon on CPU 1"
xr neigh add 198.18.1.2 lladdr "$(topo_mac "$H1" eth0)" dev r-h1 || fail "neigh"
# no rate limit: the point is what it can build and send
ip netns exec "$R" taskset -c 1 "$XDP_ROUTER" daemon --icmp-ratelimit 0 \
	--icmp-msgs-per-sec 1000000000 --icmp-msgs-burst 1000000000 2>"$work/daemon.log" &
DPID=$!
fwd --slow --scenario "slow path, TTL 1" --dst 198.18.2.2
kill "$DPID"; wait "$DPID"; DPID=
grep -q "SIGTERM: closing" "$work/daemon.log" || fail "the daemon did not stop cleanly"
echo

# ------------------------------------------------------------------ 5
source "$ROOT/bench/bench6.sh"

# ----------------------------------------------------------------- 5b
cap_section

# ------------------------------------------------------------------ 6
# the previous build against this one, run by run (fwdbench's OLDDIFF:
# xdp-router's ns per packet less dir-24-8's, the floor cancels out)
old_diff() { # SCENARIO
	sed -n "s/^OLDDIFF $1  *xdp-router - dir-24-8 ns\/packet, run by run: median \([-0-9.]*\) .*/\1/p" "$results" | grep .
}
old_span() { # SCENARIO: min..max
	sed -n "s/^OLDDIFF $1  *.* min \([-0-9.]*\)  max \([-0-9.]*\).*/\1..\2/p" "$results"
}
targets17() {
	local scen d
	target_ratio "own cost $N/65536 dsts <= 2x $N/1 flow (IPv4)" \
		"$(own "$N prefixes, 65536 dsts" xdp-router)" "$(own "$N prefixes, 1 flow" xdp-router)" 2
	target_ratio "own cost $N6/65536 dsts <= 2x $N6/1 flow (IPv6)" \
		"$(own "$N6 IPv6 prefixes, 65536 dsts" xdp-router)" \
		"$(own "$N6 IPv6 prefixes, 1 flow" xdp-router)" 2
	for scen in "$N prefixes, 65536 dsts" "$N6 IPv6 prefixes, 65536 dsts"; do
		printf '|   %-56s | %-24s |\n' "(dir-24-8, same runs: $scen)" \
			"$(own "$scen" dir-24-8) ns"
	done
	while read -r scen; do
		d=$(old_diff "$scen")
		target_max "1 flow: own cost <= the previous build's: $scen" "$d" 0 ns \
			"$d ns ($(old_span "$scen"))"
	done <<EOF
1 route, 1 flow
$N prefixes, 1 flow
IPv6 1 route, 1 flow
$N6 IPv6 prefixes, 1 flow
EOF
	printf '|   %-56s | %-24s |\n' "(xdp-router - dir-24-8 per packet, run by run: median (min..max))" ""
	cap_targets
	target_max "0 packets lost while $CHURN routes change" "$lost" 0 lost
}
echo "== 6. targets"
while read -r scen; do
	line=$(grep "^RESULT $scen *xdp-router/linux " "$results")
	m=$(sed -n 's/.*median *\([0-9.]*\)x.*/\1/p' <<<"$line")
	target "xdp-router >= 4x linux: $scen" "$(ge "$m" 4)" "${m}x (median)"
	line=$(grep "^RESULT $scen *xdp-router/fib_lookup " "$results")
	m=$(sed -n 's/.*median *\([0-9.]*\)x.*/\1/p' <<<"$line")
	target "xdp-router >= 1.2x fib_lookup: $scen" "$(ge "$m" 1.2)" "${m}x (median)"
	m=$(sed -n "s/^CEILING $scen .*median *\([0-9.]*\)x.*/\1/p" "$results")
	printf '|   %-56s | %-24s |\n' "(the harness's ceiling, floor/linux)" "${m}x (median)"
done <<EOF
1 route, 1 flow
$N prefixes, 1 flow
$N prefixes, 65536 dsts
EOF
# the plain forwarding rows ("forward via a transit handler" is another)
c1=$(cost_net "$work/cost" 1 "forward (MAC")
cn=$(cost_net "$work/cost" N "forward (MAC")
target_ratio "cost at $N routes <= 1.3x cost at 1 route" "$cn" "$c1" 1.3
target_max "$N routes loaded in <= 5 s" "$t_xr" 5 s "$(printf '%.2f s' "$t_xr")"
target_max "FIB maps <= 256 MiB (r's own state)" "$fib_bytes" 268435456 B \
	"$(echo "$fib_bytes / 1048576" | bc) MiB"
lost=$(sed -n 's/^RESULT.*lost \([0-9]*\) of.*/\1/p' "$results")
target_max "0 packets lost while $CHURN routes are replaced" "$lost" 0 lost
targets6
echo
echo "== 6. targets of issue 17"
targets17
echo

# ------------------------------------------------------------------ 7
BENCH_LOCK_ROUTES=$N bash "$ROOT/bench/bench_lock.sh" || fail "lock benchmark failed"
echo

# ------------------------------------------------------------------ 8
ecmp || fail "ECMP benchmark failed"
echo

# ------------------------------------------------------------------ 9
ksync || fail "kernel sync benchmark failed"
echo

# ----------------------------------------------------------------- 10
tcp || fail "bulk TCP benchmark failed"
[ "${TARGET_ERRORS:-0}" = 0 ] || fail "$TARGET_ERRORS target(s) could not be computed (ERROR above)"
