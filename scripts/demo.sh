#!/usr/bin/env bash
# make demo: three namespaces h1 - r - h2, xdp-router as r's fast path
# with kernel forwarding off, pings, TCP transfers and traceroutes
# through it in IPv4 and IPv6 side by side, then what the router shows,
# then a multipath route over two more paths (tests/lib/topo.sh's
# topo_ecmp_up). Everything is removed at the end, also on error.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
source "$ROOT/tests/lib/topo.sh"
DPID=
trap '[ -n "$DPID" ] && kill "$DPID" 2>/dev/null; topo_ecmp_down' EXIT
bash "$ROOT/scripts/bpffs.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run()  { printf '$ %s\n' "$*"; "$@"; }
# tcp DST: 4 MiB of random bytes h1 -> h2 with nc, both hashes printed
tcp() {
	local data recv
	data=$(mktemp); recv=$(mktemp)
	head -c 4194304 /dev/urandom >"$data"
	topo_tcp "$1" "$data" "$recv"
	echo "to $1: sent $(sha256sum <"$data" | cut -c1-16)…, received $(sha256sum <"$recv" | cut -c1-16)…"
	rm -f "$data" "$recv"
}
xr()   { printf '(r) $ xdp-router %s\n' "$*"; in_r "$XDP_ROUTER" "$@"; }

step "Topology: h1 (198.18.1.2 2001:db8:1::2) -- r-h1 [ r ] r-h2 -- h2 (198.18.2.2 2001:db8:2::2)"
topo_up && topo6_up || exit 1
in_h1 ethtool -K eth0 tx off >/dev/null   # veth: checksum in software
in_h2 ethtool -K eth0 tx off >/dev/null
echo "namespaces: $H1 $R $H2; in r: net.ipv4.ip_forward $(in_r sysctl -n net.ipv4.ip_forward)," \
	"net.ipv6.conf.all.forwarding $(in_r sysctl -n net.ipv6.conf.all.forwarding)"

step "Without xdp-router nothing crosses r (kernel forwarding is off)"
in_h1 ping -c 1 -W 1 198.18.2.2 | grep -E "transmitted"
in_h1 ping -6 -c 1 -W 1 2001:db8:2::2 | grep -E "transmitted"

step "Attach the fast path to both of r's links"
xr link attach r-h1 || exit 1
xr link attach r-h2 || exit 1
xr link show

step "The slow path: xdp-router daemon (ICMP and ICMPv6 errors, ARP and NDP, fragments); no static neighbours"
printf '(r) $ xdp-router daemon &\n'
dlog=$(mktemp)
ip netns exec "$R" "$XDP_ROUTER" daemon 2>"$dlog" &
DPID=$!
for _ in $(seq 50); do
	[ "$(grep -c 'bound at slots' "$dlog")" -ge 2 ] && break
	sleep 0.1
done
cat "$dlog"

step "Routes"
ip -n "$H2" addr add 198.18.100.1/32 dev lo
ip -n "$H2" addr add 2001:db8:100::1/128 dev lo
xr route add 198.18.100.0/24 via 198.18.2.2
xr route add blackhole 198.18.200.0/24
xr route add 2001:db8:100::/64 via 2001:db8:2::2

step "ping h1 -> h2: the first one waits for ARP in the daemon's queue, none lost; TTL 63"
in_h1 ping -c 3 -i 0.2 198.18.2.2 | grep -E "ttl=|transmitted"
in_h1 ping -c 2 -i 0.2 198.18.100.1 | grep -E "transmitted"

step "ping6 h1 -> h2: the first one waits for NDP the same way; hop limit 63"
in_h1 ping -6 -c 3 -i 0.2 2001:db8:2::2 | grep -E "ttl=|transmitted"
in_h1 ping -6 -c 2 -i 0.2 2001:db8:100::1 | grep -E "transmitted"
xr neigh show

step "A 4 MiB TCP transfer h1 -> h2 in each family, compared by SHA-256"
tcp 198.18.2.2
tcp 2001:db8:2::2

step "Exceptions answered by the slow path, as a Linux router would"
run in_h1 traceroute -n -q 1 -w 1 -m 3 198.18.100.1
run in_h1 traceroute6 -n -q 1 -w 1 -m 3 2001:db8:100::1
in_h1 ping -c 1 -W 1 198.18.99.1 | grep -E "From|transmitted"
in_h1 ping -6 -c 1 -W 1 2001:db8:99::1 | grep -E "From|transmitted"
xr route add prohibit 198.18.61.0/24
in_h1 ping -c 1 -W 1 198.18.61.1 | grep -E "From|transmitted"

step "What r knows"
xr route show
xr -6 route show
xr neigh show
xr route get 198.18.100.1
xr route get 198.18.200.1
xr route get 2001:db8:100::1
step "Counters (kernel MIB names, Ip and Ip6; exceptions; per link)"
xr stats | awk '$2 != "0"'

step "ECMP: two more paths to h2, r - n1 - h2 and r - n2 - h2 (Linux forwards in n1, n2), one route over both"
ECMP_PATHS=2 topo_ecmp_up || exit 1
xr link attach r-n1 && xr link attach r-n2 || exit 1
xr neigh add 198.18.11.2 lladdr "$(topo_mac "$(topo_ns_n 1)" up)" dev r-n1
xr neigh add 198.18.12.2 lladdr "$(topo_mac "$(topo_ns_n 2)" up)" dev r-n2
xr route replace 198.18.100.0/24 nexthop via 198.18.11.2 dev r-n1 nexthop via 198.18.12.2 dev r-n2
xr -4 route multipath hash-policy l4
xr route show
echo "TCP from four source ports: each flow on the member its hash picks, the same for all its packets"
for sp in 40001 40002 40003 40004; do
	xr route get 198.18.100.1 from 198.18.1.2 ipproto 6 sport "$sp" dport 5001 | grep -o 'sport.*weight [0-9]*'
	in_h2 timeout 10 nc -l -p 5001 -N >/dev/null & npid=$!
	sleep 0.3
	head -c 1048576 /dev/zero | in_h1 timeout 10 nc -N -p "$sp" 198.18.100.1 5001
	wait "$npid"
done
echo "what r sent by each member:"
xr stats | grep -E '^ +r-n[12] '

step "Stop the daemon (SIGTERM), detach and clean up"
kill "$DPID"; wait "$DPID"; DPID=
tail -3 "$dlog"; rm -f "$dlog"
xr link detach r-h1
xr link detach r-h2
xr reset
echo "done: namespaces removed on exit"
