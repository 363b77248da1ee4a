#!/usr/bin/env bash
# Tables that survive a crash (issue 11 item 2). Single commands killed
# at syscalls of their writes (strace's fault injection); then a
# 200,000-route batch (add, replace and delete runs) killed with -9 at 20
# random points.
# After each kill the next command repairs, and then:
#   - the FIB is exactly what the route table and the router's addresses
#     compile to, counts exact, nothing leaked (fibcheck state);
#   - for 2,000 addresses the fast path's own verdict (BPF_PROG_TEST_RUN
#     of the program attached to r-h1) equals `route get`;
#   - every route `route show` lists forwards through its gateway;
#   - `route flush` leaves no block of the trie and no next hop held but
#     those of the links' own addresses and connected routes.
source "$(dirname "$0")/lib.sh"
FIBCHECK=$ROOT/build/tests/tools/fibcheck
KILLS=${CRASH_KILLS:-20}
TMP=$(mktemp -d)
# a bpffs of its own: no other test's lock slows the kill points down
XDP_ROUTER_BPFFS=/run/xr-test-crash-$TOPO_ID
export XDP_ROUTER_BPFFS
trap 'topo_down; umount "$XDP_ROUTER_BPFFS" 2>/dev/null; rmdir "$XDP_ROUTER_BPFFS"
      rm -rf "$TMP"' EXIT
mkdir -p "$XDP_ROUTER_BPFFS" && mount -t bpf bpf "$XDP_ROUTER_BPFFS" -o mode=0700 ||
	{ bad "bpffs"; finish; exit 1; }
topo_up || { bad "topology"; finish; exit 1; }

fc() { in_r "$FIBCHECK" "$@"; }
xr link attach r-h1 && xr link attach r-h2 || bad "attach"
# four gateways, each with its own MAC: a forwarded frame's destination
# MAC names the gateway the fast path chose
for i in 0 1 2 3; do
	xr neigh add 198.18.2.1$i lladdr 02:00:00:00:2$i:0$i dev r-h2 || bad "neigh $i"
done

# Single commands (a neighbour, a route, a link's attach and detach),
# each killed at up to 8 of its syscalls from its first write on:
# strace injects SIGKILL at the Nth bpf or membarrier call.
# kill_points CMD...: those N (CMD is run once to count them)
kill_points() {
	in_r strace -o "$TMP/trace" -e trace=bpf,membarrier "$XDP_ROUTER" "$@" \
		>/dev/null 2>&1
	awk '/^(bpf|membarrier)\(/ { n++ }
	     /^bpf\(BPF_MAP_(UPDATE|DELETE)/ && !first { first = n }
	     END { if (!first) exit
		   step = (n - first + 1) / 8; if (step < 1) step = 1
		   for (i = first; i <= n; i += step) print int(i) }' "$TMP/trace"
}
# crash_cmd PRE CMD: from the state PRE makes, CMD killed at each point;
# the next command repairs and the check finds the FIB consistent
crash_cmd() {
	local pre=$1 cmd=$2 n points=0 fails=0 repaired=0
	# shellcheck disable=SC2086
	xr $pre >/dev/null 2>&1
	# shellcheck disable=SC2086
	for n in $(kill_points $cmd); do
		# shellcheck disable=SC2086
		xr $pre >/dev/null 2>&1
		# shellcheck disable=SC2086
		in_r strace -o /dev/null -e trace=bpf,membarrier \
			-e inject=bpf,membarrier:signal=SIGKILL:when="$n" \
			"$XDP_ROUTER" $cmd >/dev/null 2>&1
		xr route show >/dev/null 2>"$TMP/err"
		points=$((points + 1))
		grep -q "died while writing" "$TMP/err" && repaired=$((repaired + 1))
		if ! fc state >"$TMP/state" 2>&1; then
			fails=$((fails + 1))
			echo "# $cmd killed at call $n: $(cat "$TMP/err" "$TMP/state")"
		fi
	done
	check "\"$cmd\" killed at $points points ($repaired repaired): consistent after each" \
		test "$points" -gt 0 -a "$fails" -eq 0
}
xr route add 10.9.0.0/24 via 198.18.2.10 || bad "route"
crash_cmd "neigh replace 198.18.2.10 lladdr 02:00:00:00:20:00 dev r-h2" \
	"neigh replace 198.18.2.10 lladdr 02:00:00:00:99:99 dev r-h2"
crash_cmd "route del 10.8.0.0/24" "route add 10.8.0.0/24 via 198.18.2.11"
crash_cmd "route add 10.8.0.0/24 via 198.18.2.11" "route del 10.8.0.0/24"
crash_cmd "link attach r-h1" "link detach r-h1"
crash_cmd "link detach r-h1" "link attach r-h1"
xr link attach r-h1 && xr route flush &&
xr neigh replace 198.18.2.10 lladdr 02:00:00:00:20:00 dev r-h2 || bad "restore"

# 100,000 adds (80,000 /24s, 20,000 /26s each in a /24 of its own, so
# 20,000 subtrees of three levels), then 50,000 replaces (other gateway), then 50,000
# deletes
awk 'function p24(j) { return sprintf("%d.%d.%d.0/24", 10 + int(j / 65536), int(j / 256) % 256, j % 256) }
     function p26(j) { return sprintf("12.%d.%d.64/26", int(j / 256), j % 256) }
     function gw(k) { return sprintf("via 198.18.2.%d", 10 + k % 4) }
     BEGIN {
	for (k = 0; k < 100000; k++)
		if (k % 5 == 4) print "route add " p26(int(k / 5)) " " gw(k)
		else print "route add " p24(k - int(k / 5)) " " gw(k)
	for (k = 0; k < 50000; k++)
		if (k % 5 == 4) print "route replace " p26(int(k / 5)) " " gw(k + 1)
		else print "route replace " p24(k - int(k / 5)) " " gw(k + 1)
	for (k = 0; k < 50000; k++)
		if (k % 5 == 4) print "route del " p26(5000 + int(k / 5))
		else print "route del " p24(30000 + k - int(k / 5))
     }' >"$TMP/batch"

# The links' own share of the FIB, with no static route: their four
# addresses (local and broadcast) hold one next-hop slot each, the two
# connected routes one each; the /32s make 198.18.0.0/18's slot a
# subtree: its root and the nodes of 198.18.1.0/24 and 198.18.2.0/24 (a
# block of 2); each /32 is alone in its 4 addresses: a tail record (one
# node unit each): 7 nodes; leaves: 1 (root) + 4 + 4 (each /24's node:
# tail, /24, tail, in blocks of 4) = 9.
HELD_EMPTY="nodes 7 leaves 9 nh 6 local 4 refs 4 meta_nh 6"
check "links only: $HELD_EMPTY" test "$(fc held)" = "$HELD_EMPTY"

ms() { echo $(($(date +%s%N) / 1000000)); }
# How long the batch writes: W, from its first write (its check phase
# ends at C: the same batch with a bad last line is refused then, having
# written nothing) to its end (T). A kill comes 0..W ms into the writes.
{ cat "$TMP/batch"; echo "route add 300.0.0.0/8 via 198.18.2.10"; } >"$TMP/bad"
t0=$(ms)
xr -batch "$TMP/bad" 2>/dev/null && bad "a batch with a bad line"
C=$(($(ms) - t0))
t0=$(ms)
xr -batch "$TMP/batch" || bad "the whole batch"
T=$(($(ms) - t0))
W=$((T > C + 100 ? T - C : 100))
echo "# the batch: checked in $C ms, applied by $T ms"
check "whole batch: consistent" fc state
# the routes it leaves (a kill after its last write leaves just these)
FULL=$(fc state | sed -n 's/^OK routes \([0-9]*\) .*/\1/p')
xr route flush || bad "flush"

# addresses ITER: 2,000 of them, a third from the routes' /24s, a third
# from the /26s' /24s, a third anywhere in 10.0.0.0-12.255.255.255
addresses() {
	awk -v seed="$1" 'BEGIN { srand(seed)
		for (i = 0; i < 667; i++) {
			j = int(rand() * 80000)
			printf "%d.%d.%d.%d\n", 10 + int(j / 65536), int(j / 256) % 256, j % 256, int(rand() * 256)
			j = int(rand() * 20000)
			printf "12.%d.%d.%d\n", int(j / 256), j % 256, int(rand() * 256)
		}
		for (i = 0; i < 666; i++)
			printf "%d.%d.%d.%d\n", 10 + int(rand() * 3), int(rand() * 256), int(rand() * 256), int(rand() * 256)
	}'
}

# route_get_verdicts FILE: what `route get` says of each address, in the
# fast path's words (fwd MAC, drop, pass: punted or given to the kernel)
route_get_verdicts() {
	sed 's/^/route get /' "$1" >"$TMP/gets"
	xr -j -batch "$TMP/gets" | jq -r '.dst + " " +
		(if .action == "forward" then "fwd " + .lladdr
		 elif .action == "drop" then "drop" else "pass" end)'
}

# shown_addresses ITER: the first address of about 300 of the routes
# via a gateway that `route show` lists
shown_addresses() {
	xr route show | awk -v seed="$1" 'BEGIN { srand(seed) }
		$2 == "via" && rand() < 300 / 50000 {
			split($1, a, "[./]"); printf "%d.%d.%d.%d\n", a[1], a[2], a[3], a[4] + 1 }'
}

repairs=0 late=0 mism=0 unrepaired=0 kills=0
for iter in $(seq $((KILLS + 10))); do
	[ "$kills" -ge "$KILLS" ] && break
	# the process itself (ip netns exec execs it), not a subshell
	ip netns exec "$R" "$XDP_ROUTER" -batch "$TMP/batch" >/dev/null 2>&1 &
	pid=$!
	# 0..W ms after its first write (10.0.0.0/24 reaches the FIB)
	delay=$(fc kill "$pid" "$W" "$iter$RANDOM" 10.0.0.1)
	wait "$pid" 2>/dev/null
	rc=$?
	# a batch that ended before its kill: it wrote faster than measured
	if [ $rc -eq 137 ]; then kills=$((kills + 1))
	else W=$((W * 3 / 4 > 20 ? W * 3 / 4 : 20)); fi
	# the next command, a reader or a writer in turn, repairs
	if [ $((iter % 2)) -eq 0 ]; then
		xr route show >/dev/null 2>"$TMP/err"
	else
		xr route add 198.51.100.0/24 via 198.18.2.10 2>"$TMP/err"
	fi
	next_rc=$?
	grep -q "died while writing" "$TMP/err" && repairs=$((repairs + 1))
	# the check opens the state too: it must find nothing left to repair
	fc state >"$TMP/state" 2>"$TMP/fcerr"
	state_rc=$?
	grep -q "died while writing" "$TMP/fcerr" && unrepaired=$((unrepaired + 1))
	# killed after its last write (the writer mark cleared, the process
	# not yet gone): nothing to repair, and every route of the batch is
	# there (and the odd iterations' own route add)
	if [ $rc -eq 137 ] && ! grep -q "died while writing" "$TMP/err" &&
	   grep -q "^OK routes $((FULL + iter % 2)) " "$TMP/state"; then
		late=$((late + 1))
	fi

	{ addresses "$iter"; shown_addresses "$iter"; } >"$TMP/addrs"
	fc verdicts r-h1 <"$TMP/addrs" >"$TMP/fast"
	route_get_verdicts "$TMP/addrs" >"$TMP/slow"
	n=$(wc -l <"$TMP/fast")
	diffs=$(diff "$TMP/fast" "$TMP/slow" | grep -c '^<')
	fwd=$(grep -c ' fwd ' "$TMP/fast")
	mism=$((mism + diffs))

	xr route flush 2>>"$TMP/err"
	flush_rc=$?
	held=$(fc held)
	fc state >>"$TMP/state" 2>>"$TMP/fcerr"
	flush_state_rc=$?
	what="kill $iter at ${delay:-?} ms into the writes (exit $rc)"
	if [ $next_rc -ne 0 ] || [ $state_rc -ne 0 ] || [ "$diffs" -ne 0 ] ||
	   [ "$n" -lt 2000 ] || [ $flush_rc -ne 0 ] || [ $flush_state_rc -ne 0 ] ||
	   [ "$held" != "$HELD_EMPTY" ]; then
		bad "$what: next $next_rc, state $state_rc, $diffs of $n verdicts differ, flush $flush_rc/$flush_state_rc, held: $held"
		sed 's/^/#   /' "$TMP/err" "$TMP/state" "$TMP/fcerr"
		diff "$TMP/fast" "$TMP/slow" | head -5 | sed 's/^/#   /'
	else
		ok "$what: $(grep -o 'in [0-9.]* s' "$TMP/err" || echo 'nothing to repair'), $n verdicts equal route get ($fwd forwarded), flush leaves: $held"
	fi
done
check "batches killed: $kills" test "$kills" -eq "$KILLS"
# every kill came once the batch had begun writing: each left a repair,
# but one that came after its last write (its writes all there); most
# are mid-write
check "writes cut short and repaired: $repairs (after the last write: $late)" \
	test "$((repairs + late))" -eq "$kills" -a "$repairs" -ge $((KILLS / 2))
check "the check never found a repair left to do" test "$unrepaired" -eq 0
check "fast path and route get: $mism differences" test "$mism" -eq 0
finish
