# shellcheck shell=bash
# shellcheck disable=SC2154  # work, FWDBENCH, XDP_ROUTER, ...: bench.sh's
# make bench, section 5b (sourced by bench/bench.sh): capacity, the FIB's
# memory, and the control plane at 1,000,000 routes (issue 17). Every
# table goes into a fresh namespace (one veth, its end attached, eight
# gateways per family, 198.18.2.2-9 and 2001:db8:2::2-9, permanent
# neighbours) with `xdp-router -batch`, each prefix via one of the eight
# by a hash of its text (a realistic next-hop mix: with one gateway
# neighbouring prefixes would merge into runs no real table has), then
# the namespace and its state go:
#
#   - 1,000,000 random prefixes of the Internet's length mix (fwdbench
#     prefixes, section 2's table at its default size): load time,
#     `route show` of all, `route get` and one `route add` (median of 5
#     each), the IPv4 FIB's bytes
#   - the real IPv4 table (../shared/data/full-table-2024.txt.gz): bytes
#   - 200,000 IPv6 prefixes grown from the real table (prefixes6): bytes
#   - the four capacity shapes (fwdbench shape): deep4, hosts4, deep6,
#     hosts6; each must load; a failure prints the router's error line
#
# The bytes are what the router says it uses (`xdp-router -j state
# show`, "fibN": {"bytes": ...}; /work/notes/bench-fib-bytes.md); a
# build that does not say (DIR-24-8) is given its maps' memlock, which
# for a FIB allocated whole is what it uses. cap_targets prints the rows
# of section 6. BENCH_CAP_N changes the 1,000,000 (development only).

CAP_N=${BENCH_CAP_N:-1000000}
CAP_NS=xr-cap-$$
CAP_MAC=02:00:00:00:02:02
xrc() { ip netns exec "$CAP_NS" "$XDP_ROUTER" "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

cap_down() {
	[ -e "/run/netns/$CAP_NS" ] || return 0
	xrc reset >/dev/null 2>&1
	ip netns del "$CAP_NS"
}

cap_up() {
	cap_down
	ip netns add "$CAP_NS" &&
		ip -n "$CAP_NS" link add name cap0 type veth peer name cap1 &&
		ip netns exec "$CAP_NS" sysctl -qw net.ipv6.conf.all.accept_dad=0 &&
		ip netns exec "$CAP_NS" sysctl -qw net.ipv6.conf.default.accept_dad=0 &&
		ip -n "$CAP_NS" link set cap0 up && ip -n "$CAP_NS" link set cap1 up &&
		ip -n "$CAP_NS" addr add 198.18.2.1/24 dev cap0 &&
		ip -n "$CAP_NS" addr add 2001:db8:2::1/64 dev cap0 nodad &&
		xrc link attach cap0 >/dev/null &&
		for k in 2 3 4 5 6 7 8 9; do
			echo "neigh add 198.18.2.$k lladdr $CAP_MAC dev cap0"
			echo "neigh add 2001:db8:2::$k lladdr $CAP_MAC dev cap0"
		done >"$work/cap.neigh" && xrc -batch "$work/cap.neigh" ||
		fail "capacity: the namespace $CAP_NS"
}

# prefixes on stdin: route add lines, each via one of 8 gateways of its
# family chosen by a hash of the prefix's text
cap_routes() {
	awk 'BEGIN { cs = "0123456789abcdef.:/" }
	{
		sub(/\r$/, ""); h = 0
		for (i = 1; i <= length($1); i++)
			h = (h * 33 + index(cs, substr($1, i, 1))) % 65521
		print "route add " $1 " via " (index($1, ":") ? "2001:db8:2::" : "198.18.2.") (2 + h % 8)
	}'
}

# FILE NAME: a fresh namespace, FILE's prefixes loaded with -batch (each
# via one of its family's gateways, cap_routes); CAP_SECS, CAP_RC, CAP_ERR (the router's last
# error line)
cap_load() {
	local t0
	cap_up
	cap_routes <"$1" >"$work/cap.batch"
	t0=$(date +%s.%N)
	xrc -batch "$work/cap.batch" >/dev/null 2>"$work/cap.err"
	CAP_RC=$?
	CAP_SECS=$(secs_since "$t0")
	CAP_ERR=$(grep . "$work/cap.err" | tail -1)
	printf '%-44s %s in %.2f s%s\n' "$2" "$([ $CAP_RC = 0 ] && echo loaded || echo FAILED)" \
		"$CAP_SECS" "${CAP_ERR:+: $CAP_ERR}"
}

# 4|6: CAP_BYTES, the family's FIB bytes, and CAP_HOW, what they are
cap_bytes() {
	local self f
	self=$(xrc -j state show | jq -c '.[] | select(.self)')
	CAP_BYTES=$(jq -r ".fib$1.bytes // empty" <<<"$self")
	CAP_HOW="in use (state show)"
	isnum "$CAP_BYTES" && return
	CAP_HOW="maps' memlock (this build says no bytes in use)"
	CAP_BYTES=$(for f in "$(jq -r .path <<<"$self")"/xr_fib"$1"_*; do
		bpftool -j map show pinned "$f"; done | jq -s '[.[].bytes_memlock] | add')
}

mib() { echo "scale=2; $1 / 1048576" | bc; }

# the median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# COMMAND...: its wall time in ms (its output dropped); fails with it
ms_of() {
	local t0
	t0=$(now_ms)
	"$@" >/dev/null || return 1
	echo $(($(now_ms) - t0))
}

# route show, route get, route add in the table loaded (IPv4, FILE)
cap_ctl() {
	local i a t
	t=$(date +%s.%N)
	xrc route show >"$work/cap.show" || fail "capacity: route show"
	CAP_SHOW=$(secs_since "$t")
	CAP_SHOWN=$(wc -l <"$work/cap.show")
	: >"$work/cap.get"; : >"$work/cap.add"
	for i in 1 2 3 4 5; do
		a=$(sed -n "$((i * CAP_N / 6))s/\/.*//p" "$1")
		ms_of xrc route get "$a" >>"$work/cap.get" || fail "capacity: route get $a"
		ms_of xrc route add "198.19.$i.1/32" via 198.18.2.2 >>"$work/cap.add" ||
			fail "capacity: route add 198.19.$i.1/32"
	done
	CAP_GET=$(median <"$work/cap.get")
	CAP_ADD=$(median <"$work/cap.add")
	echo "route show: $CAP_SHOWN lines in $(printf %.2f "$CAP_SHOW") s;" \
		"route get: $(tr '\n' ' ' <"$work/cap.get")ms; route add: $(tr '\n' ' ' <"$work/cap.add")ms"
}

# KIND NAME FAM: a shape, loaded; CAP_SHAPE_<KIND> its result line
cap_shape() {
	"$FWDBENCH" shape "$1" "$CAP_N" 1 >"$work/cap.$1" || fail "fwdbench shape $1"
	cap_load "$work/cap.$1" "$2"
	if [ "$CAP_RC" = 0 ]; then
		cap_bytes "$3"
		printf -v "CAP_SHAPE_$1" '%s' "loaded, $(mib "$CAP_BYTES") MiB"
		echo "  IPv$3 FIB: $(mib "$CAP_BYTES") MiB, $CAP_HOW"
	else
		printf -v "CAP_SHAPE_$1" '%s' "$CAP_ERR"
	fi
	cap_down
}

cap_section() {
	echo "== 5b. capacity and the control plane at $CAP_N routes, each table in a fresh namespace"
	t_cap=$SECONDS
	"$FWDBENCH" prefixes "$CAP_N" 1 >"$work/cap.random" || fail "prefixes"
	cap_load "$work/cap.random" "$CAP_N random prefixes (Internet mix)"
	[ "$CAP_RC" = 0 ] || fail "capacity: the random table did not load: $CAP_ERR"
	CAP_LOAD=$CAP_SECS
	cap_ctl "$work/cap.random"
	[ "$CAP_SHOWN" -ge "$CAP_N" ] || fail "capacity: route show printed $CAP_SHOWN lines, want $CAP_N"
	cap_bytes 4
	CAP_RANDOM_BYTES=$CAP_BYTES
	echo "  IPv4 FIB: $(mib "$CAP_BYTES") MiB, $CAP_HOW"
	cap_down

	grep -v : "$work/table" | tr -d '\r' >"$work/table4"
	NREAL4=$(wc -l <"$work/table4")
	cap_load "$work/table4" "real IPv4 table, $NREAL4 prefixes"
	CAP_REAL4_RC=$CAP_RC CAP_REAL4_ERR=$CAP_ERR
	[ "$CAP_RC" = 0 ] && cap_bytes 4 && echo "  IPv4 FIB: $(mib "$CAP_BYTES") MiB, $CAP_HOW"
	CAP_REAL4_BYTES=$CAP_BYTES CAP_REAL4_HOW=$CAP_HOW
	cap_down

	cap_load "$work/prefixes6" "$N6 IPv6 prefixes (grown from the real table)"
	CAP_V6_RC=$CAP_RC CAP_V6_ERR=$CAP_ERR
	[ "$CAP_RC" = 0 ] && cap_bytes 6 && echo "  IPv6 FIB: $(mib "$CAP_BYTES") MiB, $CAP_HOW"
	CAP_V6_BYTES=$CAP_BYTES
	cap_down

	cap_shape deep4 "deep4: 10% longer than /24 in $((CAP_N / 10)) /24s" 4
	cap_shape hosts4 "hosts4: $CAP_N /32 spread" 4
	cap_shape deep6 "deep6: 10% longer than /48 in $((CAP_N / 10)) /48s" 6
	cap_shape hosts6 "hosts6: $CAP_N /128 spread" 6
	echo "(section 5b took $((SECONDS - t_cap)) s)"
	echo
}

# TEXT RC BYTES LIMIT(MiB) ERR: a FIB's bytes against its limit
cap_bytes_target() {
	if [ "$2" != 0 ]; then
		target_error "$1" "did not load: $5"
		return
	fi
	target_max "$1" "$(mib "$3")" "$4" MiB
}

# a shape loads; when not, the router's error must say memory
cap_shape_target() { # KIND TEXT
	local v
	v=$(eval echo "\"\${CAP_SHAPE_$1}\"")
	if [[ $v == loaded* ]]; then
		target "$2" 1 "$v"
	else
		target "$2" 0 "failed: $v"
		grep -qi "memory" <<<"$v" ||
			target "  its error says the limit is memory" 0 "no: $v"
	fi
}

cap_targets() {
	target_max "$CAP_N routes loaded in <= 2 s (xdp-router -batch)" \
		"$CAP_LOAD" 2 s "$(printf '%.2f s' "$CAP_LOAD")"
	target_max "route show of $CAP_N routes in <= 2 s" "$CAP_SHOW" 2 s \
		"$(printf '%.2f s' "$CAP_SHOW")"
	target_max "route get in a table of $CAP_N < 10 ms (median of 5)" "$CAP_GET" 9.999 ms
	target_max "one route add in a table of $CAP_N < 10 ms (median of 5)" "$CAP_ADD" 9.999 ms
	cap_bytes_target "IPv4 FIB <= 8 MiB: real table, $NREAL4 prefixes" \
		"$CAP_REAL4_RC" "$CAP_REAL4_BYTES" 8 "$CAP_REAL4_ERR"
	cap_bytes_target "IPv4 FIB <= 8 MiB: $CAP_N random, Internet mix" 0 \
		"$CAP_RANDOM_BYTES" 8 ""
	cap_bytes_target "IPv6 FIB <= 16 MiB: $N6 prefixes" \
		"$CAP_V6_RC" "$CAP_V6_BYTES" 16 "$CAP_V6_ERR"
	printf '|   %-56s | %-24s |\n' "(FIB bytes: $CAP_REAL4_HOW)" ""
	cap_shape_target deep4 "loads: $CAP_N IPv4, 10% longer than /24, $((CAP_N / 10)) /24s"
	cap_shape_target hosts4 "loads: $CAP_N IPv4 /32 host routes, uniform"
	cap_shape_target deep6 "loads: $CAP_N IPv6, 10% longer than /48, $((CAP_N / 10)) /48s"
	cap_shape_target hosts6 "loads: $CAP_N IPv6 /128 host routes, uniform"
}
