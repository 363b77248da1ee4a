#!/usr/bin/env bash
# Real traffic through the XDP fast path: h1 - r - h2, kernel forwarding
# off in r, so everything that gets across was forwarded by XDP.
source "$(dirname "$0")/lib.sh"
trap topo_down EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2)"

# veth hands CHECKSUM_PARTIAL skbs to XDP, which cannot finish them; a
# real NIC does it in hardware before the wire. The hosts checksum in
# software (docs/testing.md).
in_h1 ethtool -K eth0 tx off >/dev/null
in_h2 ethtool -K eth0 tx off >/dev/null
ip -n "$H2" addr add 198.18.100.1/32 dev lo

check "kernel forwarding is off: nothing crosses before attach" \
	bash -c "! ip netns exec $H1 ping -c 1 -W 1 198.18.2.2 >/dev/null"

check "link attach r-h1" xr link attach r-h1
check "link attach r-h2" xr link attach r-h2 mode native
check "neigh add h1" xr neigh add 198.18.1.2 lladdr "$(topo_mac "$H1" eth0)" dev r-h1
check "neigh add h2" xr neigh add 198.18.2.2 lladdr "$(topo_mac "$H2" eth0)" dev r-h2
check "route add via gateway" xr route add 198.18.100.0/24 via 198.18.2.2
check "connected routes appear by themselves" \
	bash -c "$XDP_ROUTER_NS route show | grep -q '^198.18.1.0/24 dev r-h1 proto kernel scope link src 198.18.1.1\$'"

out=$(in_h1 ping -c 3 -i 0.2 -W 1 198.18.2.2)
check "ping h1 -> h2" grep -q "3 received" <<<"$out"
check "reply crossed r once: ttl=63" grep -q "ttl=63" <<<"$out"
out=$(in_h2 ping -c 3 -i 0.2 -W 1 198.18.1.2)
check "ping h2 -> h1" grep -q "3 received" <<<"$out"
out=$(in_h1 ping -c 2 -i 0.2 -W 1 198.18.100.1)
check "ping through a gateway route" grep -q "2 received" <<<"$out"

# The bytes on the wire at h2: TTL 63, header checksum valid (tcpdump
# -v verifies it and prints "bad cksum" otherwise), MACs of r-h2 -> h2.
cap=$(mktemp)
capture_one_icmp "$cap"
check "captured at h2: ttl 63" grep -q "ttl 63" "$cap"
check "captured at h2: no bad checksum" bash -c "! grep -q 'bad cksum' $cap"
check "captured at h2: source MAC is r-h2's" grep -q "$(topo_mac "$R" r-h2) > $(topo_mac "$H2" eth0)" "$cap"
rm -f "$cap"

# A TCP transfer of 4 MB, compared by hash.
check "TCP 4 MiB transfer arrives intact" tcp_4mib

stats=$(xr -j stats)
fwd=$(jq '.Ip.ForwDatagrams' <<<"$stats")
check "ForwDatagrams counted the transfer (>= 2900: $fwd)" [ "$fwd" -ge 2900 ]
txb=$(jq '.links[] | select(.ifname=="r-h2") | .tx_bytes' <<<"$stats")
check "r-h2 tx_bytes counted the transfer (>= 4 MiB: $txb)" [ "$txb" -ge 4194304 ]

# Deleting the route stops traffic to it; the packets become NoRoute.
nr0=$(xr -j stats | jq '.Exceptions.NoRoute')
check "route del" xr route del 198.18.100.0/24
check "no traffic after route del" bash -c "! ip netns exec $H1 ping -c 2 -i 0.2 -W 1 198.18.100.1 >/dev/null"
nr1=$(xr -j stats | jq '.Exceptions.NoRoute')
check "NoRoute counted ($nr0 -> $nr1)" [ "$nr1" -ge $((nr0 + 2)) ]

# Detach leaves the interfaces clean.
check "link detach r-h1" xr link detach r-h1
check "link detach r-h2" xr link detach r-h2
check "no XDP program left on r's links" bash -c "! ip -n $R link show | grep -q xdp"
check "link show is empty" [ "$(xr -j link show)" = "[]" ]
check "connected routes went with the links" bash -c "! $XDP_ROUTER_NS route show | grep -q 'proto kernel'"
check "nothing crosses after detach" bash -c "! ip netns exec $H1 ping -c 1 -W 1 198.18.2.2 >/dev/null"
check "reset removes the state" xr reset
finish
