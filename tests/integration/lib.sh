# shellcheck shell=bash
# Helpers for the netns integration tests: TAP-like lines, and a final
# count that tests/run.sh reads.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
# shellcheck source=../lib/topo.sh
source "$ROOT/tests/lib/topo.sh"
PASS=0
FAIL=0

ok()   { PASS=$((PASS + 1)); echo "ok - $*"; }
bad()  { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
check() { # NAME CMD...: passes when CMD succeeds
	local name=$1; shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
xr() { in_r "$XDP_ROUTER" "$@"; }
XDP_ROUTER_NS="ip netns exec $R $XDP_ROUTER"
# capture_one_icmp FILE: one ICMP frame from h1 to h2, as h2 receives
# it (tcpdump -e -v: MACs, TTL, "bad cksum" when the header sum is off)
capture_one_icmp() {
	local tpid
	in_h2 timeout 5 tcpdump -i eth0 -c 1 -n -e -v -l icmp and src 198.18.1.2 >"$1" 2>/dev/null &
	tpid=$!
	sleep 1
	in_h1 ping -c 1 -W 1 198.18.2.2 >/dev/null
	wait "$tpid"
}
# tcp_4mib [DST]: 4 MiB of random bytes h1 -> h2 (198.18.2.2, or DST,
# which may be IPv6) with nc; succeeds when the SHA-256 of what arrived
# is that of what was sent
tcp_4mib() {
	local data recv rc
	data=$(mktemp); recv=$(mktemp)
	head -c 4194304 /dev/urandom >"$data"
	topo_tcp "${1:-198.18.2.2}" "$data" "$recv"
	[ "$(sha256sum <"$data" | cut -d' ' -f1)" = "$(sha256sum <"$recv" | cut -d' ' -f1)" ]
	rc=$?
	rm -f "$data" "$recv"
	return $rc
}
# daemon_start LOG N [ARGS]: xdp-router daemon in r, stderr to LOG; waits
# until N links are bound (5 s at most). Sets DPID.
daemon_start() {
	local log=$1 n=$2
	shift 2
	ip netns exec "$R" "$XDP_ROUTER" daemon "$@" 2>>"$log" &
	DPID=$!
	for _ in $(seq 50); do
		[ "$(grep -c 'bound at slots' "$log")" -ge "$n" ] && return 0
		sleep 0.1
	done
	return 1
}
# route_get_is 'LINE' ARGS...: route get ARGS prints exactly LINE, exit 0
route_get_is() {
	local want=$1 out rc
	shift
	out=$(xr route get "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then ok "route get $*: $out"
	else bad "route get $* (exit $rc): got '$out', want '$want'"; fi
}
finish() {
	echo "# ${XR_TEST_NAME:-$(basename "$0")}: $PASS passed, $FAIL failed"
	echo "$PASS passed, $FAIL failed" > "${RESULT_FILE:-/dev/null}"
	[ "$FAIL" -eq 0 ]
}
