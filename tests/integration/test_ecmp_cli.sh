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
# groups N: "SLOTS REFS LEAKED" of xr_fibN_nhg, read with bpftool from
# the pinned map: the group slots in use (nmemb != 0), the sum of their
# counts, the slots in use that no route counts (refcnt 0)
SD=$(xr -j state show | jq -r '.[] | select(.self) | .path')
groups() {
	bpftool -j map dump pinned "$SD/xr_fib${1}_nhg" | python3 -c '
import json, sys
v = [e.get("formatted", e)["value"] for e in json.load(sys.stdin)]
u = [g for g in v if g["nmemb"]]
print(len(u), sum(g["refcnt"] for g in u), sum(1 for g in u if not g["refcnt"]))'
}
# nh_refs N: the sum of the next hops' counts in xr_fibN_nh (routes and
# groups holding them)
nh_refs() {
	bpftool -j map dump pinned "$SD/xr_fib${1}_nh" | python3 -c '
import json, sys
v = [e.get("formatted", e)["value"] for e in json.load(sys.stdin)]
print(sum(n["refcnt"] for n in v if n["type"]))'
}
# mp_routes N: the routes with members ("nexthops") of family N
mp_routes() { xr "-$1" -j route show | jq '[.[] | select(.nexthops)] | length'; }
# groups_exact NAME: each family's group slots are counted by its
# routes with members only (their counts add up to those routes; no slot
# in use that none counts)
groups_exact() {
	local f g n slots refs leaked
	for f in 4 6; do
		g=$(groups $f); n=$(mp_routes $f)
		read -r slots refs leaked <<<"$g"
		[ "$refs" = "$n" ] && [ "$leaked" = 0 ] && [ "$slots" -le "$n" ] ||
			{ bad "$1: IPv$f groups '$g' (slots refs leaked), $n routes with members"; return; }
	done
	ok "$1: group slots and counts exact ($(groups 4), $(groups 6))"
}
snapshot() { xr -j route show; xr -6 -j route show; xr -j route multipath; }
# maps: the group slots and next-hop counts (slow: checked once around
# the refusals, not after each)
maps() { groups 4; groups 6; nh_refs 4; nh_refs 6; }
# refuse 'LINE' CMD...: CMD fails with exactly LINE on stderr, nothing
# on stdout, and every route, group and setting is what it was ($before,
# taken before the refusals)
refuse() {
	local want=$1 out err rc
	shift
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
# every flow takes the member that is left, whatever its hash (one batch
# of route gets: one line each)
want= lines=
for sp in $(seq 8); do
	lines+="route get 198.18.100.1 ipproto 6 sport $sp dport 80"$'\n'
	want+="198.18.100.1 ipproto 6 sport $sp dport 80 route 198.18.100.0/24 multipath via 198.18.2.2 dev r-h2 weight 1 nexthop 198.18.2.2 lladdr $G2 PERMANENT mtu 1500 action forward"$'\n'
	lines+="route get 2001:db8:100::$sp"$'\n'
	want+="2001:db8:100::$sp route 2001:db8:100::/48 multipath via fe80::2 dev r-h2 weight 1 nexthop fe80::2 lladdr $G2 PERMANENT mtu 1500 action forward"$'\n'
done
got=$(printf '%s' "$lines" | xr -batch -)
[ "$got"$'\n' = "$want" ] && ok "route get: 8 flows of each family, all on the member left" ||
	bad "route get, a member dead: got '$got'"
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

# ---- route get names the member the fast path picks -----------------------
STATE=$(xr -V | sed -n 's/^state in \([^:]*\): .*/\1/p')
# mphash SRC DST PROTO SPORT DPORT L4: the flow hash of abi/nhg.h with
# this state's seed, computed here (the sum of word * K by position, the
# lower address first with its port, then the fold and one multiply)
mphash() {
	local seed
	seed=$(bpftool -j map dump pinned "$STATE/xr_mp_cfg" | jq '.[0].formatted.value.seed')
	python3 - "$seed" "$@" <<'PY'
import ipaddress, struct, sys
seed, src, dst, proto, sp, dp, l4 = sys.argv[1:]
K = [0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9, 0x94d049bb133111eb,
     0xd6e8feb86659fd93, 0xa0761d6478bd642f, 0xe7037ed1a0b428db,
     0x8ebc6af09c88c6e3, 0x589965cc75374cc3, 0x1d8e4e27c47d124f,
     0xc2b2ae3d27d4eb4f]
M = (1 << 64) - 1
def words(a):
    b = ipaddress.ip_address(a).packed
    return list(struct.unpack('<%dI' % (len(b) // 4), b))
s, d, sp, dp = words(src), words(dst), int(sp), int(dp)
if s > d or (s == d and dp < sp):
    s, d, sp, dp = d, s, dp, sp
w = s + d
if l4 == '1':
    w += [int(proto), sp << 16 | dp]
elif len(s) == 4:
    w += [int(proto) << 24]
acc = int(seed)
for i, k in enumerate(w):
    acc = (acc + k * K[i]) & M
acc ^= acc >> 29
acc = (acc * 0xbf58476d1ce4e5b9) & M
print(acc >> 32)
PY
}
# the hash route get's probe reports is the one abi/nhg.h defines, per
# policy and family; its bucket is the hash's top 7 bits
hash_is() { # NAME L4 ADDR from SRC ipproto P sport S dport D
	local name=$1 l4=$2 j want
	shift 2
	j=$(xr -j route get "$@")
	want=$(mphash "$3" "$1" "$5" "$7" "$9" "$l4")
	if [ "$(jq .hash <<<"$j")" = "$want" ] && [ "$(jq .bucket <<<"$j")" = $((want >> 25)) ] &&
	   [ "$(jq .multipath <<<"$j")" = true ]; then ok "route get: $name hash $want"
	else bad "route get: $name: $j, want hash $want"; fi
}
hash_is "IPv4 L4" 1 198.18.100.1 from 198.18.1.2 ipproto 6 sport 4321 dport 80
hash_is "IPv6 L4" 1 2001:db8:100::1 from 2001:db8:1::2 ipproto 17 sport 53 dport 5353
run -4 route multipath hash-policy l3
hash_is "IPv4 L3" 0 198.18.100.1 from 198.18.1.2 ipproto 6 sport 4321 dport 80
hash_is "IPv6 L4 (its own policy)" 1 2001:db8:100::1 from 2001:db8:1::2 ipproto 6 sport 4321 dport 80
run -6 route multipath hash-policy l3
hash_is "IPv6 L3" 0 2001:db8:100::1 from 2001:db8:1::2 ipproto 6 sport 4321 dport 80
# gets SPORTS...: one route get a port, in one batch
gets() {
	local sp
	for sp in "$@"; do echo "route get 198.18.100.1 from 198.18.1.2 ipproto 6 sport $sp dport 80"; done |
		xr -batch -
}
# L3: the ports do not count: one member for every port
n=$(gets $(seq 1 50) | sed 's/.* multipath via \([^ ]*\) .*/\1/' | sort -u | wc -l)
[ "$n" -eq 1 ] && ok "route get L3: 50 ports, one member" || bad "route get L3: $n members"
run route multipath hash-policy l4
gets $(seq 1 400) >"$TMP/l4a"
gets $(seq 1 400) >"$TMP/l4b"
cmp -s "$TMP/l4a" "$TMP/l4b" && ok "route get L4: each flow asked twice, the same member" ||
	bad "route get L4: answers changed"
# each line is exactly one member's (byte for byte), in proportion to the
# weights (1:3, 32 and 96 buckets) within 10%
sp=0 n2=0 n3=0 odd=0
while read -r line; do
	sp=$((sp + 1))
	pre="198.18.100.1 from 198.18.1.2 ipproto 6 sport $sp dport 80 route 198.18.100.0/24 multipath"
	case "$line" in
	"$pre via 198.18.2.2 dev r-h2 weight 1 nexthop 198.18.2.2 lladdr $G2 PERMANENT mtu 1500 action forward") n2=$((n2 + 1));;
	"$pre via 198.18.3.2 dev r-m3 weight 3 nexthop 198.18.3.2 lladdr $G3 PERMANENT mtu 1500 action forward") n3=$((n3 + 1));;
	*) odd=$((odd + 1)); echo "# unexpected: $line";;
	esac
done <"$TMP/l4a"
[ $odd -eq 0 ] && [ $((n2 + n3)) -eq 400 ] && [ $n3 -ge 260 ] && [ $n3 -le 340 ] &&
	ok "route get L4: 400 flows, $n2 on weight 1, $n3 on weight 3" ||
	bad "route get L4: $n2 on weight 1, $n3 on weight 3, $odd other"
run route multipath hash-policy l3

# ---- refused: one line, exit 1, nothing changed ----------------------------
before=$(snapshot) before_maps=$(maps)
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
[ "$(maps)" = "$before_maps" ] && ok "refusals: group slots and next-hop counts unchanged" ||
	bad "refusals changed the groups or next hops: $(maps), were $before_maps"
groups_exact "after the refusals"

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
# a one-member nexthop list makes a plain route, and deletes it (as ip)
run route add 198.18.105.0/24 nexthop via 198.18.3.2
run -6 route add 2001:db8:105::/48 nexthop via fe80::2 dev r-h2
run route del 198.18.105.0/24 nexthop via 198.18.3.2
run -6 route del 2001:db8:105::/48 nexthop via fe80::2 dev r-h2
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

# ---- out of group slots (4,095 a family) ----------------------------------
# a batch of 4,100 routes, each its own member set (distinct weights):
# line 4096 finds no free slot; the lines before it stay applied
# (xdp-router(8) BATCHES), nothing of line 4096 and after
for i in $(seq 0 4099); do
	echo "route add 10.$((i / 256)).$((i % 256)).0/24 nexthop via 198.18.2.2 weight $((1 + i % 256)) nexthop via 198.18.3.2 weight $((1 + i / 256))"
done >"$TMP/full.batch"
before=$(xr -6 -j route show; xr -j route multipath; groups 6; nh_refs 6)
nh4=$(nh_refs 4)
err=$(xr -batch "$TMP/full.batch" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$err" = 'xdp-router: line 4096: cannot change route "10.15.255.0/24": No space left on device' ] &&
	ok "batch out of group slots: line 4096 refused" || bad "batch out of slots (exit $rc): $err"
got=$(xr -j route show | jq '[.[] | select(.dst | startswith("10."))] | [length, .[-1].dst, (map(select(.nexthops)) | length)]' -c)
[ "$got" = '[4095,"10.15.254.0/24",4095]' ] && ok "the 4,095 lines before applied" ||
	bad "after the failed batch: $got"
[ "$(groups 4)" = "4095 4095 0" ] && ok "4,095 group slots, one route each" || bad "groups: $(groups 4)"
groups_exact "after the batch failure"
[ "$(nh_refs 4)" = $((nh4 + 2 * 4095)) ] && ok "next hops: two counts a group, none leaked" ||
	bad "next-hop counts $(nh_refs 4), want $((nh4 + 2 * 4095))"
[ "$(xr -6 -j route show; xr -j route multipath; groups 6; nh_refs 6)" = "$before" ] &&
	ok "IPv6 unchanged" || bad "the IPv4 batch changed IPv6"
# replace with a new member set needs a free slot (the old group is given
# up only once the route uses the new one: hitless)
before=$(snapshot) before_maps=$(maps)
refuse 'xdp-router: cannot change route "10.0.0.0/24": No space left on device' \
	route replace 10.0.0.0/24 nexthop via 198.18.2.2 weight 1 nexthop via 198.18.3.2 weight 200
[ "$(maps)" = "$before_maps" ] && ok "replace out of slots: groups unchanged" ||
	bad "replace out of slots changed the groups: $(maps), were $before_maps"
run route del 10.0.1.0/24
run route replace 10.0.0.0/24 nexthop via 198.18.2.2 weight 1 nexthop via 198.18.3.2 weight 200
got=$(xr -j route show | jq -c '.[] | select(.dst == "10.0.0.0/24") | .nexthops | map([.gateway, .weight])')
[ "$got" = '[["198.18.2.2",1],["198.18.3.2",200]]' ] &&
	ok "del then replace: a slot freed and taken" || bad "replace after del: $got"
[ "$(groups 4)" = "4094 4094 0" ] && ok "replace: its old group given up" || bad "groups: $(groups 4)"
run route flush
[ "$(groups 4)" = "0 0 0" ] && [ "$(groups 6)" = "0 0 0" ] &&
	ok "flush: every group slot free" || bad "after flush: $(groups 4), $(groups 6)"
[ "$(nh_refs 4)" = "$nh4" ] && ok "flush: next-hop counts back" ||
	bad "flush: next-hop counts $(nh_refs 4), $nh4 before the batch"

finish
