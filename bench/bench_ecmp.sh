#!/usr/bin/env bash
# bench/bench_ecmp.sh (section 8 of `make bench`; alone: `make bench
# BENCH_ARGS="--quick --ecmp"`): what a route via a group of 4 next hops
# (ECMP, issue 14) costs against the same route via 1, IPv4 and IPv6 side
# by side. Target: under 5 ns more.
#
#   - BPF_PROG_TEST_RUN (`bench ecmp`, bench/benchecmp.c): 64 flows, the
#     L3 hash (default) and the L4 one; the two forms of the route
#     alternate run by run
#   - the forwarding harness (`fwdbench run --ecmp4 --ecmp6`,
#     bench/fwdecmp.c) on its own gen - r - sink topology: 1 route per
#     family, 198.19.0.0/16 and 2001:db8:100::/48, via 198.18.2.10 (or
#     2001:db8:2::10) alone or via the group of .10 to .13 (::10 to
#     ::13), all on r-h2, whose neighbour MACs are the sink's with the
#     last byte XORed with 0 to 3: the sink takes all four and counts
#     each member's frames; 4,096 destinations in the route (flows).
#     In each run, per family: xdp-router with the route via 1 next hop
#     and via the group in turns (0.25 s at a time), then the floor.
#
# [--quick]: 3 runs of 1 s (else 5 of 5 s). Exits non-zero when a
# measurement failed or a figure is missing; a missed target is printed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
RUNS=5 SECS=5 WARM=1
for a in "$@"; do
	case $a in
	--quick) RUNS=3 SECS=1 WARM=0.5 ;;
	*) echo "bench_ecmp.sh: unknown argument \"$a\" (--quick)" >&2; exit 2 ;;
	esac
done
FLOWS=4096
ROUTE4=198.19.0.0/16 ROUTE6=2001:db8:100::/48
GWS4=(198.18.2.10 198.18.2.11 198.18.2.12 198.18.2.13)
GWS6=(2001:db8:2::10 2001:db8:2::11 2001:db8:2::12 2001:db8:2::13)

TOPO_ID=ecmp$$
source "$ROOT/tests/lib/topo.sh"
work=$(mktemp -d)
trap 'topo_down; rm -rf "$work"' EXIT
fail() { echo "bench_ecmp: $*" >&2; exit 1; }
xr() { in_r "$XDP_ROUTER" "$@"; }
bash "$ROOT/scripts/bpffs.sh" || exit 1

echo "== 8. ECMP: a route via a group of 4 next hops against 1 next hop"
"$ROOT/build/bench/bench" ecmp | tee "$work/cost"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "BPF_PROG_TEST_RUN (bench ecmp) failed"
echo

# the topology: IPv6 on r only, no duplicate address detection (as
# section 5); the hosts keep it off, the traffic is XDP at both ends
topo_up >/dev/null || fail "topology"
for ns in "$H1" "$H2"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad &&
	ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad || fail "IPv6 on r"
MAC2=$(topo_mac "$H2" eth0)
xr link attach r-h1 && xr link attach r-h2 || fail "attach"
# member k's MAC: the sink's, its last byte XORed with k
for k in 0 1 2 3; do
	mac=$(printf '%s:%02x' "${MAC2%:*}" $((0x${MAC2##*:} ^ k)))
	xr neigh add "${GWS4[$k]}" lladdr "$mac" dev r-h2 &&
		xr neigh add "${GWS6[$k]}" lladdr "$mac" dev r-h2 || fail "neigh"
done
xr link detach r-h1 && xr link detach r-h2 || fail "detach"

join() { local IFS=,; echo "$*"; }
"$ROOT/build/bench/fwdbench" run --gen "$H1" --r "$R" --sink "$H2" \
	--xdp-router "$XDP_ROUTER" --runs "$RUNS" --secs "$SECS" --warmup "$WARM" \
	--scenario "1 route, $FLOWS flows" --ndst "$FLOWS" \
	--ecmp4 "$ROUTE4=$(join "${GWS4[@]}")" --ecmp6 "$ROUTE6=$(join "${GWS6[@]}")" |
	tee "$work/results"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "forwarding run failed"
echo

# ------------------------------------------------------------- targets
ERRORS=0
target() { # TEXT VALUE(ns, signed; empty: missing)
	local verdict v=${2#+} shown=
	if [ -z "$v" ]; then
		verdict=ERROR
		ERRORS=$((ERRORS + 1))
	else
		shown=$(printf '%+.1f ns' "$v")
		verdict=$([ "$(echo "$v < 5" | bc -l)" = 1 ] && echo met || echo MISSED)
	fi
	printf '| %-58s | %-10s | %s |\n' "$1" "$shown" "$verdict"
}
# the difference of a BPF_PROG_TEST_RUN row (bench ecmp)
cost_diff() { # FAMILY POLICY
	awk -F'|' -v c="$1, $2 hash" 'index($2, c) == 2 { print $5 + 0 }' "$work/cost" | grep .
}
# the forwarding harness's difference, median over the runs
fwd_diff() { # FAMILY
	sed -n "s/^ECMP .* $1 group - 1 next hop: median \([-+0-9.]*\) ns.*/\1/p" \
		"$work/results" | grep .
}
echo "== 8. ECMP targets: a group of 4 costs under 5 ns more than 1 next hop"
for fam in IPv4 IPv6; do
	target "$fam, BPF_PROG_TEST_RUN, L3 hash (default)" "$(cost_diff $fam L3)"
	target "$fam, BPF_PROG_TEST_RUN, L4 hash" "$(cost_diff $fam L4)"
	target "$fam, forwarding harness, $FLOWS flows, L3 hash" "$(fwd_diff $fam)"
done
[ "$ERRORS" = 0 ] || fail "$ERRORS figure(s) missing (ERROR above)"
