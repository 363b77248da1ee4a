#!/usr/bin/env bash
# The daemon following the kernel, as the CLI sees it (docs/kernel-sync.md):
# its options (each error one line, nothing started), xr_sync's mode (set
# by `daemon --kernel-sync` and `--fpm`, OFF after SIGTERM, kept after
# kill -9, cleared by a plain daemon), the CLI's refusals of route and
# neighbour writes byte for byte (also in a batch, nothing changed), `ip
# route` mirrored with its protocol and metric, and neighbours that follow
# the kernel: a next hop the fast path has no neighbour for goes to the
# kernel, which resolves it; the entry is mirrored and the fast path
# forwards; the slow path's own error asks the kernel to resolve.
source "$(dirname "$0")/lib.sh"
TOPO_ID=sync$$
H1=xr-h1-$TOPO_ID; R=xr-r-$TOPO_ID; H2=xr-h2-$TOPO_ID
XDP_ROUTER_NS="ip netns exec $R $XDP_ROUTER"
DLOG=$(mktemp); ERR=$(mktemp); BATCH=$(mktemp)
DPID=; LPID=
stop_daemon() { # SIGNAL: the daemon stopped with it, waited for
	[ -n "$DPID" ] || return 0
	kill "-$1" "$DPID" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
	{ kill -9 "$DPID"; wait "$DPID"; } 2>/dev/null
	DPID=
}
trap 'stop_daemon 9; [ -n "$LPID" ] && kill $LPID 2>/dev/null; topo_down; rm -f $DLOG $ERR $BATCH' EXIT
trap 'exit 1' TERM INT
bash "$ROOT/scripts/bpffs.sh"
topo_up && topo6_up || { bad "topology"; finish; exit 1; }
check "link attach r-h1" xr link attach r-h1
check "link attach r-h2" xr link attach r-h2

# fails NAME LINE ARGS...: xdp-router ARGS in r exits 1 with exactly
# LINE on stderr and nothing on stdout
fails() {
	local name=$1 want=$2 out rc
	shift 2
	out=$(timeout 10 ip netns exec "$R" "$XDP_ROUTER" "$@" 2>"$ERR"); rc=$?
	if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(cat "$ERR")" = "$want" ]; then
		ok "$name"
	else
		bad "$name (rc $rc, stderr: $(head -c 300 "$ERR"))"
	fi
}
# wait_for CMD...: up to 5 s for CMD to succeed
wait_for() {
	for _ in $(seq 50); do "$@" && return 0; sleep 0.1; done
	return 1
}
has_route() { $XDP_ROUTER_NS "${@:2}" route show | grep -qxF "$1"; }
no_route() { ! $XDP_ROUTER_NS "${@:2}" route show | grep -qF "$1"; }
following() { grep -q "$1" "$DLOG"; }
sync_start() { # ARGS: the daemon with ARGS, once it says what it follows
	: >"$DLOG"
	daemon_start "$DLOG" 2 "$@" && wait_for following "$WANT_LOG"
}

# ---------------------------------------------------------- bad options
E="xdp-router:"
fails "--kernel-sync with --fpm" \
	"$E --kernel-sync and --fpm exclude each other (the routes follow one source)" \
	daemon --kernel-sync --fpm 2620
fails "--table alone" "$E --table needs --kernel-sync or --fpm" daemon --table main
fails "--rcvbuf with --fpm" "$E --rcvbuf needs --kernel-sync" \
	daemon --fpm 2620 --rcvbuf 65536
fails "--table 0" "$E invalid --table \"0\" (main, local, default or 1 to 4294967295)" \
	daemon --kernel-sync --table 0
fails "--table a name ip does not know" "$E invalid --table \"mian\" (main, local, default or 1 to 4294967295)" \
	daemon --kernel-sync --table mian
fails "--rcvbuf too small" "$E invalid --rcvbuf \"100\" (4096 to 1073741824)" \
	daemon --kernel-sync --rcvbuf 100
fails "--fpm without a port" \
	"$E invalid --fpm \"127.0.0.1\" ([ADDR:]PORT, PORT 1 to 65535, an IPv6 ADDR in brackets)" \
	daemon --fpm 127.0.0.1
fails "--fpm port 0" \
	"$E invalid --fpm \"0\" ([ADDR:]PORT, PORT 1 to 65535, an IPv6 ADDR in brackets)" \
	daemon --fpm 0
fails "--kernel-sync twice" "$E --kernel-sync given twice" \
	daemon --kernel-sync --kernel-sync
fails "--table without its value" "$E missing value after \"--table\"" \
	daemon --kernel-sync --table
check "the CLI still writes routes (mode OFF)" xr route add 10.7.0.0/16 via 198.18.2.2
check "... and deletes them" xr route del 10.7.0.0/16

# A daemon that starts following between a write's checks (shared lock)
# and its write (exclusive lock) sets xr_sync with a plain map write: the
# CLI asks again under the exclusive lock. Made deterministic: a shared
# lock held on the state's directory keeps the CLI waiting for the
# exclusive one; meanwhile the mode is set (bpftool: the same plain
# write), then the lock is let go.
sdir=$(xr state show | sed -n 's/ alive .*this namespace.*//p')
GO=$(mktemp -u); HELD=$(mktemp -u)
set_mode() { # MODE: xr_sync's whole entry, zero but its mode
	bpftool map update pinned "$sdir/xr_sync" key 0 0 0 0 \
		value "$1" 0 0 0 $(printf '0 %.0s' $(seq 284))
}
cli_waits() { # the CLI blocked on an exclusive lock of the directory
	grep -qE -- "-> FLOCK +ADVISORY +WRITE +[0-9]+ +[0-9a-f]+:[0-9a-f]+:$(stat -c %i "$sdir") " /proc/locks
}
timeout 10 flock -s "$sdir" -c "touch $HELD; while [ ! -e $GO ]; do sleep 0.05; done" &
HPID=$!
wait_for test -e "$HELD"
timeout 10 ip netns exec "$R" "$XDP_ROUTER" route add 10.7.0.0/16 via 198.18.2.2 2>"$ERR" &
CPID=$!
check "race: the CLI checked and waits for the exclusive lock" wait_for cli_waits
set_mode 1
touch "$GO"
wait "$CPID"; rc=$?
wait "$HPID"
check "race: a mode set meanwhile refuses the write (rc $rc: $(cat "$ERR"))" \
	test "$rc" -eq 1 -a "$(cat "$ERR")" = "xdp-router: routes follow the kernel: use ip route"
check "... and nothing was written" no_route 10.7.0.0/16
set_mode 0
rm -f "$GO" "$HELD"

# ------------------------------------------------------- the refusals
WANT_LOG="routes (table 254) and neighbours follow the kernel"
check "daemon --kernel-sync starts" sync_start --kernel-sync
in_r ip route add 10.9.0.0/16 via 198.18.2.2 proto bgp metric 20
check "ip route add mirrored with proto and metric" \
	wait_for has_route "10.9.0.0/16 via 198.18.2.2 dev r-h2 proto bgp metric 20"
before=$($XDP_ROUTER_NS route show; $XDP_ROUTER_NS -6 route show; $XDP_ROUTER_NS neigh show)
NBM="neighbours follow the kernel: use ip neigh"
RT="$E routes follow the kernel: use ip route"
NB="$E $NBM"
fails "route add refused" "$RT" route add 10.7.0.0/16 via 198.18.2.2
fails "route add IPv6 refused" "$RT" route add 2001:db8:7::/48 via 2001:db8:2::2
fails "route add multipath refused" "$RT" \
	route add 10.7.0.0/16 nexthop via 198.18.2.2 nexthop via 198.18.1.2
fails "route replace refused" "$RT" route replace 10.9.0.0/16 via 198.18.1.2
fails "route del refused" "$RT" route del 10.9.0.0/16
fails "route flush refused" "$RT" route flush
fails "route flush -6 refused" "$RT" -6 route flush
fails "neigh add refused" "$NB" neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
fails "neigh replace refused" "$NB" \
	neigh replace 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
fails "neigh del refused" "$NB" neigh del 198.18.2.2 dev r-h2
fails "neigh flush refused" "$NB" neigh flush
printf 'route show\nroute add 10.7.0.0/16 via 198.18.2.2\n' >"$BATCH"
fails "in a batch: the line, nothing shown or applied" "$E line 2: routes follow the kernel: use ip route" \
	-batch "$BATCH"
printf 'neigh show\nneigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2\nroute del 10.9.0.0/16\n' >"$BATCH"
fails "in a batch: the first refused line" "$E line 2: $NBM" -batch "$BATCH"
after=$($XDP_ROUTER_NS route show; $XDP_ROUTER_NS -6 route show; $XDP_ROUTER_NS neigh show)
check "nothing changed by the refused commands" test "$before" = "$after"
check "reading commands work (route show, get, neigh show)" \
	bash -c "$XDP_ROUTER_NS route get 10.9.0.1 >/dev/null && $XDP_ROUTER_NS neigh show >/dev/null"
check "route multipath hash-policy is not a route: allowed" xr route multipath hash-policy l4

# ------------------------------------------- proto, metric, IPv6, JSON
in_r ip route add 10.9.0.0/16 via 198.18.1.2 proto static metric 10
check "the lower metric wins, as in the kernel's lookup" \
	wait_for has_route "10.9.0.0/16 via 198.18.1.2 dev r-h1 proto static metric 10"
in_r ip route del 10.9.0.0/16 metric 10
check "its delete brings the metric 20 route back" \
	wait_for has_route "10.9.0.0/16 via 198.18.2.2 dev r-h2 proto bgp metric 20"
in_r ip route add 10.10.0.0/16 via 198.18.2.2 proto 77
check "a protocol without a name: its number" \
	wait_for has_route "10.10.0.0/16 via 198.18.2.2 dev r-h2 proto 77"
in_r ip route del 10.10.0.0/16
check "ip route del mirrored" wait_for no_route 10.10.0.0/16
in_r ip -6 route add 2001:db8:9::/48 via 2001:db8:2::2 proto ospf
check "IPv6: proto ospf and the kernel's default metric 1024" \
	wait_for has_route "2001:db8:9::/48 via 2001:db8:2::2 dev r-h2 proto ospf metric 1024" -6
json=$($XDP_ROUTER_NS -j route show | jq -c '.[] | select(.dst == "10.9.0.0/16") | [.protocol, .metric]')
check "JSON: protocol and metric ($json)" test "$json" = '["bgp",20]'
json=$($XDP_ROUTER_NS -j route show | jq -c '.[] | select(.dst == "198.18.1.0/24") | has("metric")')
check "JSON: no metric when 0" test "$json" = false
in_r ip route add 10.12.0.0/16 via 198.18.2.2
wait_for has_route "10.12.0.0/16 via 198.18.2.2 dev r-h2"
json=$($XDP_ROUTER_NS -j route show | jq -c '.[] | select(.dst == "10.12.0.0/16") | has("protocol")')
check "JSON: no protocol for boot, as ip -j" test "$json" = false
in_r ip route del 10.12.0.0/16
js=$($XDP_ROUTER_NS -j stats | jq -c '.KernelSync | [.RouteMsgs > 0, .Dumps > 0, .BadMsgs]')
check "stats -j: KernelSync counters ($js)" test "$js" = '[true,true,0]'
check "stats: the KernelSync section" \
	bash -c "$XDP_ROUTER_NS stats | grep -qE '^KernelSync:' && $XDP_ROUTER_NS stats | grep -qE '^ +RoutesAdded +[1-9]'"
js=$($XDP_ROUTER_NS -j stats | jq -c '.KernelSync | [.Mode, .Table, .Pid, .Synced, .SyncedMsAgo >= 0]')
check "stats -j: mode, table, pid, synced ($js)" test "$js" = "[\"kernel\",254,$DPID,true,true]"
check "stats: the mirror's line under KernelSync" \
	bash -c "$XDP_ROUTER_NS stats | grep -A1 '^KernelSync:' | grep -qE '^    mode kernel table 254 pid $DPID synced [0-9]+\.[0-9]s ago$'"

# ------------------------------------ neighbours follow the kernel
# 10.9.0.1 lives on h2, behind the mirrored route. With forwarding on in
# r, the kernel forwards what the fast path cannot (no neighbour yet) and
# resolves the next hop; the mirrored entry lets the fast path forward.
in_h2 ip addr add 10.9.0.1/32 dev lo
in_r ip neigh flush dev r-h2
in_r sysctl -qw net.ipv4.ip_forward=1
fast_fwd() { $XDP_ROUTER_NS stats | awk '/^Ip:/ { g = 1 } g && $1 == "ForwDatagrams" { print $2; exit }'; }
counter() { $XDP_ROUTER_NS stats | awk -v n="$1" '$1 == n { print $2; exit }'; }
kfwd() { in_r awk '/^Ip:/ { if (h) { print $7; exit } h = 1 }' /proc/net/snmp; }
k0=$(kfwd); n0=$(counter NoNeigh)
out=$(in_h1 ping -c 3 -i 0.2 -W 1 10.9.0.1 2>&1)
check "pings to a learnt prefix answered" grep -q " 3 received" <<<"$out"
k1=$(kfwd); n1=$(counter NoNeigh)
check "NoNeigh went to the kernel ($((n1 - n0)) NoNeigh), which forwarded $((k1 - k0))" \
	test $((n1 - n0)) -ge 1 -a $((k1 - k0)) -ge 1
mirrored() { $XDP_ROUTER_NS neigh show | grep -qE "^$1 dev $2 lladdr [0-9a-f:]+ (REACHABLE|STALE|DELAY|PROBE)"; }
check "the kernel's neighbour is mirrored" wait_for mirrored 198.18.2.2 r-h2
check "... and h1's" wait_for mirrored 198.18.1.2 r-h1
f1=$(fast_fwd); k1=$(kfwd)
out=$(in_h1 ping -c 20 -i 0.05 -W 1 10.9.0.1 2>&1)
check "then 20 pings answered" grep -q " 20 received" <<<"$out"
f2=$(fast_fwd); k2=$(kfwd)
check "... all forwarded by the fast path ($((f2 - f1)) of 40), none by the kernel ($((k2 - k1)))" \
	test $((f2 - f1)) -ge 40 -a $((k2 - k1)) -eq 0
in_r sysctl -qw net.ipv4.ip_forward=0
# a gateway the fast path forwards to, STALE in the kernel (which sees
# none of the datagrams): the daemon asks the kernel to confirm it
# (NTF_USE) within its 15 s round; the kernel probes it (DELAY, PROBE)
# and h2's answer makes it REACHABLE
gw_state() { ip -n "$R" neigh show 198.18.2.2 dev r-h2 | awk '{ print $NF }'; }
gw_fresh() { case $(gw_state) in REACHABLE|DELAY|PROBE) return 0;; esac; return 1; }
mac=$(ip -n "$R" neigh show 198.18.2.2 dev r-h2 | awk '{ print $3 }')
in_r ip neigh change 198.18.2.2 dev r-h2 lladdr "$mac" nud stale
check "the gateway is STALE in the kernel ($(gw_state))" test "$(gw_state)" = STALE
p0=$(counter NeighProbes); f0=$(fast_fwd)
in_h1 ping -q -c 90 -i 0.2 10.9.0.1 >/dev/null 2>&1 &
PING=$!
for _ in $(seq 85); do gw_fresh && break; sleep 0.2; done
state=$(gw_state)
kill $PING 2>/dev/null; wait $PING 2>/dev/null
p1=$(counter NeighProbes); f1=$(fast_fwd)
check "... confirmed after the daemon's kick ($state, NeighProbes +$((p1 - p0)))" \
	test "$state" != STALE -a $((p1 - p0)) -ge 1
check "... while the fast path forwarded ($((f1 - f0)) datagrams)" test $((f1 - f0)) -ge 10
check "... and it ends REACHABLE" wait_for bash -c "ip -n $R neigh show 198.18.2.2 dev r-h2 | grep -q REACHABLE"
# the slow path's own datagram (time exceeded to h1) after r forgot h1:
# no ARP of its own (no sockets), the kernel is asked, the reply follows
in_r ip neigh flush dev r-h1
wait_for bash -c "! $XDP_ROUTER_NS neigh show | grep -q '^198.18.1.2 '"
check "h1's neighbour is gone from r (mirrored delete)" \
	bash -c "! $XDP_ROUTER_NS neigh show | grep -q '^198.18.1.2 .* REACHABLE'"
out=$(in_h1 ping -c 1 -t 1 -W 4 10.9.0.1 2>&1)
check "time exceeded from r: its next hop resolved by the kernel" \
	grep -q "From 198.18.1.1 .*Time to live exceeded" <<<"$out"
check "... and h1 is a neighbour again, the kernel's" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -qE '^198.18.1.2 dev r-h1 lladdr'"
# IPv6 alike: hop limit exceeded, h1's neighbour solicited by the kernel
in_r ip -6 neigh flush dev r-h1
wait_for bash -c "! $XDP_ROUTER_NS -6 neigh show | grep -q '^2001:db8:1::2 '"
out=$(in_h1 ping -6 -c 1 -t 1 -W 4 2001:db8:9::1 2>&1)
check "IPv6: time exceeded from r, its next hop resolved by the kernel" \
	grep -q "From 2001:db8:1::1 .*Time exceeded: Hop limit" <<<"$out"
check "... and h1 is an IPv6 neighbour again" \
	bash -c "$XDP_ROUTER_NS -6 neigh show | grep -qE '^2001:db8:1::2 dev r-h1 lladdr'"
# /proc/net/packet: a header line, then a line per AF_PACKET socket
packet_socks() { in_r awk 'NR > 1' /proc/net/packet | wc -l; }
check "the daemon opened no ARP or ndisc socket" test "$(packet_socks)" -eq 0

# a link no mirrored route goes through comes, flaps and goes: no dump
dumps() { $XDP_ROUTER_NS -j stats | jq '.KernelSync.Dumps'; }
d0=$(dumps)
in_r ip link add u0-$$ type veth peer name u1-$$
for s in up down up down; do in_r ip link set u0-$$ $s; sleep 0.3; done
in_r ip link del u0-$$
sleep 1.2                      # two of the daemon's 0.5 s ticks
d1=$(dumps)
check "an unrelated veth's flaps dump nothing (Dumps $d0 -> $d1)" test "$d1" -eq "$d0"
# a link down: the kernel drops its IPv4 routes without a message; the
# link watch makes the daemon dump the table again
in_r ip route add 10.11.0.0/16 via 198.18.2.2
check "a route through r-h2 mirrored (proto boot left out, as ip does)" \
	wait_for has_route "10.11.0.0/16 via 198.18.2.2 dev r-h2"
in_r ip link set r-h2 down
check "r-h2 down: its routes gone from the kernel, from ours after a resync" \
	wait_for no_route 10.11.0.0/16
check "... a dump ($(dumps) after $d1)" test "$(dumps)" -gt "$d1"
check "... 10.9.0.0/16 too" no_route 10.9.0.0/16
check "... connected routes are link watch's: r-h1's stays" \
	has_route "198.18.1.0/24 dev r-h1 proto kernel scope link src 198.18.1.1"
in_r ip link set r-h2 up
topo_wait_up "$R" r-h2
in_r ip route add 10.9.0.0/16 via 198.18.2.2 proto bgp metric 20
check "r-h2 up, a route through it mirrored again" \
	wait_for has_route "10.9.0.0/16 via 198.18.2.2 dev r-h2 proto bgp metric 20"

# -------------------------------------------- clean exit, kill -9
# proto kernel routes that are not connected ones: the mirror's, which
# route flush removes once the daemon stopped
in_r ip route add 10.13.0.0/16 via 198.18.2.2 proto kernel
in_r ip route add 10.14.0.0/16 dev lo proto kernel
check "proto kernel routes with a gateway or on lo mirrored" \
	wait_for bash -c "$XDP_ROUTER_NS route show | grep -q '^10.13.0.0/16 via 198.18.2.2 dev r-h2 proto kernel' && $XDP_ROUTER_NS route show | grep -q '^10.14.0.0/16 .*proto kernel'"
stop_daemon TERM
check "after SIGTERM the CLI writes routes again" xr route add 10.7.0.0/16 via 198.18.2.2
check "... the mirrored routes stay (forwarding goes on)" \
	has_route "10.9.0.0/16 via 198.18.2.2 dev r-h2 proto bgp metric 20"
check "... and stats keeps the last mirror's counters" \
	bash -c "$XDP_ROUTER_NS stats | grep -q '^KernelSync:'"
check "... with mode off" \
	bash -c "$XDP_ROUTER_NS stats | grep -qE '^    mode off table 254 pid [0-9]+ synced [0-9]+\.[0-9]s ago$'"
check "route flush" xr route flush
check "... removes the CLI's and the stopped mirror's, keeps connected ones" \
	test "$($XDP_ROUTER_NS route show | cut -d' ' -f1 | tr '\n' ' ')" = "198.18.1.0/24 198.18.2.0/24 "
check "daemon --kernel-sync again" sync_start --kernel-sync
stop_daemon 9
fails "after kill -9 the mode stays" "$RT" route add 10.7.0.0/16 via 198.18.2.2
WANT_LOG="serving the state"
check "a plain daemon starts" sync_start
check "... and clears the mode a killed one left" xr route add 10.7.0.0/16 via 198.18.2.2
n=$(packet_socks)
check "... its neighbours its own: ARP and ndisc sockets ($n)" test "$n" -eq 4
stop_daemon TERM

# ------------------------------------------------------------- FPM
WANT_LOG="follow FRR over FPM (port 2620)"
check "daemon --fpm 127.0.0.1:2620 starts" sync_start --fpm 127.0.0.1:2620
fails "FPM: route add refused" "$E routes follow FRR (fpm): configure them in FRR" \
	route add 10.6.0.0/16 via 198.18.2.2
fails "FPM: neigh add refused" "$NB" \
	neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
listening() { in_r ss -Hltn 'sport = :2620' | grep -q '127.0.0.1:2620'; }
check "FPM: listening on 127.0.0.1:2620 in r" listening
# a route from zebra the kernel does not have (forwarding off in r too):
# a NoNeigh datagram goes to the slow path, which asks the kernel to
# resolve the gateway and queues it until the entry is mirrored
fpm_route() { # PREFIX/LEN GATEWAY IFINDEX: one RTM_NEWROUTE frame, proto bgp metric 20
	in_r python3 - "$@" <<'PY'
import socket, struct, sys
pfx, plen = sys.argv[1].split("/")
attr = lambda t, v: struct.pack("=HH", 4 + len(v), t) + v
body = struct.pack("=BBBBBBBBI", socket.AF_INET, int(plen), 0, 0, 254, 186, 0, 1, 0)
body += attr(1, socket.inet_aton(pfx)) + attr(5, socket.inet_aton(sys.argv[2]))
body += attr(4, struct.pack("=I", int(sys.argv[3]))) + attr(6, struct.pack("=I", 20))
msg = struct.pack("=IHHII", 16 + len(body), 24, 0x501, 1, 0) + body
s = socket.create_connection(("127.0.0.1", 2620))
s.sendall(struct.pack("!BBH", 1, 1, 4 + len(msg)) + msg)
s.close()
PY
}
in_h2 ip addr add 10.12.0.1/32 dev lo
in_r ip neigh flush dev r-h2
fpm_route 10.12.0.0/16 198.18.2.2 "$(in_r cat /sys/class/net/r-h2/ifindex)"
check "FPM: zebra's route in the FIB" \
	wait_for has_route "10.12.0.0/16 via 198.18.2.2 dev r-h2 proto bgp metric 20"
check "... not in the kernel's" bash -c "! ip -n $R route show | grep -q '^10.12.'"
check "... whose gateway r has no neighbour for" \
	bash -c "! ip -n $R neigh show 198.18.2.2 dev r-h2 | grep -q lladdr"
n0=$(counter NoNeigh); k0=$(kfwd)
out=$(in_h1 ping -c 5 -i 0.3 -w 8 10.12.0.1 2>&1)
n1=$(counter NoNeigh); k1=$(kfwd)
check "FPM: pings to zebra's prefix answered ($(grep -o '[0-9]* received' <<<"$out"))" \
	grep -q " 5 received" <<<"$out"
check "... the first a NoNeigh ($((n1 - n0))), the kernel forwarded none ($((k1 - k0)))" \
	test $((n1 - n0)) -ge 1 -a $((k1 - k0)) -eq 0
check "... the gateway resolved by the kernel, mirrored" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -qE '^198.18.2.2 dev r-h2 lladdr [0-9a-f:]+ (REACHABLE|STALE|DELAY|PROBE)'"
stop_daemon TERM
check "after SIGTERM: writes allowed" xr route add 10.6.0.0/16 via 198.18.2.2
# a port taken: the daemon says so, exits 1, and leaves the mode OFF
ip netns exec "$R" python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 2621)); s.listen(); time.sleep(30)' &
LPID=$!
wait_for bash -c "ip netns exec $R ss -Hltn 'sport = :2621' | grep -q 2621"
timeout 10 ip netns exec "$R" "$XDP_ROUTER" daemon --fpm 2621 2>"$ERR"
rc=$?
check "FPM port in use: exit 1 ($rc)" test "$rc" -eq 1
check "... with the reason" grep -qx "xdp-router daemon: cannot follow the FPM feed: Address already in use" "$ERR"
check "... and the CLI still writes" xr route del 10.6.0.0/16
kill "$LPID"; wait "$LPID" 2>/dev/null; LPID=
finish
