#!/usr/bin/env bash
# The IPv6 slow path end to end: h1 - r - h2, kernel forwarding off in r
# and NO static neighbours, `xdp-router daemon` running, so every NDP
# resolution, every ICMPv6 error and every Hop-by-Hop packet that crosses
# comes from the daemon. r-h2 has MTU 1400. XR6_HOOK=tc: the same through
# the tc entry (test_slowpath6_ns_tc.sh); XR6_LINUX=1: against Linux (lib6.sh).
source "$(dirname "$0")/lib6.sh"
DLOG=$TMP/daemon.log
up6 || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2), hook $HOOK"
ip -n "$R" link set r-h2 mtu 1400
ip -n "$H2" link set eth0 mtu 1400
# a source address of h1 for each group of errors: ICMPv6 errors are
# rate limited per destination (net.ipv6.icmp.ratelimit)
for a in 3 4 5 6 7 8 9; do ip -n "$H1" addr add "2001:db8:1::$a/64" dev eth0 nodad; done
attach6
xronly && check "daemon binds a socket on both links" daemon_start "$DLOG" 2

# ---- NDP: no neighbours at all; the first ping is queued, not lost
out=$(in_h1 ping -6 -c 1 -W 3 2001:db8:2::2)
check "first ping6 with no neighbours is answered" grep -q "1 received" <<<"$out"
out=$(r6 neigh show)
check "h2 resolved by NDP: REACHABLE in neigh show" \
	grep -q "^2001:db8:2::2 dev r-h2 lladdr $MAC_H2 .*REACHABLE" <<<"$out"
out=$(in_h1 ping -6 -c 3 -i 0.2 -W 1 2001:db8:2::2)
check "then forwarded: 3 answered, hop limit 63" \
	bash -c "grep -q '3 received' <<<'$out' && grep -q 'ttl=63' <<<'$out'"
if xronly; then
	fw=$(stat6 Ip6OutForwDatagrams)
	check "counted as Ip6OutForwDatagrams ($fw)" test "${fw:-0}" -ge 6
fi
kfw=$(kstat6 Ip6OutForwDatagrams)
check "r's kernel forwarded none of it (its Ip6OutForwDatagrams: $kfw)" test "$kfw" -eq 0

# ---- hop limit exceeded: traceroute6 shows r's address on h1's link
out=$(in_h1 traceroute6 -n -q 1 -w 2 -m 3 2001:db8:2::2 2>&1)
check "traceroute6: hop 1 is r's ingress address" grep -qE '^ 1  2001:db8:1::1 ' <<<"$out"
check "traceroute6: hop 2 is h2" grep -qE '^ 2  2001:db8:2::2 ' <<<"$out"
out=$(in_h1 ping -6 -c 1 -t 1 -W 2 -I 2001:db8:1::3 2001:db8:2::2 2>&1)
check "hop limit 1: time exceeded from 2001:db8:1::1" \
	grep -q "From 2001:db8:1::1 icmp_seq=1 Time exceeded: Hop limit" <<<"$out"
probe6 2001:db8:1::4 2001:db8:2::2 1 4611 64
check "3/0 bytes: from r's address, hop limit 64, checksum, the quote" \
	at_h1_error "$PKT" 3 0 0 2001:db8:1::1 2001:db8:1::4
check "... and the packet not forwarded" not at_h2_seen "$PKT"

# ---- Packet Too Big toward the MTU-1400 link; exactly 1400 passes
out=$(in_h1 ping -6 -c 1 -W 2 -M do -s 1452 -I 2001:db8:1::5 2001:db8:2::2 2>&1)
check "ping -6 -M do -s 1452: packet too big, mtu 1400, from r" \
	grep -q "From 2001:db8:1::1 icmp_seq=1 Packet too big: mtu=1400" <<<"$out"
probe6 2001:db8:1::5 2001:db8:2::2 64 4612 1452
check "2/0 bytes: MTU 1400, the quote cut to 1232 bytes (1280 in all)" \
	at_h1_error "$PKT" 2 0 1400 2001:db8:1::1 2001:db8:1::5
probe6 2001:db8:1::5 2001:db8:2::2 64 4613 1352
check "a 1400-byte packet is forwarded whole" at_h2_forwarded "$PKT"

# ---- a next hop that never answers
r6 route add 2001:db8:50::/64 via 2001:db8:2::77
out=$(in_h1 ping -6 -c 1 -W 6 -I 2001:db8:1::6 2001:db8:50::1 2>&1)
check "no NDP answer: address unreachable (1/3) from r" \
	grep -q "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: Address unreachable" <<<"$out"
out=$(r6 neigh show)
check "neighbour is FAILED" grep -q "^2001:db8:2::77 dev r-h2 FAILED" <<<"$out"
# the 1/3 quotes the packet as it waited for the next hop: forwarded once
r6 route add 2001:db8:51::/64 via 2001:db8:2::78
PKT=$(echo6 2001:db8:1::6 2001:db8:51::1 64 4619 64)
exchange "$PKT" 5000
check "1/3 bytes: from r's address, checksum, the quote with hop limit 63" \
	at_h1_error "$PKT" 1 3 0 2001:db8:1::1 2001:db8:1::6 1

# ---- route errors (ip6_pkt_drop): no route and unreachable 1/0, prohibit 1/1
r6 route add unreachable 2001:db8:60::/48
r6 route add prohibit 2001:db8:61::/48
out=$(in_h1 ping -6 -c 1 -W 2 -I 2001:db8:1::9 2001:db8:99::1 2>&1)
check "no route: 1/0 from r" grep -q "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: No route" <<<"$out"
out=$(in_h1 ping -6 -c 1 -W 2 -I 2001:db8:1::9 2001:db8:60::1 2>&1)
check "unreachable route: 1/0 from r" grep -q "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: No route" <<<"$out"
out=$(in_h1 ping -6 -c 1 -W 2 -I 2001:db8:1::9 2001:db8:61::1 2>&1)
check "prohibit route: 1/1 from r" \
	grep -q "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: Administratively prohibited" <<<"$out"

# ---- a link-local source is not forwarded off its link: 1/2 from r's
# link-local address (ip6_forward)
out=$(in_h1 ping -6 -c 1 -W 2 -I "$LL_H1%eth0" 2001:db8:2::2 2>&1)
check "link-local source: beyond scope (1/2) from r-h1's link-local address" \
	grep -q "From $LL_R1%eth0 icmp_seq=1 Destination unreachable: Beyond scope of source address" <<<"$out"
probe6 "$LL_H1" 2001:db8:2::2 64 4614 64
check "1/2 bytes: to the link-local source, checksum, the quote" \
	at_h1_error "$PKT" 1 2 0 "$LL_R1" "$LL_H1"
check "... and the packet not forwarded" not at_h2_seen "$PKT"

# ---- Hop-by-Hop options other than padding (ip6_parse_tlv)
probe6 2001:db8:1::7 2001:db8:2::2 64 4615 32 050200000100
check "Hop-by-Hop with Router Alert: forwarded, bytes unchanged but the hop limit" \
	at_h2_forwarded "$PKT"
probe6 2001:db8:1::7 2001:db8:2::2 64 4616 32 1e0400000000
check "unknown option, action 00 (skip): forwarded" at_h2_forwarded "$PKT"
probe6 2001:db8:1::7 2001:db8:2::2 64 4617 32 5e0400000000
check "unknown option, action 01 (discard): not forwarded" not at_h2_seen "$PKT"
check "... and no ICMPv6 error" not at_h1_anyerror
probe6 2001:db8:1::8 2001:db8:2::2 64 4618 32 9e0400000000
check "unknown option, action 10: parameter problem 4/2 pointing at it (42)" \
	at_h1_error "$PKT" 4 2 42 2001:db8:1::1 2001:db8:1::8
check "... and the packet not forwarded" not at_h2_seen "$PKT"
# r's kernel (forwarding off) answers no transit packet but for
# ip6_rcv_core's Hop-by-Hop processing, which would send this 4/2 itself
# if the router passed the packet to it: the errors must be the daemon's
err=$(for c in TimeExcds PktTooBigs DestUnreachs ParmProblems; do kstat6 "Icmp6Out$c"; done | xargs)
check "r's kernel sent none of these errors (its time exceeded, too big, unreachable, parameter problem: $err)" \
	test "$err" = "0 0 0 0"

# ---- redirect: a packet that goes back out the link it came in on, to a
# gateway h1 could reach itself (link-local: ndisc_send_redirect's rule);
# ip6_forward sends the redirect and forwards the packet all the same
r6 route add 2001:db8:70::/64 via "$LL_H1" dev r-h1
in_h1 timeout 5 tcpdump -i eth0 -n -e -vv -l \
	'icmp6 and (ip6[40] == 137 or ip6 dst 2001:db8:70::1)' >"$TMP/cap" 2>/dev/null &
tp=$!
sleep 1
in_h1 ping -6 -c 1 -W 1 -I 2001:db8:1::2 2001:db8:70::1 >/dev/null
sleep 0.3; kill "$tp" 2>/dev/null; wait "$tp" 2>/dev/null
check "redirect (137) from r-h1's link-local address: 2001:db8:70::1 to h1, hop limit 255, checksum good" \
	grep -q "^[0-9:.]* $MAC_R1 > $MAC_H1, .*(hlim 255, .*) $LL_R1 > 2001:db8:1::2: \[icmp6 sum ok\] ICMP6, redirect, length [0-9]*, 2001:db8:70::1 to $LL_H1\$" "$TMP/cap"
check "... carrying the redirected header" grep -q "redirected header option (4)" "$TMP/cap"
check "... and the packet forwarded back to h1 (hop limit 63)" \
	grep -q "^[0-9:.]* $MAC_R1 > $MAC_H1, .*hlim 63, .* 2001:db8:1::2 > 2001:db8:70::1: \[icmp6 sum ok\] ICMP6, echo request" "$TMP/cap"

if xronly; then
	# ---- kill -9: exceptions go to the kernel (forwarding off: no answer)
	kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=
	sleep 0.5
	k0=$(stat6 PuntToKernel)
	out=$(in_h1 ping -6 -c 1 -t 1 -W 1 -I 2001:db8:1::3 2001:db8:2::2 2>&1)
	check "daemon killed: hop limit 1 gets no answer" not grep -q "Time exceeded" <<<"$out"
	k1=$(stat6 PuntToKernel)
	check "... it went to the kernel: PuntToKernel ($k0 -> $k1)" test "$k1" -gt "$k0"
	out=$(in_h1 ping -6 -c 2 -i 0.2 -W 1 2001:db8:2::2)
	check "... while the fast path goes on forwarding" grep -q "2 received" <<<"$out"
	check "reset" xr reset
fi
finish
