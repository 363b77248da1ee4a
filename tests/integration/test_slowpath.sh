#!/usr/bin/env bash
# The slow path, end to end: h1 - r - h2 with kernel forwarding off in r
# and NO static neighbours, so every ICMP error, every ARP resolution and
# every fragment can only come from `xdp-router daemon`.
source "$(dirname "$0")/lib.sh"
DLOG=$(mktemp)
DPID=
CAP=$(mktemp)
cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	topo_down
	rm -f "$DLOG" "$CAP"
}
trap cleanup EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
in_h1 ethtool -K eth0 tx off >/dev/null
in_h2 ethtool -K eth0 tx off >/dev/null
# r's link to h2 has a smaller MTU (read by link attach), as has h2.
ip -n "$R" link set r-h2 mtu 1400
ip -n "$H2" link set eth0 mtu 1400
ip -n "$H1" addr add 198.18.1.3/24 dev eth0
ip -n "$H1" addr add 198.18.1.5/24 dev eth0
ip -n "$H1" addr add 198.18.1.6/24 dev eth0
ip -n "$H1" addr add 198.18.1.7/24 dev eth0

slow() { # COUNTER: the slow path's counter
	xr stats | awk -v n="$1" '$1 == n { print $2; exit }'
}
capture() { # NS FILTER: tcpdump -vv in the background into $CAP
	: >"$CAP"
	ip netns exec "$1" timeout 8 tcpdump -i eth0 -n -vv -l "$2" >"$CAP" 2>/dev/null &
	TPID=$!
	sleep 0.5
}
capture_end() { sleep 0.3; kill "$TPID" 2>/dev/null; wait "$TPID" 2>/dev/null; }

out=$($XDP_ROUTER_NS daemon --icmp-ratelimit x 2>&1); rc=$?
check "daemon: a bad value is one line naming it, and a failure" \
	test "$rc" -ne 0 -a "$(wc -l <<<"$out")" -eq 1 -a -n "$(grep '"x"' <<<"$out")"
out=$($XDP_ROUTER_NS daemon --icmp-msgs-burst 2>&1); rc=$?
check "daemon: missing value is one line and a failure" \
	test "$rc" -ne 0 -a "$(wc -l <<<"$out")" -eq 1
check "link attach r-h1" xr link attach r-h1
check "link attach r-h2" xr link attach r-h2
check "daemon binds a socket on both links" daemon_start "$DLOG" 2

out=$(timeout 5 ip netns exec "$R" "$XDP_ROUTER" daemon 2>&1); rc=$?
check "a second daemon in the namespace refuses, exit 1" \
	bash -c "[ $rc -eq 1 ] && grep -q 'another xdp-router daemon serves' <<<'$out'"
# (the first still serves: everything below depends on it)

# ---- ARP: no static neighbours at all; the first ping is queued, not lost
out=$(in_h1 ping -c 1 -W 3 198.18.2.2)
check "first ping with no neighbours is answered" grep -q "1 received" <<<"$out"
# h2 answered our request: REACHABLE. h1 asked for r's address first:
# its entry is made from that request, STALE (neigh_event_ns), and the
# reply to it needs no resolution (probed 5 s later: PROBE, REACHABLE)
check "neighbours learned: h2 REACHABLE, h1 from its request" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -q '^198.18.2.2 dev r-h2 lladdr .* REACHABLE' &&
		 $XDP_ROUTER_NS neigh show | grep -qE '^198.18.1.2 dev r-h1 lladdr .* (STALE|PROBE|REACHABLE)'"
check "queued and learned counters moved" \
	test "$(slow Queued)" -ge 1 -a "$(slow RepliesLearned)" -ge 2 -a "$(slow ProbesSent)" -ge 1
out=$(in_h1 ping -c 3 -i 0.2 -W 1 198.18.2.2)
check "then the fast path forwards (ttl=63)" grep -q "3 received.*" <<<"$out"

# ---- time exceeded: traceroute shows r's ingress address
out=$(in_h1 traceroute -n -q 1 -w 2 -m 3 198.18.2.2 2>&1)
check "traceroute: hop 1 is r's ingress address" grep -qE '^ 1  198\.18\.1\.1 ' <<<"$out"
check "traceroute: hop 2 is h2" grep -qE '^ 2  198\.18\.2\.2 ' <<<"$out"
capture "$H1" "icmp[0] == 11"
in_h1 ping -c 1 -t 1 -W 1 -I 198.18.1.5 198.18.2.2 >/dev/null
capture_end
check "time exceeded: from 198.18.1.1 to the sender, tos 0xc0, ttl 64" \
	grep -q "IP (tos 0xc0, ttl 64, .*proto ICMP (1), length 112)" "$CAP"
check "time exceeded: type 11 code 0, checksums good" \
	bash -c "grep -q '198.18.1.1 > 198.18.1.5: ICMP time exceeded in-transit' $CAP && ! grep -qE 'bad cksum|wrong' $CAP"
check "time exceeded: quotes the original header (ttl 1, id, echo request)" \
	grep -qE "IP \(tos 0x0, ttl 1, id [0-9]+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)" "$CAP"

# ---- fragmentation, and fragmentation needed
capture "$H2" "icmp or (ip[6:2] & 0x1fff != 0)"
out=$(in_h1 ping -c 2 -i 0.3 -W 2 -M dont -s 1450 198.18.2.2 2>&1)
capture_end
check "the same size without DF gets through" grep -q "2 received" <<<"$out"
check "first fragment: offset 0, MF, 1396 bytes, ttl 63" \
	grep -qE "ttl 63, id [0-9]+, offset 0, flags \[\+\], proto ICMP \(1\), length 1396" "$CAP"
check "second fragment: offset 1376, last, 102 bytes" \
	grep -qE "ttl 63, id [0-9]+, offset 1376, flags \[none\], proto ICMP \(1\), length 102" "$CAP"
check "fragment checksums good" bash -c "! grep -qE 'bad cksum|wrong' $CAP"
check "FragOKs and FragCreates counted ($(slow FragOKs), $(slow FragCreates))" \
	test "$(slow FragOKs)" -eq 2 -a "$(slow FragCreates)" -eq 4
# (after the fragments: h1 caches the MTU it is told, and would cut
# its own datagrams from then on)
out=$(in_h1 ping -c 1 -W 2 -M do -s 1450 198.18.2.2 2>&1)
check "DF over the egress MTU: frag needed with mtu 1400" grep -q "mtu = 1400" <<<"$out"
check "FragFails counted" test "$(slow FragFails)" -eq 1

# ---- a next hop that never answers
xr route add 198.18.50.0/24 via 198.18.2.77
out=$(in_h1 ping -c 1 -W 6 198.18.50.1 2>&1)
check "no ARP answer: host unreachable from r" grep -q "From 198.18.1.1 .*Destination Host Unreachable" <<<"$out"
check "neighbour is FAILED" bash -c "$XDP_ROUTER_NS neigh show | grep -q '^198.18.2.77 dev r-h2 FAILED'"
check "ResFailed counted" test "$(slow ResFailed)" -ge 1

# ---- unreachable and prohibit routes, no route
xr route add unreachable 198.18.60.0/24
xr route add prohibit 198.18.61.0/24
out=$(in_h1 ping -c 1 -W 2 -I 198.18.1.3 198.18.60.1 2>&1)
check "unreachable route: 3/1" grep -q "From 198.18.1.1 .*Destination Host Unreachable" <<<"$out"
out=$(in_h1 ping -c 1 -W 2 -I 198.18.1.3 198.18.61.1 2>&1)
check "prohibit route: 3/13" grep -q "From 198.18.1.1 .*Packet filtered" <<<"$out"
# ip_error and icmp_ratelimit share one bucket per host (inet_peer): two
# unreachables at once, then a token a second for each
sleep 1
out=$(in_h1 ping -c 1 -W 2 -I 198.18.1.3 198.18.99.1 2>&1)
check "no route: 3/0" grep -q "From 198.18.1.1 .*Destination Net Unreachable" <<<"$out"

# ---- 0.0.0.0/8 other than 0.0.0.0 is unicast (Linux 5.3 and later)
out=$(in_h1 ping -c 1 -W 2 -I 198.18.1.6 0.9.9.9 2>&1)
check "0.9.9.9 without a route: net unreachable, not a martian" \
	grep -q "From 198.18.1.1 .*Destination Net Unreachable" <<<"$out"

# ---- ip_error: route errors limited per source, as Linux 6.18 does
before=$(slow OutDestUnreachsSuppressed)
out=$(in_h1 ping -c 10 -l 10 -W 1 -I 198.18.1.7 198.18.99.1 2>&1)
n=$(grep -c "Destination Net Unreachable" <<<"$out")
check "10 to no route at once get 2 unreachables (got $n)" test "$n" -eq 2
check "7 stopped by ip_error's per-host limit" \
	test $(( $(slow OutDestUnreachsSuppressed) - before )) -eq 7

# ---- rate limit: a fresh source gets the per-destination burst of 6
sleep 1
before=$(slow OutRateLimitHost)
# -l 20: all 20 sent at once, so no token can come back in between
out=$(in_h1 ping -c 20 -l 20 -t 1 -W 1 -I 198.18.1.2 198.18.2.2 2>&1)
n=$(grep -c "Time to live exceeded" <<<"$out")
check "20 TTL=1 packets at once get 6 errors (got $n)" test "$n" -eq 6
check "the other 14 are counted as OutRateLimitHost" \
	test $(( $(slow OutRateLimitHost) - before )) -eq 14

# ---- Record Route
out=$(in_h1 ping -c 1 -W 2 -R 198.18.2.2 2>&1)
check "Record Route carries r's egress address" \
	bash -c "sed -n '/RR:/,/^\$/p' <<<'$out' | grep -q '198.18.2.1'"
check "the reply recorded r's other side" \
	bash -c "sed -n '/RR:/,/^\$/p' <<<'$out' | grep -q '198.18.1.1'"

# ---- ICMP redirect: r would send it back out r-h1, to a gateway there
xr route add 198.18.70.0/24 via 198.18.1.5
capture "$H1" "icmp[0] == 5"
in_h1 ping -c 1 -W 2 -I 198.18.1.2 198.18.70.1 >/dev/null 2>&1
capture_end
check "redirect (host) to 198.18.1.5" \
	grep -q "198.18.1.1 > 198.18.1.2: ICMP redirect 198.18.70.1 to host 198.18.1.5" "$CAP"
xr link set r-h1 redirects off
before=$(slow OutRedirects)
in_h1 ping -c 1 -W 1 -I 198.18.1.2 198.18.70.1 >/dev/null 2>&1
check "redirects off: none sent" test "$(slow OutRedirects)" -eq "$before"
check "link show says so" bash -c "$XDP_ROUTER_NS link show r-h1 | grep -q 'redirects off'"

# ---- the daemon follows detach and attach made while it runs
: >"$DLOG"
xr link detach r-h2
for _ in $(seq 30); do grep -q "r-h2: released" "$DLOG" && break; sleep 0.1; done
check "detach while running: the daemon lets go of the link" grep -q "r-h2: released" "$DLOG"
xr link attach r-h2
for _ in $(seq 30); do grep -q "r-h2: 1 queue bound" "$DLOG" && break; sleep 0.1; done
check "attach while running: the daemon binds it again" grep -q "r-h2: 1 queue bound" "$DLOG"
sleep 1.1
out=$(in_h2 ping -c 1 -t 1 -W 2 198.18.1.2 2>&1)
check "and answers for it: time exceeded from r-h2's address" \
	grep -q "From 198.18.2.1 .*Time to live exceeded" <<<"$out"
check "stats -j is valid JSON with the slow path's groups" \
	bash -c "$XDP_ROUTER_NS -j stats | jq -e '.Icmp.OutMsgs > 0 and .Neigh.RepliesLearned > 0 and (.Frag | has(\"FragOKs\")) and (.SlowPath.RxFrames > 0)' >/dev/null"

# ---- kill -9 under traffic: the fast path never depended on the daemon
in_h1 ping -c 60 -i 0.05 -W 1 198.18.2.2 >"$CAP" 2>&1 &
PPID_=$!
sleep 1
kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=
sleep 0.5
k0=$(xr stats | awk '$1 == "PuntToKernel" { print $2 }')
out=$(in_h1 ping -c 1 -t 1 -W 1 198.18.2.2 2>&1)
check "daemon dead: an exception goes to the kernel (no ICMP, forwarding off)" \
	bash -c "! grep -q 'Time to live exceeded' <<<'$out'"
check "... counted as PuntToKernel" \
	test "$(xr stats | awk '$1 == "PuntToKernel" { print $2 }')" -gt "$k0"
: >"$DLOG"
check "restarted daemon binds again by itself" daemon_start "$DLOG" 2
wait "$PPID_"
check "traffic across kill -9 and restart: 60 of 60" grep -q "60 received" "$CAP"
sleep 1.1
out=$(in_h1 ping -c 1 -t 1 -W 2 198.18.2.2 2>&1)
check "restarted daemon answers exceptions again" grep -q "Time to live exceeded" <<<"$out"

# ---- SIGTERM: clean exit, the slots unpublished
kill -TERM "$DPID"
rc=0; wait "$DPID" || rc=$?
DPID=
check "SIGTERM: exit status 0" test "$rc" -eq 0
check "SIGTERM: logged its closing" grep -q "SIGTERM: closing" "$DLOG"
k0=$(xr stats | awk '$1 == "PuntToKernel" { print $2 }')
in_h1 ping -c 1 -t 1 -W 1 198.18.2.2 >/dev/null 2>&1
check "after SIGTERM exceptions go to the kernel" \
	test "$(xr stats | awk '$1 == "PuntToKernel" { print $2 }')" -gt "$k0"
finish
