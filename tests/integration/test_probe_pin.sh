#!/usr/bin/env bash
# route get's probe is loaded once and kept pinned in the state
# (docs/state.md, "route get's probe"): the first route get pins it in
# <state>/probe/ (the program and its .bss, named by this build), the
# next ones run that very pin and answer the same, also after a route
# changes; a pin of another name (another build's) is never run but
# replaced; concurrent route gets each get their own answer (the .bss is
# shared: runs are serialized); upgrade drops the pin, reset leaves
# nothing of the state.
source "$(dirname "$0")/lib.sh"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; topo_down' EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }

GW=02:00:00:00:22:22
xr link attach r-h1 && xr link attach r-h2 &&
xr neigh add 198.18.2.2 lladdr $GW dev r-h2 &&
xr route add 198.18.64.0/18 via 198.18.2.2 || bad "set-up"
D=$(xr state show | sed -n 's/ alive .*this namespace$//p')
P=$D/probe
check "the state directory is known ($D)" test -d "$D"
check "no probe pinned before the first route get" test ! -e "$P"

A1='198.18.64.7 route 198.18.64.0/18 via 198.18.2.2 dev r-h2 nexthop 198.18.2.2 lladdr 02:00:00:00:22:22 PERMANENT mtu 1500 action forward'
get() { route_get_is "$@"; }   # lib.sh
pins() { ls "$P" 2>/dev/null | sort | tr '\n' ' '; }
inode() { stat -c %i "$P"/prog-* 2>/dev/null; }

get "$A1" 198.18.64.7
names=$(pins)
check "the first route get pinned the probe and its .bss: $names" \
	grep -Eq '^bss-[0-9a-f]{16} prog-[0-9a-f]{16} $' <<<"$names"
ino=$(inode)
get "$A1" 198.18.64.7
check "a second route get ran the same pin (inode $ino)" test "$(inode)" = "$ino"
check "... and pinned nothing more" test "$(pins)" = "$names"

# the pinned probe reads the state's maps as they are now
xr route add 198.18.64.0/24 via 198.18.2.3 || bad "route add"
A2='198.18.64.7 route 198.18.64.0/24 via 198.18.2.3 dev r-h2 nexthop 198.18.2.3 lladdr missing mtu 1500 action punt reason NoNeigh'
get "$A2" 198.18.64.7
check "the route change was answered by the same pin" test "$(inode)" = "$ino"

# concurrent route gets: each its own answer
A3='198.18.65.9 route 198.18.64.0/18 via 198.18.2.2 dev r-h2 nexthop 198.18.2.2 lladdr 02:00:00:00:22:22 PERMANENT mtu 1500 action forward'
TMP=$(mktemp -d)
for i in $(seq 12); do
	if [ $((i % 2)) -eq 0 ]; then a=198.18.64.7; else a=198.18.65.9; fi
	(timeout 60 ip netns exec "$R" "$XDP_ROUTER" route get $a >"$TMP/$i" 2>&1) &
	PIDS+=($!)
done
for p in "${PIDS[@]}"; do wait "$p"; done
PIDS=()
good=0
for i in $(seq 12); do
	if [ $((i % 2)) -eq 0 ]; then w=$A2; else w=$A3; fi
	[ "$(cat "$TMP/$i")" = "$w" ] && good=$((good + 1))
done
rm -rf "$TMP"
check "12 concurrent route gets, each its own answer ($good of 12)" test $good -eq 12

# another build's pin (renamed: a name this build does not make) is
# never run: this build pins its own and the other goes
for f in "$P"/*; do mv "$f" "${f%-*}-0000000000000000"; done
get "$A2" 198.18.64.7
check "a pin of another name was not used: this build's made again ($(pins))" \
	test "$(pins)" = "$names"
check "... a new program (not inode $ino)" test "$(inode)" != "$ino"

check "upgrade" xr upgrade
check "upgrade dropped the pin" test ! -e "$P"
get "$A2" 198.18.64.7
check "route get after upgrade pinned it again" test "$(pins)" = "$names"

check "reset" xr reset
check "reset left nothing of the state (no $D)" test ! -e "$D"
finish
