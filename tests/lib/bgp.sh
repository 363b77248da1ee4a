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

# bgp_test_init KEEPVAR: how the BGP tests start: TMP a new directory
# the FRR daemons (user frr) can enter too; on exit (also TERM, INT) the
# xdp-router daemon (DPID) killed, every BGP daemon, the namespaces and
# TMP removed, unless the variable named KEEPVAR is set (BIRD_KEEP=1,
# FRR_KEEP=1 keep it: configurations, logs, captures)
bgp_test_init() {
	BGP_KEEP_VAR=$1
	TMP=$(mktemp -d) && chmod 755 "$TMP" || return 1
	DPID=
	trap bgp_cleanup EXIT
	trap 'exit 1' TERM INT
}
bgp_cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	bgp_kill_all
	bgp_peers_down
	topo_down
	if [ -n "${!BGP_KEEP_VAR:-}" ]; then echo "# kept $TMP"; else rm -rf "$TMP"; fi
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

# ---------------------------------------------------------------- FRR

# Debian's FRR 8.4 (/usr/lib/frr/{zebra,bgpd}). Each instance has its
# own directory DIR: DAEMON.conf, DAEMON.pid, DAEMON.vty (the vty socket
# vtysh talks to), zserv (zebra's API socket, bgpd's way to zebra),
# DAEMON.log. The daemons drop to frr:frr (their vty sockets go to the
# group frrvty, which root is not in: they cannot keep root), so DIR
# belongs to frr. No TCP vty (-P 0). They run in the foreground of their
# namespace, each pid in BGP_PIDS (bgp_kill_all).
FRR_BIN=${FRR_BIN:-/usr/lib/frr}

frr_dir() { mkdir -p "$1" && chown frr:frr "$1"; } # DIR: an instance's

# frr_start NS DIR DAEMON [ARGS]: DAEMON (zebra, bgpd) in NS with
# DIR/DAEMON.conf; until its vty socket is there (10 s at most)
frr_start() {
	local ns=$1 dir=$2 d=$3
	shift 3
	rm -f "$dir/$d.vty"
	chown frr:frr "$dir/$d.conf" || return 1
	ip netns exec "$ns" "$FRR_BIN/$d" -f "$dir/$d.conf" -i "$dir/$d.pid" \
		-z "$dir/zserv" --vty_socket "$dir" -u frr -g frr -P 0 \
		--log "file:$dir/$d.log" "$@" >>"$dir/$d.out" 2>&1 &
	BGP_PIDS+=($!)
	echo $! >"$dir/$d.fgpid"
	disown $!                     # no job notice when it is killed
	bgp_wait 10 test -S "$dir/$d.vty" && return 0
	echo "bgp: $d did not start in $ns (see $dir/$d.log, $d.out)" >&2
	return 1
}

# frr_stop DIR DAEMON [SIGNAL]: the daemon frr_start started, by its pid
# (SIGTERM unless SIGNAL), until it is gone (10 s; then SIGKILL)
frr_stop() {
	local pid
	pid=$(cat "$1/$2.fgpid" 2>/dev/null) || return 0
	kill "-${3:-TERM}" "$pid" 2>/dev/null
	bgp_wait 10 bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null
	rm -f "$1/$2.fgpid" "$1/$2.vty"
	return 0
}

# frr_vtysh NS DIR CMD...: vtysh of the instance in DIR, one -c per CMD
frr_vtysh() {
	local ns=$1 dir=$2 c args=()
	shift 2
	for c in "$@"; do args+=(-c "$c"); done
	ip netns exec "$ns" vtysh --vty_socket "$dir" "${args[@]}"
}

# frr_peer_conf ASN ID NBR4 NBR6 RASN: a bgpd that announces the
# prefixes of stdin (one a line, either family) to NBR4 and NBR6 in AS
# RASN. It runs without zebra (bgpd -Z): `network` needs no route of its
# own (no import-check). What it announces passes the prefix list ANN4 /
# ANN6 (permit any at first): a withdrawal is a deny put in front
# (frr_withdraw).
frr_peer_conf() {
	local asn=$1 id=$2 n4=$3 n6=$4 rasn=$5 nets
	nets=$(cat)
	cat <<-EOF
	router bgp $asn
	 bgp router-id $id
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 neighbor $n4 remote-as $rasn
	 neighbor $n4 timers connect 1
	 neighbor $n6 remote-as $rasn
	 neighbor $n6 timers connect 1
	 address-family ipv4 unicast
	$(grep -v : <<<"$nets" | sed 's/^/  network /')
	  neighbor $n4 route-map ANN4 out
	  no neighbor $n6 activate
	 exit-address-family
	 address-family ipv6 unicast
	$(grep : <<<"$nets" | sed 's/^/  network /')
	  neighbor $n6 activate
	  neighbor $n6 route-map ANN6 out
	 exit-address-family
	ip prefix-list ANN4 seq 1000 permit any
	ipv6 prefix-list ANN6 seq 1000 permit any
	route-map ANN4 permit 10
	 match ip address prefix-list ANN4
	route-map ANN6 permit 10
	 match ipv6 address prefix-list ANN6
	EOF
}

# frr_withdraw NS DIR SEQ PREFIX: the peer in DIR stops announcing the
# prefixes PREFIX covers, at once (clear soft out)
frr_withdraw() {
	local pl="ip prefix-list ANN4" le=32
	[[ $4 == *:* ]] && pl="ipv6 prefix-list ANN6" le=128
	frr_vtysh "$1" "$2" "configure terminal" "$pl seq $3 deny $4 le $le" "end" \
		"clear bgp * soft out" >/dev/null
}

# frr_router_conf ASN ID NBR/ASN...: r's bgpd, eBGP with each neighbour
# (IPv4 neighbours for IPv4 only, IPv6 ones for IPv6), up to 8 equal
# paths multipath whatever their AS
frr_router_conf() {
	local asn=$1 id=$2 n
	shift 2
	printf 'router bgp %s\n bgp router-id %s\n no bgp ebgp-requires-policy\n' "$asn" "$id"
	echo " bgp bestpath as-path multipath-relax"
	for n in "$@"; do
		echo " neighbor ${n%/*} remote-as ${n#*/}"
		echo " neighbor ${n%/*} timers connect 1"
	done
	for af in ipv4 ipv6; do
		echo " address-family $af unicast"
		echo "  maximum-paths 8"
		for n in "$@"; do
			[[ ${n%/*} == *:* ]] || continue
			[ "$af" = ipv4 ] && echo "  no neighbor ${n%/*} activate"
			[ "$af" = ipv6 ] && echo "  neighbor ${n%/*} activate"
		done
		echo " exit-address-family"
	done
}

# frr_json NS DIR FAM: zebra's BGP routes of family FAM (-4, -6), JSON
frr_json() {
	local ip=ip
	[ "$3" = -6 ] && ip=ipv6
	frr_vtysh "$1" "$2" "show $ip route bgp json"
}

# frr_count NS DIR FAM: how many of them are selected and in zebra's FIB
# (installed in the kernel, or with FPM only, sent)
frr_count() {
	frr_json "$@" | jq '[.[][] | select(.selected == true and .installed == true)] | length'
}

# frr_wait NS DIR FAM N [SECONDS]: until frr_count is N (60 s at most)
frr_wait() {
	bgp_wait "${5:-60}" frr_is "$@" && return 0
	echo "bgp: zebra in $1 has $(frr_count "$1" "$2" "$3") $3 BGP routes, not $4" >&2
	return 1
}
frr_is() { [ "$(frr_count "$1" "$2" "$3")" = "$4" ]; }

# frr_table NS DIR FAM: zebra's selected BGP routes and their active next
# hops as bgp_table_norm writes routes. Zebra gives every route it
# writes to the kernel (or FPM) the metric 20 (RTA_PRIORITY: its
# ROUTE_INSTALLATION_METRIC), whatever the BGP MED.
frr_table() {
	frr_json "$@" | jq -r '.[][] | select(.selected == true) | .prefix + " metric=20 " +
		([.nexthops[] | select(.active == true) | "\(.ip // "-")@\(.interfaceName)" +
			(if (.weight // 1) != 1 then "*\(.weight)" else "" end)] |
			sort | join(" "))' | LC_ALL=C sort
}

# The FRR scenario (test_ksync_frr.sh, test_fpm_frr.sh) on bgp_peers_up's
# topology: r (AS 65000, zebra and bgpd) peers with p1 (AS 65001) and p2
# (AS 65002) in both families. p1 announces 4096 IPv4 and 256 IPv6
# prefixes of its own, p2 512 and 32; both announce 256 and 32 more
# (ECMP through both). bgp_prefixes4/6 from these firsts:
FRR_P1_4=0 FRR_BOTH_4=5000 FRR_P2_4=6000
FRR_P1_6=0 FRR_BOTH_6=1024 FRR_P2_6=2048
FRR_N4=$((4096 + 256 + 512)) FRR_N6=$((256 + 32 + 32))

frr_peer_nets() { # X: what pX announces
	if [ "$1" = 1 ]; then
		bgp_prefixes4 4096 "$FRR_P1_4"; bgp_prefixes6 256 "$FRR_P1_6"
	else
		bgp_prefixes4 512 "$FRR_P2_4"; bgp_prefixes6 32 "$FRR_P2_6"
	fi
	bgp_prefixes4 256 "$FRR_BOTH_4"; bgp_prefixes6 32 "$FRR_BOTH_6"
}

# frr_peers_up DIR: pX's bgpd (without zebra) in DIR/pX
frr_peers_up() {
	local x d
	for x in $(seq "$BGP_PEERS"); do
		d=$1/p$x
		frr_dir "$d" || return 1
		frr_peer_nets "$x" | frr_peer_conf "6500$x" "198.18.3$x.2" "198.18.3$x.1" \
			"2001:db8:3$x::1" 65000 >"$d/bgpd.conf"
		frr_start "$(bgp_ns_p "$x")" "$d" bgpd -Z || return 1
	done
}

# frr_r_conf DIR [ZEBRA_LINES]: r's zebra.conf (ZEBRA_LINES: FPM's, one
# a line) and bgpd.conf in DIR
frr_r_conf() {
	frr_dir "$1" || return 1
	printf 'hostname r\n%s\n' "${2:-}" >"$1/zebra.conf"
	frr_router_conf 65000 198.18.31.1 198.18.31.2/65001 198.18.32.2/65002 \
		2001:db8:31::2/65001 2001:db8:32::2/65002 >"$1/bgpd.conf"
}

# frr_r_up DIR [ZEBRA_ARGS]: r's zebra (with ZEBRA_ARGS) then its bgpd
frr_r_up() {
	local d=$1
	shift
	frr_start "$R" "$d" zebra "$@" && frr_start "$R" "$d" bgpd
}

# frr_xr_table FAM: r's xdp-router routes from BGP, as bgp_table_norm
frr_xr_table() {
	in_r "$XDP_ROUTER" -j "$1" route show | bgp_table_norm bgp
}

# frr_kernel_table FAM: r's kernel routes from BGP (main table), likewise
frr_kernel_table() {
	in_r ip -j "$1" route show table main | bgp_table_norm bgp
}

# frr_forwarded: "FAST KERNEL", datagrams of both families r's fast
# path forwarded (xdp-router stats) and r's kernel (/proc/net/snmp,
# snmp6)
frr_forwarded() {
	local fast k4 k6
	fast=$(in_r "$XDP_ROUTER" -j stats | jq '.Ip.ForwDatagrams + .Ip6.Ip6OutForwDatagrams')
	k4=$(in_r awk '/^Ip: [0-9]/ { print $7 }' /proc/net/snmp)
	k6=$(in_r awk '$1 == "Ip6OutForwDatagrams" { print $2 }' /proc/net/snmp6)
	echo "$fast" $((k4 + k6))
}

# frr_udp DIR TABLE N: one UDP datagram (port 5555) from h1 to the .1
# (::1) of each of N random routes of TABLE (bgp_table_norm lines),
# captured at p1 and p2 (files in DIR). Passes when each arrived once, at
# a peer its route names, as the fast path writes it: from r-pX's MAC to
# pX's, TTL (hop limit) 63, checksums good (tcpdump -vv); says what it
# found on stderr otherwise.
frr_udp() {
	local d=$1 x pfx pids=()
	shuf -n "$3" "$2" >"$d/sample"
	while read -r pfx _; do bgp_host "$pfx"; done <"$d/sample" >"$d/dsts"
	for x in 1 2; do
		in_p "$x" timeout 30 tcpdump -i eth0 -n -U -w "$d/cap$x" "udp dst port 5555" \
			2>"$d/cap$x.err" &
		pids+=($!)
	done
	if ! bgp_wait 10 grep -q listening "$d/cap1.err" || ! bgp_wait 10 grep -q listening "$d/cap2.err"; then
		echo "# frr_udp: tcpdump did not start at the peers" >&2
		kill "${pids[@]}" 2>/dev/null
		wait "${pids[@]}" 2>/dev/null
		return 1
	fi
	in_h1 bash -c 'while read -r a; do printf xdp-router-frr >"/dev/udp/$a/5555"; done' <"$d/dsts"
	bgp_wait 5 frr_captured "$d" "$3"
	sleep 0.3                      # a duplicate would come now
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	frr_udp_verdict "$d"
}

frr_captured() { # DIR N: p1's and p2's captures hold N frames together
	local n=0 x
	for x in 1 2; do
		n=$((n + $(tcpdump -r "$1/cap$x" -n 2>/dev/null | wc -l)))
	done
	[ "$n" -ge "$2" ]
}

# frr_udp_verdict DIR: frr_udp's checks over DIR/sample and DIR/cap1, 2
frr_udp_verdict() {
	local x
	for x in 1 2; do
		tcpdump -r "$1/cap$x" -n -e -vv 2>/dev/null |
			awk -v x="$x" '/^[0-9]/ { if (l != "") print x, l; l = $0; next }
				{ l = l " " $0 } END { if (l != "") print x, l }'
	done >"$1/frames"
	/usr/bin/python3 - "$1" "$(topo_mac "$R" r-p1)" "$(topo_mac "$(bgp_ns_p 1)" eth0)" \
		"$(topo_mac "$R" r-p2)" "$(topo_mac "$(bgp_ns_p 2)" eth0)" <<-'EOF'
	import re, sys
	d, macs = sys.argv[1], {"1": sys.argv[2:4], "2": sys.argv[4:6]}
	want = {}
	for line in open(d + "/sample"):
	    pfx, *hops = line.split()
	    a = pfx.split("/")[0]
	    host = a.split("::")[0] + "::1" if ":" in a else a.rsplit(".", 1)[0] + ".1"
	    want[host] = {h.split("@")[1][-1] for h in hops if "@" in h}
	got, errs = {}, []
	for f in open(d + "/frames"):
	    x, rest = f.split(" ", 1)
	    m = re.search(r"> ([0-9a-f.:]+)\.5555:", rest)
	    dst = m.group(1) if m else "?"
	    got[dst] = got.get(dst, 0) + 1
	    src, dmac = macs[x]
	    if dst not in want or x not in want[dst]:
	        errs.append("%s at p%s, not a peer its route names" % (dst, x))
	    if "%s > %s" % (src, dmac) not in rest:
	        errs.append("%s at p%s: MACs not r-p%s's > p%s's" % (dst, x, x, x))
	    if not re.search(r"(ttl|hlim) 63[,)]", rest):
	        errs.append("%s at p%s: TTL not 63" % (dst, x))
	    if "udp sum ok" not in rest or "bad cksum" in rest:
	        errs.append("%s at p%s: a checksum is wrong" % (dst, x))
	errs += ["%s: arrived %d times" % (a, got.get(a, 0)) for a in want if got.get(a, 0) != 1]
	for e in errs[:10]:
	    print("# frr_udp:", e, file=sys.stderr)
	sys.exit(1 if errs else 0)
	EOF
}

# The checks test_ksync_frr.sh and test_fpm_frr.sh share (they use
# lib.sh's check): files in FRR_TMP, r's FRR instance in FRR_TMP/r;
# FRR_KERNEL=1: r's kernel holds what xdp-router follows (kernel sync),
# its table is compared too.

# frr_refs: zebra's BGP routes of both families (FRR_TMP/z-4, z-6) and,
# with FRR_KERNEL, the kernel's the same (k-4, k-6); their difference
# (6 lines at most) in FRR_TMP/diff
frr_refs() {
	local t=$FRR_TMP f
	for f in -4 -6; do
		frr_table "$R" "$t/r" "$f" >"$t/z$f" || return 1
		[ -n "${FRR_KERNEL:-}" ] || continue
		frr_kernel_table "$f" >"$t/k$f" || return 1
		diff "$t/z$f" "$t/k$f" | grep '^[<>]' | head -6 >"$t/diff"
		[ -s "$t/diff" ] && return 1
	done
	return 0
}

# frr_xr_read: xdp-router's BGP routes in FRR_TMP/x-4, x-6; frr_xr_same:
# they are zebra's (the last frr_refs), and some, the difference (6
# lines at most) in FRR_TMP/diff
frr_xr_read() { frr_xr_table -4 >"$FRR_TMP/x-4" && frr_xr_table -6 >"$FRR_TMP/x-6"; }
frr_xr_same() {
	local t=$FRR_TMP f
	for f in -4 -6; do
		diff "$t/z$f" "$t/x$f" | grep '^[<>]' | head -6 >"$t/diff"
		[ ! -s "$t/diff" ] && [ -s "$t/z$f" ] || return 1
	done
}

# frr_mirrored WHAT N4 N6 [SECS]: zebra has N4 and N6 BGP routes (60 s
# at most), and within SECS (5) s of zebra's table (and the kernel's, the
# same) settling on them, route show equals it: two checks. Each round
# reads route show (at time T), then zebra's and the kernel's tables (at
# R); the time R of the first round that read what the references hold
# at the end is when they were seen settled, and the time printed is T
# of the round that read route show equal, less that (0 when route show
# was equal before the references were even read). 30 s and 40 rounds
# at most.
frr_mirrored() {
	local t k rc=0 what=zebra sum prev= tk= end=$((SECONDS + 30))
	[ -n "${FRR_KERNEL:-}" ] && what="zebra's table and ip route"
	frr_wait "$R" "$FRR_TMP/r" -4 "$2" && frr_wait "$R" "$FRR_TMP/r" -6 "$3" || rc=1
	check "$1: zebra has $2 IPv4 and $3 IPv6 BGP routes" test $rc -eq 0
	for _ in $(seq 40); do
		t=$EPOCHREALTIME
		frr_xr_read
		k=$EPOCHREALTIME
		if frr_refs; then
			sum=$(cat "$FRR_TMP/z-4" "$FRR_TMP/z-6" | cksum)
			[ "$sum" = "$prev" ] || tk=$k prev=$sum
			frr_xr_same && break
		else
			tk= prev=
		fi
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.2
	done
	if [ -z "$tk" ]; then
		rc=1
		sed 's/^/# zebra < > kernel: /' "$FRR_TMP/diff"
	elif ! frr_xr_same; then
		rc=1
		sed 's/^/# zebra < > xdp-router: /' "$FRR_TMP/diff"
	fi
	t=$(frr_elapsed "${tk:-$t}" "$t")
	check "... route show equals $what within ${4:-5} s of it settling (read equal after $t s)" \
		test $rc -eq 0 -a "${t%.*}" -lt "${4:-5}"
}

# frr_elapsed T0 T1: seconds from T0 to T1 ($EPOCHREALTIME values), 0.01,
# 0 when T1 is before T0
frr_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > a ? b - a : 0) }'; }

# frr_traffic N WHAT: UDP datagrams to N random IPv4 routes and N/2 IPv6
# ones of xdp-router's last tables (frr_xr_same), forwarded by the fast
# path (frr_udp: each at a peer its route names, as written), none by
# r's kernel: two checks. Neighbours first: r's kernel has h1's (h1's
# pings) and the peers' (the BGP sessions), so nothing waits for
# resolution.
frr_traffic() {
	local f0 k0 f1 k1 n d=$FRR_TMP/udp-${2// /-}
	in_h1 ping -c 1 -W 1 198.18.1.1 >/dev/null
	in_h1 ping -6 -c 1 -W 1 2001:db8:1::1 >/dev/null
	mkdir -p "$d"
	{ shuf -n "$1" "$FRR_TMP/x-4"; shuf -n $(($1 / 2)) "$FRR_TMP/x-6"; } >"$d/routes"
	n=$(wc -l <"$d/routes")
	read -r f0 k0 < <(frr_forwarded)
	check "UDP to $n random learnt prefixes ($2; $(grep -c : "$d/routes") IPv6): each at a peer its route names, from r's MAC to the peer's, TTL 63, checksums good" \
		frr_udp "$d" "$d/routes" "$n"
	read -r f1 k1 < <(frr_forwarded)
	check "... the fast path forwarded them (ForwDatagrams +$((f1 - f0)) >= $n), r's kernel none (+$((k1 - k0)))" \
		test $((f1 - f0)) -ge "$n" -a "$k1" -eq "$k0"
}

# frr_test_init: how test_ksync_frr.sh and test_fpm_frr.sh start
# (bgp_test_init; FRR_KEEP=1 keeps TMP), FRR_TMP that TMP
frr_test_init() { bgp_test_init FRR_KEEP && FRR_TMP=$TMP; }

# frr_setup: bgp_peers_up's topology, r's kernel forwarding on (as on a
# real router: what the fast path does not carry, its counters show),
# h1's checksums in software (docs/testing.md); frr_attach: r's links
# to h1, p1, p2 attached
frr_setup() {
	bash "$ROOT/scripts/bpffs.sh"
	topo_up && topo6_up && bgp_peers_up || return 1
	in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	in_h1 ethtool -K eth0 tx off >/dev/null
}
frr_attach() {
	xr link attach r-h1 && xr link attach r-p1 && xr link attach r-p2
}

# frr_ecmp N4 N6: N4 IPv4 and N6 IPv6 routes with two members, one
# through r-p1 and one through r-p2, in route show (frr_xr_same's last
# tables): a check
frr_ecmp() {
	local n4 n6
	n4=$(grep -c ' [^ ]*@r-p1 [^ ]*@r-p2$' "$FRR_TMP/x-4")
	n6=$(grep -c ' [^ ]*@r-p1 [^ ]*@r-p2$' "$FRR_TMP/x-6")
	check "ECMP: $n4 IPv4 and $n6 IPv6 routes with two members (r-p1, r-p2), of $1 and $2" \
		test "$n4" -eq "$1" -a "$n6" -eq "$2"
}

frr_ks() { xr -j stats | jq ".KernelSync.$1"; } # NAME: a counter of the mirror's
