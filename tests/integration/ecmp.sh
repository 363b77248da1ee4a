# shellcheck shell=bash
# What the ECMP tests (test_ecmp_net.sh, test_ecmp_net6.sh) share: the
# topology h1 - r - {n1..n4} - h2 (tests/lib/topo.sh, topo_ecmp_up) with
# r's links attached, numbered UDP flows (ecmp_flows.py) and TCP
# transfers whose link is read from nX's counters.
#   ECMP_HOOK=tc    attach r's links with `hook tc`
#   ECMP_LINUX=1    no xdp-router: r forwards with Linux (a resilient
#                   nexthop group, `ip nexthop ... type resilient`), the
#                   same traffic checks run against it. A check of the
#                   checks; never part of make test.
TOPO_ID=${TOPO_ID:-net-$$}
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
FLOWS=$ROOT/tests/integration/ecmp_flows.py
PY=/usr/bin/python3       # Debian's (see lib6.sh)
[ -x "$PY" ] || PY=python3
HOOK=${ECMP_HOOK:-xdp}
LINUX=${ECMP_LINUX:-}
TMP=$(mktemp -d)
DPID=
ecmp_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	topo_ecmp_down
	rm -rf "$TMP"
}
trap ecmp_cleanup EXIT
trap 'exit 1' TERM INT

xronly() { [ -z "$LINUX" ]; }

# ecmp_up: the topology in both families. At XDP the hosts checksum in
# software (docs/testing.md); h2 only sends on its direct link.
ecmp_up() {
	bash "$ROOT/scripts/bpffs.sh"
	topo_up && topo6_up && topo_ecmp_up || return 1
	if [ "$HOOK" = xdp ]; then
		in_h1 ethtool -K eth0 tx off >/dev/null
		in_h2 ethtool -K eth0 tx off >/dev/null
	fi
}

# ecmp_attach: r's links by $HOOK, static neighbours for h1, h2 and
# every nX (both families; the nX by their global and link-local
# addresses). With ECMP_LINUX, r's kernel forwards instead.
ecmp_attach() {
	if ! xronly; then
		in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
		return 0
	fi
	ecmp_attach_batch >"$TMP/attach" && xr -batch "$TMP/attach"
}

ecmp_attach_batch() { # the batch ecmp_attach applies
	local x dev hook=
	[ "$HOOK" = tc ] && hook="hook tc"
	for dev in r-h1 r-h2 $(seq -f 'r-n%g' "$ECMP_PATHS"); do
		echo "link attach $dev $hook"
	done
	echo "neigh replace 198.18.1.2 lladdr $(topo_mac "$H1" eth0) dev r-h1"
	echo "neigh replace 198.18.2.2 lladdr $(topo_mac "$H2" eth0) dev r-h2"
	echo "neigh replace 2001:db8:1::2 lladdr $(topo_mac "$H1" eth0) dev r-h1"
	echo "neigh replace 2001:db8:2::2 lladdr $(topo_mac "$H2" eth0) dev r-h2"
	for x in $(seq "$ECMP_PATHS"); do ecmp_neigh_path "$x" || return 1; done
}

ecmp_neigh_path() { # X: batch lines, r's static neighbours for nX
	local mac ll
	mac=$(topo_mac "$(topo_ns_n "$1")" up)
	ll=$(topo_lladdr "$(topo_ns_n "$1")" up)
	[ -n "$mac" ] && [ -n "$ll" ] || return 1
	echo "neigh replace 198.18.1$1.2 lladdr $mac dev r-n$1"
	echo "neigh replace 2001:db8:1$1::2 lladdr $mac dev r-n$1"
	echo "neigh replace $ll lladdr $mac dev r-n$1"
}

# ecmp_gw FAM X: r's gateway through nX: 198.18.1X.2 (-4), nX's
# link-local address (-6)
ecmp_gw() {
	if [ "$1" = -4 ]; then echo "198.18.1$2.2"
	else topo_lladdr "$(topo_ns_n "$2")" up; fi
}

# ecmp_route FAM PREFIX X...: a route to PREFIX through the paths X...
# (weight 1 each), added or replacing the one there
ecmp_route() {
	local fam=$1 pfx=$2 x args=() nhs=()
	shift 2
	if xronly; then
		for x in "$@"; do args+=(nexthop via "$(ecmp_gw "$fam" "$x")" dev "r-n$x" weight 1); done
		xr "$fam" route replace "$pfx" "${args[@]}"
		return
	fi
	# Linux: one next hop object per path, a resilient group of them
	for x in "$@"; do
		ip -n "$R" nexthop replace id "$x$x" via "$(ecmp_gw "$fam" "$x")" dev "r-n$x" || return 1
		nhs+=("$x$x")
	done
	local grp=${nhs[*]}
	ip -n "$R" nexthop replace id 1000 group "${grp// //}" type resilient buckets 128 || return 1
	ip -n "$R" "$fam" route replace "$pfx" nhid 1000
}

# ecmp_policy FAM l3|l4: the multipath hash policy of FAM
ecmp_policy() {
	if xronly; then xr "$1" route multipath hash-policy "$2"; return; fi
	local p=0 f=ipv4
	[ "$2" = l4 ] && p=1
	[ "$1" = -6 ] && f=ipv6
	in_r sysctl -qw "net.$f.fib_multipath_hash_policy=$p"
}

# path_bytes: the bytes each nX received from r (its link up), one a line
path_bytes() {
	local x
	for x in $(seq "$ECMP_PATHS"); do in_n "$x" cat /sys/class/net/up/statistics/rx_bytes; done
}

# tcp_path DST SPORT BYTES: BYTES of random data from h1 (source port
# SPORT) to h2 at DST over TCP; succeeds when they arrive intact (SHA-256)
# with one path carrying them: at least BYTES through its nX, under 64
# KiB through each other one. Sets TCP_PATH to that X.
# shellcheck disable=SC2034  # TCP_PATH is for the caller
tcp_path() {
	local data=$TMP/tcp-data recv=$TMP/tcp-recv before after x n=0 b a
	head -c "$3" /dev/urandom >"$data"
	mapfile -t before < <(path_bytes)
	TCP_PATH=
	topo_tcp "$1" "$data" "$recv" "$2" || return 1
	mapfile -t after < <(path_bytes)
	for x in $(seq "$ECMP_PATHS"); do
		b=${before[x - 1]} a=${after[x - 1]}
		if [ $((a - b)) -ge "$3" ]; then TCP_PATH=$x; n=$((n + 1))
		elif [ $((a - b)) -ge 65536 ]; then n=$((n + 2)); fi
	done
	echo "# TCP from port $2: $(for x in $(seq "$ECMP_PATHS"); do
		printf 'n%s +%s ' "$x" $((after[x - 1] - before[x - 1])); done)"
	[ "$n" -eq 1 ] && cmp -s "$data" "$recv"
}

# flows_run OUT FLOWS PPS SECS SRCS [CMD...]: numbered UDP flows from h1
# (sources SRCS, comma separated, or "" for h1's own address; source
# ports from 20000) to h2 (2001:db8:100::1 when SRCS or $FAM says IPv6,
# else 198.18.100.1), received on h2 into OUT; CMD runs while they flow.
# The flows stop when CMD ends (else after SECS). Sets SENT (datagrams
# per flow) and NFLOWS (FLOWS), adds OUT to FLOW_OUTS (every run's).
FLOW_OUTS=()
flows_run() {
	local out=$1 nflows=$2 pps=$3 secs=$4 srcs=$5 dst=198.18.100.1 spid rpid
	shift 5
	[ "${FAM:--4}" = -6 ] && dst=2001:db8:100::1
	rm -f "$TMP/ready"
	ip netns exec "$H2" "$PY" "$FLOWS" recv 7000 "$TMP/ready" "$out" &
	rpid=$!
	for _ in $(seq 100); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
	ip netns exec "$H1" "$PY" "$FLOWS" send "$dst" 7000 "$nflows" "$pps" "$secs" "$srcs" >"$TMP/sent" &
	spid=$!
	if [ $# -gt 0 ]; then "$@"; kill -TERM "$spid"; fi
	wait "$spid"
	sleep 0.3
	kill -TERM "$rpid"
	wait "$rpid"
	SENT=$(sed -n 's/^sent //p' "$TMP/sent") NFLOWS=$nflows
	FLOW_OUTS+=("$out")
	[ -n "$SENT" ] && [ -s "$out" ]
}

flows_check() { "$PY" "$FLOWS" "$@"; }   # onepath|moved|paths OUT ...

# flows_whole OUT: every flow of OUT whole (all SENT, in order) on one
# link; WHOLE says how many flows each link carried ("eth1=30 eth2=34")
flows_whole() {
	local out
	out=$(flows_check onepath "$1" "$NFLOWS" "$SENT")
	local rc=$?
	echo "$out"
	WHOLE=${out#*: }
	return $rc
}
whole_links() { sed 's/=[0-9]*//g' <<<"$WHOLE"; }   # "eth1 eth2"
whole_spread() { # N LINK...: the flows went over exactly LINK..., N or more on each
	local kv
	[ "$(whole_links)" = "${*:2}" ] || return 1
	for kv in $WHOLE; do [ "${kv#*=}" -ge "$1" ] || return 1; done
}

# member_dead X [not]: within 4 s, r's multipath route shows its member
# through nX dead (or, with "not", no longer dead); $TMP/show holds the
# last `route show`. With ECMP_LINUX, 1.5 s.
member_dead() {
	local want=0 end=$((SECONDS + 4))
	[ "${2:-}" = not ] && want=1
	if ! xronly; then sleep 1.5; return 0; fi
	while [ "$SECONDS" -le "$end" ]; do
		xr "$FAM" route show >"$TMP/show"
		grep -q "nexthop .*dev r-n$1 .*dead" "$TMP/show"
		[ $? -eq "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

# fast_stats: "FORW EXC", r's fast path counters (xdp-router stats -j):
# datagrams it forwarded in $FAM (Ip.ForwDatagrams, Ip6.Ip6OutForwDatagrams)
# and its exceptions (every reason, both families)
fast_stats() {
	local key=Ip.ForwDatagrams
	[ "${FAM:--4}" = -6 ] && key=Ip6.Ip6OutForwDatagrams
	xr -j stats | "$PY" -c '
import json, sys
s, (g, c) = json.load(sys.stdin), sys.argv[1].split(".")
print(s[g][c], sum(s["Exceptions"].values()))' "$key"
}

# failing_run X OUT FLOWS PPS SECS SRCS CMD...: flows_run while CMD makes
# the member through nX fail. The exceptions r's fast path raised
# meanwhile go to EXC_WIN; EXC_MAX grows by the datagrams that the flows
# of nX (those OUT or else $TMP/before, the same flows with nX usable,
# had on ethX) sent: only they can be punted while nX's member fails
EXC_WIN=0 EXC_MAX=0
failing_run() {
	local x=$1 e0 e1 n ref
	shift
	xronly && read -r _ e0 < <(fast_stats)
	flows_run "$@"
	xronly || return 0
	read -r _ e1 < <(fast_stats)
	ref=$1
	[ "$(flows_check count "$ref" "eth$x")" -gt 0 ] || ref=$TMP/before
	n=$(flows_check count "$ref" "eth$x")
	EXC_WIN=$((EXC_WIN + e1 - e0)) EXC_MAX=$((EXC_MAX + n * SENT))
}
