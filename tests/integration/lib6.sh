# shellcheck shell=bash
# What the IPv6 integration tests (test_*6*.sh) share beyond lib.sh: the
# topology in both families, r's links attached by XDP or tc, frames made
# by pkt6.py and sent and received with tests/tools/rawsock.
#   XR6_HOOK=tc   attach r's links with `hook tc` (the *_tc twins set it)
#   XR6_LINUX=1   no xdp-router: r forwards with Linux itself (IPv6
#                 forwarding on) and the same checks run against it, the
#                 router's own (attach, counters) left out. A check of
#                 the checks and of conformance; never part of make test.
# Namespaces are named xr-{h1,r,h2}-n6-PID: other runs can share the
# machine.
TOPO_ID=${TOPO_ID:-n6-$$}
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RAW=$ROOT/build/tests/tools/rawsock
PKT6=$ROOT/tests/integration/pkt6.py
# Debian's python3 (python3-minimal, beside iproute2): a python3 found
# first in PATH may be a version manager's shim that takes seconds to start
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
HOOK=${XR6_HOOK:-xdp}
LINUX=${XR6_LINUX:-}
TMP=$(mktemp -d)
DPID=
cleanup6() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	topo_down
	rm -rf "$TMP"
}
trap cleanup6 EXIT
trap 'exit 1' TERM INT   # (run.sh's timeout): clean up then too

# up6: h1 - r - h2 in both families, the MACs and link-local addresses
# named. At XDP the hosts checksum in software (veth hands XDP partial
# checksums, docs/testing.md); at tc the router finishes them.
up6() {
	bash "$ROOT/scripts/bpffs.sh"
	topo_up && topo6_up || return 1
	if [ "$HOOK" = xdp ]; then
		in_h1 ethtool -K eth0 tx off >/dev/null
		in_h2 ethtool -K eth0 tx off >/dev/null
	fi
	MAC_H1=$(topo_mac "$H1" eth0); MAC_H2=$(topo_mac "$H2" eth0)
	MAC_R1=$(topo_mac "$R" r-h1); MAC_R2=$(topo_mac "$R" r-h2)
	LL_H1=$(topo_lladdr "$H1" eth0); LL_R1=$(topo_lladdr "$R" r-h1)
	[ -n "$LL_H1" ] && [ -n "$LL_R1" ]
}

xronly() { [ -z "$LINUX" ]; }

# attach6: r's two links by $HOOK (at XDP r-h2 native, as
# test_forward.sh does), or Linux's forwarding with XR6_LINUX
attach6() {
	if ! xronly; then
		in_r sysctl -qw net.ipv6.conf.all.forwarding=1
		echo "# XR6_LINUX: Linux forwards in r"
	elif [ "$HOOK" = tc ]; then
		check "link attach r-h1 hook tc" xr link attach r-h1 hook tc
		check "link attach r-h2 hook tc" xr link attach r-h2 hook tc
	else
		check "link attach r-h1" xr link attach r-h1
		check "link attach r-h2 mode native" xr link attach r-h2 mode native
	fi
}

# r6 ARGS: `xdp-router ARGS` in r, or `ip -6 ARGS` with XR6_LINUX (route
# add/del, neigh add/show: the same words and the same output)
r6() {
	if xronly; then xr "$@"; else ip -n "$R" -6 "$@"; fi
}

stat6() { # NAME: xdp-router's counter NAME (stats, one "name value" a line)
	xr stats | awk -v n="$1" '$1 == n { print $2; exit }'
}
kstat6() { # NAME: r's kernel's own counter (/proc/net/snmp6)
	in_r awk -v n="$1" '$1 == n { print $2; exit }' /proc/net/snmp6
}

# echo6 SRC DST HLIM ID LEN [HBH_OPTS]: an echo request from h1 to r
# (MACs h1 -> r-h1), hex
echo6() {
	"$PY" "$PKT6" echo "$MAC_H1" "$MAC_R1" "$@"
}

# probe6 SRC DST HLIM ID LEN [HBH_OPTS]: that echo request (echo6) sent
# from h1 by exchange; its hex in PKT
probe6() {
	PKT=$(echo6 "$@") && exchange "$PKT"
}

# exchange HEX [MS]: HEX sent from h1's eth0 while h1 and h2 listen for
# MS ms (1000): the IPv6 frames each received, hex, in $TMP/h1 and
# $TMP/h2. The receivers listen before anything is sent.
exchange() {
	local ms=${2:-1000} p1 p2
	rm -f "$TMP/r1" "$TMP/r2"
	RAWSOCK_READY=$TMP/r1 ip netns exec "$H1" "$RAW" recv eth0 0x86dd "$ms" 1000 >"$TMP/h1" &
	p1=$!
	RAWSOCK_READY=$TMP/r2 ip netns exec "$H2" "$RAW" recv eth0 0x86dd "$ms" 1000 >"$TMP/h2" &
	p2=$!
	for _ in $(seq 100); do
		[ -e "$TMP/r1" ] && [ -e "$TMP/r2" ] && break
		sleep 0.05
	done
	in_h1 "$RAW" send eth0 "$1"
	wait "$p1" "$p2"
	[ -e "$TMP/r1" ] && [ -e "$TMP/r2" ]
}
# at_h2_forwarded HEX: h2 received HEX forwarded once by r (MACs r-h2 ->
# h2, hop limit - 1, every other byte the same)
at_h2_forwarded() { "$PY" "$PKT6" forwarded "$1" "$MAC_R2" "$MAC_H2" <"$TMP/h2"; }
at_h2_seen() { "$PY" "$PKT6" seen "$1" <"$TMP/h2"; }
at_h1_anyerror() { "$PY" "$PKT6" anyerror <"$TMP/h1"; }
not() { ! "$@"; }
# at_h1_error HEX TYPE CODE PARAM SRC DST: h1 received that ICMPv6
# error about HEX (pkt6.py error: every field, checksum, quote)
at_h1_error() { "$PY" "$PKT6" error "$@" <"$TMP/h1"; }
