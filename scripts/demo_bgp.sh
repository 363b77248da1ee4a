#!/usr/bin/env bash
# make demo-bgp: xdp-router following a routing daemon (issue 15). BIRD
# in two peer namespaces p1 and p2 announces 3000 IPv4 and 200 IPv6
# prefixes over eBGP (p2 the first 100 and 20 of them too) to FRR in r
# (zebra and bgpd), which installs them into r's kernel with next-hop
# objects; `xdp-router daemon --kernel-sync` mirrors the kernel into the
# fast path. Then `ip route` beside `xdp-router route show`, a ping and
# a TCP transfer along a learnt route, forwarded by the fast path, and
# what the mirror counted. Everything (namespaces, daemons) is removed
# at the end, also on error. Topology: tests/lib/topo.sh, tests/lib/bgp.sh.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
TOPO_ID=demobgp-$$
source "$ROOT/tests/lib/topo.sh"
source "$ROOT/tests/lib/bgp.sh"
N4=3000 N6=200 E4=100 E6=20
TMP=$(mktemp -d)
chmod 755 "$TMP"                # FRR (user frr) keeps its sockets there
DPID=
teardown() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	bgp_kill_all
	bgp_peers_down
	topo_down
	rm -rf "$TMP"
}
trap teardown EXIT
trap 'exit 1' TERM INT
bash "$ROOT/scripts/bpffs.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
xr()   { printf '(r) $ xdp-router %s\n' "$*"; in_r "$XDP_ROUTER" "$@"; }
die()  { echo "demo-bgp: $*" >&2; exit 1; }

# side CMD1 -- CMD2: the first lines of each, side by side
side() {
	local a=() b
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	b=("$@")
	paste <(printf '$ %s\n' "${a[*]}"; in_r "${a[@]}" | head -8) \
		<(printf '$ %s\n' "${b[*]}"; in_r "${b[@]}" | head -8) |
		awk -F'\t' '{ printf "%-66s %s\n", substr($1, 1, 66), $2 }'
}

# k_count FAM: r's kernel routes from BGP; x_count FAM: xdp-router's
k_count() { in_r ip "$1" route show proto bgp | grep -c '^[0-9a-f]'; }
x_count() { in_r "$XDP_ROUTER" "$1" route show | grep -c 'proto bgp'; }
k_has() { [ "$(k_count -4)" -eq "$N4" ] && [ "$(k_count -6)" -eq "$N6" ]; }
x_has() { [ "$(x_count -4)" -eq "$N4" ] && [ "$(x_count -6)" -eq "$N6" ]; }

step "Topology: h1 (198.18.1.2) -- r-h1 [ r ] r-p1 -- p1 (BIRD, AS 65001), r-p2 -- p2 (BIRD, AS 65002)"
{ topo_up && topo6_up && bgp_peers_up; } || die "topology"
in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
for ns in "$H1" "$(bgp_ns_p 1)" "$(bgp_ns_p 2)"; do   # veth: checksums in software
	ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null
done
echo "namespaces: $H1 $R $(bgp_ns_p 1) $(bgp_ns_p 2); r runs FRR (AS 65000) and forwards in the kernel too"

step "The fast path on r's links, and the daemon following r's kernel"
{ xr link attach r-h1 && xr link attach r-p1 && xr link attach r-p2; } || die "link attach"
printf '(r) $ xdp-router daemon --kernel-sync &\n'
ip netns exec "$R" "$XDP_ROUTER" daemon --kernel-sync 2>"$TMP/daemon.log" &
DPID=$!
bgp_wait 5 bash -c "[ \$(grep -c 'bound at slots' $TMP/daemon.log) -ge 3 ]" || die "daemon"
cat "$TMP/daemon.log"

step "BIRD in p1 and p2 announces $N4 IPv4 and $N6 IPv6 prefixes; FRR in r learns them"
bgp_prefixes4 "$N4" | bird_static "$TMP/p1-4.routes"
bgp_prefixes6 "$N6" | bird_static "$TMP/p1-6.routes"
bgp_prefixes4 "$E4" | bird_static "$TMP/p2-4.routes"
bgp_prefixes6 "$E6" | bird_static "$TMP/p2-6.routes"
for x in 1 2; do
	bird_peer_conf "$TMP/p$x.conf" "198.18.3$x.2" "6500$x" "$TMP/p$x-4.routes" "$TMP/p$x-6.routes" \
		"r4:198.18.3$x.2:198.18.3$x.1:65000" "r6:2001|db8|3$x||2:2001|db8|3$x||1:65000"
	bird_start "$(bgp_ns_p "$x")" "$TMP" "p$x" 2>>"$TMP/p$x.log" || die "BIRD in p$x"
done
{ frr_r_conf "$TMP/r" && frr_r_up "$TMP/r"; } || die "FRR in r"
t0=$SECONDS
bgp_wait 60 k_has || die "r's kernel has $(k_count -4) and $(k_count -6) BGP routes, not $N4 and $N6"
echo "r's kernel: $(k_count -4) IPv4 and $(k_count -6) IPv6 routes from BGP after $((SECONDS - t0)) s"
bgp_wait 10 x_has || die "xdp-router has $(x_count -4) and $(x_count -6), not $N4 and $N6"
echo "xdp-router: $(x_count -4) IPv4 and $(x_count -6) IPv6 routes from BGP after $((SECONDS - t0)) s"
echo "zebra installed them with next-hop objects:"
in_r ip nexthop show | tail -3

step "The kernel's table beside the fast path's"
side ip route -- "$XDP_ROUTER" route show
echo
side ip -6 route -- "$XDP_ROUTER" -6 route show

A=$(bgp_host "$(bgp_prefixes4 1 2500)")
read -r F0 K0 < <(frr_forwarded)
step "ping h1 -> $A (a host of 10.10.0.0/24, learnt from p1): TTL 63 at p1"
in_h1 ping -c 3 -i 0.2 "$A" | grep -E "ttl=|transmitted" || die "ping"

step "A 4 MiB TCP transfer h1 -> $A:5001 (p1), compared by SHA-256"
head -c 4194304 /dev/urandom >"$TMP/data"
in_p 1 timeout 20 nc -l -p 5001 -N >"$TMP/recv" &
NPID=$!
topo_listening "$(bgp_ns_p 1)" 5001 "$NPID" || die "nc in p1"
in_h1 timeout 20 nc -N "$A" 5001 <"$TMP/data"
wait "$NPID"
S=$(sha256sum <"$TMP/data" | cut -c1-16) G=$(sha256sum <"$TMP/recv" | cut -c1-16)
echo "sent $S…, received $G…: $([ "$S" = "$G" ] && echo intact || echo "NOT the same")"
[ "$S" = "$G" ] || die "the TCP transfer did not arrive whole"

read -r F1 K1 < <(frr_forwarded)
step "Datagrams forwarded meanwhile: by the fast path $((F1 - F0)), by r's kernel $((K1 - K0)); what the mirror counted"
in_r "$XDP_ROUTER" stats | awk '/^[^ ]/ { on = /^KernelSync/ } on'

step "Teardown: daemon, BIRD, FRR, namespaces"
