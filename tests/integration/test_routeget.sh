#!/usr/bin/env bash
# route get asks the fast path (docs/cli.md): the router's own XDP path
# runs on a frame route get makes (BPF_PROG_TEST_RUN of the probe
# program) and route get prints what it decided, word for word, for
# every outcome: forward, no neighbour, link down, frag needed, redirect,
# martian source and destination, a protocol handler, blackhole,
# unreachable, prohibit, a link only the kernel sends on, local and
# broadcast. And it moves no counter, records no capture and transmits
# nothing.
source "$(dirname "$0")/lib.sh"
META=$ROOT/build/tests/handlers/meta_pass.bpf.o
IPPROBE=$ROOT/build/handlers/ipprobe.bpf.o
TMP=$(mktemp -d)
CPID= TPID=
trap '[ -n "$CPID" ] && kill $CPID 2>/dev/null; [ -n "$TPID" ] && kill $TPID 2>/dev/null
      topo_down; rm -rf "$TMP"' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
# no IPv6 chatter: the only frames the fast path sees are the test's
# (r has IPv6 addresses of its own: what it sends the hosts drop)
for ns in "$H1" "$H2"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad
ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad
# the link-local addresses made when the links came up: DAD done (an
# address still tentative is not the kernel's, nor taken by attach)
for _ in $(seq 50); do ip -n "$R" -6 addr show | grep -q tentative || break; sleep 0.1; done
# a link only the kernel sends on (never attached)
ip -n "$R" link add r-x0 type veth peer name r-x1
ip -n "$R" addr add 198.18.9.1/24 dev r-x0
ip -n "$R" link set r-x0 up && ip -n "$R" link set r-x1 up

GW=02:00:00:00:22:22
xr link attach r-h1 && xr link attach r-h2 &&
xr neigh add 198.18.2.2 lladdr $GW dev r-h2 &&
xr route add 198.18.64.0/18 via 198.18.2.2 &&
xr route add 198.18.13.0/24 via 198.18.2.5 &&
xr route add 198.18.70.0/24 dev r-x0 &&
xr route add blackhole 198.18.15.0/24 &&
xr route add unreachable 198.18.14.0/24 &&
xr route add prohibit 198.18.16.0/24 &&
xr neigh add 2001:db8:2::2 lladdr $GW dev r-h2 &&
xr route add 2001:db8:64::/48 via 2001:db8:2::2 &&
xr route add 2001:db8:13::/64 via fe80::5 dev r-h2 &&
xr route add blackhole 2001:db8:15::/48 &&
xr route add unreachable 2001:db8:14::/48 &&
xr route add prohibit 2001:db8:16::/48 || bad "set-up"

# get 'LINE' ARGS...: route get ARGS prints exactly LINE, exit 0 (lib.sh)
get() { route_get_is "$@"; }
# refused 'LINE' ARGS...: route get ARGS fails with exactly LINE on stderr
refused() {
	local want=$1 err rc
	shift
	err=$(xr route get "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 0 ] && [ "$err" = "$want" ]; then ok "refused: route get $*: $err"
	else bad "refused: route get $* (exit $rc): got '$err', want '$want'"; fi
}
# every counter: IP MIB, exceptions, others, each link's
counters() { xr -j stats; }
VIA="route 198.18.64.0/18 via 198.18.2.2 dev r-h2 nexthop 198.18.2.2 lladdr $GW PERMANENT mtu 1500"
before=$(counters)

# ---- what the fast path decides -----------------------------------------
get "198.18.64.1 $VIA action forward" 198.18.64.1
get "198.18.13.7 route 198.18.13.0/24 via 198.18.2.5 dev r-h2 nexthop 198.18.2.5 lladdr missing mtu 1500 action punt reason NoNeigh" 198.18.13.7
get "198.18.2.9 route 198.18.2.0/24 dev r-h2 nexthop 198.18.2.9 lladdr missing mtu 1500 action punt reason NoNeigh" 198.18.2.9
# ip_exceeds_mtu: 1500 bytes go, 1501 are the slow path's (DF set)
get "198.18.64.1 len 1500 $VIA action forward" 198.18.64.1 len 1500
get "198.18.64.1 len 1501 $VIA action punt reason FragNeeded" 198.18.64.1 len 1501
# a hairpin whose source is on the link: a redirect (and none when the
# link says redirects off)
get "198.18.1.5 from 198.18.1.2 iif r-h1 route 198.18.1.0/24 dev r-h1 nexthop 198.18.1.5 lladdr missing mtu 1500 action punt reason Redirect" \
	198.18.1.5 from 198.18.1.2 iif r-h1
xr link set r-h1 redirects off
get "198.18.1.5 from 198.18.1.2 iif r-h1 route 198.18.1.0/24 dev r-h1 nexthop 198.18.1.5 lladdr missing mtu 1500 action punt reason NoNeigh" \
	198.18.1.5 from 198.18.1.2 iif r-h1
xr link set r-h1 redirects on
# ... and from another link, or from off the link, none
get "198.18.1.5 from 198.18.1.2 iif r-h2 route 198.18.1.0/24 dev r-h1 nexthop 198.18.1.5 lladdr missing mtu 1500 action punt reason NoNeigh" \
	198.18.1.5 from 198.18.1.2 iif r-h2
get "198.18.64.1 from 198.18.77.7 iif r-h2 $VIA action forward" 198.18.64.1 from 198.18.77.7 iif r-h2
# martians
get "127.0.0.1 action drop (martian destination)" 127.0.0.1
get "198.18.64.1 from 127.0.0.1 action drop (martian source)" 198.18.64.1 from 127.0.0.1
get "198.18.64.1 from 224.0.0.5 action drop (martian source)" 198.18.64.1 from 224.0.0.5
get "198.18.64.1 from 198.18.2.1 action drop (martian source)" 198.18.64.1 from 198.18.2.1
get "198.18.64.1 from 198.18.1.255 action drop (martian source)" 198.18.64.1 from 198.18.1.255
# route types
get "198.18.15.1 route blackhole 198.18.15.0/24 action drop" 198.18.15.1
get "198.18.14.1 route unreachable 198.18.14.0/24 action punt reason Unreachable" 198.18.14.1
get "198.18.16.1 route prohibit 198.18.16.0/24 action punt reason Prohibit" 198.18.16.1
get "192.0.2.9 action punt reason NoRoute" 192.0.2.9
get "198.18.70.1 route 198.18.70.0/24 dev r-x0 nexthop 198.18.70.1 lladdr missing action punt reason TxNotAttached" 198.18.70.1
# the router's own, broadcasts
get "198.18.1.1 action local (one of the router's addresses)" 198.18.1.1
get "198.18.2.255 action pass (directed broadcast)" 198.18.2.255
get "255.255.255.255 action pass (broadcast or multicast)" 255.255.255.255
get "239.1.2.3 action pass (broadcast or multicast)" 239.1.2.3

# ---- IPv6: the same answers from ip6_rcv_core, ip6_route_input, ip6_forward
VIA6="route 2001:db8:64::/48 via 2001:db8:2::2 dev r-h2 nexthop 2001:db8:2::2 lladdr $GW PERMANENT mtu 1500"
get "2001:db8:64::1 $VIA6 action forward" 2001:db8:64::1
get "2001:db8:64:0:0:0:0:1 $VIA6 action forward" 2001:db8:64:0:0:0:0:1
get "2001:db8:13::7 route 2001:db8:13::/64 via fe80::5 dev r-h2 nexthop fe80::5 lladdr missing mtu 1500 action punt reason NoNeigh" 2001:db8:13::7
get "2001:db8:2::9 route 2001:db8:2::/64 dev r-h2 nexthop 2001:db8:2::9 lladdr missing mtu 1500 action punt reason NoNeigh" 2001:db8:2::9
# a router never fragments IPv6: 1500 bytes go, 1501 are Packet Too Big
get "2001:db8:64::1 len 1500 $VIA6 action forward" 2001:db8:64::1 len 1500
get "2001:db8:64::1 len 1501 $VIA6 action punt reason PacketTooBig" 2001:db8:64::1 len 1501
get "2001:db8:1::5 from 2001:db8:1::2 iif r-h1 route 2001:db8:1::/64 dev r-h1 nexthop 2001:db8:1::5 lladdr missing mtu 1500 action punt reason Redirect" \
	2001:db8:1::5 from 2001:db8:1::2 iif r-h1
get "2001:db8:64::1 from fe80::9 $VIA6 action punt reason BeyondScope" 2001:db8:64::1 from fe80::9
get "2001:db8:64::1 from ::1 action drop (bad header or martian address)" 2001:db8:64::1 from ::1
get "2001:db8:15::1 route blackhole 2001:db8:15::/48 action drop" 2001:db8:15::1
get "2001:db8:14::1 route unreachable 2001:db8:14::/48 action punt reason Unreachable" 2001:db8:14::1
get "2001:db8:16::1 route prohibit 2001:db8:16::/48 action punt reason Prohibit" 2001:db8:16::1
get "2001:db8:99::1 action punt reason NoRoute" 2001:db8:99::1
# the router's own (global and link-local), multicast, others' link-local
ll=$(ip -n "$R" -6 -o addr show dev r-h2 scope link | awk '{print $4}' | cut -d/ -f1)
get "2001:db8:1::1 action local (one of the router's addresses)" 2001:db8:1::1
get "$ll action local (one of the router's addresses)" "$ll"
get "ff02::1 action pass (multicast)" ff02::1
get "fe80::5 action pass (link-local)" fe80::5
out=$(xr -j route get 2001:db8:13::7)
check "IPv6 JSON: $out" test "$(jq -r '[.dst, .from, .iif, (.ipproto|tostring), (.len|tostring), .route, .gateway, .dev, .nexthop, (.lladdr|tostring), .action, .reason] | join(" ")' <<<"$out")" \
	= "2001:db8:13::7 3fff::1 r-h1 17 48 2001:db8:13::/64 fe80::5 r-h2 fe80::5 null punt NoNeigh"
xr proto add ip6proto 253 obj "$META" prog meta_pass &&
xr proto add ip6proto 254 obj "$IPPROBE" || bad "proto add ip6proto"
slot6() { xr -j proto show | jq -r ".[] | select(.ip6proto == $1) | .slot"; }
get "2001:db8:1::1 ipproto 253 action handler (ip6proto 253 slot $(slot6 253))" 2001:db8:1::1 ipproto 253
get "2001:db8:64::1 ipproto 254 $VIA6 action handler (ip6proto 254 transit slot $(slot6 254))" 2001:db8:64::1 ipproto 254
get "2001:db8:64::1 ipproto 253 $VIA6 action forward" 2001:db8:64::1 ipproto 253
xr proto del ip6proto 253 && xr proto del ip6proto 254 || bad "proto del ip6proto"

# protocol handlers: for the router (meta_pass), transit (ipprobe);
# other protocols are not theirs
xr proto add ipproto 253 obj "$META" prog meta_pass &&
xr proto add ipproto 254 obj "$IPPROBE" || bad "proto add"
slot() { xr -j proto show | jq -r ".[] | select(.ipproto == $1) | .slot"; }
get "198.18.1.1 ipproto 253 action handler (ipproto 253 slot $(slot 253))" 198.18.1.1 ipproto 253
# (a transit handler takes the router's own datagrams as its own too)
get "198.18.1.1 ipproto 254 action handler (ipproto 254 slot $(slot 254))" 198.18.1.1 ipproto 254
get "198.18.64.1 ipproto 254 $VIA action handler (ipproto 254 transit slot $(slot 254))" 198.18.64.1 ipproto 254
get "198.18.64.1 ipproto 253 $VIA action forward" 198.18.64.1 ipproto 253
check "handler: JSON names its slot" bash -c "[ \"\$($XDP_ROUTER_NS -j route get 198.18.1.1 ipproto 253 | jq -r '.action + \" \" + (.slot|tostring)')\" = 'handler $(slot 253)' ]"
# at a link attached with hook tc no handler is called (they are XDP
# programs): a transit datagram is forwarded, as the tc entry does
xr link detach r-h1 && xr link attach r-h1 hook tc || bad "r-h1 at tc"
get "198.18.64.1 iif r-h1 ipproto 254 $VIA action forward" 198.18.64.1 iif r-h1 ipproto 254
get "198.18.64.1 iif r-h2 ipproto 254 $VIA action handler (ipproto 254 transit slot $(slot 254))" 198.18.64.1 iif r-h2 ipproto 254
xr link detach r-h1 && xr link attach r-h1 || bad "r-h1 back at XDP"
xr proto del ipproto 253 && xr proto del ipproto 254 || bad "proto del"

# a link down: the routes through it are unusable (the fast path punts
# LinkDown; route get used to say forward)
ip -n "$R" link set r-h2 down
xr link attach r-h2 || bad "link attach r-h2 (down)"
get "198.18.64.1 $VIA action punt reason LinkDown" 198.18.64.1
get "198.18.2.2 route 198.18.2.0/24 dev r-h2 nexthop 198.18.2.2 lladdr $GW PERMANENT mtu 1500 action punt reason LinkDown" 198.18.2.2
ip -n "$R" link set r-h2 up
topo_wait_up "$R" r-h2 && xr link attach r-h2 || bad "link attach r-h2 (up)"
get "198.18.64.1 $VIA action forward" 198.18.64.1

# JSON: the same answer, and what was asked
out=$(xr -j route get 198.18.1.5 from 198.18.1.2 iif r-h1)
check "JSON: $out" test "$(jq -r '[.dst, .from, .iif, (.ipproto|tostring), (.len|tostring), .route, .type, .dev, .nexthop, (.lladdr|tostring), (.mtu|tostring), .action, .reason] | join(" ")' <<<"$out")" \
	= "198.18.1.5 198.18.1.2 r-h1 17 28 198.18.1.0/24 unicast r-h1 198.18.1.5 null 1500 punt Redirect"
out=$(xr -j route get 198.18.64.1)
check "JSON default: from another link than the egress: $out" test \
	"$(jq -r '[.from, .iif, .gateway, .lladdr, .nud, .action] | join(" ")' <<<"$out")" = "192.0.2.1 r-h1 198.18.2.2 $GW PERMANENT forward"
out=$(xr -j route get 198.18.1.5)
check "JSON default: a route out of the first link is asked from the next: $out" test \
	"$(jq -r '[.iif, .dev, .action, .reason] | join(" ")' <<<"$out")" = "r-h2 r-h1 punt NoNeigh"

# bad input: one line, exit 1
refused 'xdp-router: missing ADDR after "get"'
refused 'xdp-router: invalid address "198.18.1"' 198.18.1
refused 'xdp-router: unknown argument "bogus"' 198.18.64.1 bogus
refused 'xdp-router: missing value after "from"' 198.18.64.1 from
refused 'xdp-router: invalid length "19" (20 to 3500)' 198.18.64.1 len 19
refused 'xdp-router: invalid length "3501" (20 to 3500)' 198.18.64.1 len 3501
refused 'xdp-router: invalid IP protocol "256" (0 to 255)' 198.18.64.1 ipproto 256
refused 'xdp-router: "r-x0" is not attached' 198.18.64.1 iif r-x0
refused 'xdp-router: invalid address "2001:db8:::1"' 2001:db8:::1
refused 'xdp-router: invalid length "39" (40 to 3500)' 2001:db8:64::1 len 39
refused 'xdp-router: "192.0.2.1" is an IPv4 address, not IPv6' 2001:db8:64::1 from 192.0.2.1
err=$(xr -6 route get 198.18.64.1 2>&1 >/dev/null)
check "-6 route get of an IPv4 address refused: $err" test "$err" = 'xdp-router: "198.18.64.1" is an IPv4 address, not IPv6'
# ... checked with the batch, before any line is applied
err=$(printf 'route add 198.18.99.0/24 via 198.18.2.2\nroute get 198.18.64.1 iif r-x0\n' |
      $XDP_ROUTER_NS -batch - 2>&1); rc=$?
check "a batch with route get iif r-x0 refused whole: $err" bash -c \
	"[ $rc -ne 0 ] && [ '$err' = 'xdp-router: line 2: \"r-x0\" is not attached' ] && ! $XDP_ROUTER_NS route show | grep -q '^198.18.99.0/24 '"

# ---- nothing counted, captured or sent ------------------------------------
check "no counter moved (IP MIB, reasons, others, links)" test "$(counters)" = "$before"
# a capture of the ingress link and tcpdump on the egress link's peer:
# while route get forwards, redirects and punts, neither sees a frame;
# the first either sees is the real one sent afterwards
waiting() { # FILE: until it has a line (5 s at most)
	for _ in $(seq 50); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1
}
# (h1 knows r's MAC already: no ARP frame comes first)
in_h1 ip neigh replace 198.18.1.1 lladdr "$(topo_mac "$R" r-h1)" dev eth0 nud permanent
in_r timeout 20 "$XDP_ROUTER" capture r-h1 -c 1 >"$TMP/cap" 2>"$TMP/caperr" &
CPID=$!
in_h2 timeout 20 tcpdump -i eth0 -c 1 -n -l 'ip or (ip6 and dst net 2001:db8:64::/48)' >"$TMP/tcpd" 2>"$TMP/tcpderr" &
TPID=$!
check "capture started" bash -c "for _ in \$(seq 50); do $XDP_ROUTER_NS link show r-h1 | grep -q ' capture' && exit 0; sleep 0.1; done; exit 1"
check "tcpdump started" waiting "$TMP/tcpderr"
printf 'route get %s\n' 198.18.64.1 198.18.2.2 "198.18.64.1 len 1501" 198.18.13.7 \
	"198.18.1.5 from 198.18.1.2 iif r-h1" 198.18.15.1 "198.18.1.1 ipproto 1" \
	2001:db8:64::1 "2001:db8:64::1 len 1501" "2001:db8:1::5 from 2001:db8:1::2 iif r-h1" >"$TMP/gets"
xr -batch "$TMP/gets" >"$TMP/gets.out"
check "a batch of route gets of both families: $(wc -l <"$TMP/gets.out") answers, 3 forwarded" \
	test "$(wc -l <"$TMP/gets.out")" -eq 10 -a "$(grep -c 'action forward$' "$TMP/gets.out")" -eq 3
sleep 0.5
check "nothing captured during route get" test ! -s "$TMP/cap"
check "nothing sent to h2 during route get" test ! -s "$TMP/tcpd"
in_h1 ping -c 1 -W 1 198.18.64.1 >/dev/null
wait "$CPID" "$TPID"
CPID= TPID=
check "the first frame captured is the real one: $(cat "$TMP/cap")" \
	grep -qE '^[0-9:.]+ r-h1 forward 198\.18\.1\.2 > 198\.18\.64\.1 proto 1 ttl 63 len 98$' "$TMP/cap"
check "the first frame h2 sees is the real one: $(cat "$TMP/tcpd")" \
	grep -qE ' IP 198\.18\.1\.2 > 198\.18\.64\.1: ICMP echo request' "$TMP/tcpd"
check "the real frame was counted" test "$(xr -j stats | jq '.Ip.ForwDatagrams')" -eq 1

# no link attached: no fast path to ask
xr link detach r-h1 && xr link detach r-h2 || bad "link detach"
refused 'xdp-router: no link is attached: no packet reaches the fast path (xdp-router link attach DEV)' 198.18.64.1
finish
