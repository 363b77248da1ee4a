#!/usr/bin/env bash
# The tc entry with real traffic: h1 - r - h2, both of r's links attached
# with `hook tc` (clsact ingress), kernel forwarding off in r, so whatever
# crosses was forwarded by the tc program.
source "$(dirname "$0")/lib.sh"
trap topo_down EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2)"

check "link attach r-h1 hook tc" xr link attach r-h1 hook tc
check "link attach r-h2 hook tc" xr link attach r-h2 hook tc
check "no XDP program on the links" \
	bash -c "! ip -n $R link show r-h1 | grep -q xdp && ! ip -n $R link show r-h2 | grep -q xdp"
check "our filter on clsact ingress" \
	bash -c "tc -n $R filter show dev r-h1 ingress | grep -q 'xdp_router_tc'"
check "link show says hook tc" \
	bash -c "$XDP_ROUTER_NS link show r-h1 | grep -q 'hook tc prog/tc id [1-9]'"
check "JSON too" bash -c "$XDP_ROUTER_NS -j link show | jq -e 'all(.hook == \"tc\")' >/dev/null"
check "neigh add h1" xr neigh add 198.18.1.2 lladdr "$(topo_mac "$H1" eth0)" dev r-h1
check "neigh add h2" xr neigh add 198.18.2.2 lladdr "$(topo_mac "$H2" eth0)" dev r-h2

out=$(in_h1 ping -c 3 -i 0.2 -W 1 198.18.2.2)
check "ping h1 -> h2 through tc" grep -q "3 received" <<<"$out"
check "one hop: ttl=63" grep -q "ttl=63" <<<"$out"

# the bytes at h2: TTL 63, header checksum good (tcpdump -v says "bad
# cksum" otherwise), r-h2's MAC as the source
cap=$(mktemp)
capture_one_icmp "$cap"
check "captured: ttl 63, checksum good" \
	bash -c "grep -q 'ttl 63' $cap && ! grep -q 'bad cksum' $cap"
check "captured: from r-h2's MAC" grep -q "$(topo_mac "$R" r-h2) >" "$cap"
rm -f "$cap"

# TCP: at tc, veth hands over GRO packets larger than the MTU; they are
# forwarded whole (measured by their segments) and the checksums the
# host left partial are finished on the way out.
check "4 MiB TCP h1 -> h2 through tc, same SHA-256" tcp_4mib
fw=$(xr stats | awk '$1 == "ForwDatagrams" { print $2; exit }')
check "forwarded by the tc program ($fw)" test "$fw" -gt 100

out=$(in_h1 ping -c 1 -t 1 -W 1 198.18.2.2 2>&1)
check "an exception goes to the kernel (TTL 1: no answer, forwarding off)" \
	bash -c "! grep -q 'Time to live exceeded' <<<'$out'"
check "... counted under its reason and PuntToKernel" \
	bash -c "$XDP_ROUTER_NS stats | grep -qE 'TtlExceeded +[1-9]' && $XDP_ROUTER_NS stats | grep -qE 'PuntToKernel +[1-9]'"

# the slow path for the tc entry: exceptions come through the ring buffer
DLOG=$(mktemp)
trap 'kill -9 $DPID 2>/dev/null; topo_down; rm -f $DLOG' EXIT
daemon_start "$DLOG" 2
out=$(in_h1 ping -c 1 -t 1 -W 2 198.18.2.2 2>&1)
check "with the daemon: time exceeded from r for a tc exception" \
	grep -q "From 198.18.1.1 .*Time to live exceeded" <<<"$out"
xr neigh del 198.18.2.2 dev r-h2
out=$(in_h1 ping -c 2 -i 0.3 -W 3 198.18.2.2 2>&1)
check "no neighbour: resolved by the daemon, first ping not lost" grep -q "2 received" <<<"$out"
check "... learned REACHABLE" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -q '^198.18.2.2 dev r-h2 lladdr .* REACHABLE'"
kill -9 "$DPID"; wait "$DPID" 2>/dev/null
sleep 0.3
k0=$(xr stats | awk '$1 == "PuntToKernel" { print $2 }')
out=$(in_h1 ping -c 1 -t 1 -W 1 198.18.2.2 2>&1)
check "daemon killed: tc exceptions go to the kernel again" \
	bash -c "! grep -q 'Time to live exceeded' <<<'$out' && [ \$($XDP_ROUTER_NS stats | awk '\$1 == \"PuntToKernel\" { print \$2 }') -gt $k0 ]"

out=$($XDP_ROUTER_NS link attach r-h1 2>&1); rc=$?
check "attach with hook xdp on a tc link: refused in one line" \
	bash -c "[ $rc -ne 0 ] && [ \$(wc -l <<<'$out') -eq 1 ] && grep -q 'hook tc' <<<'$out'"
out=$($XDP_ROUTER_NS link attach r-h1 hook tc mode generic 2>&1); rc=$?
check "hook tc with mode: refused" bash -c "[ $rc -ne 0 ] && grep -q 'mode' <<<'$out'"

check "link detach r-h1" xr link detach r-h1
check "filter gone, clsact left for others" \
	bash -c "! tc -n $R filter show dev r-h1 ingress | grep -q xdp_router_tc"
check "traffic stops" bash -c "! ip netns exec $H1 ping -c 1 -W 1 198.18.2.2 >/dev/null"
check "reset detaches the tc link too" xr reset
check "no filter left on r-h2" bash -c "! tc -n $R filter show dev r-h2 ingress | grep -q xdp_router_tc"
finish
