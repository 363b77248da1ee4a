#!/usr/bin/env bash
# The slow path under a storm (issue 11, item 4): 110,000 frames of 3,500
# bytes to 1,024 hosts that never answer ARP, then 110,000 to 3,000 of
# them, through h1 - r - h2 with the daemon in r. The daemon's memory
# stays bounded (VmRSS grows by at most 32 MiB), every punted frame is
# counted (punted = received + dropped by the sockets; received = queued
# + dropped with a reason; queued = sent + discarded + failed), and a new
# neighbour is still resolved after it.
source "$(dirname "$0")/lib.sh"
DLOG=$(mktemp)
DPID=
STORM=$ROOT/build/tests/tools/storm
cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	topo_down
	rm -f "$DLOG"
}
trap cleanup EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
# 3,500-byte frames all the way (a veth with XDP takes up to 3,504)
for l in "$H1 eth0" "$R r-h1" "$R r-h2" "$H2 eth0"; do
	set -- $l
	ip -n "$1" link set "$2" mtu 3500
done
# 198.19.0.0/20 on r-h2: 4,093 hosts nobody answers for
ip -n "$R" addr add 198.19.0.1/20 dev r-h2
out=$($XDP_ROUTER_NS daemon --unres-total-bytes 4x 2>&1); rc=$?
check "daemon: a bad budget is one line naming it, and a failure" \
	test "$rc" -ne 0 -a "$(wc -l <<<"$out")" -eq 1 -a -n "$(grep -- '--unres-total-bytes' <<<"$out")"
check "link attach r-h1, r-h2" bash -c "$XDP_ROUTER_NS link attach r-h1 && $XDP_ROUTER_NS link attach r-h2"
check "daemon binds both links" daemon_start "$DLOG" 2
RMAC=$(topo_mac "$R" r-h1)

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$DPID/status"; }   # KiB
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$DPID/status"; }   # its peak
J=
snap() { J=$($XDP_ROUTER_NS -j stats); }
c() { jq -r "($1) // 0" <<<"$J"; }  # a counter of the last snapshot
# punted to the daemon's sockets: the fast path's NoNeigh punts less
# those that went to the kernel
punted() { c '.Exceptions.NoNeigh - .Other.PuntToKernel'; }
lost() { c '.SlowPath.XskRxDropped + .SlowPath.XskRxRingFull'; }
dropped() { c '.Neigh.TableFulls + .Neigh.UnresBudgetFull'; }
out_q() { c '.Neigh.UnresSent + .Neigh.UnresolvedDiscards + .Neigh.ResFailedDrops'; }

# storm N P0 K: 110,000 frames to N hosts at 15,000 a second (most
# reach the daemon, a part is dropped at its sockets); then until the
# daemon has taken or counted every punt since P0 (K: punts less those
# received and lost before; its socket counters are read every 0.5 s)
# and its timers (3 probes, 1 s apart) have emptied the queues: 20 s
# at most (its writes wait for the state's lock, which commands in
# other namespaces may hold)
storm() {
	local n end
	n=$(in_h1 timeout 40 "$STORM" eth0 "$RMAC" 198.18.1.2 198.19.0.2 "$1" 110000 3500 15000)
	end=$((SECONDS + 20))
	echo "# storm to $1 hosts: $n frames sent"
	while [ "$SECONDS" -lt "$end" ]; do
		sleep 0.1
		snap
		[ $(( $(punted) - $2 )) -ge 100000 ] &&
		[ "$(punted)" -eq $(( $(c .SlowPath.RxFrames) + $(lost) + $3 )) ] &&
		[ "$(c .Neigh.Queued)" = "$(out_q)" ] && break
	done
	snap
}
# accounted NAME R0 P0 Q0 O0 D0 L0: the deltas since the values given
accounted() {
	local name=$1 rx=$(( $(c .SlowPath.RxFrames) - $2 )) p=$(( $(punted) - $3 ))
	local q=$(( $(c .Neigh.Queued) - $4 )) o=$(( $(out_q) - $5 ))
	local d=$(( $(dropped) - $6 )) l=$(( $(lost) - $7 ))
	echo "# $name: punted $p = received $rx + socket drops $l;" \
		"received = queued $q + dropped $d; queued = out $o"
	check "$name: punted ($p) = received ($rx) + dropped at the sockets ($l)" \
		test "$p" -eq $((rx + l)) -a "$p" -ge 100000
	check "$name: received = queued ($q) + dropped with a reason ($d)" \
		test "$rx" -eq $((q + d))
	check "$name: queued = sent + discarded + failed ($o), queues empty" \
		test "$q" -eq "$o"
}

# h1 and h2 resolved first: the storm's ICMP errors to h1 do not queue
out=$(in_h1 ping -c 1 -W 3 198.18.2.2 2>&1)
check "before: ping h2 answered" grep -q "1 received" <<<"$out"
in_h2 ip addr add 198.18.2.3/24 dev eth0
sleep 1
r0=$(rss)
for targets in 1024 3000; do
	snap
	set -- "$(c .SlowPath.RxFrames)" "$(punted)" "$(c .Neigh.Queued)" \
		"$(out_q)" "$(dropped)" "$(lost)"
	storm "$targets" "$2" $(( $2 - $1 - $6 ))
	accounted "$targets hosts" "$@"
	r1=$(hwm)
	echo "# VmRSS $r0 KiB before, at most $r1 KiB (VmHWM) after $targets hosts (+$(( (r1 - r0) / 1024 )) MiB)"
	check "$targets hosts: the daemon's RSS grew by at most 32 MiB (+$(( (r1 - r0) / 1024 )) MiB at its peak)" \
		test $((r1 - r0)) -le $((32 * 1024))
done
echo "# $(c '.Neigh | to_entries | map("\(.key)=\(.value)") | join(" ")')"
echo "# $(c '.SlowPath | to_entries | map("\(.key)=\(.value)") | join(" ")')"
check "the budgets dropped what did not fit (UnresBudgetFull, TableFulls)" \
	test "$(c .Neigh.UnresBudgetFull)" -gt 0 -a "$(c .Neigh.TableFulls)" -gt 0
# the FAILED neighbours of the storm stay (gc_stale_time): a new one is
# resolved all the same
out=$(in_h1 ping -c 1 -W 3 198.18.2.3 2>&1)
check "after the storm a new neighbour is resolved: ping 198.18.2.3 answered" \
	grep -q "1 received" <<<"$out"
check "198.18.2.3 is REACHABLE" \
	bash -c "$XDP_ROUTER_NS neigh show | grep -q '^198.18.2.3 dev r-h2 lladdr .* REACHABLE'"
finish
