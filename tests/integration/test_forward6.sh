#!/usr/bin/env bash
# IPv6 through the fast path: h1 - r - h2, kernel forwarding off in r for
# both families, static neighbours and no daemon, so everything that gets
# across was forwarded by r's XDP program (by its tc program when
# XR6_HOOK=tc: test_tc6.sh). lib6.sh says how to run the same checks
# against Linux's own forwarding (XR6_LINUX=1).
source "$(dirname "$0")/lib6.sh"
up6 || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2), hook $HOOK"
ip -n "$H2" addr add 2001:db8:100::1/128 dev lo

check "kernel forwarding is off in r: nothing crosses before attach" \
	bash -c "[ \$(ip netns exec $R sysctl -n net.ipv6.conf.all.forwarding) = 0 ] &&
		 ! ip netns exec $H1 ping -c 1 -W 1 2001:db8:2::2 >/dev/null"
attach6
if xronly; then
	out=$(xr -6 route show)
	check "link attach took r-h1's IPv6 addresses: connected route" \
		grep -q '^2001:db8:1::/64 dev r-h1 ' <<<"$out"
	check "... and r-h2's" grep -q '^2001:db8:2::/64 dev r-h2 ' <<<"$out"
fi
check "neigh replace h1 (static)" r6 neigh replace 2001:db8:1::2 lladdr "$MAC_H1" dev r-h1
check "neigh replace h2 (static)" r6 neigh replace 2001:db8:2::2 lladdr "$MAC_H2" dev r-h2
check "route add via a gateway" r6 route add 2001:db8:100::/64 via 2001:db8:2::2

out=$(in_h1 ping -6 -c 3 -i 0.2 -W 1 2001:db8:2::2)
check "ping6 h1 -> h2" grep -q "3 received" <<<"$out"
check "the reply crossed r once: hop limit 63" grep -q "ttl=63" <<<"$out"
out=$(in_h2 ping -6 -c 3 -i 0.2 -W 1 2001:db8:1::2)
check "ping6 h2 -> h1" grep -q "3 received" <<<"$out"
out=$(in_h1 ping -6 -c 2 -i 0.2 -W 1 2001:db8:100::1)
check "ping6 through a gateway route" grep -q "2 received" <<<"$out"

# The bytes at h2: MACs r-h2 -> h2, hop limit 63, traffic class, flow
# label, addresses and payload (its checksum included) unchanged.
probe6 2001:db8:1::2 2001:db8:2::2 64 4601 64
check "echo request at h2: forwarded once, every other byte the same" at_h2_forwarded "$PKT"

check "TCP 4 MiB h1 -> h2 over IPv6 arrives intact (SHA-256)" tcp_4mib 2001:db8:2::2
if xronly; then
	fw=$(stat6 Ip6OutForwDatagrams)
	min=2900; [ "$HOOK" = tc ] && min=100   # tc: GRO packets, forwarded whole
	check "Ip6OutForwDatagrams counted the transfer (>= $min: $fw)" \
		test "${fw:-0}" -ge "$min"
fi
kfw=$(kstat6 Ip6OutForwDatagrams)
check "r's kernel forwarded none of it (its Ip6OutForwDatagrams: $kfw)" test "$kfw" -eq 0

# A Hop-by-Hop header holding only padding is forwarded like any other
# packet (fast path: no daemon here), header and all, hop limit - 1.
probe6 2001:db8:1::2 2001:db8:2::2 64 4602 32 010400000000
check "Hop-by-Hop with PadN only: forwarded, bytes unchanged but the hop limit" \
	at_h2_forwarded "$PKT"
# Linux drops (silently) padding longer than 7 bytes in a row and a PadN
# with data other than zeros (ip6_parse_tlv, RFC 4942 2.1.9.5)
probe6 2001:db8:1::2 2001:db8:2::2 64 4603 32 0000000000000104000000000000
check "Hop-by-Hop with 14 bytes of padding in a row: not forwarded" not at_h2_seen "$PKT"
check "... and no ICMPv6 error" not at_h1_anyerror
probe6 2001:db8:1::2 2001:db8:2::2 64 4604 32 010400000100
check "Hop-by-Hop PadN with a non-zero byte: not forwarded" not at_h2_seen "$PKT"

# A multicast destination is not forwarded, even sent to r's MAC and with
# a default route that would cover it (ip6_forward is never reached: Linux
# delivers or drops it in ip6_mc_input); nor is one sent to the group's MAC.
check "route add default via h2" r6 route add default via 2001:db8:2::2
mc0=$(xronly && stat6 Ip6InMcastPkts)
probe6 2001:db8:1::2 ff0e::4605 64 4605 32
check "multicast destination to r's MAC: nothing at h2" not at_h2_seen "$PKT"
check "... and no ICMPv6 error to h1" not at_h1_anyerror
if xronly; then
	mc1=$(stat6 Ip6InMcastPkts)
	check "... counted as Ip6InMcastPkts ($mc0 -> $mc1)" test "${mc1:-0}" -gt "${mc0:-0}"
fi
out=$(in_h2 timeout 3 tcpdump -i eth0 -n -c 1 -l 'ip6 dst ff0e::4606' 2>/dev/null &
	sleep 1; in_h1 ping -6 -c 2 -i 0.2 -W 1 -I eth0 ff0e::4606 >/dev/null; wait)
check "ping6 to a multicast group (its MAC): nothing at h2" test -z "$out"

# Deleting the route stops traffic to it.
check "route del" r6 route del 2001:db8:100::/64
check "route del ::/0" r6 route del ::/0
check "no traffic after route del" \
	bash -c "! ip netns exec $H1 ping -6 -c 2 -i 0.2 -W 1 2001:db8:100::1 >/dev/null"
if xronly; then
	check "NoRoute counted" test "$(stat6 NoRoute)" -ge 2
	check "link detach r-h1" xr link detach r-h1
	check "link detach r-h2" xr link detach r-h2
	out=$(xr -6 route show) && rc=0 || rc=$?
	check "IPv6 connected routes went with the links" \
		bash -c "[ $rc -eq 0 ] && ! grep -q 'proto kernel' <<<'$out'"
	check "nothing crosses after detach" \
		bash -c "! ip netns exec $H1 ping -6 -c 1 -W 1 2001:db8:2::2 >/dev/null"
	check "reset removes the state" xr reset
fi
finish
