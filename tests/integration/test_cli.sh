#!/usr/bin/env bash
# The CLI as a user meets it: bad input (one line on stderr naming the
# word, non-zero exit, nothing changed), batches checked whole, JSON,
# route get, per-namespace state, and the root check.
source "$(dirname "$0")/lib.sh"
R2=xr-r2-$TOPO_ID
R3=xr-r3-$TOPO_ID
OLD=/run/xr-test-old-$TOPO_ID     # a bpffs of its own for the upgrade case
trap 'topo_down; ip netns exec $R2 $XDP_ROUTER reset >/dev/null 2>&1; ip netns del $R2 2>/dev/null
      XDP_ROUTER_BPFFS=$OLD ip netns exec $R3 $XDP_ROUTER reset >/dev/null 2>&1
      ip netns del $R3 2>/dev/null; umount $OLD 2>/dev/null; rmdir $OLD 2>/dev/null' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
# IPv6 beside IPv4 (nodad: usable at once)
in_r sysctl -qw net.ipv6.conf.all.accept_dad=0
ip -n "$R" addr add 2001:db8:1::1/64 dev r-h1 nodad
ip -n "$R" addr add 2001:db8:2::1/64 dev r-h2 nodad
# the link-local addresses made when the links came up: DAD done (an
# address still tentative is not the kernel's, nor taken by attach)
for _ in $(seq 50); do ip -n "$R" -6 addr show | grep -q tentative || break; sleep 0.1; done

xr link attach r-h1 && xr link attach r-h2 &&
xr neigh add 198.18.2.2 lladdr 02:00:00:00:22:22 dev r-h2 &&
xr route add 198.18.64.0/18 via 198.18.2.2 &&
xr neigh add 2001:db8:2::2 lladdr 02:00:00:00:22:22 dev r-h2 &&
xr route add 2001:db8:64::/48 via 2001:db8:2::2 || bad "set-up"

snapshot() {
	xr -j route show; xr -6 -j route show; xr -j neigh show
	xr -j link show | jq -c 'map(del(.rx_packets, .rx_bytes, .tx_packets, .tx_bytes))'
}
before=$(snapshot)

# refuse WORD CMD...: the command fails, stderr is one line that names
# WORD, and the state is what it was.
refuse() {
	local word=$1; shift
	local err rc
	err=$(in_r "$XDP_ROUTER" "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -eq 0 ]; then bad "refused: $* (exit 0)"; return; fi
	if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then bad "refused: $* (stderr not one line: $err)"; return; fi
	if ! grep -qF -- "$word" <<<"$err"; then bad "refused: $* (does not name '$word': $err)"; return; fi
	if [ "$(snapshot)" != "$before" ]; then bad "refused: $* (state changed)"; return; fi
	ok "refused: $* -> $err"
}

refuse "/33"            route add 198.18.9.0/33 via 198.18.2.2
refuse "300.1.1.1"      route add 300.1.1.1/32 dev r-h2
refuse "198.18.9.1/24"  route add 198.18.9.1/24 dev r-h2
refuse "1.2.3"          route add 198.18.9.0/24 via 1.2.3
refuse "198.18.77.1"    route add 198.18.9.0/24 via 198.18.77.1
refuse "r-h1"           route add 198.18.9.0/24 via 198.18.2.7 dev r-h1
refuse "nosuchdev"      route add 198.18.9.0/24 dev nosuchdev
refuse "metric"         route add 198.18.9.0/24 dev r-h2 metric 5
refuse "via"            route add 198.18.9.0/24 via
refuse "PREFIX"         route add
refuse "exists"         route add 198.18.64.0/18 via 198.18.2.2
refuse "address of the router" route add 198.18.2.1/32 via 198.18.2.2
refuse "address of the router" route add blackhole 198.18.1.255/32
refuse "198.18.65.0/24" route del 198.18.65.0/24
refuse "frobnicate"     route frobnicate
refuse "02:00:00:00:00" neigh add 198.18.2.9 lladdr 02:00:00:00:00 dev r-h2
refuse "nosuchdev"      neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev nosuchdev
refuse "lladdr"         neigh add 198.18.2.9 dev r-h2
refuse "exists"         neigh add 198.18.2.2 lladdr 02:00:00:00:22:23 dev r-h2
refuse "198.18.2.99"    neigh del 198.18.2.99 dev r-h2
refuse "bogus"          link attach r-h1 mode bogus
refuse "nosuchdev"      link attach nosuchdev
refuse "not attached"   link detach lo
refuse "blackhole"      route add blackhole 198.18.9.0/24 via 198.18.2.2
refuse "maybe"          link set r-h1 redirects maybe
refuse "mtu"            link set r-h1 mtu 9000
refuse "not attached"   link set lo redirects off
refuse "--bogus"        daemon --bogus
refuse "-5"             daemon --unres-qlen -5
refuse "bogus"          capture r-h1 --filter bogus
refuse "5"              capture r-h1 --snaplen 5
refuse "not attached"   capture lo
refuse "-x"             capture r-h1 -x 1
refuse "widget"         widget show
refuse "-q"             -q route show
# IPv6: the same rules, and the family's own
refuse "/129"           route add 2001:db8:9::/129 dev r-h2
refuse "2001:db8:9::1/64" route add 2001:db8:9::1/64 dev r-h2
refuse "2001:db8:::1"   route add 2001:db8:9::/64 via 2001:db8:::1
refuse "fe80::2"        route add 2001:db8:9::/64 via fe80::2
refuse "198.18.2.2"     route add 2001:db8:9::/64 via 198.18.2.2
refuse "2001:db8:2::2"  route add 198.18.9.0/24 via 2001:db8:2::2
refuse "ff02::/16"      route add ff02::/16 dev r-h2
refuse "fe80::/64"      route add fe80::/64 dev r-h2
refuse "ff02::2"        route add 2001:db8:9::/64 via ff02::2
refuse "2001:db8:77::1" route add 2001:db8:9::/64 via 2001:db8:77::1
refuse "r-h1"           route add 2001:db8:9::/64 via 2001:db8:2::7 dev r-h1
refuse "address of the router" route add 2001:db8:2::1/128 dev r-h2
refuse "address of the router" route add 2001:db8:9::/64 via 2001:db8:2::1
refuse "exists"         route add 2001:db8:64::/48 via 2001:db8:2::2
refuse "2001:db8:65::/48" route del 2001:db8:65::/48
refuse "2001:db8:64::/48" route del 2001:db8:64::/48 via 2001:db8:2::3
refuse "10.0.0.0/8"     -6 route add 10.0.0.0/8 dev r-h2
refuse "2001:db8:9::/64" -4 route add 2001:db8:9::/64 dev r-h2
refuse "ff02::1"        neigh add ff02::1 lladdr 02:00:00:00:00:09 dev r-h2
refuse "exists"         neigh add 2001:db8:2::2 lladdr 02:00:00:00:22:23 dev r-h2
refuse "2001:db8:2::99" neigh del 2001:db8:2::99 dev r-h2
refuse "256"            proto add ip6proto 256 obj /dev/null
refuse "0x86dd"         proto add ethertype 0x86dd obj /dev/null

# A batch is checked whole: a bad line 4 leaves lines 1-3 unapplied.
batch=$(mktemp)
cat >"$batch" <<'B'
# comment lines and blank lines are skipped

route add 198.18.10.0/24 via 198.18.2.2
route add blackhole 198.18.11.0/24
neigh add 198.18.2.3 lladdr 02:00:00:00:00:03 dev r-h2
route add 198.18.12.0/24 via 198.18.99.1
B
refuse "line 6" -batch "$batch"
# ... both families in one batch, checked whole: a bad IPv6 line 3
# leaves the IPv4 and IPv6 lines before it unapplied
cat >"$batch" <<'B'
route add 198.18.10.0/24 via 198.18.2.2
route add 2001:db8:10::/64 via 2001:db8:2::2
route add 2001:db8:11::/64 via 2001:db8:99::1
B
refuse "line 3: gateway \"2001:db8:99::1\"" -batch "$batch"
# Lines are checked against what earlier lines did: the gateway's
# connected route is gone by line 3.
cat >"$batch" <<'B'
route add 198.18.10.0/24 dev r-h2
route del 198.18.10.0/24
route add 198.18.13.0/24 via 198.18.10.5
B
refuse "line 3: gateway \"198.18.10.5\"" -batch "$batch"
# refuse_exact LINE CMD...: exit non-zero, stderr exactly LINE, state as it was
refuse_exact() {
	local want=$1; shift
	local err rc
	err=$(in_r "$XDP_ROUTER" "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 0 ] && [ "$err" = "$want" ] && [ "$(snapshot)" = "$before" ]; then
		ok "refused exactly: $want"
	else
		bad "refused exactly: $want (rc $rc, state $([ "$(snapshot)" = "$before" ] && echo same || echo changed), ${#err} bytes: ${err:0:200})"
	fi
}
# A NUL byte would end line 2 early and leave "route add 10.9.0.0/16 via
# 198.18.2.2": refused, naming the line (and where in it).
printf 'route add 198.18.20.0/24 via 198.18.2.2\nroute add 10.9.0.0/16 via 198.18.2.2\0 garbage\n' >"$batch"
refuse_exact "xdp-router: line 2: a NUL byte at column 37" -batch "$batch"
# A 50 MB word is quoted cut: its first 64 characters and "...".
long=$(printf 'A%.0s' $(seq 64))
{ printf 'route add '; head -c 50000000 /dev/zero | tr '\0' A; printf ' via 198.18.2.2\n'; } >"$batch"
refuse_exact "xdp-router: line 1: invalid prefix \"$long...\"" -batch "$batch"
refuse_exact "xdp-router: invalid prefix \"$long...\"" \
	route add "$(head -c 100000 /dev/zero | tr '\0' A)" via 198.18.2.2
refuse_exact "xdp-router: unknown argument \"${long}...\"" \
	route add 198.18.21.0/24 via 198.18.2.2 "${long}B"
refuse_exact "xdp-router: unknown argument \"$long\"" \
	route add 198.18.21.0/24 via 198.18.2.2 "$long"
printf 'route add 198.18.10.0/24 dev r-h2\nroute add 198.18.13.0/24 via 198.18.10.5\nroute replace 198.18.64.0/18 via 198.18.10.6\n' >"$batch"
check "batch whose lines build on each other applies" xr -batch "$batch"
check "batch applied all its lines" \
	bash -c "$XDP_ROUTER_NS route show | grep -q '^198.18.13.0/24 via 198.18.10.5 dev r-h2 proto static\$' &&
		 $XDP_ROUTER_NS route show | grep -q '^198.18.64.0/18 via 198.18.10.6 dev r-h2'"
# A batch mixing families, its IPv6 lines built on each other.
printf '%s\n' 'route add 198.18.30.0/24 via 198.18.2.2' \
	'route add 2001:db8:10::/64 dev r-h2' 'route add 2001:db8:11::/64 via 2001:db8:10::5' \
	'route add 198.18.31.0/24 dev r-h2' 'route replace 2001:db8:64::/48 via fe80::2 dev r-h2' \
	'route add prohibit 2001:db8:12::/48' 'neigh add 2001:db8:10::5 lladdr 02:00:00:00:10:05 dev r-h2' >"$batch"
check "a batch mixing families applies" xr -batch "$batch"
out=$(xr -6 route show; xr route show; xr neigh show)
for want in "2001:db8:11::/64 via 2001:db8:10::5 dev r-h2 proto static" \
	"2001:db8:64::/48 via fe80::2 dev r-h2 proto static" "prohibit 2001:db8:12::/48 proto static" \
	"198.18.30.0/24 via 198.18.2.2 dev r-h2 proto static" "198.18.31.0/24 dev r-h2 proto static scope link" \
	"2001:db8:10::5 dev r-h2 lladdr 02:00:00:00:10:05 PERMANENT"; do
	check "the mixed batch applied: $want" grep -qxF "$want" <<<"$out"
done
check "batch from stdin" bash -c "echo 'route add unreachable 198.18.14.0/24' | $XDP_ROUTER_NS -batch -"
check "batch from stdin applied" bash -c "$XDP_ROUTER_NS route show | grep -q '^unreachable 198.18.14.0/24 proto static\$'"
rm -f "$batch"

# IPv6 routes: shown with -6 only (ip route), compressed (RFC 5952);
# the connected routes of the links' addresses, no fe80::/64
v6=$(xr -6 route show); v4=$(xr route show)
check "-6 route show: connected routes" grep -qxF "2001:db8:1::/64 dev r-h1 proto kernel scope link src 2001:db8:1::1" <<<"$v6"
check "-6 route show: no fe80::/64" bash -c "! grep -q fe80::/ <<<'$v6'"
check "route show: IPv4 only" bash -c "! grep -q : <<<'$v4' && grep -q '^198.18.1.0/24' <<<'$v4'"
check "-4 route show is route show" [ "$(xr -4 route show)" = "$v4" ]
check "route add: every form inet_pton takes" xr route add 2001:0DB8:0:0:0:0:000a:0/112 dev r-h2
check "... printed compressed" bash -c "$XDP_ROUTER_NS -6 route show | grep -qxF '2001:db8::a:0/112 dev r-h2 proto static scope link'"
check "route add: embedded IPv4" xr route add ::ffff:192.0.2.0/120 via 2001:db8:2::2
check "... printed as such" bash -c "$XDP_ROUTER_NS -6 route show | grep -qxF '::ffff:192.0.2.0/120 via 2001:db8:2::2 dev r-h2 proto static'"
check "route del with its words" xr route del ::ffff:192.0.2.0/120 via 2001:db8:2::2 dev r-h2
check "route del via a link-local gateway, no dev needed (as ip)" bash -c "$XDP_ROUTER_NS route add 2001:db8:21::/64 via fe80::7 dev r-h2 && $XDP_ROUTER_NS route del 2001:db8:21::/64 via fe80::7 && ! $XDP_ROUTER_NS -6 route show | grep -q 2001:db8:21::"
check "route add default via an IPv6 gateway: ::/0" xr route add default via 2001:db8:2::2
check "... shown with -6 only" bash -c "$XDP_ROUTER_NS -6 route show | grep -qxF 'default via 2001:db8:2::2 dev r-h2 proto static' && ! $XDP_ROUTER_NS route show | grep -q default"
check "-6 route replace default: ::/0" xr -6 route replace blackhole default
check "... replaced" bash -c "$XDP_ROUTER_NS -6 route show | grep -qxF 'blackhole default proto static'"
check "-6 -j route show" bash -c "$XDP_ROUTER_NS -6 -j route show | jq -e 'any(.[]; .dst == \"2001:db8:11::/64\" and .gateway == \"2001:db8:10::5\" and .dev == \"r-h2\" and .protocol == \"static\") and any(.[]; .dst == \"2001:db8:2::/64\" and .prefsrc == \"2001:db8:2::1\" and .protocol == \"kernel\")' >/dev/null"
# neigh and addr: both families unless -4 or -6 (ip neigh, ip addr)
check "neigh show: both families" bash -c "$XDP_ROUTER_NS -j neigh show | jq -e '[.[].dst] | index(\"198.18.2.2\") != null and index(\"2001:db8:2::2\") != null' >/dev/null"
check "-6 neigh show: IPv6 only" bash -c "[ \"\$($XDP_ROUTER_NS -6 -j neigh show | jq -c '[.[].dst]')\" = '[\"2001:db8:2::2\",\"2001:db8:10::5\"]' ]"
check "-4 neigh show: IPv4 only" bash -c "! $XDP_ROUTER_NS -4 neigh show | grep -q :: && $XDP_ROUTER_NS -4 neigh show | grep -q 198.18.2.2"
ll=$(ip -n "$R" -6 -o addr show dev r-h1 scope link | awk '{print $4}')
check "addr show: IPv6 global and link-local ($ll)" bash -c "$XDP_ROUTER_NS addr show r-h1 | grep -qxF '    inet6 2001:db8:1::1/64 scope global' && $XDP_ROUTER_NS addr show r-h1 | grep -qxF '    inet6 $ll scope link'"
check "addr show -j: inet6" bash -c "$XDP_ROUTER_NS -j addr show | jq -e '.[] | select(.ifname==\"r-h2\") | .addr_info[] | select(.family==\"inet6\" and .local==\"2001:db8:2::1\" and .prefixlen==64 and .scope==\"global\")' >/dev/null"
check "-4 addr show: no inet6" bash -c "! $XDP_ROUTER_NS -4 addr show | grep -q inet6"
check "-6 addr show: no inet" bash -c "! $XDP_ROUTER_NS -6 addr show | grep -q 'inet '"
# stats: Ip6 beside Ip, each group once (the IPv6 exceptions with the others)
st=$(xr stats)
check "stats: Ip6 section" grep -qE '^    Ip6InReceives +[0-9]+$' <<<"$st"
check "stats: each group once" [ "$(grep -c ':$' <<<"$st")" = "$(grep ':$' <<<"$st" | sort -u | wc -l)" ]
check "stats -j: Ip6, IPv6 exceptions, the daemon's Icmp6 and Ndisc" bash -c "$XDP_ROUTER_NS -j stats | jq -e '.Ip6.Ip6OutForwDatagrams >= 0 and .Exceptions.HopByHop >= 0 and .Exceptions.TtlExceeded >= 0 and .Icmp6.Icmp6OutDestUnreachs >= 0 and (.Ndisc | length) > 0' >/dev/null"
# route get tells what the fast path would do.
out=$(xr route get 198.18.2.2)
check "route get: forward ($out)" grep -q "route 198.18.2.0/24 dev r-h2 nexthop 198.18.2.2 lladdr 02:00:00:00:22:22 PERMANENT mtu 1500 action forward" <<<"$out"
out=$(xr route get 198.18.13.7)
check "route get: missing neighbour ($out)" grep -q "via 198.18.10.5 dev r-h2 nexthop 198.18.10.5 lladdr missing mtu 1500 action punt reason NoNeigh" <<<"$out"
out=$(xr route get 198.18.14.1)
check "route get: unreachable ($out)" grep -q "route unreachable 198.18.14.0/24 action punt reason Unreachable" <<<"$out"
out=$(xr route get 198.18.1.1)
check "route get: local ($out)" grep -q "action local" <<<"$out"
out=$(xr route get 192.0.2.1)
check "route get: no route ($out)" grep -q "action punt reason NoRoute" <<<"$out"
check "route get -j" bash -c "[ \"\$($XDP_ROUTER_NS -j route get 198.18.2.2 | jq -r .lladdr)\" = 02:00:00:00:22:22 ]"

# Every show, get and stats is valid JSON with -j.
for c in "link show" "addr show" "route show" "-6 route show" "neigh show" "stats" "route get 198.18.2.2"; do
	# shellcheck disable=SC2086
	check "-j $c is JSON" bash -c "$XDP_ROUTER_NS -j $c | jq -e . >/dev/null"
done
# ... and a batch of them is one document a line, each valid on its own
check "-j -batch: one JSON document per command, no comma between" bash -c \
	"printf 'link show\\nroute show\\nroute get 198.18.2.2\\nstats\\n' | $XDP_ROUTER_NS -j -batch - | jq -e -s 'length == 4 and (.[0] | type) == \"array\" and .[2].lladdr == \"02:00:00:00:22:22\"' >/dev/null"
check "addr show lists the kernel's addresses" \
	bash -c "$XDP_ROUTER_NS -j addr show | jq -e '.[] | select(.ifname==\"r-h1\") | .addr_info[] | select(.local==\"198.18.1.1\" and .prefixlen==24)' >/dev/null"
check "stats reset" bash -c "$XDP_ROUTER_NS stats reset && [ \"\$($XDP_ROUTER_NS -j stats | jq '[.Ip[]] | add')\" = 0 ]"

# flush: IPv4 unless -6, static routes only
check "-6 route flush" xr -6 route flush
check "... IPv6 static routes gone, connected and IPv4 ones kept" bash -c "[ \"\$($XDP_ROUTER_NS -6 route show | grep -c static)\" = 0 ] && $XDP_ROUTER_NS -6 route show | grep -q '^2001:db8:1::/64' && $XDP_ROUTER_NS route show | grep -q '^198.18.30.0/24'"
check "route flush leaves IPv6" bash -c "$XDP_ROUTER_NS route add 2001:db8:20::/64 dev r-h2 && $XDP_ROUTER_NS route flush && $XDP_ROUTER_NS -6 route show | grep -q '^2001:db8:20::/64' && ! $XDP_ROUTER_NS route show | grep -q static"
check "-6 neigh flush: IPv6 only" bash -c "$XDP_ROUTER_NS -6 neigh flush && [ -z \"\$($XDP_ROUTER_NS -6 neigh show)\" ] && $XDP_ROUTER_NS neigh show | grep -q 198.18.2.2"


# Routers in two namespaces do not share state.
ip netns add "$R2"
check "a second namespace sees no routes" [ "$(ip netns exec "$R2" "$XDP_ROUTER" -j route show)" = "[]" ]
check "route add in the second namespace" ip netns exec "$R2" "$XDP_ROUTER" route add blackhole 198.18.200.0/24
check "... and the first does not see it" bash -c "! $XDP_ROUTER_NS route show | grep -q 198.18.200.0"

# Not root: a clear error, and nothing done.
if id nobody >/dev/null 2>&1; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$XDP_ROUTER" route show 2>&1); rc=$?
	check "not root: refused ($err)" bash -c "[ $rc -ne 0 ] && grep -q 'must be run as root' <<<'$err'"
fi

# State left by another version (a map of another layout): every command
# says so in one line, and reset detaches and clears it all the same.
mkdir -p "$OLD" && mount -t bpf bpf "$OLD"
ip netns add "$R3"
ip -n "$R3" link add up0 type veth peer name up1
ip -n "$R3" addr add 198.18.90.1/24 dev up0
ip -n "$R3" link set up0 up && ip -n "$R3" link set up1 up
xr3() { XDP_ROUTER_BPFFS=$OLD ip netns exec "$R3" "$XDP_ROUTER" "$@"; }
check "upgrade: attach" xr3 link attach up0
dir=$(echo "$OLD"/netns-*)
rm -f "$dir/xr_counters"
bpftool map create "$dir/xr_counters" type percpu_array key 4 value 8 entries 40 name xr_counters
err=$(xr3 route show 2>&1); rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q 'another version' <<<"$err"
then ok "upgrade: refused ($err)"; else bad "upgrade: refused (rc $rc: $err)"; fi
check "upgrade: reset clears it" xr3 reset
check "upgrade: no program left" bash -c "! ip -n $R3 link show up0 | grep -q xdp"
check "upgrade: no state left" [ ! -e "$dir" ]
check "upgrade: attach anew" xr3 link attach up0

sdir=$(xr state show | sed -n 's/ alive .*this namespace.*//p')
a6() { bpftool -j map dump pinned "$sdir/xr_addrs6" | jq length; }
n6=$(a6)
check "attach: the links' IPv6 addresses, global and link-local ($n6 in $sdir)" [ "$n6" = 4 ]
check "link detach r-h1 r-h2" bash -c "$XDP_ROUTER_NS link detach r-h1 && $XDP_ROUTER_NS link detach r-h2"
check "detach: the links' IPv6 routes and addresses go" bash -c "! $XDP_ROUTER_NS -6 route show | grep -q kernel && [ \"\$(bpftool -j map dump pinned $sdir/xr_addrs6 | jq length)\" = 0 ]"
check "no program of ours attached anywhere" bash -c "! ip -n $R link show | grep -q xdp"
finish
