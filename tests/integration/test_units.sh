#!/usr/bin/env bash
# The systemd units (systemd/*.in, docs/operations.md) as systemd runs them
# (the test machines have no systemd as PID 1): installed with a PREFIX and
# a SYSCONFDIR whose paths exist (a temporary directory), each Exec line
# read from the installed unit file and run as systemd runs it (split into
# words, no shell) in the router's namespace. At "boot"
# xdp-router-config.service's ExecStart applies the configuration file and
# xdp-router.service's ExecStart starts the daemon with --config; a changed
# file, then ExecReload (of either unit), applies the change (the daemon
# runs on); the unit's KillSignal stops the daemon cleanly (exit 0:
# Restart=on-failure does not restart it), a kill -9 is a failure, and the
# test restarts the daemon unit as systemd would (its ExecStart alone: the
# config unit stays active), so a route added with the CLI after boot
# survives the restart;
# a `daemon --kernel-sync` line makes the daemon follow the kernel; the
# installed example, uncommented, is a file apply takes; the metrics
# service's command writes node exporter's textfile.
source "$(dirname "$0")/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL   # its own make, not part of the one running tests
TOPO_ID=u$$
H1=xr-h1-$TOPO_ID; R=xr-r-$TOPO_ID; H2=xr-h2-$TOPO_ID
XDP_ROUTER_NS="ip netns exec $R $XDP_ROUTER"
T=$(mktemp -d /tmp/xr-units.XXXXXX)
DLOG=$T/daemon.log
DPID=
stop_daemon() { # SIGNAL: the daemon stopped with it, waited for; sets DRC
	DRC=
	[ -n "$DPID" ] || return 0
	kill "-$1" "$DPID" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$DPID" 2>/dev/null && kill -9 "$DPID"
	{ wait "$DPID"; } 2>/dev/null
	DRC=$?
	DPID=
}
trap 'stop_daemon 9; topo_down; rm -rf "$T"' EXIT
trap 'exit 1' TERM INT
bash "$ROOT/scripts/bpffs.sh"
P=$T/prefix
CONF=$T/etc/xdp-router/xdp-router.conf
make -C "$ROOT" --no-print-directory install PREFIX="$P" SYSCONFDIR="$T/etc" \
	TEXTFILEDIR="$T/textfile" >"$T/make.log" 2>&1 || { bad "make install"; finish; exit 1; }
U=$P/lib/systemd/system
topo_up && topo6_up || { bad "topology"; finish; exit 1; }

# exec_line UNIT KEY: that Exec line's command, as words (systemd's
# splitting: on white space; our lines quote nothing)
exec_line() { sed -n "s/^$2=//p" "$U/$1"; }
unit_run() { # UNIT KEY: the line run in r, its stdout in $T/out
	local -a cmd
	read -ra cmd <<<"$(exec_line "$1" "$2")"
	[ "${#cmd[@]}" -gt 0 ] || { echo "# $1: no $2"; return 1; }
	timeout 60 ip netns exec "$R" "${cmd[@]}" >"$T/out" 2>"$T/err"
	local rc=$?
	[ "$rc" -eq 0 ] || echo "# $2 exit $rc: $(head -c 300 "$T/err")"
	return "$rc"
}
# start: ExecStart in the background, until the daemon has bound both
# links (or, with WANT, until its log says WANT)
start() {
	local -a cmd
	read -ra cmd <<<"$(exec_line xdp-router.service ExecStart)"
	: >"$DLOG"
	ip netns exec "$R" "${cmd[@]}" 2>>"$DLOG" &
	DPID=$!
	for _ in $(seq 50); do
		if [ -n "${WANT:-}" ]; then grep -q "$WANT" "$DLOG" && return 0
		elif [ "$(grep -c 'bound at slots' "$DLOG")" -ge 2 ]; then return 0; fi
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	sed 's/^/# daemon: /' "$DLOG" | head -5
	return 1
}
# boot as systemd makes it: the config unit (oneshot), then the daemon's
unit_start() { unit_run xdp-router-config.service ExecStart && start; }
has_route() { xr "${@:2}" route show | grep -q "^$1 "; }
no_route() { ! has_route "$@"; }
pings() { in_h1 ping -c 1 -W 1 "$1" >/dev/null; }
wait_for() { # CMD...: 5 s at most for CMD to succeed
	for _ in $(seq 50); do "$@" && return 0; sleep 0.1; done
	return 1
}
not() { ! "$@"; }
MAC2=$(topo_mac "$H2" eth0)

# ------------------------------------------------------------ boot
mkdir -p "$T/textfile" "$T/dtextfile"
cat >"$CONF" <<EOF2
# the router at boot
link attach r-h1 hook xdp mode native
link attach r-h2 hook xdp mode native
neigh add 198.18.2.2 lladdr $MAC2 dev r-h2
route add 198.18.9.0/24 via 198.18.2.2 dev r-h2
-6 route multipath hash-policy l4
daemon --icmp-ratelimit 500 --textfile $T/dtextfile --textfile-interval 1
EOF2
check "the daemon unit has no ExecStartPre (no apply on restart)" not grep -q '^ExecStartPre=' "$U/xdp-router.service"
check "... it requires the config unit, after it" bash -c "grep -qx 'Requires=xdp-router-config.service' '$U/xdp-router.service' && grep -qx 'After=xdp-router-config.service' '$U/xdp-router.service'"
check "the config unit: oneshot, stays active" bash -c "grep -qx 'Type=oneshot' '$U/xdp-router-config.service' && grep -qx 'RemainAfterExit=yes' '$U/xdp-router-config.service'"
check "boot: the config unit's apply, then the daemon with --config" unit_start
check "... both links attached" bash -c "[ \$($XDP_ROUTER_NS link show | grep -c ': hook xdp mode native') -eq 2 ]"
check "... the route of the file" has_route 198.18.9.0/24
check "... the hash policy of the file" bash -c "$XDP_ROUTER_NS -6 route multipath | grep -q l4"
check "... and h1 -> h2 forwarded" pings 198.18.2.2
dprom() { grep -q '^xdp_router_build_info' "$T/dtextfile/xdp-router.prom" 2>/dev/null; }
check "... the daemon took the file's options (its --textfile written)" wait_for dprom

# ---------------------------------------------------------- reload
sed -i 's|^route add 198.18.9.0/24 .*|route add 198.18.10.0/24 via 198.18.2.2 dev r-h2|' "$CONF"
check "ExecReload (apply) of the changed file" unit_run xdp-router.service ExecReload
check "... prints apply's summary" grep -q '^apply: 1 added, 0 changed, 1 removed' "$T/out"
check "... the new route there" has_route 198.18.10.0/24
check "... the removed one gone" no_route 198.18.9.0/24
check "... the daemon runs on" kill -0 "$DPID"
check "ExecReload again: nothing to change" unit_run xdp-router.service ExecReload
check "... 0 added, 0 changed, 0 removed" grep -q '^apply: 0 added, 0 changed, 0 removed' "$T/out"
check "the config unit's ExecReload is the same apply" bash -c "[ \"\$(sed -n 's/^ExecReload=//p' '$U/xdp-router-config.service')\" = \"\$(sed -n 's/^ExecReload=//p' '$U/xdp-router.service')\" ]"
check "... and applies nothing more" unit_run xdp-router-config.service ExecReload
check "... 0 added, 0 changed, 0 removed" grep -q '^apply: 0 added, 0 changed, 0 removed' "$T/out"
echo "route add bad" >>"$CONF"
check "ExecReload of a bad file fails" not unit_run xdp-router.service ExecReload
check "... and changes nothing" has_route 198.18.10.0/24
sed -i '$d' "$CONF"

# ------------------------------------------------- stop and restart
SIG=$(sed -n 's/^KillSignal=SIG//p' "$U/xdp-router.service")
check "the unit's KillSignal is SIGTERM" [ "$SIG" = TERM ]
stop_daemon "$SIG"
check "KillSignal stops the daemon cleanly (exit 0: on-failure does not restart)" [ "$DRC" = 0 ]
check "... the fast path forwards without it" pings 198.18.2.2
check "the unit started again" start
check "a route added with the CLI after boot" xr route add 198.18.77.0/24 via 198.18.2.2 dev r-h2
stop_daemon 9
check "kill -9 is a failure (on-failure restarts)" [ "$DRC" = 137 ]
check "Restart=on-failure" grep -qx "Restart=on-failure" "$U/xdp-router.service"
check "the restart, as systemd makes it (the daemon unit's ExecStart)" start
check "... the configuration unchanged" has_route 198.18.10.0/24
check "... the CLI's route survives the restart (no apply)" has_route 198.18.77.0/24
check "ExecReload makes the router the file's again" unit_run xdp-router.service ExecReload
check "... the CLI's route removed" no_route 198.18.77.0/24
stop_daemon "$SIG"

# ------------------------------------- the daemon follows the kernel
check "reset (a reboot's empty state)" xr reset
cat >"$CONF" <<EOF2
link attach r-h1 hook xdp mode native
link attach r-h2 hook xdp mode native
daemon --kernel-sync --table 254
EOF2
WANT="routes (table 254) and neighbours follow the kernel"
check "boot with a kernel-sync daemon line" unit_start
WANT=
in_r ip route add 198.18.50.0/24 via 198.18.2.2
check "a kernel route is followed" wait_for has_route 198.18.50.0/24
check "ExecReload with the daemon following the kernel" unit_run xdp-router.service ExecReload
check "... the kernel's route stays" has_route 198.18.50.0/24
stop_daemon "$SIG"

# --------------------------------- the example, uncommented, applies
check "reset" xr reset
in_r ip addr add 198.51.100.1/24 dev r-h2
sed -n 's/^#\([a-z-]\)/\1/p' "$P/share/doc/xdp-router/examples/xdp-router.conf" |
	sed 's/eth0/r-h1/g; s/eth1/r-h2/g; s|/var/lib/prometheus/node-exporter|'"$T/textfile"'|' >"$CONF"
check "the example has statements" [ "$(wc -l <"$CONF")" -ge 10 ]
check "... and one daemon line, uncommented as it is" [ "$(grep -c '^daemon ' "$CONF")" = 1 ]
check "the example, uncommented, applies (the config unit)" unit_run xdp-router-config.service ExecStart
check "... its routes are there" has_route 203.0.113.0/24
check "... its handler too" bash -c "$XDP_ROUTER_NS proto show | grep -q '^ethertype 0x88b5 '"

# -------------------------------------------------------- metrics
check "the metrics service's command" unit_run xdp-router-metrics.service ExecStart
check "... writes xdp-router.prom" grep -q '^# TYPE xdp_router_' "$T/textfile/xdp-router.prom"
check "... and nothing else" [ "$(ls -A "$T/textfile")" = xdp-router.prom ]
check "the timer: every 15 s" grep -qx "OnUnitActiveSec=15s" "$U/xdp-router-metrics.timer"
finish
