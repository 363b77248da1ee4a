#!/usr/bin/env bash
# Link watch: the daemon follows the kernel's link and address events.
# A link taken down under traffic makes the routes through it unusable
# (exceptions answered with net unreachable) and usable again when it
# comes back; address and MTU changes reach the router's tables.
source "$(dirname "$0")/lib.sh"
DLOG=$(mktemp)
DPID=
PLOG=$(mktemp)
trap '[ -n "$DPID" ] && { kill -9 $DPID; wait $DPID; } 2>/dev/null; topo_down; rm -f $DLOG $PLOG' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
in_h1 ethtool -K eth0 tx off >/dev/null
in_h2 ethtool -K eth0 tx off >/dev/null
check "link attach r-h1" xr link attach r-h1
check "link attach r-h2" xr link attach r-h2
daemon_start "$DLOG" 2
out=$(in_h1 ping -c 2 -i 0.2 -W 3 198.18.2.2)
check "traffic flows" grep -q "2 received" <<<"$out"

# 80 pings 50 ms apart; r-h2 down from 1 s to 2.5 s
in_h1 ping -c 80 -i 0.05 -W 1 198.18.2.2 >"$PLOG" 2>&1 &
ppid=$!
sleep 1
ip -n "$R" link set r-h2 down
for _ in $(seq 20); do grep -q "r-h2: down" "$DLOG" && break; sleep 0.1; done
check "daemon saw r-h2 go down" grep -q "r-h2: down: routes through it are unusable" "$DLOG"
check "link show: r-h2 entry follows (no UP)" \
	bash -c "$XDP_ROUTER_NS stats | grep -qE 'LinkDown +[0-9]'"
sleep 1.5
ip -n "$R" link set r-h2 up
# carrier comes back through the kernel's linkwatch, up to a second late
for _ in $(seq 30); do grep -q "r-h2: up" "$DLOG" && break; sleep 0.1; done
check "daemon saw r-h2 come back" grep -q "r-h2: up: routes through it are used again" "$DLOG"
wait "$ppid"
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$PLOG")
check "while down: net unreachable from r" grep -q "From 198.18.1.1 .*Destination Net Unreachable" "$PLOG"
check "LinkDown exceptions counted" \
	test "$(xr stats | awk '$1 == "LinkDown" { print $2 }')" -gt 0
check "replies before and after the outage ($got of 80)" test "$got" -ge 40 -a "$got" -lt 80
check "the last ping after the link came back was answered" \
	bash -c "grep -q 'icmp_seq=80 ' $PLOG"

# an address added and removed, an MTU changed: no command needed
ip -n "$R" addr add 198.18.3.1/24 dev r-h2
for _ in $(seq 20); do $XDP_ROUTER_NS addr show | grep -q 198.18.3.1 && break; sleep 0.1; done
check "new address is the router's" bash -c "$XDP_ROUTER_NS addr show | grep -q '198.18.3.1'"
check "... with its connected route" \
	bash -c "$XDP_ROUTER_NS route show | grep -q '^198.18.3.0/24 dev r-h2 proto kernel scope link src 198.18.3.1'"
ip -n "$R" addr del 198.18.3.1/24 dev r-h2
for _ in $(seq 20); do $XDP_ROUTER_NS addr show | grep -q 198.18.3.1 || break; sleep 0.1; done
check "removed address and route are gone" \
	bash -c "! $XDP_ROUTER_NS addr show | grep -q 198.18.3.1 && ! $XDP_ROUTER_NS route show | grep -q 198.18.3.0"
# IPv6 too: the address in xr_addrs6 (its local /128), its connected
# route; both gone with it
sdir=$(xr state show | sed -n 's/ alive .*this namespace.*//p')
a6_has() { bpftool map lookup pinned "$sdir/xr_addrs6" key hex 20 01 0d b8 00 03 00 00 00 00 00 00 00 00 00 01 >/dev/null 2>&1; }
ip -n "$R" addr add 2001:db8:3::1/64 dev r-h2 nodad
for _ in $(seq 20); do $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:3:: && break; sleep 0.1; done
check "new IPv6 address: its connected route" \
	bash -c "$XDP_ROUTER_NS -6 route show | grep -qxF '2001:db8:3::/64 dev r-h2 proto kernel scope link src 2001:db8:3::1'"
check "... and it is the router's (xr_addrs6)" a6_has
ip -n "$R" addr del 2001:db8:3::1/64 dev r-h2
for _ in $(seq 20); do $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:3:: || break; sleep 0.1; done
check "removed IPv6 address: route gone" bash -c "! $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:3::"
a6_gone() { ! a6_has; }
check "... and no longer the router's" a6_gone
# an address still in DAD (tentative) is not the kernel's yet: taken
# when DAD ends (the kernel's RTM_NEWADDR then), as the kernel uses it
ip netns exec "$R" sysctl -qw net.ipv6.conf.r-h2.accept_dad=1 net.ipv6.conf.r-h2.dad_transmits=1
ip -n "$R" addr add 2001:db8:4::1/64 dev r-h2
sleep 0.3
check "a tentative address is not taken" bash -c "ip -n $R -6 addr show dev r-h2 | grep -q 'tentative' && ! $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:4::"
for _ in $(seq 50); do $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:4:: && break; sleep 0.1; done
check "... and taken once DAD is done" \
	bash -c "! ip -n $R -6 addr show dev r-h2 | grep -q tentative && $XDP_ROUTER_NS -6 route show | grep -qxF '2001:db8:4::/64 dev r-h2 proto kernel scope link src 2001:db8:4::1'"
ip -n "$R" link set r-h2 mtu 1400
for _ in $(seq 20); do $XDP_ROUTER_NS link show r-h2 | grep -q "mtu 1400" && break; sleep 0.1; done
check "MTU change followed" bash -c "$XDP_ROUTER_NS link show r-h2 | grep -q 'mtu 1400'"
out=$(in_h1 ping -c 1 -W 2 -M do -s 1450 198.18.2.2 2>&1)
check "... and used: frag needed with mtu 1400" grep -q "mtu = 1400" <<<"$out"
finish
