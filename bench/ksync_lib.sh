# shellcheck shell=bash
# bench/bench_ksync.sh's measurements, the kernel's side (sourced; uses its
# work, RESULTS, xr, fail, now, sub, PIDS and the topology of
# tests/lib/topo.sh). FPM's are in bench/ksync_fpm.sh.

# stdin's IPv4 prefixes (CRLF or LF) less 0/8, 127/8, 224/3 and what covers or falls
# in 198.18.0.0/15 (the topology's nets)
real_filter() {
	tr -d '\r' | awk -F'[./]' '{
		a = (($1 * 256 + $2) * 256 + $3) * 256 + $4; p = $5
		if ($1 == 0 || $1 == 127 || $1 >= 224) next
		lo = 198 * 16777216 + 18 * 65536; hi = lo + 131072
		if (a < hi && a + 2 ^ (32 - p) > lo) next
		print
	}'
}

# record NAME KEY VALUE: one figure, for ksync_table and ksync_targets
record() { echo "$1|$2|$3" >>"$RESULTS"; }
result() { awk -F'|' -v n="$1" -v k="$2" '$1 == n && $2 == k { v = $3 } END { print v }' "$RESULTS"; }

# the topology for one table: r with both links attached, two gateways
# on r-h2 that the kernel knows as permanent neighbours (h2's MAC), IPv4
ksync_topo() { # ID
	TOPO_ID=$1
	topo_up >/dev/null || fail "topology"
	local mac
	mac=$(topo_mac "$H2" eth0)
	ip -n "$R" neigh replace "$GW1" lladdr "$mac" dev r-h2 nud permanent &&
		ip -n "$R" neigh replace "$GW2" lladdr "$mac" dev r-h2 nud permanent ||
		fail "neighbours"
	ip -n "$H2" addr add "$GW2/24" dev eth0 || fail "h2's second address"
	xr link attach r-h1 && xr link attach r-h2 || fail "attach"
}
ksync_down() { topo_down; TOPO_ID=; }

# daemon_start ARGS...: xdp-router daemon in r, its pid in DPID
daemon_start() {
	ip netns exec "$R" "$XDP_ROUTER" daemon "$@" 2>>"$work/daemon.log" &
	DPID=$!
	PIDS+=("$DPID")
}
daemon_stop() {
	local p keep=()
	kill "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	for p in "${PIDS[@]}"; do [ "$p" = "$DPID" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
	DPID=
}
cpu_s() { # PID: the CPU time it has used (user and system), seconds
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' \
		"/proc/$1/stat"
}
hwm_mib() { # PID: its peak RSS (VmHWM), MiB
	awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# wait_table LIST SINCE [TIMEOUT [PID]]: ksyncwait in r (with PID: also
# until that daemon says its first dump is committed); its seconds and
# the moment, and its counters line kept in $work/counters
wait_table() {
	local out pid=()
	[ -n "${4:-}" ] && pid=(--pid "$4")
	out=$(ip netns exec "$R" "$KSYNCWAIT" "$1" --since "$2" --gw "$GW1,$GW2" \
		--timeout "${3:-120}" "${pid[@]}")
	local rc=$?
	echo "$out" | sed -n 's/^COUNTERS //p' >"$work/counters"
	echo "$out" >&2
	[ $rc = 0 ] || return 1
	echo "$out" | sed -n 's/^SYNCED [0-9]* routes \([0-9.]*\) s at \([0-9.]*\)$/\1 \2/p'
}
counter() { # NAME: from the last wait_table's counters line
	tr ' ' '\n' <"$work/counters" | sed -n "s/^$1=//p" | grep . || echo 0
}

# forwarded LIST: SAMPLES random prefixes of LIST forwarded by the fast
# path: `route get` of an address in each says forward via a gateway of
# ours, and a UDP datagram from h1 to each is counted in ForwDatagrams
# and reaches h2
forwarded() {
	local p a f0 f1 r0 r1 ok=0
	shuf -n "$SAMPLES" "$1" >"$work/sample"
	f0=$(fwd_count) r0=$(h2_rx)
	while read -r p; do
		a=${p%/*}
		xr route get "$a" | grep -Eq "via ($GW1|$GW2) dev r-h2 .*action forward" &&
			ok=$((ok + 1))
		ip netns exec "$H1" bash -c "echo x >/dev/udp/$a/9" 2>/dev/null
	done <"$work/sample"
	sleep 0.2
	f1=$(fwd_count) r1=$(h2_rx)
	echo "forwarded: route get $ok of $SAMPLES, ForwDatagrams +$((f1 - f0)), h2 got +$((r1 - r0))" >&2
	[ "$ok" = "$SAMPLES" ] && [ $((f1 - f0)) -ge "$SAMPLES" ] && [ $((r1 - r0)) -ge "$SAMPLES" ]
}
fwd_count() { xr -j stats | jq '.Ip.ForwDatagrams'; }
h2_rx() { ip -n "$H2" -j -s link show eth0 | jq '.[0].stats64.rx.packets'; }

# ksync_kernel NAME LIST: one table through the kernel (see
# bench_ksync.sh); figures recorded under NAME
ksync_kernel() {
	local name=$1 list=$2 n t0 t1 r c0
	n=$(wc -l <"$list")
	echo "-- $n routes ($name): the kernel, ip -batch"
	awk -v g1="$GW1" -v g2="$GW2" '{ print "route add " $1 " via " (NR % 2 ? g1 : g2) }' \
		"$list" >"$work/add"
	ksync_topo "ks$$$name"
	record "$name" n "$n"
	# events: the daemon first, synced on the kernel's empty table
	daemon_start --kernel-sync
	echo "198.19.255.0/24" >"$work/sentinel"
	ip -n "$R" route add 198.19.255.0/24 via "$GW1" || return 1
	wait_table "$work/sentinel" "$(now)" 30 >/dev/null || return 1
	c0=$(cpu_s "$DPID")
	t0=$(now)
	ip -n "$R" -batch "$work/add" || return 1
	t1=$(now)
	record "$name" kernel "$(sub "$t1" "$t0")"
	r=$(wait_table "$list" "$t1") || return 1
	record "$name" events "${r% *}"
	record "$name" cpu_events "$(sub "$(cpu_s "$DPID")" "$c0")"
	record "$name" resyncs "$(counter Resyncs)"
	record "$name" hwm_events "$(hwm_mib "$DPID")"
	forwarded "$list" || return 1
	# restart over the table the daemon left
	daemon_stop
	t0=$(now)
	daemon_start --kernel-sync
	r=$(wait_table "$list" "$t0" 120 "$DPID") || return 1
	record "$name" restart "${r% *}"
	record "$name" restart_added "$(counter RoutesAdded)"
	daemon_stop
	# dump into an empty table
	xr reset >/dev/null && xr link attach r-h1 && xr link attach r-h2 || return 1
	t0=$(now)
	daemon_start --kernel-sync
	r=$(wait_table "$list" "$t0" 120 "$DPID") || return 1
	record "$name" dump "${r% *}"
	record "$name" cpu_dump "$(cpu_s "$DPID")"
	record "$name" hwm_dump "$(hwm_mib "$DPID")"
	forwarded "$list" || return 1
	daemon_stop
	ksync_down
}

# the figures, one row a table
label() { # NAME: "1,000,000 random" or "901,899 real"
	local n
	n=$(result "$1" n | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
	if [[ $1 == *real ]]; then echo "$n real (2024)"; else echo "$n random"; fi
}
secs() { [ -n "$1" ] && printf '%.2f s' "$1"; }
ksync_table() {
	local name
	echo "== 9. kernel sync: seconds from the source having them all to the router's table holding them"
	printf '| %-22s | %-10s | %-8s | %-8s | %-8s | %-7s | %-13s |\n' \
		routes "ip -batch" events restart dump Resyncs "VmHWM ev/dump"
	for name in $TABLES; do
		printf '| %-22s | %-10s | %-8s | %-8s | %-8s | %-7s | %-13s |\n' \
			"$(label "$name")" "$(secs "$(result "$name" kernel)")" \
			"$(secs "$(result "$name" events)")" "$(secs "$(result "$name" restart)")" \
			"$(secs "$(result "$name" dump)")" "$(result "$name" resyncs)" \
			"$(result "$name" hwm_events) / $(result "$name" hwm_dump) MiB"
	done
	echo "(restart: routes written again by the restarted daemon:" \
		"$(for name in $TABLES; do printf ' %s' "$(result "$name" restart_added)"; done);" \
		"the daemon's CPU time, events (from the load's start) / dump:" \
		"$(for name in $TABLES; do printf ' %s / %s s' "$(result "$name" cpu_events)" "$(result "$name" cpu_dump)"; done))"
	echo "through FPM, seconds from BIRD's start: zebra's RIB has them (BGP), its FIB (the kernel), our table"
	printf '| %-22s | %-10s | %-10s | %-10s | %-14s | %-7s | %-7s |\n' \
		routes "zebra RIB" "zebra FIB" "our table" "ours - RIB" VmHWM frames
	for name in $FPM_SIZES; do
		printf '| %-22s | %-10s | %-10s | %-10s | %-14s | %-7s | %-7s |\n' \
			"$(label "fpm$name")" "$(secs "$(result "fpm$name" rib)")" \
			"$(secs "$(result "fpm$name" fib)")" "$(secs "$(result "fpm$name" ours)")" \
			"$(secs "$(result "fpm$name" fpm)")" "$(result "fpm$name" hwm) MiB" \
			"$(result "fpm$name" frames)"
	done
}

# the targets: 1,000,000 routes (and the real table) mirrored in under
# TARGET_S seconds, events and dump; FPM's largest table likewise
ksync_target() { # TEXT SECONDS
	local verdict=ERROR shown=
	if [ -n "$2" ]; then
		shown=$(secs "$2")
		verdict=$([ "$(echo "$2 < $TARGET_S" | bc -l)" = 1 ] && echo met || echo MISSED)
	fi
	[ "$verdict" = ERROR ] && KSYNC_ERRORS=$((KSYNC_ERRORS + 1))
	printf '| %-58s | %-10s | %s |\n' "$1" "$shown" "$verdict"
}
ksync_targets() {
	local name big fpm
	KSYNC_ERRORS=0
	echo "== 9. kernel sync targets: under $TARGET_S s"
	for name in $TABLES; do
		[ "$(result "$name" n)" -ge 900000 ] 2>/dev/null || continue
		ksync_target "$(label "$name") mirrored: events" "$(result "$name" events)"
		ksync_target "$(label "$name") mirrored: dump (daemon started after)" "$(result "$name" dump)"
	done
	for fpm in $FPM_SIZES; do big=$fpm; done
	ksync_target "FPM: $(label "fpm$big") in our table after zebra's RIB" "$(result "fpm$big" fpm)"
	[ "$KSYNC_ERRORS" = 0 ] || fail "$KSYNC_ERRORS figure(s) missing (ERROR above)"
}
