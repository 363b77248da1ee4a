#!/usr/bin/env bash
# Multipath routes (ECMP) through the CLI, both families, word for word:
# add, show (ip's nexthop lines, dead and linkdown), JSON, replace, del,
# flush, -batch, route get naming the member the fast path picks, the
# hash policy; and every refusal one line on stderr, exit 1, nothing
# changed (routes, groups, the policy).
source "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d)
trap 'topo_down; rm -rf "$TMP"' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
# a third link of r (its peer stays in r: no traffic here, only routes)
ip -n "$R" link add r-m3 type veth peer name r-m3p &&
ip -n "$R" addr add 198.18.3.1/24 dev r-m3 &&
ip -n "$R" link set r-m3 up && ip -n "$R" link set r-m3p up &&
# its IPv6 address stays when it goes down (the case below)
in_r sysctl -qw net.ipv6.conf.r-m3.keep_addr_on_down=1 &&
ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad &&
ip -n "$R" addr add 2001:db8:3::1/64 dev r-m3 nodad &&
topo_wait_up "$R" r-m3 || bad "third link"
for _ in $(seq 50); do ip -n "$R" -6 addr show | grep -q tentative || break; sleep 0.1; done

G2=02:00:00:00:22:22 G3=02:00:00:00:33:33
xr link attach r-h1 && xr link attach r-h2 && xr link attach r-m3 &&
xr neigh add 198.18.2.2 lladdr $G2 dev r-h2 &&
xr neigh add 198.18.3.2 lladdr $G3 dev r-m3 &&
xr neigh add 2001:db8:3::2 lladdr $G3 dev r-m3 &&
xr neigh add fe80::2 lladdr $G2 dev r-h2 || bad "set-up"

# same NAME WANT CMD...: CMD succeeds and prints exactly WANT
same() {
	local name=$1 want=$2 out rc
	shift 2
	out=$(xr "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then ok "$name"
	else bad "$name (exit $rc): got '$out', want '$want'"; fi
}
run() { # CMD...: succeeds, silently
	local err
	if err=$(xr "$@" 2>&1) && [ -z "$err" ]; then ok "$*"; else bad "$* ($err)"; fi
}
snapshot() { xr -j route show; xr -6 -j route show; xr -j route multipath; }
# refuse 'LINE' CMD...: CMD fails with exactly LINE on stderr, nothing
# on stdout, and every route, group and setting is what it was
refuse() {
	local want=$1 before out err rc
	shift
	before=$(snapshot)
	out=$(xr "$@" 2>"$TMP/err"); rc=$?
	err=$(cat "$TMP/err")
	if [ $rc -ne 1 ] || [ -n "$out" ] || [ "$err" != "$want" ]; then
		bad "refused: $* (exit $rc): got '$err', want '$want'"
	elif [ "$(snapshot)" != "$before" ]; then
		bad "refused: $* (state changed)"
	else ok "refused: $* -> $err"; fi
}
CONN4='198.18.1.0/24 dev r-h1 proto kernel scope link src 198.18.1.1
198.18.2.0/24 dev r-h2 proto kernel scope link src 198.18.2.1
198.18.3.0/24 dev r-m3 proto kernel scope link src 198.18.3.1'
CONN6='2001:db8:2::/64 dev r-h2 proto kernel scope link src 2001:db8:2::1
2001:db8:3::/64 dev r-m3 proto kernel scope link src 2001:db8:3::1'
T=$'\t'

# ---- add, show, JSON -----------------------------------------------------
run route add 198.18.100.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.2 weight 3
run route add 2001:db8:100::/48 nexthop via fe80::2 dev r-h2 nexthop via 2001:db8:3::2
MP4="198.18.100.0/24 proto static
${T}nexthop via 198.18.2.2 dev r-h2 weight 1
${T}nexthop via 198.18.3.2 dev r-m3 weight 3"
same "show: the route, then its members" "$CONN4
$MP4" route show
same "show -6: a link-local member with its dev" "$CONN6
2001:db8:100::/48 proto static
${T}nexthop via fe80::2 dev r-h2 weight 1
${T}nexthop via 2001:db8:3::2 dev r-m3 weight 1" -6 route show
J4='{"type":"unicast","dst":"198.18.100.0/24","protocol":"static","scope":"global","nexthops":[{"gateway":"198.18.2.2","dev":"r-h2","weight":1,"buckets":32,"flags":[]},{"gateway":"198.18.3.2","dev":"r-m3","weight":3,"buckets":96,"flags":[]}]}'
got=$(xr -j route show | jq -c '.[3]')
[ "$got" = "$J4" ] && ok "JSON: nexthops, buckets by weight" || bad "JSON: got $got"
got=$(xr -6 -j route show | jq -c '.[2].nexthops | map([.gateway, .dev, .weight, .buckets])')
[ "$got" = '[["fe80::2","r-h2",1,64],["2001:db8:3::2","r-m3",1,64]]' ] &&
	ok "JSON -6: equal weights, equal buckets" || bad "JSON -6: got $got"
# the same members (any order, other words) share one group
run route add 198.18.101.0/24 nexthop via 198.18.3.2 dev r-m3 weight 3 nexthop via 198.18.2.2
same "show: a second route of the same members" "$CONN4
$MP4
198.18.101.0/24 proto static
${T}nexthop via 198.18.2.2 dev r-h2 weight 1
${T}nexthop via 198.18.3.2 dev r-m3 weight 3" route show

# ---- a member that is down: dead, linkdown; its buckets lent -------------
ip -n "$R" link set r-m3 down
xr link attach r-m3 >/dev/null   # refresh its link now (the daemon's link watch does it live)
got=$(xr route show | sed -n '4,6p')
[ "$got" = "198.18.100.0/24 proto static
${T}nexthop via 198.18.2.2 dev r-h2 weight 1
${T}nexthop via 198.18.3.2 dev r-m3 weight 3 dead linkdown" ] && ok "link down: dead linkdown" ||
	bad "link down: got '$got'"
got=$(xr -j route show | jq -c '.[3].nexthops | map([.buckets, .flags])')
[ "$got" = '[[128,[]],[0,["dead","linkdown"]]]' ] && ok "JSON: a dead member's buckets lent" ||
	bad "JSON dead: got $got"
ip -n "$R" link set r-m3 up
topo_wait_up "$R" r-m3
xr link attach r-m3 >/dev/null
got=$(xr -j route show | jq -c '.[3].nexthops | map([.buckets, .flags])')
[ "$got" = '[[32,[]],[96,[]]]' ] && ok "link up: its buckets back" || bad "link up: got $got"

# ---- the hash policy -------------------------------------------------------
same "multipath: l3 by default" "inet hash-policy l3
inet6 hash-policy l3" route multipath
run -4 route multipath hash-policy l4
same "-4 hash-policy l4: IPv4 only" "inet hash-policy l4
inet6 hash-policy l3" route multipath show
same "-6 route multipath" "inet6 hash-policy l3" -6 route multipath
same "JSON" '[{"family":"inet","hash_policy":"l4"},{"family":"inet6","hash_policy":"l3"}]' -j route multipath
run route multipath hash-policy l4
same "hash-policy without -4/-6: both" "inet hash-policy l4
inet6 hash-policy l4" route multipath

# ---- refused: one line, exit 1, nothing changed ----------------------------
refuse 'xdp-router: duplicate nexthop "via 198.18.2.2"' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop via 198.18.2.2 weight 2
refuse 'xdp-router: duplicate nexthop "dev r-h2"' \
	route add 198.18.102.0/24 nexthop dev r-h2 nexthop dev r-h2
refuse 'xdp-router: invalid weight "0" (1 to 256)' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 weight 0 nexthop via 198.18.3.2
refuse 'xdp-router: invalid weight "257" (1 to 256)' \
	route replace 198.18.100.0/24 nexthop via 198.18.2.2 weight 257 nexthop via 198.18.3.2
many=()
for k in $(seq 65); do many+=(nexthop via 198.18.2.$((k + 2))); done
refuse 'xdp-router: too many nexthops (at most 64)' route add 198.18.102.0/24 "${many[@]}"
refuse 'xdp-router: gateway "2001:db8:3::2" is an IPv6 address, the prefix "198.18.102.0/24" IPv4' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop via 2001:db8:3::2
refuse 'xdp-router: gateway "198.18.9.2" is not on a connected network' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop via 198.18.9.2
refuse 'xdp-router: gateway "198.18.3.2" is not on device "r-h2"' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.2 dev r-h2
refuse 'xdp-router: cannot find device "r-nope"' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop dev r-nope
refuse 'xdp-router: gateway "fe80::3" is link-local: it needs "dev DEV"' \
	route add 2001:db8:102::/48 nexthop via 2001:db8:3::2 nexthop via fe80::3
refuse 'xdp-router: route "198.18.102.0/24" takes "via"/"dev" or "nexthop" members, not both' \
	route add 198.18.102.0/24 via 198.18.2.2 nexthop via 198.18.3.2
refuse 'xdp-router: a prohibit route takes no "via", "dev" or "nexthop"' \
	route add prohibit 198.18.102.0/24 nexthop via 198.18.3.2
refuse 'xdp-router: "nexthop" needs "via GW" or "dev DEV"' \
	route add 198.18.102.0/24 nexthop via 198.18.2.2 nexthop weight 2
refuse 'xdp-router: route "198.18.100.0/24" exists (use "route replace")' \
	route add 198.18.100.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.2
refuse 'xdp-router: no such route "198.18.100.0/24"' \
	route del 198.18.100.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.3
refuse 'xdp-router: no such route "198.18.100.0/24"' route del 198.18.100.0/24 via 198.18.2.2
refuse 'xdp-router: unknown hash policy "l5" (l3, l4)' route multipath hash-policy l5
refuse 'xdp-router: ipproto 1 has no ports (sport, dport: 6, 17, 33, 132, 136)' \
	route get 198.18.100.1 ipproto 1 sport 7
# a batch: every line checked before any is applied; the error names its line
printf '%s\n' 'route add 198.18.110.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.2' \
	'route add 2001:db8:110::/48 nexthop via 2001:db8:3::2 nexthop via fe80::2 dev r-h2' \
	'route add 198.18.111.0/24 nexthop via 198.18.2.2 nexthop via 198.18.2.2' >"$TMP/bad.batch"
refuse 'xdp-router: line 3: duplicate nexthop "via 198.18.2.2"' -batch "$TMP/bad.batch"

# ---- replace, del, batch, flush --------------------------------------------
run route replace 198.18.101.0/24 via 198.18.2.2
run route replace 198.18.100.0/24 nexthop dev r-h2 nexthop via 198.18.3.2 weight 2
same "replace: multipath to single, new members, on-link member" "$CONN4
198.18.100.0/24 proto static
${T}nexthop dev r-h2 weight 1
${T}nexthop via 198.18.3.2 dev r-m3 weight 2
198.18.101.0/24 via 198.18.2.2 dev r-h2 proto static" route show
run route replace 198.18.101.0/24 nexthop via 198.18.2.2 weight 5 nexthop via 198.18.3.2 weight 5
run route del 198.18.100.0/24 nexthop via 198.18.3.2 nexthop dev r-h2
same "del by its members (any order)" "$CONN4
198.18.101.0/24 proto static
${T}nexthop via 198.18.2.2 dev r-h2 weight 5
${T}nexthop via 198.18.3.2 dev r-m3 weight 5" route show
run route del 198.18.101.0/24
run -6 route del 2001:db8:100::/48
same "del: connected routes only" "$CONN4" route show
same "del -6" "$CONN6" -6 route show
printf '%s\n' '# both families, members and plain routes mixed' \
	'route add 198.18.120.0/24 nexthop via 198.18.2.2 nexthop via 198.18.3.2' \
	'route add 198.18.121.0/24 via 198.18.3.2' \
	'route add 2001:db8:120::/48 nexthop via 2001:db8:3::2 weight 2 nexthop via fe80::2 dev r-h2' \
	'route add 198.18.122.0/24 nexthop via 198.18.3.2 weight 4 nexthop via 198.18.2.2' \
	'route del 198.18.120.0/24' \
	'route add 198.18.120.0/24 nexthop via 198.18.3.2' >"$TMP/ok.batch"
run -batch "$TMP/ok.batch"
same "batch: IPv4" "$CONN4
198.18.120.0/24 via 198.18.3.2 dev r-m3 proto static
198.18.121.0/24 via 198.18.3.2 dev r-m3 proto static
198.18.122.0/24 proto static
${T}nexthop via 198.18.2.2 dev r-h2 weight 1
${T}nexthop via 198.18.3.2 dev r-m3 weight 4" route show
same "batch: IPv6" "$CONN6
2001:db8:120::/48 proto static
${T}nexthop via 2001:db8:3::2 dev r-m3 weight 2
${T}nexthop via fe80::2 dev r-h2 weight 1" -6 route show
run route flush
run -6 route flush
same "flush" "$CONN4" route show
same "flush -6" "$CONN6" -6 route show

finish
