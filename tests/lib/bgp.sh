# shellcheck shell=bash
# BGP daemons in network namespaces for the kernel-sync and FPM tests
# (tests/integration/test_ksync_bird.sh, test_ksync_frr.sh,
# test_fpm_frr.sh) and the demo. Functions named bird_ drive BIRD 2
# (Debian's bird2: /usr/sbin/bird, birdc), frr_ ones FRR; bgp_ ones are
# common. Every daemon runs in the foreground of its namespace with its
# own configuration, control socket and pid file under a directory of
# the test's (never the host's /run), and is killed by pid
# (bgp_kill_all, for the test's EXIT trap).

BGP_PIDS=()

# bgp_wait SECS CMD...: until CMD succeeds, SECS seconds (and 20 tries a
# second) at most; fails when it never did
bgp_wait() {
	local end=$((SECONDS + $1)) n=$((20 * $1 + 1))
	shift
	for _ in $(seq "$n"); do
		"$@" && return 0
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.05
	done
	return 1
}

# bgp_kill_all: SIGKILL to every daemon bird_start (or frr_*) started,
# and reap them
bgp_kill_all() {
	local p
	for p in "${BGP_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	for p in "${BGP_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	BGP_PIDS=()
}

# bgp_prefixes4 N [FIRST]: N IPv4 /24s from 10.0.0.0/8, the FIRST-th
# (0 by default) on, one a line: 10.A.B.0/24 with B = i % 250, A = i / 250
bgp_prefixes4() {
	awk -v n="$1" -v f="${2:-0}" 'BEGIN {
		for (i = f; i < f + n; i++) printf "10.%d.%d.0/24\n", int(i / 250), i % 250 }'
}

# bgp_prefixes6 N [FIRST]: N IPv6 /48s from 2001:db8:8000::/33, one a line
bgp_prefixes6() {
	awk -v n="$1" -v f="${2:-0}" 'BEGIN {
		for (i = f; i < f + n; i++) printf "2001:db8:%x::/48\n", 32768 + i }'
}

# bgp_host PREFIX: the prefix's address .1 (::1), one a learnt route covers
bgp_host() {
	case $1 in
	*:*) echo "${1%%::/*}::1" ;;
	*) local a=${1%/*}; echo "${a%.*}.1" ;;
	esac
}

# bgp_table_norm [PROTO,...]: a JSON route list on stdin, from `ip -j
# route show` or `xdp-router -j route show`, as sorted lines "PREFIX
# [metric=N] NEXTHOP..." where each next hop is GATEWAY@DEV (members
# sorted, weight when not 1, a member's dead flag kept), unicast only,
# prefixes always with their length ("default" is 0.0.0.0/0 or ::/0),
# the metric when not 0; only routes of the protocols PROTO (ip's names;
# ip leaves out "boot", its default) when given. Both tools' output
# compare equal line for line when they hold the same routes.
bgp_table_norm() {
	/usr/bin/python3 -c "$BGP_NORM_PY"'
sys.stdout.write(lines(json.load(sys.stdin), sys.argv[1:2]))' "$@"
}

# bgp_same PROTO,... KJSON XJSON [KJSON XJSON]...: each pair of route
# lists (files of `ip -j route show`, `xdp-router -j route show`) holds
# the same routes of the protocols PROTO, and some: as bgp_table_norm,
# whose lines it writes beside each file (FILE.txt); the first lines
# that differ on stdout ("< " the first file's, "> " the second's). One
# process for all, so that it can be polled.
bgp_same() {
	/usr/bin/python3 -c "$BGP_NORM_PY"'
rc, protos = 0, sys.argv[1:2]
for k, x in zip(sys.argv[2::2], sys.argv[3::2]):
    t = []
    for f in (k, x):
        t.append(lines(json.load(open(f)), protos))
        open(f + ".txt", "w").write(t[-1])
    a, b = set(t[0].splitlines()), set(t[1].splitlines())
    d = ["< " + l for l in sorted(a - b)] + ["> " + l for l in sorted(b - a)]
    print("\n".join(d[:6]))
    rc |= bool(d) or not a
sys.exit(rc)' "$@"
}

BGP_NORM_PY='
import json, sys
def hop(h):
    s = "%s@%s" % (h.get("gateway", "-"), h.get("dev", "-"))
    if h.get("weight", 1) != 1:
        s += "*%d" % h["weight"]
    if "dead" in h.get("flags", []):
        s += "!dead"
    return s
def pfx(r):
    d, six = r["dst"], ":" in json.dumps(r)
    if d == "default":
        return "::/0" if six else "0.0.0.0/0"
    if "/" not in d:
        d += "/128" if ":" in d else "/32"
    return d
def line(r):
    hops = r["nexthops"] if "nexthops" in r else [r]
    m = ["metric=%d" % r["metric"]] if r.get("metric") else []
    return " ".join([pfx(r)] + m + sorted(hop(h) for h in hops))
def lines(routes, protos):
    keep = protos[0].split(",") if protos else None
    out = sorted(line(r) for r in routes if r.get("type", "unicast") == "unicast" and
                 (keep is None or r.get("protocol", "boot") in keep))
    return "".join(l + "\n" for l in out)
'

# ---------------------------------------------------------------- BIRD

# bird_start NS DIR NAME: BIRD in NS with DIR/NAME.conf, its socket
# DIR/NAME.ctl, pid file DIR/NAME.pid, log DIR/NAME.log; waits until it
# answers on its socket (5 s at most)
bird_start() {
	local ns=$1 d=$2 n=$3
	ip netns exec "$ns" bird -f -c "$d/$n.conf" -s "$d/$n.ctl" -P "$d/$n.pid" \
		>>"$d/$n.log" 2>&1 &
	BGP_PIDS+=($!)
	bgp_wait 5 bird_c "$d/$n.ctl" show status >/dev/null 2>&1
}

bird_c() { birdc -s "$@"; }   # SOCK COMMAND...: birdc on SOCK

# bird_established SOCK PROTO...: each BGP protocol PROTO is Established
bird_established() {
	local s=$1 p
	shift
	for p in "$@"; do
		bird_c "$s" show protocols "$p" | grep -q "Established" || return 1
	done
}

# bird_configure SOCK: BIRD rereads its configuration (and its includes)
bird_configure() {
	bird_c "$1" configure | grep -q "Reconfigured\|Reconfiguration in progress"
}

# bird_static FILE: `route PREFIX blackhole;` for each prefix on stdin
# into FILE (BIRD's static protocol announces them)
bird_static() {
	sed 's/.*/route & blackhole;/' >"$1"
}

# bird_peer_conf FILE ID AS ROUTES4 ROUTES6 NAME:LOCAL:PEER:PEERAS...:
# a BIRD that announces the static routes of ROUTES4 and ROUTES6
# (bird_static files) over a direct eBGP session per NAME:LOCAL:PEER:
# PEERAS (an IPv6 LOCAL makes an IPv6 session, LOCAL's '|' for ':'),
# with next hop self, and imports nothing. Fast timers: a session
# comes back within about 2 s.
bird_peer_conf() {
	local f=$1 id=$2 as=$3 r4=$4 r6=$5 s
	shift 5
	{
		bird_head "$id"
		# BIRD takes an include only at the start of a line
		printf 'protocol static st4 {\n\tipv4;\ninclude "%s";\n}\n' "$r4"
		printf 'protocol static st6 {\n\tipv6;\ninclude "%s";\n}\n' "$r6"
		for s in "$@"; do bird_session "$as" "$s" "export where source = RTS_STATIC; import none"; done
	} >"$f"
}

# bird_router_conf FILE ID AS NAME:LOCAL:PEER:PEERAS...: a BIRD that
# imports every route its eBGP peers announce and exports them to the
# kernel's main table (IPv4 and IPv6, `merge paths on`: equal routes
# from several peers are one multipath route), and announces nothing
bird_router_conf() {
	local f=$1 id=$2 as=$3 s
	shift 3
	{
		bird_head "$id"
		echo "protocol kernel k4 { ipv4 { import none; export all; }; merge paths on; scan time 5; }"
		echo "protocol kernel k6 { ipv6 { import none; export all; }; merge paths on; scan time 5; }"
		for s in "$@"; do bird_session "$as" "$s" "import all; export none"; done
	} >"$f"
}

# bird_head ID: the start of a configuration: router id, log to stderr
# (bird_start's log file), interfaces scanned every second
bird_head() {
	echo "router id $1;"
	echo "log stderr all;"
	echo "protocol device { scan time 1; }"
}

# bird_session AS NAME:LOCAL:PEER:PEERAS FILTERS: one protocol bgp
bird_session() {
	local as=$1 name src peer pas fam=ipv4
	IFS=: read -r name src peer pas <<<"$2"
	src=${src//|/:} peer=${peer//|/:}
	[[ $src == *:* ]] && fam=ipv6
	cat <<-EOF
	protocol bgp $name {
		local $src as $as;
		neighbor $peer as $pas;
		direct;
		hold time 6; keepalive time 2;
		connect delay time 1; connect retry time 1; error wait time 1, 2;
		$fam { $3; next hop self; };
	}
	EOF
}

# ---------------------------------------------------------------- topology

# The peers of the BGP tests, on top of topo_up and topo6_up
# (tests/lib/topo.sh): namespaces pX (X = 1, 2) behind r,
#
#   r (r-pX 198.18.3X.1/24 2001:db8:3X::1/64) --- (eth0 198.18.3X.2/24 2001:db8:3X::2/64) pX
#
# each accepting every address of 10.0.0.0/8 and 2001:db8:8000::/33
# (AnyIP: local routes on lo) as its own, so that a datagram to a
# learnt prefix is delivered there, and routing h1's subnets back
# through r. r and the peers keep their IPv6 addresses while a link is
# down (keep_addr_on_down): a BGP session over IPv6 comes back with it.
# pX's eth0 gets GRO (it takes frames r's XDP program redirects, as the
# hosts' ends in topo_up).
BGP_PEERS=2
bgp_ns_p() { echo "xr-p$1-$TOPO_ID"; }   # X: pX's namespace
in_p() { local x=$1; shift; ip netns exec "$(bgp_ns_p "$x")" "$@"; }

bgp_peers_up() {
	local x
	in_r sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 || return 1
	for x in $(seq "$BGP_PEERS"); do bgp_peer_up "$x" || return 1; done
	for x in $(seq "$BGP_PEERS"); do
		topo_wait_up "$R" "r-p$x" && topo_wait_up "$(bgp_ns_p "$x")" eth0 || return 1
	done
}

bgp_peer_up() { # X
	local x=$1 p
	p=$(bgp_ns_p "$x")
	ip netns add "$p" || return 1
	ip netns exec "$p" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.keep_addr_on_down=1 || return 1
	ip link add "r-p$x" netns "$R" type veth peer name eth0 netns "$p" || return 1
	ip -n "$p" link set lo up
	topo_addr "$R" "r-p$x" "3$x" 1 && topo_addr "$p" eth0 "3$x" 2 || return 1
	ip -n "$p" route add local 10.0.0.0/8 dev lo &&
		ip -n "$p" -6 route add local 2001:db8:8000::/33 dev lo &&
		ip -n "$p" route add 198.18.1.0/24 via "198.18.3$x.1" &&
		ip -n "$p" -6 route add 2001:db8:1::/64 via "2001:db8:3$x::1" || return 1
	ip netns exec "$p" ethtool -K eth0 gro on >/dev/null
}

bgp_peers_down() {
	local x
	for x in $(seq "$BGP_PEERS"); do ip netns del "$(bgp_ns_p "$x")" 2>/dev/null; done
	return 0
}
