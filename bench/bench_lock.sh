#!/usr/bin/env bash
# bench/bench_lock.sh (section 6 of `make bench`): what waits while a
# big batch loads (docs/state.md, Locking).
#
# Two routers, A and B (two topologies of tests/lib/topo.sh), each with
# `xdp-router daemon` and no static neighbours. While an N-route -batch
# (default 1,000,000 synthetic /24s from 20.0.0.0, outside the
# topology's 198.18.0.0/15) holds A's exclusive lock (its write phase,
# seen in /proc/locks), at the same moment:
#   A: the first ping through a new next hop (ARP by A's daemon): RTT
#   B: the first ping through a new next hop, then 5 pings: RTT
#   B: `xdp-router route add`: latency
# and the same in B with nothing running, for comparison. Target: A's
# first ping answered within 1 s; B as when idle.
#
# BENCH_LOCK_ROUTES=N overrides N. Run as root from the repository.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
N=${BENCH_LOCK_ROUTES:-1000000}
source "$ROOT/tests/lib/topo.sh"
A_H1=xr-h1-lka$$ A_R=xr-r-lka$$ A_H2=xr-h2-lka$$
B_H1=xr-h1-lkb$$ B_R=xr-r-lkb$$ B_H2=xr-h2-lkb$$
work=$(mktemp -d)
PIDS=()
on_a() { H1=$A_H1 R=$A_R H2=$A_H2 "$@"; }
on_b() { H1=$B_H1 R=$B_R H2=$B_H2 "$@"; }
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	on_a topo_down
	on_b topo_down
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench_lock: $*" >&2; exit 1; }
ms_since() { echo "($(date +%s%N) - $1) / 1000000" | bc; }
# rtt NS DST: the RTT of one ping in ms (20 s at most), or "lost"
rtt() {
	local t
	t=$(ip netns exec "$1" ping -c 1 -W 20 "$2" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p')
	echo "${t:-lost}"
}
# rtt_avg NS DST: the average RTT of 5 pings 0.2 s apart
rtt_avg() {
	ip netns exec "$1" ping -c 5 -i 0.2 -W 2 "$2" |
		sed -n 's|^rtt min/avg/max/mdev = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}
# cmd_ms NS ARGS...: how long an xdp-router command takes, in ms
cmd_ms() {
	local ns=$1 t0
	shift
	t0=$(date +%s%N)
	ip netns exec "$ns" "$XDP_ROUTER" "$@" >/dev/null || { echo failed; return; }
	ms_since "$t0"
}
router() { # which: attach, daemon, an extra address on h2
	local log=$work/daemon.$1
	xr() { ip netns exec "$R" "$XDP_ROUTER" "$@"; }
	topo_up >/dev/null || fail "topology $1"
	ip -n "$H2" addr add 198.18.2.3/24 dev eth0
	ip -n "$H2" addr add 198.18.2.4/24 dev eth0
	{ xr link attach r-h1 && xr link attach r-h2; } || fail "attach in $1"
	ip netns exec "$R" "$XDP_ROUTER" daemon 2>"$log" &
	PIDS+=($!)
	for _ in $(seq 50); do
		[ "$(grep -c 'bound at slots' "$log")" -ge 2 ] && return 0
		sleep 0.1
	done
	fail "the daemon in $1 did not bind its links"
}
# lock_of PID: READ or WRITE (its flock), or nothing
lock_of() { awk -v p="$1" '$2 == "FLOCK" && $5 == p { print $4; exit }' /proc/locks; }

bash "$ROOT/scripts/bpffs.sh" || exit 1
[ -x "$XDP_ROUTER" ] || fail "build first (make)"
on_a router A
on_b router B
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
	printf "route add %d.%d.%d.0/24 via 198.18.1.2\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$work/batch"

# idle: both routers learn h1 (and one address of h2) first
a_idle=$(rtt "$A_H1" 198.18.2.4)
b_idle=$(rtt "$B_H1" 198.18.2.4)
b_idle_avg=$(rtt_avg "$B_H1" 198.18.2.4)
b_idle_cmd=$(cmd_ms "$B_R" route add 10.1.0.0/16 via 198.18.2.4)

# the batch in A; measure when it holds A's exclusive lock
t0=$(date +%s%N)
ip netns exec "$A_R" "$XDP_ROUTER" -batch "$work/batch" &
BPID=$!
PIDS+=("$BPID")
t_read='' t_write=''
while kill -0 "$BPID" 2>/dev/null; do
	l=$(lock_of "$BPID")
	[ "$l" = READ ] && [ -z "$t_read" ] && t_read=$(ms_since "$t0")
	[ "$l" = WRITE ] && { t_write=$(ms_since "$t0"); break; }
	sleep 0.01
done
[ -n "$t_write" ] || fail "the batch ended before it was seen holding the lock"
rtt "$A_H1" 198.18.2.2 >"$work/a_rtt" &
a_pid=$!
rtt "$B_H1" 198.18.2.3 >"$work/b_rtt" &
b_pid=$!
cmd_ms "$B_R" route add 10.2.0.0/16 via 198.18.2.4 >"$work/b_cmd" &
c_pid=$!
wait "$a_pid" "$b_pid" "$c_pid"
rtt_avg "$B_H1" 198.18.2.3 >"$work/b_avg"
held=$([ "$(lock_of "$BPID")" = WRITE ] && echo yes || echo "no (it had ended: the figures cover only part of the hold)")
wait "$BPID" || fail "the batch failed"
t_end=$(ms_since "$t0")
t1=$(date +%s%N)
mac=$(topo_mac "$A_H2" eth0)
a_map=lost
for _ in $(seq 200); do
	if ip netns exec "$A_R" "$XDP_ROUTER" neigh show | grep -q "^198.18.2.2 dev r-h2 lladdr $mac REACHABLE"; then
		a_map=$(ms_since "$t1"); break
	fi
	sleep 0.05
done
a_rtt=$(cat "$work/a_rtt")

row() { printf '| %-62s | %14s |\n' "$1" "$2"; }
echo "== 7. locks: what waits while $N routes load in router A (-batch)"
row "the batch: parsed (no lock) / checked (shared) / written (exclusive), s" \
	"$(printf '%.1f / %.1f / %.1f' "$(echo "${t_read:-$t_write} / 1000" | bc -l)" \
		"$(echo "($t_write - ${t_read:-$t_write}) / 1000" | bc -l)" \
		"$(echo "($t_end - $t_write) / 1000" | bc -l)")"
row "A: first ping through a new next hop (ARP), idle, ms" "$a_idle"
row "A: the same while the batch holds A's exclusive lock, ms" "$a_rtt"
row "A: 'neigh show' lists the neighbour, ms after the batch ended" "$a_map"
row "B: first ping through a new next hop (ARP), idle / during, ms" "$b_idle / $(cat "$work/b_rtt")"
row "B: ping RTT, average of 5, idle / during, ms" "$b_idle_avg / $(cat "$work/b_avg")"
row "B: xdp-router route add, idle / during, ms" "$b_idle_cmd / $(cat "$work/b_cmd")"
row "the batch held A's exclusive lock throughout the measures" "$held"
met=$([ "$a_rtt" != lost ] && [ "$(echo "$a_rtt < 1000" | bc)" = 1 ] && echo met || echo MISSED)
printf '| %-62s | %14s | %s |\n' "target: A's first ping answered within 1 s during the batch" "$a_rtt ms" "$met"
