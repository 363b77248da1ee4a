#!/usr/bin/env bash
# The kernel mirror with FRR (issue 15): bgpd in two peer namespaces p1,
# p2 announces routes over eBGP to FRR in r (zebra and bgpd), and zebra
# installs them into r's kernel as FRR does by default: next-hop objects
# (RTM_NEWNEXTHOP, a group for two peers), routes that name them by id
# (RTA_NH_ID). xdp-router, r's links attached and `daemon --kernel-sync`
# running, must follow the kernel. Topology (tests/lib/topo.sh,
# tests/lib/bgp.sh):
#
#   h1 --- r --- p1     p1 announces 4096 IPv4 /24s and 256 IPv6 /48s, p2
#          \---- p2     512 and 32, both 256 and 32 more (ECMP in r)
#
# r's kernel forwards too (as on a real router): what the fast path does
# not carry, the kernel's ForwDatagrams counts. Checks: the kernel's
# routes carry next-hop ids; r's table equal to zebra's and the
# kernel's within 5 s (prefixes, next hops, ECMP members, metric);
# datagrams to random learnt prefixes forwarded by the fast path (bytes
# at the peer); withdrawals (a whole block; one of a two-peer route's
# peers: a group replaced by one next hop) mirrored; FRR stopped (zebra
# takes its routes and objects out of the kernel) and started again.
# FRR_KEEP=1 keeps the temporary directory (configurations, logs,
# captures).
TOPO_ID=${TOPO_ID:-kfrr-$$}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=../lib/bgp.sh
source "$ROOT/tests/lib/bgp.sh"
frr_test_init || exit 1
FRR_KERNEL=1   # frr_mirrored compares the kernel's table too

# k_nhid: every BGP route in r's kernel names a next-hop object, and the
# two-peer ones a group of two
k_nhid() {
	local fam
	for fam in -4 -6; do
		in_r ip -j "$fam" route show proto bgp | jq -e 'length > 0 and all(.[]; .nhid != null)' \
			>/dev/null || return 1
	done
	in_r ip -j nexthop show | jq -e 'any(.[]; (.group // []) | length == 2)' >/dev/null
}

proto_shown() {
	xr route show | grep -q '^10.0.0.0/24 via 198.18.31.2 dev r-p1 proto bgp metric 20$'
}

# withdraw: p1 stops announcing 10.0.0.0/13 (2000 of its IPv4 prefixes)
# and 2001:db8:8000::/41 (128 of its IPv6 ones); p2 stops announcing the
# first 250 of the two-peer IPv4 ones (10.20.0.0/16; 10.21.0.0/24 ..
# 10.21.5.0/24 stay): their group of two becomes p1's next hop alone
withdraw() {
	local p1 p2
	p1=$(bgp_ns_p 1) p2=$(bgp_ns_p 2)
	frr_withdraw "$p1" "$TMP/p1" 10 10.0.0.0/13 && frr_withdraw "$p1" "$TMP/p1" 10 2001:db8:8000::/41 &&
		frr_withdraw "$p2" "$TMP/p2" 10 10.20.0.0/16
	frr_mirrored "p1 withdraws 2000 IPv4 and 128 IPv6 prefixes, p2 250 of the two-peer ones" \
		$((FRR_N4 - 2000)) $((FRR_N6 - 128))
	check "... 10.0.0.0/24 gone, 10.20.0.0/24 through p1 alone, 10.21.0.0/24 still through both" \
		bash -c "! grep -q '^10.0.0.0/24 ' $TMP/x-4 &&
			grep -q '^10.20.0.0/24 metric=20 198.18.31.2@r-p1\$' $TMP/x-4 &&
			grep -q '^10.21.0.0/24 metric=20 198.18.31.2@r-p1 198.18.32.2@r-p2\$' $TMP/x-4"
}

# restart: FRR in r stopped (SIGTERM: zebra deletes its routes and
# next-hop objects from the kernel), then started again
restart() {
	frr_stop "$TMP/r" bgpd && frr_stop "$TMP/r" zebra
	check "FRR in r stopped: no BGP route left in the kernel" \
		test -z "$(in_r ip route show proto bgp; in_r ip -6 route show proto bgp)"
	check "... nor in route show (5 s at most)" \
		bgp_wait 5 bash -c "[ -z \"\$(ip netns exec $R $XDP_ROUTER route show | grep 'proto bgp')\" ]"
	check "FRR in r started again" frr_r_up "$TMP/r"
	frr_mirrored "... its routes back" $((FRR_N4 - 2000)) $((FRR_N6 - 128))
}

frr_setup || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $(bgp_ns_p 1) $(bgp_ns_p 2))"
check "r's links attached" frr_attach
check "daemon --kernel-sync on r's three links" daemon_start "$TMP/daemon.log" 3 --kernel-sync
frr_r_conf "$TMP/r"
check "bgpd in p1 and p2 (without zebra)" frr_peers_up "$TMP"
check "zebra and bgpd in r" frr_r_up "$TMP/r"
frr_mirrored "routes learnt over BGP" "$FRR_N4" "$FRR_N6"
check "zebra installed them with next-hop objects (nhid; a group of two for ECMP)" k_nhid
check "... the mirror read them: NexthopMsgs $(frr_ks NexthopMsgs) > 0, BadMsgs $(frr_ks BadMsgs)" \
	test "$(frr_ks NexthopMsgs)" -gt 0 -a "$(frr_ks BadMsgs)" -eq 0
frr_ecmp 256 32
check "... route show says proto bgp, metric 20" proto_shown
frr_traffic 40 learnt
withdraw
frr_traffic 20 withdrawn
restart
frr_traffic 20 restart
finish
