# shellcheck shell=bash
# bench/bench_ksync.sh's FPM measurement (sourced after bench/ksync_lib.sh):
# BIRD in h2 announces a table over BGP to bgpd in r; zebra in r (Debian's
# FRR, dplane_fpm_nl, next-hop groups on) installs it and sends it over
# FPM to `xdp-router daemon --fpm`. Every FRR and BIRD file (configs,
# sockets, pid files) is under $work/fpm-NAME; every process is killed by
# its pid.

FPM_PORT=${BENCH_FPM_PORT:-26$((20 + $$ % 70))}

fpm_confs() { # DIR LIST
	local d=$1
	cat >"$d/zebra.conf" <<-EOF
		hostname r
		fpm address 127.0.0.1 port $FPM_PORT
	EOF
	cat >"$d/bgpd.conf" <<-EOF
		hostname r
		router bgp 65001
		 bgp router-id 198.18.2.1
		 no bgp ebgp-requires-policy
		 neighbor $GW1 remote-as 65002
	EOF
	awk '{ print "route " $1 " blackhole;" }' "$2" >"$d/routes.conf"
	cat >"$d/bird.conf" <<-EOF
		router id $GW1;
		protocol device {}
		protocol static bench_table {
			ipv4;
		include "$d/routes.conf";
		}
		protocol bgp to_r {
			local $GW1 as 65002;
			neighbor 198.18.2.1 as 65001;
			ipv4 { import none; export all; next hop self; };
		}
	EOF
}

# frr_start DIR DAEMON ARGS...: one FRR daemon in r, in the foreground,
# its files in DIR
frr_start() {
	local d=$1 name=$2
	shift 2
	ip netns exec "$R" "/usr/lib/frr/$name" -f "$d/$name.conf" -i "$d/$name.pid" \
		-z "$d/zserv.api" --vty_socket "$d" -u frr -g frr "$@" \
		>>"$d/$name.log" 2>&1 &
	PIDS+=($!)
}
# fpm_stop: everything of the run, by pid: SIGTERM, then SIGKILL for what
# is still there 5 s later (zebra with a busy FPM connection can hang in
# its shutdown)
fpm_stop() {
	local p i
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for i in $(seq 50); do alive_any "${PIDS[@]}" || break; sleep 0.1; done
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
	DPID=
}
alive_any() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }

# zebra_counts DIR: the routes zebra holds (eBGP's), "RIB FIB" (the FIB:
# installed in the kernel), "0 0" if it cannot tell
zebra_counts() {
	local n
	n=$(ip netns exec "$R" vtysh --vty_socket "$1" -d zebra \
		-c "show ip route summary json" 2>/dev/null |
		jq -r '[.routes[]? | select(.type == "ebgp")] |
			"\(map(.rib) | add // 0) \(map(.fib) | add // 0)"' 2>/dev/null)
	echo "${n:-0 0}"
}
fpm_listening() { # within 5 s
	local i
	for i in $(seq 50); do
		[ -n "$(ip netns exec "$R" ss -Hltn "sport = :$FPM_PORT")" ] && return 0
		sleep 0.1
	done
	return 1
}
alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null || return 1; done; }

# ksync_fpm NAME LIST: the table LIST through BGP, zebra and FPM
ksync_fpm() {
	local name=$1 list=$2 d=$work/fpm-$1 n t0 trib= tfib= rib fib deadline r out
	n=$(wc -l <"$list")
	echo "-- $n routes ($name): FRR's zebra over FPM"
	mkdir -p "$d" && fpm_confs "$d" "$list" && chmod 755 "$work" &&
		chown -R frr:frr "$d" || return 1
	ksync_topo "kf$$$name"
	daemon_start --fpm "127.0.0.1:$FPM_PORT"
	fpm_listening || { echo "the daemon does not listen on $FPM_PORT" >&2; return 1; }
	frr_start "$d" zebra -M dplane_fpm_nl
	frr_start "$d" bgpd -p 179
	sleep 1
	t0=$(now)
	ip netns exec "$H2" bird -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid" \
		>"$d/bird.log" 2>&1 &
	PIDS+=($!)
	ip netns exec "$R" "$KSYNCWAIT" "$list" --since "$t0" --gw "$GW1" \
		--timeout 600 >"$d/wait" &
	local wpid=$!
	deadline=$(echo "$t0 + 600" | bc)
	while [ "$(echo "$(now) < $deadline" | bc)" = 1 ]; do
		read -r rib fib < <(zebra_counts "$d")
		[ -z "$trib" ] && [ "$rib" -ge "$n" ] && trib=$(now)
		if [ "$fib" -ge "$n" ]; then tfib=$(now); break; fi
		alive "${PIDS[@]}" || { echo "a daemon died (logs: $d)" >&2; tail -n 3 "$d"/*.log >&2; break; }
		sleep 0.2
	done
	[ -n "$tfib" ] || kill "$wpid" 2>/dev/null
	wait "$wpid"
	r=$?
	out=$(cat "$d/wait")
	echo "$out" >&2
	[ -n "$tfib" ] || { echo "zebra never had the $n routes" >&2; return 1; }
	[ $r = 0 ] || return 1
	echo "$out" | sed -n 's/^COUNTERS //p' >"$work/counters"
	r=$(echo "$out" | sed -n 's/^SYNCED .* at \([0-9.]*\)$/\1/p')
	record "fpm$name" n "$n"
	record "fpm$name" rib "$(sub "$trib" "$t0")"
	record "fpm$name" fib "$(sub "$tfib" "$t0")"
	record "fpm$name" ours "$(sub "$r" "$t0")"
	record "fpm$name" fpm "$(sub "$r" "$trib")"
	record "fpm$name" hwm "$(hwm_mib "$DPID")"
	record "fpm$name" frames "$(counter FpmFrames)"
	forwarded "$list" || return 1
	fpm_stop
	ksync_down
}
