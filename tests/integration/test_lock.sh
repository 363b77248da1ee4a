#!/usr/bin/env bash
# Locks that never stall forwarding (docs/state.md, Locking). A batch in
# namespace A is stopped (SIGSTOP) while it holds A's exclusive lock.
# Meanwhile: a command in namespace B completes and B forwards; the
# daemon in A resolves a new neighbour (its first ping answered) and
# keeps answering ICMP. Once the batch goes on and ends, the neighbour
# reaches A's map and the fast path. Last, a batch checked under the
# shared lock checks again when a writer came in before it could take
# the exclusive one, and then writes nothing.
source "$(dirname "$0")/lib.sh"
B_H1=xr-h1-${TOPO_ID}b B_R=xr-r-${TOPO_ID}b B_H2=xr-h2-${TOPO_ID}b
DLOG=$(mktemp)
CAP=$(mktemp)
BATCH=$(mktemp)
DPID='' BPID='' TPID='' HPID=''
stop_holder() { # the flock(1) of HPID and its sleep
	[ -n "$HPID" ] || return 0
	kill $(pgrep -P "$HPID") "$HPID" 2>/dev/null
	wait "$HPID" 2>/dev/null
	HPID=''
}
in_topo_b() { H1=$B_H1 R=$B_R H2=$B_H2 "$@"; }
cleanup() {
	[ -n "$BPID" ] && kill -CONT "$BPID" 2>/dev/null && kill -9 "$BPID" 2>/dev/null
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	[ -n "$TPID" ] && kill "$TPID" 2>/dev/null
	stop_holder
	topo_down
	in_topo_b topo_down
	rm -f "$DLOG" "$CAP" "$BATCH"
}
trap cleanup EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology A"; finish; exit 1; }
in_topo_b topo_up || { bad "topology B"; finish; exit 1; }
xb() { ip netns exec "$B_R" "$XDP_ROUTER" "$@"; }
# shellcheck source=../lib/locks.sh
source "$ROOT/tests/lib/locks.sh"

check "A: link attach" xr link attach r-h1
check "A: link attach r-h2" xr link attach r-h2
check "B: link attach" xb link attach r-h1
check "B: link attach r-h2" xb link attach r-h2
check "B: static neighbours (no daemon there)" \
	xb -batch - <<EOF
neigh add 198.18.1.2 lladdr $(topo_mac "$B_H1" eth0) dev r-h1
neigh add 198.18.2.2 lladdr $(topo_mac "$B_H2" eth0) dev r-h2
EOF
check "A: daemon binds both links" daemon_start "$DLOG" 2

# 200,000 routes outside the topology's 198.18.0.0/15, via h1
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "route add %d.%d.%d.0/24 via 198.18.1.2\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$BATCH"
ip netns exec "$R" "$XDP_ROUTER" -batch "$BATCH" &
BPID=$!
held=0
for _ in $(seq 1500); do          # 30 s at most
	if lock_held "$BPID" WRITE; then kill -STOP "$BPID"; held=1; break; fi
	kill -0 "$BPID" 2>/dev/null || break
	sleep 0.02
done
check "A: the batch is stopped holding A's exclusive lock" test "$held" -eq 1

# ---- A's lock held: B does not wait
check "B: route add completes (5 s bound)" \
	timeout 5 ip netns exec "$B_R" "$XDP_ROUTER" route add 10.9.0.0/16 via 198.18.2.2
out=$(timeout 5 ip netns exec "$B_R" "$XDP_ROUTER" route show)
check "B: route show lists it" grep -q "^10.9.0.0/16 via 198.18.2.2 dev r-h2" <<<"$out"
out=$(ip netns exec "$B_H1" ping -c 1 -W 2 198.18.2.2)
check "B: forwards (ttl 63)" grep -q "1 received" <<<"$out"
check "B: the reply went through one router hop" grep -q "ttl=63" <<<"$out"

# ---- A's lock held: the daemon resolves a new neighbour ...
out=$(in_h1 ping -c 1 -W 3 198.18.2.2)
check "A: a new neighbour resolved, its first ping answered" grep -q "1 received" <<<"$out"
check "A: the reply went through one router hop" grep -q "ttl=63" <<<"$out"
out=$(in_h1 ping -c 2 -i 0.2 -W 2 198.18.2.2)
check "A: the next pings too (through the slow path)" grep -q "2 received" <<<"$out"
# ... and keeps answering ICMP errors
: >"$CAP"
in_h1 timeout 6 tcpdump -i eth0 -n -vv -l "icmp[0] == 11" >"$CAP" 2>/dev/null &
TPID=$!
sleep 0.5
in_h1 ping -c 1 -t 1 -W 2 198.18.2.2 >/dev/null
sleep 0.3
kill "$TPID" 2>/dev/null; wait "$TPID" 2>/dev/null; TPID=
check "A: time exceeded from 198.18.1.1, checksums good" \
	bash -c "grep -q '198.18.1.1 > 198.18.1.2: ICMP time exceeded in-transit' $CAP && ! grep -qE 'bad cksum|wrong' $CAP"
check "A: it quotes the original header (ttl 1, echo request)" \
	grep -qE "IP \(tos 0x0, ttl 1, id [0-9]+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)" "$CAP"
check "A: all this while the batch held the lock" lock_held "$BPID" WRITE
out=$(timeout 1 ip netns exec "$R" "$XDP_ROUTER" neigh show); rc=$?
check "A: a command there waits meanwhile (it is the same namespace)" test "$rc" -eq 124

# ---- the batch goes on: the neighbour reaches the map, then the fast path
kill -CONT "$BPID"
wait "$BPID"; rc=$?
BPID=
check "A: the batch completes" test "$rc" -eq 0
check "A: all its routes are there" test "$(xr route show | grep -c ' via 198.18.1.2 ')" -eq 200000
mac=$(topo_mac "$H2" eth0)
found=0
for _ in $(seq 30); do
	xr neigh show | grep -q "^198.18.2.2 dev r-h2 lladdr $mac REACHABLE" && { found=1; break; }
	sleep 0.1
done
check "A: the neighbour is in the map, REACHABLE, once the lock is free" test "$found" -eq 1
check "A: route get says the fast path forwards" \
	bash -c "$XDP_ROUTER_NS route get 198.18.2.2 | grep -q 'lladdr $mac REACHABLE .*action forward'"
xdp0=$(xr stats | awk '$1 == "ForwDatagrams" { print $2; exit }')
out=$(in_h1 ping -c 3 -i 0.2 -W 1 198.18.2.2)
xdp1=$(xr stats | awk '$1 == "ForwDatagrams" { print $2; exit }')
check "A: pings answered" grep -q "3 received" <<<"$out"
check "A: forwarded by the fast path (6 frames or more)" test "$((xdp1 - xdp0))" -ge 6

# ---- the batch checks again when the state moved since it checked
dir=$(sed -n 's/.*serving the state in \(.*\)$/\1/p' "$DLOG" | head -1)
flock -o -s "$dir" sleep 60 &  # a reader holds A's lock (shared)
HPID=$!
until_ok lock_held "$HPID" READ
ip netns exec "$R" "$XDP_ROUTER" -batch - 2>"$CAP" <<EOF &
route add 11.0.0.0/16 via 198.18.1.2
neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
EOF
BPID=$!
check "a batch checked under the shared lock waits for the exclusive one" \
	until_ok lock_waits "$BPID" WRITE
kill -STOP "$BPID"                   # (its wait is given up while stopped)
check "the batch is stopped" until_ok stopped "$BPID"
stop_holder
check "meanwhile another command makes the batch's neighbour" \
	timeout 5 ip netns exec "$R" "$XDP_ROUTER" neigh add 198.18.2.9 lladdr 02:00:00:00:00:01 dev r-h2
kill -CONT "$BPID"
wait "$BPID"; rc=$?
BPID=''
check "the batch checks again and refuses, naming line 2" \
	bash -c "[ $rc -ne 0 ] && [ \$(wc -l <'$CAP') -eq 1 ] && grep -q 'line 2: .*198.18.2.9.* exists' '$CAP'"
check "it wrote nothing: no 11.0.0.0/16" bash -c "! $XDP_ROUTER_NS route show | grep -q '^11.0.0.0/16 '"
check "the other command's neighbour is kept" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -q '^198.18.2.9 dev r-h2 lladdr 02:00:00:00:00:01 PERMANENT'"
# ---- a reset and a writer queued behind it: the writer never works on
# the state the reset removed (a program running with no state behind it)
dirb=$(ip netns exec "$B_R" "$ROOT/build/tests/tools/xrstate" dir)
flock -o -s "$dirb" sleep 60 &  # a reader holds B's lock (shared)
HPID=$!
until_ok lock_held "$HPID" READ
ip netns exec "$B_R" "$XDP_ROUTER" reset 2>"$CAP" &
RPID=$!
check "B: a reset waits for the exclusive lock" until_ok lock_waits "$RPID" WRITE
ip netns exec "$B_R" "$XDP_ROUTER" link attach r-h1 2>"$CAP.2" &
APID=$!
check "B: then a link attach waits too" until_ok lock_waits "$APID" WRITE
stop_holder
wait "$RPID"; rrc=$?
wait "$APID"; arc=$?
check "B: the reset succeeds" test "$rrc" -eq 0
if [ "$arc" -eq 0 ]; then         # it came first: the reset undid it
	check "B: attach first, then reset: nothing runs on r-h1" \
		bash -c "! ip -n '$B_R' link show r-h1 | grep -q prog/xdp"
else                              # it came second: one line, nothing done
	check "B: attach after the reset refused in one line: $(cat "$CAP.2")" \
		bash -c "[ \$(wc -l <'$CAP.2') -eq 1 ] && grep -q 'was reset or upgraded while this command waited' '$CAP.2'"
	check "B: ... and attached nothing" \
		bash -c "! ip -n '$B_R' link show r-h1 | grep -q prog/xdp"
fi
check "B: no state left half made" test ! -e "$dirb"
# two resets queued behind a holder: the second finds nothing, and is fine
check "B: attach again" xb link attach r-h1
dirb=$(ip netns exec "$B_R" "$ROOT/build/tests/tools/xrstate" dir)
flock -o -s "$dirb" sleep 60 &
HPID=$!
until_ok lock_held "$HPID" READ
ip netns exec "$B_R" "$XDP_ROUTER" reset 2>"$CAP" &
RPID=$!
ip netns exec "$B_R" "$XDP_ROUTER" reset 2>"$CAP.2" &
APID=$!
check "B: two resets wait for the exclusive lock" \
	until_ok bash -c "lock_waits() { awk -v p=\"\$1\" '\$2 == \"->\" && \$3 == \"FLOCK\" && \$5 == \"WRITE\" && \$6 == p { f = 1 } END { exit !f }' /proc/locks; }; lock_waits $RPID && lock_waits $APID"
stop_holder
wait "$RPID"; rrc=$?
wait "$APID"; arc=$?
check "B: both resets succeed, saying nothing ($(cat "$CAP" "$CAP.2"))" \
	bash -c "[ $rrc -eq 0 ] && [ $arc -eq 0 ] && [ ! -s '$CAP' ] && [ ! -s '$CAP.2' ]"
check "B: nothing runs on r-h1, no state" \
	bash -c "! ip -n '$B_R' link show r-h1 | grep -q prog/xdp && [ ! -e '$dirb' ]"
rm -f "$CAP.2"
finish
