#!/usr/bin/env bash
# ECMP with real traffic (issue 14): h1 - r - {n1..n4} - h2, r's links
# attached, kernel forwarding off in r, a route to h2's prefix through
# two then four of the nX (tests/integration/ecmp.sh). TCP transfers
# each stay on one path (nX's counters) and on the member `route get`
# names; numbered UDP flows spread by the hash policy (L4: source ports;
# L3: source addresses, and one address takes one path); a link of r
# going down moves only its flows, the others lose nothing, and its
# flows come back when it is up; a member whose neighbour FAILED is
# taken out. IPv4 here; test_ecmp_net6.sh runs the same for IPv6, and
# test_ecmp_net_tc.sh the four members' transfer, spread and link down
# at the tc hook (ECMP_SHORT: those parts only).
FAM=${FAM:--4}
SHORT=${ECMP_SHORT:-}
full() { [ -z "$SHORT" ]; }
# shellcheck source=ecmp.sh
source "$(dirname "$0")/ecmp.sh"
if [ "$FAM" = -4 ]; then
	DST=198.18.100.1 PFX=198.18.100.0/24 SRC=198.18.1.2 SRCNET=198.18.1.
else
	DST=2001:db8:100::1 PFX=2001:db8:100::/64 SRC=2001:db8:1::2 SRCNET=2001:db8:1::
fi
ecmp_up || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2, $(topo_ns_n 1) .. $(topo_ns_n 4)), hook $HOOK, family $FAM"
check "r's links attached, static neighbours" ecmp_attach
if xronly; then
	check "daemon up on r's six links" daemon_start "$TMP/daemon.log" 6
	read -r FORW0 EXC0 < <(fast_stats)
fi

# probe_path SPORT [PROTO DPORT]: the path X whose member `route get`
# names for TCP (or PROTO) from SRC:SPORT to DST:5001 (or DPORT)
probe_path() {
	xr route get "$DST" from "$SRC" ipproto "${2:-6}" sport "$1" dport "${3:-5001}" |
		sed -n 's/.*dev r-n\([0-9]\).*/\1/p'
}

# tcp_each SPORT... -- PATHS...: 1 MiB from each source port SPORT, each
# intact on one path among PATHS, the one route get names
tcp_each() {
	local sp ports=() x
	while [ "$1" != -- ]; do ports+=("$1"); shift; done
	shift
	for sp in "${ports[@]}"; do
		check "TCP 1 MiB from port $sp: intact (SHA-256), on one path" \
			tcp_path "$DST" "$sp" 1048576
		check "... a member's: n$TCP_PATH in {$*}" grep -qw "${TCP_PATH:-x}" <<<"$*"
		xronly || continue
		x=$(probe_path "$sp")
		check "... the one route get names (n$x)" test "$x" = "$TCP_PATH"
	done
}

two_members() {
	check "route with two members, n1 and n2" ecmp_route "$FAM" "$PFX" 1 2
	tcp_each 40001 -- 1 2
	flows_run "$TMP/two" 64 100 1 ""
	check "64 UDP flows by source port: each whole, in order, on one path" flows_whole "$TMP/two"
	check "... over n1 and n2 only, at least 12 each: $WHOLE" whole_spread 12 eth1 eth2
}

# member_frame: a datagram of the flow from port 20000 as the member
# route get names receives it: MACs r-nX -> nX, TTL (hop limit) 63, the
# IPv4 header's checksum and UDP's right (tcpdump -vv checks them). At
# tc h1 sums this datagram in software: veth would hand n1 a partial
# UDP checksum, as it does at XDP (docs/testing.md).
member_frame() {
	local x cap=$TMP/cap tpid spid hl="ttl 63"
	x=$(probe_path 20000 17 6000)
	[ "$FAM" = -6 ] && hl="hlim 63"
	in_h1 ethtool -K eth0 tx off >/dev/null
	in_n "${x:-1}" timeout 5 tcpdump -i up -c 1 -n -e -vv -l "udp dst port 6000" >"$cap" 2>/dev/null &
	tpid=$!
	ip netns exec "$H1" "$PY" "$FLOWS" send "$DST" 6000 1 20 5 "" >/dev/null &
	spid=$!
	wait "$tpid"
	kill -TERM "$spid"
	wait "$spid"
	[ "$HOOK" = tc ] && in_h1 ethtool -K eth0 tx on >/dev/null
	sed "s/^/# /" "$cap"
	check "a datagram at n${x:-?}, the member route get names: from r-n$x's MAC to n$x's, $hl, checksums good" \
		bash -c "grep -q '$(topo_mac "$R" "r-n$x") > $(topo_mac "$(topo_ns_n "$x")" up)' $cap &&
			grep -q '$hl' $cap && grep -q 'udp sum ok' $cap && ! grep -q 'bad cksum' $cap"
}

four_members() {
	check "route replace: four members, n1 .. n4" ecmp_route "$FAM" "$PFX" 1 2 3 4
	if full; then tcp_each 40002 40003 -- 1 2 3 4; else tcp_each 40002 -- 1 2 3 4; fi
	xronly && member_frame
	flows_run "$TMP/l4" 128 100 1 ""
	check "128 UDP flows by source port: each whole on one path" flows_whole "$TMP/l4"
	check "... spread over the four, at least 12 each: $WHOLE" \
		whole_spread 12 eth1 eth2 eth3 eth4
}

# IPv6's L3 hash has the flow label, which Linux sets per socket
# (auto_flowlabels): flows between two addresses spread by it. Then h1
# sends label 0.
flow_label() {
	flows_run "$TMP/l3label" 128 100 1 ""
	check "L3: 128 flows from one address, each its own flow label: whole" flows_whole "$TMP/l3label"
	check "... spread by the label over the four: $WHOLE" whole_spread 1 eth1 eth2 eth3 eth4
	in_h1 sysctl -qw net.ipv6.auto_flowlabels=0
}

policy_l3() {
	local plen=24 opt=
	check "hash policy l3" ecmp_policy "$FAM" l3
	[ "$FAM" = -6 ] && flow_label && plen=64 opt=nodad
	flows_run "$TMP/l3one" 128 100 1 ""
	check "L3: 128 flows from one address$([ "$FAM" = -6 ] && echo ", flow label 0"), whole" \
		flows_whole "$TMP/l3one"
	check "... all on one path: $WHOLE" test "$(whole_links | wc -w)" -eq 1
	seq -f "addr add $SRCNET%g/$plen dev eth0 $opt" 100 227 | ip -n "$H1" -batch -
	flows_run "$TMP/l3" 128 100 1 "$(seq -s, -f "$SRCNET%g" 100 227)"
	check "L3: 128 flows from 128 addresses, whole" flows_whole "$TMP/l3"
	check "... spread over the four, at least 12 each: $WHOLE" whole_spread 12 eth1 eth2 eth3 eth4
	check "hash policy l4 again" ecmp_policy "$FAM" l4
}

flap() { # X: r-nX down until the daemon took its member out, then up
	sleep 0.7      # until it is given back, each then for 0.7 s more
	in_r ip link set "r-n$1" down
	member_dead "$1" && cp "$TMP/show" "$TMP/show-down"
	sleep 0.7
	in_r ip link set "r-n$1" up
	member_dead "$1" not && cp "$TMP/show" "$TMP/show-up"
	sleep 0.7
}

# a link down moves its flows only, and not a datagram of the others is
# lost; up gives them back
link_down() {
	failing_run 3 "$TMP/flap" 64 100 20 "" flap 3
	check "r-n3 down then up: n3's flows left it and came back; every other flow whole, in order, on its path" \
		flows_check moved "$TMP/flap" "$NFLOWS" "$SENT" eth3
	xronly || return 0
	check "route show while r-n3 was down: its member dead linkdown, the others not" \
		bash -c "grep -q 'nexthop .*dev r-n3 weight 1 dead linkdown\$' $TMP/show-down &&
			[ \$(grep -c 'dead' $TMP/show-down) -eq 1 ]"
	check "... once up again: no member dead" bash -c "[ -s $TMP/show-up ] && ! grep -q dead $TMP/show-up"
}

failed() { # GW: until r holds n4's gateway GW FAILED (8 s at most)
	local end=$((SECONDS + 8)) show=(ip "$FAM" neigh show)
	xronly && show=("$XDP_ROUTER" "$FAM" neigh show)
	while [ "$SECONDS" -le "$end" ]; do
		in_r "${show[@]}" | grep -q "^$1 dev r-n4 .*FAILED" && return 0
		sleep 0.1
	done
	return 1
}

# a member whose neighbour FAILED is taken out: n4 answers no ARP or ND
# any more, r's entry for it goes; the datagrams for n4's flows make the
# daemon resolve it, in vain
neigh_failed() {
	local gw4 moved
	flows_run "$TMP/before" 64 100 1 ""
	check "64 flows before n4's neighbour fails: whole" flows_whole "$TMP/before"
	gw4=$(ecmp_gw "$FAM" 4)
	ip -n "$(topo_ns_n 4)" addr flush dev up
	if xronly; then check "neigh del n4's gateway" xr neigh del "$gw4" dev r-n4
	else ip -n "$R" neigh del "$gw4" dev r-n4; fi
	failing_run 4 "$TMP/failing" 64 100 20 "" failed "$gw4"
	check "n4's gateway FAILED (resolution by the daemon found no one)" failed "$gw4"
	xronly && check "... its member dead in route show" member_dead 4
	flows_run "$TMP/after" 64 100 1 ""
	check "64 flows after: each whole, in order, on one path" flows_whole "$TMP/after"
	check "... none through n4: $WHOLE" whole_spread 1 eth1 eth2 eth3
	moved=$(flows_check changed "$TMP/before" "$TMP/after" 64)
	check "... and only n4's flows moved (links the moved ones came from: ${moved:-none})" \
		test "$moved" = eth4
}

# fast_path_carried: r's fast path forwarded at least every datagram the
# flows delivered (kernel forwarding is off in r; what the daemon
# forwards counts in SlowPath, not here). Its exceptions: with static
# neighbours and every link up no packet of this traffic needs the slow
# path, so none outside the two runs where a member fails
# (failing_run), and within them at most the datagrams of that member's
# flows (NoNeigh while n4's gateway is being resolved, LinkDown until
# r-n3's member is taken out).
fast_path_carried() {
	local forw exc got name=ForwDatagrams
	[ "$FAM" = -6 ] && name=Ip6OutForwDatagrams
	read -r forw exc < <(fast_stats)
	got=$(flows_check total "${FLOW_OUTS[@]}")
	check "the fast path carried the flows: $name +$((forw - FORW0)) >= $got datagrams delivered" \
		test $((forw - FORW0)) -ge "$got"
	check "exceptions outside the failing members' runs: $((exc - EXC0 - EXC_WIN)), none" \
		test $((exc - EXC0 - EXC_WIN)) -eq 0
	check "... within them $EXC_WIN, at most the $EXC_MAX datagrams of the failing members' flows" \
		test "$EXC_WIN" -le "$EXC_MAX"
}

check "hash policy l4" ecmp_policy "$FAM" l4
full && two_members
four_members
full && policy_l3
link_down
full && neigh_failed
xronly && fast_path_carried
finish
