# shellcheck shell=bash
# shellcheck disable=SC2154  # work, results, sdir, ...: bench.sh's
# make bench, section 5: IPv6 (sourced by bench/bench.sh, whose topology,
# functions and variables it uses; r's links are detached on entry and on
# return).
#
#   - forwarding gen -> r -> sink of 64-byte UDP/IPv6 frames, the same
#     contenders as for IPv4 (fwdbench --ipv6: Linux with IPv6 forwarding,
#     xdp-router, bench_fibfwd.bpf.c's bpf_fib_lookup for AF_INET6, the
#     floor): 1 route/1 flow; N6 prefixes grown from the real table
#     (fwdbench prefixes6: the real one and siblings of its prefixes),
#     1 flow and 65,536 destinations, each with xdp-router and the floor
#     on IPv4 frames to section 2's IPv4 table in the same runs (the
#     IPv4 own cost the target compares with); the real table alone (its extra
#     siblings deleted), 65,536 destinations
#   - loading the N6 routes: xdp-router -batch, and ip -batch (reference)
#   - memory of r's own IPv6 FIB maps (xr_fib6_*) and route table
#
# targets6 (called from section 6) prints the IPv6 targets of issue 13.
# r's IPv6: 2001:db8:1::1/64 on r-h1, 2001:db8:2::1/64 on r-h2; the sink
# is 2001:db8:2::2 (a permanent neighbour); the generator sends from
# 2001:db8:1::2. The hosts keep IPv6 off: the traffic is XDP at both ends.

MAC2=$(topo_mac "$H2" eth0)
fwd6() { fwd --ipv6 "$@"; }
fwd6c() { fwdc --ipv6 "$@"; }   # the previous build among the contenders

# The seconds of bench.c's load of N6 IPv6 routes through the library.
load6_secs() {
	sed -n "s/^LOAD6 $N6 routes .* in \([0-9.]*\) s.*/\1/p" "$work/cost" | grep .
}

# A contender's own cost (ns above the floor, median) in a scenario.
own() { # SCENARIO CONTENDER
	sed -n "s/^COST $1  *ns\/packet.*  $2 \([-0-9.]*\) .*/\1/p" "$results" | grep .
}

v6_up() { # IPv6 on r only, no duplicate address detection
	local d
	for d in all default r-h1 r-h2; do
		in_r sysctl -qw "net.ipv6.conf.$d.accept_dad=0" || return 1
	done
	for d in all r-h1 r-h2; do
		in_r sysctl -qw "net.ipv6.conf.$d.disable_ipv6=0" || return 1
	done
	ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad &&
		ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad &&
		ip -n "$R" neigh replace 2001:db8:2::2 lladdr "$MAC2" dev r-h2 nud permanent
}

echo "== 5. IPv6: forwarding, gen -> r -> sink, 64-byte frames, one CPU"
t_sec5=$SECONDS
v6_up || fail "IPv6 on r"
attach || fail "attach"
xr neigh add 2001:db8:2::2 lladdr "$MAC2" dev r-h2 || fail "neigh (IPv6)"

ip -n "$R" route add 2001:db8:100::/48 via 2001:db8:2::2 || fail "ip route (IPv6)"
xr route add 2001:db8:100::/48 via 2001:db8:2::2 || fail "route (IPv6)"
as_old xro neigh add 2001:db8:2::2 lladdr "$MAC2" dev r-h2 || fail "neigh (IPv6, previous build)"
as_old xro route add 2001:db8:100::/48 via 2001:db8:2::2 || fail "route (IPv6, previous build)"
detach || fail "detach"
fwd6c --scenario "IPv6 1 route, 1 flow" --dst 2001:db8:100::1
ip -n "$R" route del 2001:db8:100::/48
attach && xr route del 2001:db8:100::/48 || fail "route del (IPv6)"
as_old xro route del 2001:db8:100::/48 || fail "route del (IPv6, previous build)"

awk '{ print "route add " $1 " via 2001:db8:2::2" }' "$work/prefixes6" >"$work/add6"
t_xr6=$(timed xr -batch "$work/add6") || fail "xdp-router -batch (IPv6)"
t_ip6=$(timed ip -n "$R" -batch "$work/add6") || fail "ip -batch (IPv6)"
as_old xro -batch "$work/add6" >&2 || fail "xdp-router -batch (IPv6, previous build)"
got=$(xr -6 -j route show | jq length)
[ "$got" -ge "$N6" ] || fail "$got IPv6 routes in xdp-router's table, want $N6"
fib6_bytes=$(mem 'xr_fib6_*')
rt6_bytes=$(mem 'xr_routes6')
use6=$(fib_use 6)
detach || fail "detach"

# with xdp-router and the floor on IPv4 frames to the IPv4 table of section
# 2 in the same runs: the IPv6 own cost against IPv4's, run by run
fwd6c --scenario "$N6 IPv6 prefixes, 1 flow" --prefixes "$work/prefixes6" --ndst 1 \
	--also-ipv4 "$work/prefixes"
fwd6c --scenario "$N6 IPv6 prefixes, 65536 dsts" --prefixes "$work/prefixes6" --ndst 65536 \
	--also-ipv4 "$work/prefixes"

# the real table alone: the siblings prefixes6 added to it go
if [ "$N6" -gt "$NREAL" ]; then
	awk 'NR == FNR { real[$1]; next } !($1 in real) { print "route del " $1 }' \
		"$work/real6" "$work/prefixes6" >"$work/del6"
	[ "$(wc -l <"$work/del6")" -eq $((N6 - NREAL)) ] || fail "the siblings of the real table"
	attach || fail "attach"
	xr -batch "$work/del6" || fail "xdp-router -batch (IPv6 del)"
	as_old xro -batch "$work/del6" || fail "xdp-router -batch (IPv6 del, previous build)"
	ip -n "$R" -batch "$work/del6" || fail "ip -batch (IPv6 del)"
	detach || fail "detach"
	fwd6c --scenario "real $NREAL IPv6, 65536 dsts" --prefixes "$work/real6" --ndst 65536
else
	echo "(the real table alone: not measured, BENCH_ROUTES6=$N6 is not above its $NREAL prefixes)"
fi
echo
echo "== 5. IPv6 control plane"
printf '| %-52s | %10s |\n' "load $N6 IPv6 routes: xdp-router -batch (parse, check, apply)" "$(printf '%.2f s' "$t_xr6")"
printf '| %-52s | %10s |\n' "load $N6 IPv6 routes: xr_route6_update_many (library)" "$(s=$(load6_secs) && echo "$s s" || echo ERROR)"
printf '| %-52s | %10s |\n' "load $N6 IPv6 routes: ip -batch into the kernel (reference)" "$(printf '%.2f s' "$t_ip6")"
printf '| %-52s | %10s |\n' "IPv6 FIB maps (xr_fib6_*) of r's own state, memlock" "$(echo "$fib6_bytes / 1048576" | bc) MiB"
printf '| %-52s | %10s |\n' "IPv6 FIB in use (state show)" "${use6:-not said}"
printf '| %-52s | %10s |\n' "IPv6 route table (LPM trie, control plane only), memlock" "$(echo "$rt6_bytes / 1048576" | bc) MiB"
echo "(section 5 took $((SECONDS - t_sec5)) s; make bench so far $SECONDS s)"
echo

# ------------------------------------------------------------- targets
targets6() {
	local scen s c1 cn
	for s in "1 flow" "65536 dsts"; do
		scen="$N6 IPv6 prefixes, $s"
		target_ratio "own cost IPv6 $N6 <= 1.5x IPv4 $N (same runs): $s" \
			"$(own "$scen" xdp-router)" "$(own "$scen" xdp-router-ipv4)" 1.5
	done
	while read -r scen; do
		grep -q "^COST $scen " "$results" || continue
		target_ratio "own cost linux/xdp-router >= 4x: $scen" \
			"$(own "$scen" linux)" "$(own "$scen" xdp-router)" ">4"
	done <<EOF
IPv6 1 route, 1 flow
$N6 IPv6 prefixes, 1 flow
$N6 IPv6 prefixes, 65536 dsts
real $NREAL IPv6, 65536 dsts
EOF
	c1=$(cost_net "$work/cost" 1 "IPv6: forward,")
	cn=$(cost_net "$work/cost" N "IPv6: forward,")
	target_ratio "IPv6 cost at $N6 routes <= 1.3x cost at 1 route" "$cn" "$c1" 1.3
	if s=$(load6_secs); then
		target "$N6 IPv6 routes loaded in < 2 s (xr_route6_update_many)" \
			"$(ge 2 "$s")" "$s s"
	else
		target_error "$N6 IPv6 routes loaded in < 2 s (xr_route6_update_many)" \
			"no LOAD6 line from bench"
	fi
	target "$N6 IPv6 routes loaded in < 2 s (xdp-router -batch)" \
		"$(ge 2 "$t_xr6")" "$(printf '%.2f s' "$t_xr6")"
	target "IPv6 FIB maps < 64 MiB ($N6 routes)" "$(ge 67108863 "$fib6_bytes")" \
		"$(echo "$fib6_bytes / 1048576" | bc) MiB"
}
