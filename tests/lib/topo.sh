# shellcheck shell=bash
# The topology of the tests, the demo and the bench (tests/integration/lib.sh,
# scripts/demo.sh, bench/bench.sh, bench/bench_lock.sh source it):
#
#   h1 (eth0 198.18.1.2/24) --- (r-h1 198.18.1.1/24) r (r-h2 198.18.2.1/24) --- (eth0 198.18.2.2/24) h2
#
# and, after topo6_up, the same in IPv6 (2001:db8:1::/64 and 2001:db8:2::/64,
# ::1 for r, ::2 for the host). Addresses are from the benchmarking range
# 198.18.0.0/15 and the documentation prefix 2001:db8::/32. The veth pairs
# are created directly inside the namespaces, so nothing is ever added to
# the host's own namespace. Kernel forwarding is off in r: only the XDP
# fast path can forward. Names carry a unique id: several runs can share
# the machine.

TOPO_ID=${TOPO_ID:-$$}
H1=xr-h1-$TOPO_ID
R=xr-r-$TOPO_ID
H2=xr-h2-$TOPO_ID

in_h1() { ip netns exec "$H1" "$@"; }
in_r()  { ip netns exec "$R" "$@"; }
in_h2() { ip netns exec "$H2" "$@"; }

topo_up() {
	ip netns add "$H1" && ip netns add "$R" && ip netns add "$H2" || return 1
	# no duplicate address detection: IPv6 addresses (the link-local
	# ones the links get when they come up included) usable at once
	for ns in "$H1" "$R" "$H2"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 || return 1
	done
	ip link add eth0 netns "$H1" type veth peer name r-h1 netns "$R" || return 1
	ip link add eth0 netns "$H2" type veth peer name r-h2 netns "$R" || return 1
	for ns in "$H1" "$R" "$H2"; do ip -n "$ns" link set lo up; done
	ip -n "$H1" addr add 198.18.1.2/24 dev eth0
	ip -n "$H2" addr add 198.18.2.2/24 dev eth0
	ip -n "$R" addr add 198.18.1.1/24 dev r-h1
	ip -n "$R" addr add 198.18.2.1/24 dev r-h2
	ip -n "$H1" link set eth0 up
	ip -n "$H2" link set eth0 up
	ip -n "$R" link set r-h1 up
	ip -n "$R" link set r-h2 up
	ip -n "$H1" route add default via 198.18.1.1
	ip -n "$H2" route add default via 198.18.2.1
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=0
	# A veth takes XDP-redirected frames only when its peer runs NAPI:
	# GRO on (or an XDP program). The hosts' ends get GRO.
	in_h1 ethtool -K eth0 gro on >/dev/null
	in_h2 ethtool -K eth0 gro on >/dev/null
	# Operational state (IFF_RUNNING) follows carrier through the
	# kernel's linkwatch, up to a second late: wait for it, so that
	# nothing (the daemon's link watch included) sees a link still down.
	topo_wait_up "$R" r-h1 && topo_wait_up "$R" r-h2 &&
		topo_wait_up "$H1" eth0 && topo_wait_up "$H2" eth0
}

# topo6_up: IPv6 on the topology topo_up made, and kernel forwarding off in
# r for IPv6 too (a new namespace starts so; set anyway, as for IPv4)
topo6_up() {
	ip -n "$H1" addr add 2001:db8:1::2/64 dev eth0 nodad &&
		ip -n "$H2" addr add 2001:db8:2::2/64 dev eth0 nodad &&
		ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad &&
		ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad || return 1
	ip -n "$H1" -6 route add default via 2001:db8:1::1 &&
		ip -n "$H2" -6 route add default via 2001:db8:2::1 || return 1
	ip netns exec "$R" sysctl -qw net.ipv6.conf.all.forwarding=0
}

topo_lladdr() { # NS DEV: the link's IPv6 link-local address
	ip -n "$1" -6 -o addr show dev "$2" scope link | sed -n 's/.* inet6 \([0-9a-f:]*\)\/64.*/\1/p'
}

# topo_tcp DST FILE OUT [SPORT]: FILE sent from h1 (from source port
# SPORT if given, else the kernel's choice) to h2 at DST (either family)
# over TCP with nc, what arrived written to OUT (20 s at most). The
# client connects once h2's listening socket is there (topo_listening).
topo_tcp() {
	local fam=-4 npid sport=() rc
	[[ $1 == *:* ]] && fam=-6
	[ -n "${4:-}" ] && sport=(-p "$4")
	in_h2 timeout 20 nc "$fam" -l -p 5001 -N >"$3" &
	npid=$!
	if ! topo_listening "$H2" 5001 "$npid"; then
		kill "$npid" 2>/dev/null
		wait "$npid"
		return 1
	fi
	in_h1 timeout 20 nc "$fam" -N "${sport[@]}" "$1" 5001 <"$2"
	rc=$?
	[ "$rc" -eq 0 ] || kill "$npid" 2>/dev/null
	wait "$npid" && return "$rc"
}

# topo_listening NS PORT [PID]: until a TCP socket listens on PORT in NS
# (`ss -ltn`), 10 s (and 400 looks) at most, or until PID (its would-be
# owner) is gone
topo_listening() {
	local end=$((SECONDS + 10))
	for _ in $(seq 400); do
		[ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2")" ] && return 0
		[ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null && break
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.05
	done
	echo "topo: nothing listening on TCP port $2 in $1" >&2
	return 1
}

topo_wait_up() { # NS DEV: until its operstate is UP (3 s at most)
	local i
	for i in $(seq 30); do
		ip -n "$1" -o link show dev "$2" | grep -q "state UP" && return 0
		sleep 0.1
	done
	echo "topo: $2 in $1 did not come up" >&2
	return 1
}

topo_mac() { # NS DEV
	ip -n "$1" -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'
}

topo_down() {
	ip netns exec "$R" "${XDP_ROUTER:-build/xdp-router}" reset >/dev/null 2>&1
	for ns in "$H1" "$R" "$H2"; do ip netns del "$ns" 2>/dev/null; done
	return 0
}

# The ECMP topology (tests/integration/test_ecmp_net*.sh), on top of
# topo_up and topo6_up: four more paths from r to h2, each through a
# namespace nX (X = 1..4) that forwards with Linux:
#
#        (r-nX 198.18.1X.1/24)   (up 198.18.1X.2/24)   (dn 198.18.2X.1/24)   (ethX 198.18.2X.2/24)
#   r ------------------------- nX --------------------------------------------------- h2
#        (2001:db8:1X::1/64)     (2001:db8:1X::2/64)   (2001:db8:2X::1/64)   (2001:db8:2X::2/64)
#
# h2 holds 198.18.100.1 and 2001:db8:100::1 on lo, reached through any
# nX; its own traffic back to h1 takes the direct link r-h2 (its default
# routes), so what crosses an nX went from r to h2. h2 does no reverse
# path filtering (a datagram from h1 arrives on any ethX). nX's `up`
# gets GRO, as the hosts' ends do (topo_up): it takes frames r's XDP
# program redirects.
ECMP_PATHS=4
topo_ns_n() { echo "xr-n$1-$TOPO_ID"; }   # X: nX's namespace
in_n() { local x=$1; shift; ip netns exec "$(topo_ns_n "$x")" "$@"; }

topo_ecmp_up() {
	local x
	for x in $(seq "$ECMP_PATHS"); do topo_path_up "$x" || return 1; done
	ip -n "$H2" addr replace 198.18.100.1/32 dev lo &&
		ip -n "$H2" addr replace 2001:db8:100::1/128 dev lo || return 1
	ip netns exec "$H2" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 || return 1
	for x in $(seq "$ECMP_PATHS"); do
		ip netns exec "$H2" sysctl -qw "net.ipv4.conf.eth$x.rp_filter=0" || return 1
		topo_wait_up "$R" "r-n$x" && topo_wait_up "$(topo_ns_n "$x")" up &&
			topo_wait_up "$(topo_ns_n "$x")" dn && topo_wait_up "$H2" "eth$x" || return 1
	done
}

topo_path_up() { # X: nX, its two links and its routes
	local x=$1 n
	n=$(topo_ns_n "$x")
	ip netns add "$n" || return 1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 || return 1
	ip link add "r-n$x" netns "$R" type veth peer name up netns "$n" &&
		ip link add dn netns "$n" type veth peer name "eth$x" netns "$H2" || return 1
	topo_addr "$R" "r-n$x" "1$x" 1 && topo_addr "$n" up "1$x" 2 &&
		topo_addr "$n" dn "2$x" 1 && topo_addr "$H2" "eth$x" "2$x" 2 || return 1
	ip -n "$n" link set lo up
	ip -n "$n" route add 198.18.100.0/24 via "198.18.2$x.2" &&
		ip -n "$n" route add 198.18.1.0/24 via "198.18.1$x.1" &&
		ip -n "$n" -6 route add 2001:db8:100::/64 via "2001:db8:2$x::2" &&
		ip -n "$n" -6 route add 2001:db8:1::/64 via "2001:db8:1$x::1" || return 1
	ip netns exec "$n" ethtool -K up gro on >/dev/null
}

topo_addr() { # NS DEV NET HOST: 198.18.NET.HOST/24 and 2001:db8:NET::HOST/64, link up
	ip -n "$1" addr add "198.18.$3.$4/24" dev "$2" &&
		ip -n "$1" addr add "2001:db8:$3::$4/64" dev "$2" nodad &&
		ip -n "$1" link set dev "$2" up
}

topo_ecmp_down() {
	local x
	topo_down
	for x in $(seq "$ECMP_PATHS"); do ip netns del "$(topo_ns_n "$x")" 2>/dev/null; done
	return 0
}
