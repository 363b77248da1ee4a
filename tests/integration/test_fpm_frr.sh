#!/usr/bin/env bash
# FRR's Forwarding Plane Manager as a direct feed (issue 15): the
# topology and routes of test_ksync_frr.sh (bgpd in p1 and p2 announcing
# 4864 IPv4 and 320 IPv6 prefixes, some through both), but r's zebra
# loads dplane_fpm_nl and sends its routes to `xdp-router daemon --fpm
# 127.0.0.1:2620` over TCP. Twice: with next-hop groups (FRR's default:
# RTM_NEWNEXTHOP objects, routes naming them by id), then with `no fpm
# use-next-hop-groups` (routes carrying their next hops), the second
# zebra connecting to the same daemon. Checks: route show equals zebra's
# table within 5 s (prefixes, next hops, ECMP members, metric); UDP to
# random learnt prefixes forwarded by the fast path (bytes at the
# peer); withdrawals mirrored; zebra killed (kill -9: its connection
# closes, nothing is withdrawn): every route kept and traffic forwarded
# while FRR is down, though p1 withdraws more meanwhile; FRR started
# again: its routes resent, what it no longer has swept once the
# connection is quiet (the settle time, 3 s). FRR_KEEP=1 keeps the
# temporary directory.
TOPO_ID=${TOPO_ID:-ffrr-$$}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=../lib/bgp.sh
source "$ROOT/tests/lib/bgp.sh"
frr_test_init || exit 1
PORT=2620

# frr_fpm [LINE]: r's FRR with dplane_fpm_nl sending to the daemon (and
# LINE in zebra.conf)
frr_fpm() {
	frr_r_conf "$TMP/r" "fpm address 127.0.0.1 port $PORT${1:+
$1}" && frr_r_up "$TMP/r" -M dplane_fpm_nl
}

# down: zebra killed (-9: nothing withdrawn, its connection closed), bgpd
# stopped; route show keeps every route and the fast path forwards; p1
# withdraws 10.8.0.0/14 (1000 IPv4 prefixes) meanwhile
down() {
	local n4 n6
	n4=$(wc -l <"$TMP/x-4") n6=$(wc -l <"$TMP/x-6")
	frr_stop "$TMP/r" zebra KILL && frr_stop "$TMP/r" bgpd
	sleep 1
	frr_withdraw "$(bgp_ns_p 1)" "$TMP/p1" 20 10.8.0.0/14
	sleep 3                        # past anything in flight
	frr_xr_table -4 >"$TMP/x-4" && frr_xr_table -6 >"$TMP/x-6"
	check "zebra killed: route show keeps its $n4 IPv4 and $n6 IPv6 routes" \
		test "$(wc -l <"$TMP/x-4")" -eq "$n4" -a "$(wc -l <"$TMP/x-6")" -eq "$n6"
	frr_traffic 20 "FRR down"
}

no_bgp() { ! xr route show | grep -q 'proto bgp'; } # route show: no BGP route

# run FORM N4 N6 E4 E6: FRR's routes with next hops as FORM says: N4
# and N6 of them, E4 and E6 through both peers
run() {
	local c0=$FPM_C0 h0=$FPM_H0
	frr_mirrored "$1: routes learnt over BGP" "$2" "$3"
	sleep 1                 # the daemon writes its counters back every 0.5 s
	check "... they came over FPM: zebra sent $(frr_vtysh "$R" "$TMP/r" "show fpm counters json" |
		jq '."bytes-sent"') bytes, the daemon read $(frr_ks FpmFrames) frames, none bad" \
		test "$(frr_ks FpmFrames)" -gt "$2" -a "$(frr_ks FpmBadFrames)" -eq 0 -a "$(frr_ks BadMsgs)" -eq 0
	check "... over a new connection: FpmConnections $c0 -> $(frr_ks FpmConnections)" \
		test "$(frr_ks FpmConnections)" -gt "$c0"
	if [ "$1" = "next-hop groups" ]; then
		check "... with next-hop objects: NexthopMsgs $h0 -> $(frr_ks NexthopMsgs)" \
			test "$(frr_ks NexthopMsgs)" -gt "$h0"
	else
		check "... without next-hop objects: NexthopMsgs $h0 -> $(frr_ks NexthopMsgs)" \
			test "$(frr_ks NexthopMsgs)" -eq "$h0"
	fi
	frr_ecmp "$4" "$5"
}
mark() { FPM_C0=$(frr_ks FpmConnections) FPM_H0=$(frr_ks NexthopMsgs); } # before a zebra starts

frr_setup || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $(bgp_ns_p 1) $(bgp_ns_p 2))"
check "r's links attached" frr_attach
check "daemon --fpm 127.0.0.1:$PORT on r's three links" daemon_start "$TMP/daemon.log" 3 --fpm "127.0.0.1:$PORT"
check "bgpd in p1 and p2 (without zebra)" frr_peers_up "$TMP"
mark
check "zebra (dplane_fpm_nl, next-hop groups) and bgpd in r" frr_fpm

run "next-hop groups" "$FRR_N4" "$FRR_N6" 256 32
frr_traffic 40 "next-hop groups"
frr_withdraw "$(bgp_ns_p 1)" "$TMP/p1" 10 10.0.0.0/13 &&
	frr_withdraw "$(bgp_ns_p 1)" "$TMP/p1" 10 2001:db8:8000::/41 &&
	frr_withdraw "$(bgp_ns_p 2)" "$TMP/p2" 10 10.20.0.0/16
frr_mirrored "p1 withdraws 2000 IPv4 and 128 IPv6 prefixes, p2 250 of the two-peer ones" \
	$((FRR_N4 - 2000)) $((FRR_N6 - 128))
frr_ecmp 6 32
down
mark
check "FRR in r started again" frr_fpm
frr_mirrored "... its routes resent, 1000 withdrawn while it was down swept" \
	$((FRR_N4 - 3000)) $((FRR_N6 - 128)) 10
sleep 1
check "... over a new connection: FpmConnections $FPM_C0 -> $(frr_ks FpmConnections)" \
	test "$(frr_ks FpmConnections)" -gt "$FPM_C0"

frr_stop "$TMP/r" bgpd && frr_stop "$TMP/r" zebra
check "FRR in r stopped (SIGTERM): it withdrew every route over FPM" bgp_wait 10 no_bgp
sleep 1                         # its last messages counted (written back every 0.5 s)
mark
check "FRR in r again, with no fpm use-next-hop-groups" frr_fpm "no fpm use-next-hop-groups"
run "no next-hop groups" $((FRR_N4 - 3000)) $((FRR_N6 - 128)) 6 32
frr_traffic 40 "no next-hop groups"
frr_withdraw "$(bgp_ns_p 1)" "$TMP/p1" 30 10.12.0.0/14 &&
	frr_withdraw "$(bgp_ns_p 1)" "$TMP/p1" 20 2001:db8:8080::/42 &&
	frr_withdraw "$(bgp_ns_p 2)" "$TMP/p2" 20 2001:db8:8400::/48
frr_mirrored "p1 withdraws 1000 IPv4 and 64 IPv6 prefixes, p2 a two-peer one" \
	$((FRR_N4 - 4000)) $((FRR_N6 - 192))
frr_ecmp 6 31
finish
