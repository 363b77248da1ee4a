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
bgp_test_init BIRD_KEEP || exit 1

# ---------------------------------------------------------------- setup

setup() {
	bash "$ROOT/scripts/bpffs.sh"
	topo_up && topo6_up && bgp_peers_up || return 1
	in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.fib_multipath_hash_policy=1 net.ipv6.fib_multipath_hash_policy=1
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

# k_table FAM: r's kernel table as bgp_table_norm lines: BIRD's routes
# and those added by hand (ip's proto boot, or static). Connected
# routes (proto kernel) are link watch's, not the mirror's: left out.
PROTOS=bird,boot,static
k_table() { in_r ip -j "$1" route show table main | bgp_table_norm "$PROTOS"; }

# k_multipath FAM N: the kernel holds N routes with two next hops, one by
# r-p1 and one by r-p2
k_multipath() {
	[ "$(k_table "$1" | grep -c ' [^ ]*@r-p1 [^ ]*@r-p2$')" -eq "$2" ]
}

# ---------------------------------------------------------------- the router

# same: r's xdp-router table equals the kernel's, both families
# (bgp_same): the lines compared in $TMP/{k,x}{-4,-6}.json.txt, the
# first that differ in $TMP/diff; T_X is the time xdp-router's tables
# were read
same() {
	xr -j -4 route show >"$TMP/x-4.json" && xr -j -6 route show >"$TMP/x-6.json" || return 1
	T_X=$EPOCHREALTIME
	in_r ip -j -4 route show table main >"$TMP/k-4.json" &&
		in_r ip -j -6 route show table main >"$TMP/k-6.json" || return 1
	bgp_same "$PROTOS" "$TMP/k-4.json" "$TMP/x-4.json" "$TMP/k-6.json" "$TMP/x-6.json" >"$TMP/diff"
}

# mirrored WHAT SECS: within SECS s both families' tables equal the
# kernel's (a check): a read of xdp-router's tables that ends at most
# SECS s from now finds them equal; the time it took is printed
mirrored() {
	local t0=$EPOCHREALTIME el=
	for _ in $(seq 100); do
		if same; then el=$(elapsed "$t0" "$T_X"); break; fi
		le "$(elapsed "$t0" "$EPOCHREALTIME")" "$2" || break
		sleep 0.1
	done
	[ -n "$el" ] || sed 's/^/# /' "$TMP/diff"
	check "$1: route show equals ip route within $2 s (${el:-not} in $(elapsed "$t0" "$EPOCHREALTIME") s)" \
		le "${el:-99999}" "$2"
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'; }   # T0 T1: seconds
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }                # A B: A <= B

# attach: r's links to h1, p1 and p2 attached, ECMP flows hashed by
# their ports (L4) as r's kernel does (setup); ksync_start: the daemon
# following the kernel (ARGS: more of its options), its log in
# $TMP/daemon.log
attach() {
	xr link attach r-h1 && xr link attach r-p1 && xr link attach r-p2 &&
		xr -4 route multipath hash-policy l4 && xr -6 route multipath hash-policy l4
}
ksync_start() {
	: >"$TMP/daemon.log"
	daemon_start "$TMP/daemon.log" 3 --kernel-sync "$@"
}
ksync_stop() { # SIGTERM: the clean exit (10 s at most, then SIGKILL: a failure)
	local rc
	kill -TERM "$DPID" || return 1
	if bgp_wait 10 gone "$DPID"; then wait "$DPID"; rc=$?
	else kill -9 "$DPID"; wait "$DPID" 2>/dev/null; rc=1; fi
	DPID=
	return $rc
}
gone() { ! grep -qs '^State:[[:space:]]*[^Z]' "/proc/$1/status"; }   # PID: exited (a zombie too)

# xstat GROUP NAME: a counter of `xdp-router -j stats`
xstat() {
	xr -j stats | "$PY" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]][sys.argv[2]])' "$1" "$2"
}
# kstat: r's kernel's forwarded datagrams, both families (/proc/net/snmp
# Ip ForwDatagrams, /proc/net/snmp6 Ip6OutForwDatagrams)
kstat() {
	in_r cat /proc/net/snmp /proc/net/snmp6 | awk '
		/^Ip: Forwarding/ { split($0, h); getline; for (i in h) if (h[i] == "ForwDatagrams") f = $i }
		$1 == "Ip6OutForwDatagrams" { f6 = $2 }
		END { print f + f6 }'
}
fstat() { echo $(($(xstat Ip ForwDatagrams) + $(xstat Ip6 Ip6OutForwDatagrams))); }

# ---------------------------------------------------------------- traffic

# pick FAM N FIRST: N random hosts (.1, ::1) of the learnt prefixes
# FIRST .. (p1's only, when FIRST is E4 or E6) of family FAM
pick() {
	local n4=$N4 n6=$N6
	if [ "$1" = -4 ]; then bgp_prefixes4 $((n4 - $3)) "$3"
	else bgp_prefixes6 $((n6 - $3)) "$3"; fi | shuf -n "$2" | while read -r p; do bgp_host "$p"; done
}

# pings FAM N: one echo request from h1 to each of N random hosts behind
# p1 only; p1 captures them. Checks: every one answered, each at p1 from
# r-p1's MAC to p1's, TTL (hop limit) 63, a good IPv4 header checksum
# (tcpdump -v), to the addresses pinged; the fast path forwarded the
# requests and the replies (ForwDatagrams), the kernel none.
pings() {
	local fam=$1 n=$2 first=$E4 hl="ttl 63" cap=$TMP/cap$1 tpid f0 k0 got mr mp
	[ "$fam" = -6 ] && first=$E6 hl="hlim 63"
	pick "$fam" "$n" "$first" | sort >"$TMP/dsts"
	in_h1 ping "$fam" -c 1 -W 1 "$([ "$fam" = -4 ] && echo 198.18.1.1 || echo 2001:db8:1::1)" >/dev/null
	mr=$(topo_mac "$R" r-p1) mp=$(topo_mac "$(bgp_ns_p 1)" eth0)
	in_p 1 timeout 20 tcpdump -i eth0 -c "$n" -n -e -v -l \
		"$([ "$fam" = -4 ] && echo 'icmp[icmptype] = icmp-echo' || echo 'icmp6 and ip6[40] = 128')" \
		>"$cap" 2>"$cap.err" &
	tpid=$!
	bgp_wait 10 grep -q "listening on" "$cap.err"   # tcpdump is capturing
	f0=$(fstat) k0=$(kstat)
	got=0
	while read -r a; do
		in_h1 ping "$fam" -c 1 -W 1 "$a" >/dev/null && got=$((got + 1))
	done <"$TMP/dsts"
	wait "$tpid"
	check "IPv${fam#-}: $n pings from h1 to random hosts of p1's learnt prefixes: $got answered" test "$got" -eq "$n"
	check "... each captured at p1 from r-p1's MAC to p1's, $hl, checksums good" \
		test "$(grep -c "^.*$mr > $mp.*$hl" "$cap")" -eq "$n" -a "$(grep -c 'bad .*cksum' "$cap")" -eq 0
	check "... to exactly the addresses pinged" \
		diff "$TMP/dsts" <(sed -n 's/.* > \([0-9a-f.:]*\): .*echo request.*/\1/p' "$cap" | sort)
	check "... the fast path forwarded requests and replies: ForwDatagrams +$(($(fstat) - f0)) >= $((2 * n))" \
		test $(($(fstat) - f0)) -ge $((2 * n))
	check "... r's kernel forwarded none: ForwDatagrams +$(($(kstat) - k0))" test "$(kstat)" -eq "$k0"
}

# stream_start DST PORT FLOWS PPS SECS PEER...: numbered UDP flows from h1
# to DST:PORT (ecmp_flows.py; source ports from 20000 + 100 (PORT -
# 7000) up), received at each peer PEER into $TMP/sX-PORT
SPIDS=() RPIDS=()
stream_start() {
	local dst=$1 port=$2 x
	shift 2
	local flows=$1 pps=$2 secs=$3
	shift 3
	for x in "$@"; do
		rm -f "$TMP/ready$x-$port"
		ip netns exec "$(bgp_ns_p "$x")" "$PY" "$FLOWS" recv "$port" "$TMP/ready$x-$port" "$TMP/s$x-$port" &
		RPIDS+=($!)
		bgp_wait 5 test -e "$TMP/ready$x-$port" || return 1
	done
	ip netns exec "$H1" "$PY" "$FLOWS" send "$dst" "$port" "$flows" "$pps" "$secs" "" \
		$((20000 + 100 * (port - 7000))) >"$TMP/sent-$port" &
	SPIDS+=($!)
}
stream_end() { # waits for the senders, stops the receivers
	local p
	for p in "${SPIDS[@]}"; do wait "$p"; done
	sleep 0.3
	for p in "${RPIDS[@]}"; do kill -TERM "$p"; done
	for p in "${RPIDS[@]}"; do wait "$p"; done
	SPIDS=() RPIDS=()
}
sent() { sed -n 's/^sent //p' "$TMP/sent-$1"; }   # PORT: datagrams each flow sent

ks() { xstat KernelSync "$1"; }   # NAME: a counter of the mirror's
ks_gt() { [ "$(ks "$1")" -gt "$2" ]; }   # NAME N: the counter above N
# synced: the daemon $DPID has its first full table in ours (stats -j
# KernelSync: its Pid, Synced; the counters are written with them)
synced() { [ "$(ks Pid)" = "$DPID" ] && [ "$(ks Synced)" = True ]; }

# ---------------------------------------------------------------- the run

# announce X N4 N6: pX announces its first N4 IPv4 and N6 IPv6 prefixes
# (BIRD rereads its configuration)
announce() {
	bgp_prefixes4 "$2" | bird_static "$TMP/p$1-4.routes"
	bgp_prefixes6 "$3" | bird_static "$TMP/p$1-6.routes"
	bird_configure "$TMP/p$1.ctl"
}

# x_multipath FAM N: as k_multipath, in the last x_table (same)
x_multipath() { [ "$(grep -c ' [^ ]*@r-p1 [^ ]*@r-p2$' "$TMP/x$1.json.txt")" -eq "$2" ]; }

learn() {
	check "BIRD in p1, p2 and r: four BGP sessions established" birds_start
	check "r's kernel: $N4 IPv4 and $N6 IPv6 routes from BIRD (20 s at most)" \
		bgp_wait 20 k_has "$N4" "$N6"
	mirrored "$N4 IPv4 and $N6 IPv6 routes learnt over BGP" 5
	check "$E4 IPv4 routes through both peers in the kernel (merge paths on)" k_multipath -4 "$E4"
	check "... each one ECMP route in route show, members r-p1 and r-p2" x_multipath -4 "$E4"
	check "$E6 IPv6 routes through both peers in the kernel" k_multipath -6 "$E6"
	check "... each one ECMP route in route show" x_multipath -6 "$E6"
	xr route show >"$TMP/show"
	check "route show says proto bird, metric 32" \
		grep -q '^10.1.0.0/24 via 198.18.31.2 dev r-p1 proto bird metric 32$' "$TMP/show"
	check "... and of an ECMP route, its two members below it" \
		test "$(grep -A2 '^10.0.0.0/24 proto bird metric 32$' "$TMP/show" |
			grep -c $'^\tnexthop via 198.18.3[12].2 dev r-p[12] weight 1$')" -eq 2
}

# ecmp_traffic WHAT PORT PEER...: 32 UDP flows to a host of a two-peer
# prefix (to PORT, received at both peers): every datagram arrives,
# flows at each PEER and none at the other peer, no flow at both, all
# forwarded by the fast path
ecmp_traffic() {
	local what=$1 port=$2 a flows=32 n1 n2 got f0 k0
	shift 2
	a=$(bgp_host "$(bgp_prefixes4 1 7)")
	f0=$(fstat) k0=$(kstat)
	stream_start "$a" "$port" "$flows" 50 1 1 2 || return 1
	stream_end
	got=$(flows_check total "$TMP/s1-$port" "$TMP/s2-$port")
	n1=$(flows_n "$TMP/s1-$port") n2=$(flows_n "$TMP/s2-$port")
	check "$what: $flows UDP flows to $a: every datagram at a peer ($got of $((flows * $(sent "$port"))))" \
		test "$got" -eq $((flows * $(sent "$port")))
	check "... flows at p1 $n1, at p2 $n2: at $([ $# -eq 2 ] && echo both || echo "p$1 only"), each at one" \
		spread_ok "$port" "$flows" "$@"
	check "... forwarded by the fast path (ForwDatagrams +$(($(fstat) - f0))), none by the kernel (+$(($(kstat) - k0)))" \
		test $(($(fstat) - f0)) -ge "$got" -a "$(kstat)" -eq "$k0"
}
# spread_ok PORT FLOWS PEER...: flows at each PEER, at no other, none at two
spread_ok() {
	local port=$1 flows=$2 x n tot=0
	shift 2
	for x in 1 2; do
		n=$(flows_n "$TMP/s$x-$port") tot=$((tot + n))
		if [[ " $* " == *" $x "* ]]; then [ "$n" -ge 1 ] || return 1
		else [ "$n" -eq 0 ] || return 1; fi
	done
	[ "$tot" -eq "$flows" ]
}
flows_check() { "$PY" "$FLOWS" "$@"; }
flows_n() { "$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }

# hand_add: routes added with ip are mirrored; traffic follows the one
# to 10.250.0.0/24 (through p2, which accepts 10/8). They stay for the
# link flap (flap); hand_del deletes what is left of them.
hand_add() {
	local f0 k0
	in_r ip route add 10.250.0.0/24 via 198.18.32.2 dev r-p2 &&
		in_r ip route add 203.0.113.0/24 proto static metric 7 \
			nexthop via 198.18.31.2 dev r-p1 weight 2 nexthop via 198.18.32.2 dev r-p2 &&
		in_r ip -6 route add 2001:db8:7000::/48 via 2001:db8:32::2 dev r-p2
	mirrored "ip route add by hand (a route, a weighted multipath one, an IPv6 one)" 5
	check "... as ip has them" bash -c "grep -q '^10.250.0.0/24 198.18.32.2@r-p2\$' $TMP/x-4.json.txt &&
		grep -q '^203.0.113.0/24 metric=7 198.18.31.2@r-p1\*2 198.18.32.2@r-p2\$' $TMP/x-4.json.txt &&
		grep -q '^2001:db8:7000::/48 metric=1024 2001:db8:32::2@r-p2\$' $TMP/x-6.json.txt"
	f0=$(fstat) k0=$(kstat)
	check "... ping 10.250.0.1 through it (p2)" in_h1 ping -c 3 -i 0.2 -W 1 10.250.0.1
	check "... forwarded by the fast path (ForwDatagrams +$(($(fstat) - f0))), none by the kernel" \
		test $(($(fstat) - f0)) -ge 6 -a "$(kstat)" -eq "$k0"
}

hand_del() {
	in_r ip route del 203.0.113.0/24
	mirrored "ip route del by hand" 5
	check "... gone from route show" bash -c "! grep -q '^10.250\|^203.0.113\|^2001:db8:7000:' $TMP/x-4.json.txt $TMP/x-6.json.txt"
}

withdraw() {
	local a
	check "p1 withdraws half its routes" announce 1 $((N4 / 2)) $((N6 / 2))
	check "... r's kernel: $((N4 / 2)) IPv4, $((N6 / 2)) IPv6 left" bgp_wait 20 k_has $((N4 / 2)) $((N6 / 2))
	mirrored "half withdrawn" 5
	a=$(bgp_host "$(bgp_prefixes4 1 $((N4 - 1)))")
	check "... a ping to a withdrawn prefix ($a) is not answered" bash -c "! ip netns exec $H1 ping -c 1 -W 1 $a >/dev/null"
}

# k_without DEV: r's kernel has no route through DEV but hand_add's
# multipath one, and N4/2 IPv4 and N6/2 IPv6 ones of BIRD's
k_without() {
	[ "$(k_table -4 | grep -v '^203.0.113.0/24 ' | grep -c "@$1")" -eq 0 ] &&
		[ "$(k_table -6 | grep -c "@$1")" -eq 0 ] &&
		k_has $((N4 / 2)) $((N6 / 2))
}
k_both() { k_multipath -4 "$E4" && k_multipath -6 "$E6"; }

flap() {
	in_r ip link set r-p2 down
	check "r-p2 down: BIRD's sessions to p2 close, r's kernel routes through p1 only" bgp_wait 15 k_without r-p2
	mirrored "r-p2 down" 5
	check "... route show: BIRD's routes through r-p1 alone" \
		bash -c "! grep -v '^203.0.113.0/24 ' $TMP/x-4.json.txt $TMP/x-6.json.txt | grep -q r-p2 &&
			grep -q '^10.0.0.0/24 metric=32 198.18.31.2@r-p1\$' $TMP/x-4.json.txt"
	check "... the hand routes through r-p2 alone gone (IPv4 drops them without a message)" \
		bash -c "! grep -q '^10.250\|^2001:db8:7000:' $TMP/x-4.json.txt $TMP/x-6.json.txt"
	check "... the hand multipath route's r-p2 member dead" \
		grep -q '^203.0.113.0/24 metric=7 198.18.31.2@r-p1\*2 198.18.32.2@r-p2!dead$' "$TMP/x-4.json.txt"
	ecmp_traffic "r-p2 down" 7003 1
	in_r ip link set r-p2 up
	check "r-p2 up: sessions back, $E4 and $E6 routes through both peers again" bgp_wait 20 k_both
	mirrored "r-p2 up" 5
	check "... route show: their r-p2 members back" x_multipath -4 "$E4"
	check "... the hand multipath route's r-p2 member alive" \
		grep -q '^203.0.113.0/24 metric=7 198.18.31.2@r-p1\*2 198.18.32.2@r-p2$' "$TMP/x-4.json.txt"
	ecmp_traffic "r-p2 up" 7004 1 2
}

# overrun: the daemon stopped (SIGTERM), p1 withdraws everything, and a
# new daemon with a receive buffer of 64 KiB dumps the kernel's routes
# and sweeps p1's from the FIB; it is then stopped (SIGSTOP) while p1
# announces its 10,000 and 1,000 routes: its socket overruns (ENOBUFS);
# woken, it resyncs
overrun() {
	local r0
	check "daemon: SIGTERM, a clean exit" ksync_stop
	check "p1 withdraws all its routes" announce 1 0 0
	check "... r's kernel: only p2's $E4 and $E6 left" bgp_wait 20 k_has "$E4" "$E6"
	check "daemon --kernel-sync --rcvbuf 65536" ksync_start --rcvbuf 65536
	mirrored "daemon started after (a dump; what p1 withdrew while none ran swept)" 5
	r0=$(ks Resyncs)
	kill -STOP "$DPID"
	check "daemon stopped; p1 announces $N4 and $N6 routes" announce 1 "$N4" "$N6"
	check "... r's kernel has them" bgp_wait 20 k_has "$N4" "$N6"
	kill -CONT "$DPID"
	mirrored "daemon woken (its socket overran)" 5
	check "... the overrun counted: Resyncs $r0 -> $(bgp_wait 5 ks_gt Resyncs "$r0"; ks Resyncs)" \
		ks_gt Resyncs "$r0"
	check "... the routes p1 announced written: RoutesAdded >= $((N4 - E4 + N6 - E6))" \
		bgp_wait 5 ks_gt RoutesAdded $((N4 - E4 + N6 - E6 - 1))
}

# restart: kill -9 of the daemon under traffic to a route of p1's and to
# a two-peer one; while no daemon runs, p1 withdraws its last 10 IPv4
# prefixes and two routes are added by hand; a new daemon converges: it
# writes exactly the two added and deletes exactly the ten withdrawn
# (every other route is found as it is), not a datagram is lost, all
# forwarded by the fast path
restart() {
	local a1 a2 f0 k0 got1 got2
	a1=$(bgp_host "$(bgp_prefixes4 1 $((E4 + 1)))") a2=$(bgp_host "$(bgp_prefixes4 1 3)")
	f0=$(fstat) k0=$(kstat)
	stream_start "$a1" 7000 4 250 5 1 && stream_start "$a2" 7002 8 100 5 1 2 || return 1
	sleep 1.5
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	check "kill -9 of the daemon under traffic; meanwhile p1 withdraws 10 prefixes" \
		announce 1 $((N4 - 10)) "$N6"
	check "... and two routes are added by hand" \
		bash -c "ip netns exec $R ip route add 10.251.0.0/24 via 198.18.31.2 dev r-p1 &&
			ip netns exec $R ip -6 route add 2001:db8:7001::/48 via 2001:db8:31::2 dev r-p1"
	check "... r's kernel has them" bgp_wait 20 k_has $((N4 - 10)) "$N6"
	check "a new daemon started" ksync_start
	check "... it says it has synced (stats -j KernelSync: Pid, Synced)" bgp_wait 10 synced
	mirrored "after the restart" 5
	check "... it wrote exactly the 2 routes added (RoutesAdded $(ks RoutesAdded)) and deleted the 10 withdrawn (RoutesDeleted $(ks RoutesDeleted))" \
		test "$(ks RoutesAdded)" -eq 2 -a "$(ks RoutesDeleted)" -eq 10 -a "$(ks Dumps)" -ge 1
	stream_end
	got1=$(flows_check total "$TMP/s1-7000") got2=$(flows_check total "$TMP/s1-7002" "$TMP/s2-7002")
	check "... to $a1 (p1): 4 flows whole, in order: $(flows_check onepath "$TMP/s1-7000" 4 "$(sent 7000)")" \
		flows_check onepath "$TMP/s1-7000" 4 "$(sent 7000)"
	check "... to $a2 (ECMP): $got2 of $((8 * $(sent 7002))) datagrams" test "$got2" -eq $((8 * $(sent 7002)))
	check "... the fast path forwarded them: ForwDatagrams +$(($(fstat) - f0)) >= $((got1 + got2)), the kernel +$(($(kstat) - k0))" \
		test $(($(fstat) - f0)) -ge $((got1 + got2)) -a "$(kstat)" -eq "$k0"
}

setup || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $(bgp_ns_p 1) $(bgp_ns_p 2))"
bird_confs
check "r's links attached" attach
check "daemon --kernel-sync on r's three links" ksync_start
learn
pings -4 50
pings -6 20
ecmp_traffic ECMP 7001 1 2
hand_add
withdraw
flap
hand_del
overrun
restart
finish
