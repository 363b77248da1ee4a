#!/usr/bin/env bash
# Metrics (docs/metrics.md): `stats -o prometheus` checked by the real
# promtool, against `stats -j`, written atomically by --textfile and by
# the daemon, and served by the real prometheus-node-exporter (its
# textfile collector) inside the test's namespace.
TOPO_ID=metrics$$
source "$(dirname "$0")/lib.sh"
CMP="python3 $ROOT/tests/integration/metrics_cmp.py"
T=$(mktemp -d /tmp/xr-metrics.XXXXXX)
DLOG=$T/daemon.log
DPID= NEPID=
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	[ -n "$NEPID" ] && kill "$NEPID" 2>/dev/null && wait "$NEPID" 2>/dev/null
	topo_down
	rm -rf "$T"
}
trap cleanup EXIT
bash "$ROOT/scripts/bpffs.sh"
topo_up && topo6_up || { bad "topology"; finish; exit 1; }
# a link whose name needs escaping in a label value: " and \
ODD='x"q\z'
ip -n "$R" link add "$ODD" type veth peer name xq-peer &&
	ip -n "$R" link set "$ODD" up && ip -n "$R" link set xq-peer up
mkdir -p "$T/d" "$T/ne"

prom() { xr stats -o prometheus; }
# snap: stats -j and -o prometheus into $T/s.json, $T/s.prom, taken
# again (5 times at most) until stats -j reads the same before and after
# (but for the time since the mirror synced)
steady() { jq -S 'del(.KernelSync.SyncedMsAgo)' "$1"; }
snap() {
	for _ in 1 2 3 4 5; do
		xr -j stats >"$T/s.json" && prom >"$T/s.prom" && xr -j stats >"$T/s2.json" &&
			[ "$(steady "$T/s.json")" = "$(steady "$T/s2.json")" ] && return 0
		sleep 0.2
	done
	return 1
}
val() { $CMP get "$1" "$2"; }   # FILE SAMPLE: its value

# ---- without a state: the counters, all zero; valid all the same
prom >"$T/n.prom"; rc=$?
check "no state: exit 0, promtool check metrics says nothing" \
	bash -c "[ $rc -eq 0 ] && [ -z \"\$(promtool check metrics <'$T/n.prom' 2>&1)\" ]"
check "no state: counters zero, build_info 1" \
	bash -c "grep -q '^xdp_router_ip_forw_datagrams_total{family=\"ipv4\"} 0$' '$T/n.prom' &&
		 grep -qE '^xdp_router_build_info\{.*\} 1$' '$T/n.prom'"

check "link attach r-h1 (xdp), r-h2 (xdp), $ODD (tc)" \
	bash -c "$XDP_ROUTER_NS link attach r-h1 && $XDP_ROUTER_NS link attach r-h2 &&
		 $XDP_ROUTER_NS link attach '$ODD' hook tc"
check "daemon --textfile DIR --textfile-interval 1 (binds 3 links)" \
	daemon_start "$DLOG" 3 --textfile "$T/d" --textfile-interval 1

# ---- traffic: forwarded in both families, a TTL exceeded
in_h1 ping -c 20 -i 0.05 -W 2 198.18.2.2 >/dev/null
in_h1 ping -6 -c 20 -i 0.05 -W 2 2001:db8:2::2 >/dev/null
in_h1 ping -c 2 -i 0.2 -W 1 -t 1 198.18.2.2 >/dev/null
sleep 0.5
check "snapshot: stats -j steady around -o prometheus" snap

out=$(promtool check metrics <"$T/s.prom" 2>&1); rc=$?
check "promtool check metrics: exit 0, says nothing (lint included)" \
	test "$rc" -eq 0 -a -z "$out"
[ -n "$out" ] && echo "# promtool: $out"
check "every name: one HELP then its TYPE, then its samples; counters end _total" \
	$CMP lint "$T/s.prom"
check "every counter of stats -j is one of -o prometheus, the same value; links by link" \
	$CMP stats "$T/s.json" "$T/s.prom"
j() { jq -r "$1" "$T/s.json"; }
# is SAMPLE JQ [MIN]: SAMPLE of the snapshot is stats -j's JQ, and >= MIN
is() {
	local v
	v=$($CMP get "$T/s.prom" "$1") || return 1
	[ "$v" = "$(j "$2")" ] && [ "$v" -ge "${3:-0}" ] || { echo "# $1: $v, $2: $(j "$2")"; return 1; }
}
check "ip_forw_datagrams_total{ipv4} = Ip.ForwDatagrams, > 0" \
	is 'xdp_router_ip_forw_datagrams_total{family="ipv4"}' .Ip.ForwDatagrams 1
check "ip_out_forw_datagrams_total{ipv6} = Ip6.Ip6OutForwDatagrams, > 0" \
	is 'xdp_router_ip_out_forw_datagrams_total{family="ipv6"}' .Ip6.Ip6OutForwDatagrams 1
check "exceptions_total{reason=TtlExceeded} = Exceptions.TtlExceeded, > 0" \
	is 'xdp_router_exceptions_total{reason="TtlExceeded"}' .Exceptions.TtlExceeded 1
check "icmp_out_time_excds_total{ipv4} = Icmp.OutTimeExcds, > 0" \
	is 'xdp_router_icmp_out_time_excds_total{family="ipv4"}' .Icmp.OutTimeExcds 1
check "neigh_replies_learned_total{ipv4} = Neigh.RepliesLearned, > 0" \
	is 'xdp_router_neigh_replies_learned_total{family="ipv4"}' .Neigh.RepliesLearned 1
check "neigh_replies_learned_total{ipv6} = Ndisc.NdiscRepliesLearned, > 0" \
	is 'xdp_router_neigh_replies_learned_total{family="ipv6"}' .Ndisc.NdiscRepliesLearned 1
check "link_rx_packets_total{link=r-h1} = its rx_packets, > 0" \
	is 'xdp_router_link_rx_packets_total{link="r-h1"}' '.links[] | select(.ifname == "r-h1") | .rx_packets' 1
check "a label value escaped: link=\"x\\\"q\\\\z\"" \
	grep -qF 'xdp_router_link_tx_bytes_total{link="x\"q\\z"} ' "$T/s.prom"
check "HELP quotes the kernel's MIB names" \
	grep -qE '^# HELP xdp_router_ip_in_receives_total .*Ip:InReceives .*Ip6InReceives' "$T/s.prom"
nr4=$(xr -j route show | jq length); nr6=$(xr -6 -j route show | jq length)
check "routes gauge per family = route show's ($nr4, $nr6)" \
	bash -c "[ \"\$($CMP get $T/s.prom 'xdp_router_routes{family=\"ipv4\"}')\" = $nr4 ] &&
		 [ \"\$($CMP get $T/s.prom 'xdp_router_routes{family=\"ipv6\"}')\" = $nr6 ]"
nb_same() { # every family/state count of neigh show is the gauge's
	local f s n v
	xr -j neigh show >"$T/n.json" && prom >"$T/nb.prom" || return 1
	for f in ipv4 ipv6; do
		for s in $(jq -r '.[].state[0]' "$T/n.json" | sort -u); do
			if [ $f = ipv4 ]; then
				n=$(jq "[.[] | select(.state[0] == \"$s\" and (.dst | contains(\":\") | not))] | length" "$T/n.json")
			else
				n=$(jq "[.[] | select(.state[0] == \"$s\" and (.dst | contains(\":\")))] | length" "$T/n.json")
			fi
			v=$($CMP get "$T/nb.prom" "xdp_router_neighbours{family=\"$f\",state=\"$s\"}") || return 1
			[ "$v" = "$n" ] || { echo "# $f $s: $v != $n"; return 1; }
		done
	done
	[ "$(jq length "$T/n.json")" -gt 0 ]
}
nb_ok() { # (a state may change between the two reads: read again)
	local i
	for i in 1 2 3 4 5; do nb_same && return 0; sleep 0.2; done
	return 1
}
check "neighbours gauge per family and state = neigh show's" nb_ok
ver=$("$XDP_ROUTER" -V | sed -n 's/^xdp-router \([^ ,]*\).*/\1/p' | head -1)
check "build_info{version=\"$ver\"} 1" \
	grep -qE "^xdp_router_build_info\{version=\"$ver\",state_layout=\"[0-9]+\"" "$T/s.prom"

# ---- -o text and -o json are stats' own forms
check "-o json is -j stats" bash -c "[ \"\$($XDP_ROUTER_NS stats -o json | jq -S 'del(.links) | keys')\" = \"\$($XDP_ROUTER_NS -j stats | jq -S 'del(.links) | keys')\" ]"
check "-o text is stats (also under -j)" bash -c "[ \"\$($XDP_ROUTER_NS -j stats show -o text | grep -c ':$')\" = \"\$($XDP_ROUTER_NS stats | grep -c ':$')\" ]"
out=$(xr stats -o yaml 2>&1); rc=$?
check "-o yaml: one line naming it, exit 1" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ] && grep -q '^xdp-router: .*\"yaml\"' <<<'$out'"
out=$(xr stats -o json --textfile "$T/x.prom" 2>&1); rc=$?
check "--textfile with -o json: refused in one line" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ] && [ ! -e '$T/x.prom' ]"

# ---- --textfile: atomic, nothing printed, no temporary file left
mkdir -p "$T/w"
out=$(xr stats -o prometheus --textfile "$T/w"); rc=$?
check "--textfile DIR: exit 0, prints nothing, DIR/xdp-router.prom only" \
	bash -c "[ $rc -eq 0 ] && [ -z '$out' ] && [ \"\$(ls -A '$T/w')\" = xdp-router.prom ]"
check "the file: mode 0644, promtool says nothing" \
	bash -c "[ \$(stat -c %a '$T/w/xdp-router.prom') = 644 ] &&
		 [ -z \"\$(promtool check metrics <'$T/w/xdp-router.prom' 2>&1)\" ]"
check "--textfile FILE: that file (stats, show given)" \
	bash -c "$XDP_ROUTER_NS stats show --textfile '$T/w/other.prom' && $CMP lint '$T/w/other.prom'"
# a reader never sees a part of the file while writers replace it
nl=$(wc -l <"$T/w/xdp-router.prom")
( for _ in $(seq 150); do xr stats --textfile "$T/w" || exit 1; done ) &
wpid=$!
torn=0 reads=0
while kill -0 "$wpid" 2>/dev/null && [ $reads -lt 5000 ]; do
	n=$(wc -l <"$T/w/xdp-router.prom")
	[ "$n" = "$nl" ] || torn=$((torn + 1))
	reads=$((reads + 1))
done
wait "$wpid"; rc=$?
echo "# $reads reads while 150 writes replaced the file, $torn not whole"
check "150 writes under $reads reads: every read whole, no temporary file left" \
	bash -c "[ $rc -eq 0 ] && [ $torn -eq 0 ] && [ $reads -gt 10 ] &&
		 [ \"\$(ls -A '$T/w' | sort | tr '\n' ' ')\" = 'other.prom xdp-router.prom ' ]"
mkdir -p "$T/b"
out=$(printf 'stats -o prometheus --textfile %s\nstats show -o json\n' "$T/b" | xr -batch -); rc=$?
check "in a batch: --textfile writes its file, -o json prints" \
	bash -c "[ $rc -eq 0 ] && $CMP lint '$T/b/xdp-router.prom' && jq -e .Ip.InReceives >/dev/null <<<'$out'"
out=$(xr stats -o prometheus --textfile "$T/none/x.prom" 2>&1); rc=$?
check "--textfile in a missing dir: one line, exit 1" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ] && grep -q '^xdp-router: cannot write the metrics to .*No such file' <<<'$out'"
mkdir -p "$T/ro"
out=$(unshare -m bash -c "mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro' &&
	ip netns exec '$R' '$XDP_ROUTER' stats --textfile '$T/ro'" 2>&1); rc=$?
check "--textfile in a read-only dir: one line, exit 1, nothing left" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ] && grep -q 'Read-only file system' <<<'$out' &&
		 [ -z \"\$(ls -A '$T/ro')\" ]"

# ---- the daemon's --textfile: written, then refreshed after traffic
df=$T/d/xdp-router.prom
check "daemon: DIR/xdp-router.prom written, promtool says nothing" \
	bash -c "[ -s '$df' ] && [ -z \"\$(promtool check metrics <'$df' 2>&1)\" ]"
fw() { $CMP get "$df" 'xdp_router_ip_forw_datagrams_total{family="ipv4"}'; }
before=$(fw)
in_h1 ping -c 10 -i 0.05 -W 2 198.18.2.2 >/dev/null
grew() {
	local i
	for i in $(seq 50); do
		[ "$(fw)" -ge $((before + 10)) ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
check "daemon: the counter grows in the file after 10 more pings ($before -> ...)" grew
echo "# ip_forw_datagrams_total{ipv4} in the daemon's file: $before, then $(fw)"
check "daemon: no temporary file left in DIR" bash -c "[ \"\$(ls -A '$T/d')\" = xdp-router.prom ]"
out=$(timeout 5 ip netns exec "$R" "$XDP_ROUTER" daemon --textfile "$T/none/x" 2>&1); rc=$?
check "daemon --textfile in a missing dir: one line, exit 1" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ] && grep -q 'cannot write the metrics' <<<'$out'"
out=$(timeout 5 ip netns exec "$R" "$XDP_ROUTER" daemon --textfile "$T/d" --textfile-interval 0 2>&1); rc=$?
check "daemon --textfile-interval 0: one line, exit 1" \
	bash -c "[ $rc -eq 1 ] && [ \$(wc -l <<<'$out') -eq 1 ]"

# ---- a daemon that mirrors the kernel: its state and counters too
kill "$DPID" && wait "$DPID"
DPID=
check "daemon --kernel-sync --textfile (binds 3 links)" \
	daemon_start "$T/daemon2.log" 3 --kernel-sync --textfile "$T/d" --textfile-interval 1
synced() {
	local i
	for i in $(seq 50); do
		[ "$(xr -j stats | jq .KernelSync.Synced)" = true ] && return 0
		sleep 0.1
	done
	return 1
}
check "the mirror synced" synced
check "snapshot with the mirror" snap
check "promtool says nothing (mirror's metrics included)" \
	bash -c "[ -z \"\$(promtool check metrics <'$T/s.prom' 2>&1)\" ]"
check "every counter of stats -j (KernelSync's included) is a sample, same value" \
	$CMP stats "$T/s.json" "$T/s.prom"
check "kernel_sync_info{mode=kernel,table=254} 1, kernel_sync_synced 1" \
	bash -c "[ \"\$($CMP get '$T/s.prom' 'xdp_router_kernel_sync_info{mode=\"kernel\",table=\"254\"}')\" = 1 ] &&
		 [ \"\$($CMP get '$T/s.prom' xdp_router_kernel_sync_synced)\" = 1 ]"
check "kernel_sync_dumps_total = KernelSync.Dumps, > 0" \
	is xdp_router_kernel_sync_dumps_total .KernelSync.Dumps 1
# the directory gone: the failure logged once while it lasts, then the
# file written again once the directory is back
mv "$T/d" "$T/d.gone"      # (at once: a write under way cannot refill it)
sleep 3.5
nerr=$(grep -c 'cannot write the metrics' "$T/daemon2.log")
mkdir "$T/d"
back() {
	local i
	for i in $(seq 30); do [ -s "$T/d/xdp-router.prom" ] && return 0; sleep 0.1; done
	return 1
}
check "daemon: DIR removed for 3.5 s (interval 1 s): the failure logged once ($nerr)" test "$nerr" -eq 1
check "daemon: DIR back, the file written again" back
undocumented() { # the metric names docs/metrics.md does not name
	local n
	for n in $(sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$T/s.prom"); do
		grep -qF "\`$n\`" "$ROOT/docs/metrics.md" || echo "$n"
	done
}
out=$(undocumented)
check "docs/metrics.md names every metric ($(grep -c '^# TYPE' "$T/s.prom") of them)" test -z "$out"
[ -n "$out" ] && echo "# not in docs/metrics.md: $out"

# ---- the real node exporter serves the file's metrics
xr stats --textfile "$T/ne" || bad "stats --textfile for the node exporter"
port=$((20000 + $$ % 20000))
ip netns exec "$R" prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$T/ne" >"$T/ne.log" 2>&1 &
NEPID=$!
scrape() {
	local i
	for i in $(seq 50); do
		ip netns exec "$R" curl -sf "http://127.0.0.1:$port/metrics" >"$T/ne.out" &&
			grep -q '^xdp_router_' "$T/ne.out" && return 0
		sleep 0.2
	done
	return 1
}
check "node exporter (in the namespace, 127.0.0.1:$port) serves xdp_router_* metrics" scrape
check "node exporter: every xdp_router_* sample is the file's, with its value" \
	$CMP same "$T/ne/xdp-router.prom" "$T/ne.out"
check "node exporter: no textfile scrape error" \
	grep -q '^node_textfile_scrape_error 0$' "$T/ne.out"
echo "# node exporter served $(grep -c '^xdp_router_' "$T/ne.out") xdp_router_* samples"
finish
