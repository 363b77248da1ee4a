#!/usr/bin/env bash
# The kernel mirror with a real routing daemon (issue 15): BIRD 2 in
# two peer namespaces p1, p2 announces routes over eBGP to BIRD in r,
# which exports them to r's kernel (main table, `merge paths on`);
# xdp-router, its links attached and `daemon --kernel-sync` running,
# must follow the kernel. Topology (tests/lib/topo.sh, tests/lib/bgp.sh):
#
#   h1 --- r --- p1     p1 announces 10,000 IPv4 /24s and 1,000 IPv6 /48s,
#          \---- p2     p2 the first 200 and 100 of them too (ECMP in r)
#
# r's kernel forwards too (ip_forward on, as on a real router): what
# the fast path does not carry, the kernel's Ip ForwDatagrams counts.
# Checks: r's table equal to the kernel's within 5 s (prefixes, next
# hops, ECMP members), datagrams to 50 random learnt prefixes forwarded
# by the fast path (bytes at the peer: MACs, TTL 63, checksums), half
# withdrawn, a link flap, `ip route add/del` by hand, IPv6, an overrun
# (--rcvbuf 65536) counted as a resync, kill -9 of the daemon under
# traffic with nothing lost. BIRD_KEEP=1 keeps the temporary directory
# (configurations, BIRD logs, captures).
TOPO_ID=${TOPO_ID:-bird-$$}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=../lib/bgp.sh
source "$ROOT/tests/lib/bgp.sh"
PY=/usr/bin/python3
FLOWS=$ROOT/tests/integration/ecmp_flows.py
N4=10000 N6=1000 E4=200 E6=100   # routes from p1; the first E of them from p2 too
TMP=$(mktemp -d)
chmod 755 "$TMP"
DPID=
cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	bgp_kill_all
	bgp_peers_down
	topo_down
	if [ -n "${BIRD_KEEP:-}" ]; then echo "# kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 1' TERM INT

# ---------------------------------------------------------------- setup

setup() {
	bash "$ROOT/scripts/bpffs.sh"
	topo_up && topo6_up && bgp_peers_up || return 1
	in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	in_h1 ethtool -K eth0 tx off >/dev/null   # checksums in software (docs/testing.md)
}

# bird_confs: p1 announces N4 and N6 routes, p2 the first E4 and E6;
# r peers with both in both families
bird_confs() {
	local x
	bgp_prefixes4 "$N4" | bird_static "$TMP/p1-4.routes"
	bgp_prefixes6 "$N6" | bird_static "$TMP/p1-6.routes"
	bgp_prefixes4 "$E4" | bird_static "$TMP/p2-4.routes"
	bgp_prefixes6 "$E6" | bird_static "$TMP/p2-6.routes"
	for x in 1 2; do
		bird_peer_conf "$TMP/p$x.conf" "198.18.3$x.2" "6500$x" \
			"$TMP/p$x-4.routes" "$TMP/p$x-6.routes" \
			"r4:198.18.3$x.2:198.18.3$x.1:65000" "r6:2001|db8|3$x||2:2001|db8|3$x||1:65000"
	done
	bird_router_conf "$TMP/r.conf" 198.18.1.1 65000 \
		p1_4:198.18.31.1:198.18.31.2:65001 p2_4:198.18.32.1:198.18.32.2:65002 \
		"p1_6:2001|db8|31||1:2001|db8|31||2:65001" "p2_6:2001|db8|32||1:2001|db8|32||2:65002"
}

birds_start() {
	bird_start "$(bgp_ns_p 1)" "$TMP" p1 && bird_start "$(bgp_ns_p 2)" "$TMP" p2 &&
		bird_start "$R" "$TMP" r &&
		bgp_wait 15 bird_established "$TMP/r.ctl" p1_4 p2_4 p1_6 p2_6
}

# ---------------------------------------------------------------- kernel

# k_count FAM: r's kernel routes from BIRD in FAM
k_count() { in_r ip "$1" route show proto bird | grep -c '^[0-9a-f]'; }
k_has() { [ "$(k_count -4)" -eq "$1" ] && [ "$(k_count -6)" -eq "$2" ]; }

# k_table FAM: r's kernel table as bgp_table_norm lines, BIRD's routes
# and those added by hand (proto static)
k_table() {
	in_r ip -j "$1" route show table main | "$PY" -c '
import json, sys
print(json.dumps([r for r in json.load(sys.stdin) if r.get("protocol") in ("bird", "static")]))' |
		bgp_table_norm
}

# k_multipath FAM N: the kernel holds N routes with two next hops, one by
# r-p1 and one by r-p2
k_multipath() {
	[ "$(k_table "$1" | grep -c ' [^ ]*@r-p1 [^ ]*@r-p2$')" -eq "$2" ]
}

setup || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $(bgp_ns_p 1) $(bgp_ns_p 2))"
bird_confs
check "BIRD in p1, p2 and r: four BGP sessions established" birds_start
check "r's kernel: $N4 IPv4 and $N6 IPv6 routes from BIRD (20 s at most)" bgp_wait 20 k_has "$N4" "$N6"
check "... $E4 IPv4 ones through both peers (merge paths)" k_multipath -4 "$E4"
check "... $E6 IPv6 ones through both peers" k_multipath -6 "$E6"
k_table -4 | head -3
k_table -6 | head -3
finish
