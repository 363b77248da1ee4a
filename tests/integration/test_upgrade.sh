#!/usr/bin/env bash
# Upgrade without downtime (docs/state.md "Upgrades"): a router set up by
# the last release (commit d463cff, built here from git history and
# cached under build/), h1 - r - h2 with one link on XDP and one on tc, a
# static route and neighbours, a protocol handler and non-zero counters,
# is upgraded by this build while h1 pings a routed destination 250
# times a second: no ping is lost, route/neigh/proto show are the same,
# counters go on, and every link runs this build.
source "$(dirname "$0")/lib.sh"
OLD_REV=d463cff
OLD_DIR=$ROOT/build/old-$OLD_REV
OLD=$OLD_DIR/build/xdp-router
PROBE_OLD=$OLD_DIR/build/handlers/ipprobe.bpf.o
COUNT=1500
TMP=$(mktemp -d)
trap 'topo_down; rm -rf "$TMP"' EXIT

# The old build: from git history (never skipped: no history, no test).
build_old() {
	[ -x "$OLD" ] && [ -e "$PROBE_OLD" ] && return 0
	if ! git -C "$ROOT" cat-file -e "$OLD_REV^{commit}" 2>/dev/null; then
		echo "FATAL: commit $OLD_REV is not in the git history of $ROOT" >&2
		return 1
	fi
	rm -rf "$OLD_DIR" && mkdir -p "$OLD_DIR" &&
		git -C "$ROOT" archive "$OLD_REV" | tar -x -C "$OLD_DIR" || return 1
	if [ -e "$ROOT/vmlinux/vmlinux.h" ]; then
		mkdir -p "$OLD_DIR/vmlinux" && cp "$ROOT/vmlinux/vmlinux.h" "$OLD_DIR/vmlinux/"
	fi
	nice make -C "$OLD_DIR" -j2 build/xdp-router build/handlers/ipprobe.bpf.o \
		>"$OLD_DIR.log" 2>&1 || { tail -5 "$OLD_DIR.log" >&2; return 1; }
}
check "build $OLD_REV (cached in build/)" build_old
[ -x "$OLD" ] || { finish; exit 1; }

bash "$ROOT/scripts/bpffs.sh"
topo_up || { bad "topology"; finish; exit 1; }
ok "topology up ($H1 $R $H2)"
ip -n "$H2" addr add 10.9.0.1/32 dev lo
# an IPv6 address the build before IPv6 did not take
ip -n "$R" addr add 2001:db8:77::1/64 dev r-h1 nodad
old() { in_r "$OLD" "$@"; }

# ---- the router, as the old build set it up --------------------------
check "old: link attach r-h1 (xdp)" old link attach r-h1
check "old: link attach r-h2 (tc)" old link attach r-h2 hook tc
check "old: route add 10.9.0.0/16" old route add 10.9.0.0/16 via 198.18.2.2
check "old: neigh add h2 (static)" old neigh add 198.18.2.2 lladdr "$(topo_mac "$H2" eth0)" dev r-h2
check "old: neigh add h1 (static)" old neigh add 198.18.1.2 lladdr "$(topo_mac "$H1" eth0)" dev r-h1
check "old: proto add ipproto 253" old proto add ipproto 253 obj "$PROBE_OLD"
check "old: traffic through it" in_h1 ping -q -c 5 -i 0.05 -W 1 10.9.0.1

noid() { sed 's/ id [0-9]*//'; }
forwarded() { "$@" -j stats | jq '.Ip.ForwDatagrams'; }
route_before=$(old route show); neigh_before=$(old neigh show)
proto_before=$(old proto show | noid)
fwd_before=$(forwarded old)
ids_before=$(old -j link show | jq -c '[.[].prog_id]')
check "counters non-zero before ($fwd_before)" [ "$fwd_before" -ge 10 ]

# ---- this build, before the upgrade ----------------------------------
err=$(xr route show 2>&1 >/dev/null); rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q "xdp-router upgrade" <<<"$err"
then ok "new build on old state: says to upgrade ($err)"
else bad "new build on old state: says to upgrade (rc $rc: $err)"; fi
check "-V: this namespace's state is layout 1" bash -c "$XDP_ROUTER_NS -V | grep -q 'layout 1 (written before versions'"

# ---- the upgrade, under traffic --------------------------------------
in_h1 ping -c "$COUNT" -i 0.004 -w 40 -q 10.9.0.1 >"$TMP/ping" 2>&1 &
PING=$!
sleep 2
start=$(date +%s%N)
xr upgrade >"$TMP/upgrade" 2>&1; urc=$?
ms=$((($(date +%s%N) - start) / 1000000))
wait "$PING"
cat "$TMP/upgrade"
check "upgrade succeeds ($ms ms)" [ "$urc" -eq 0 ]
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$TMP/ping")
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping")
echo "# pings during the upgrade: $sent sent, $got received, $((${sent:-0} - ${got:-0})) lost"
check "all $COUNT pings sent" [ "${sent:-0}" -eq "$COUNT" ]
check "0 pings lost during the upgrade (${sent:-?} sent, ${got:-?} received)" \
	[ "${got:-0}" -eq "$COUNT" ]

# ---- the same router, this build's --------------------------------
check "route show unchanged" [ "$(xr route show)" = "$route_before" ]
check "neigh show unchanged" [ "$(xr neigh show)" = "$neigh_before" ]
check "proto show unchanged" [ "$(xr proto show | noid)" = "$proto_before" ]
check "the IPv6 address taken at the upgrade" bash -c "$XDP_ROUTER_NS addr show r-h1 | grep -qxF '    inet6 2001:db8:77::1/64 scope global'"
check "... with its connected route" bash -c "$XDP_ROUTER_NS -6 route show | grep -q '^2001:db8:77::/64 dev r-h1 proto kernel'"
check "... delivered to the router" bash -c "$XDP_ROUTER_NS route get 2001:db8:77::1 | grep -q local"
fwd_after=$(forwarded xr)
check "counters kept and counting ($fwd_before -> $fwd_after)" \
	[ "${fwd_after:-0}" -ge $((fwd_before + COUNT)) ]
build=$(xr -V | sed -n 's/^xdp-router //p' | head -1)
check "-V prints the build ($build)" [ -n "$build" ]
check "-V: the state is this build's layout" \
	bash -c "$XDP_ROUTER_NS -V | grep -q 'layout 3 (maps [0-9a-f]*), written by xdp-router $build'"
links=$(xr -j link show)
check "link show: both links run $build" \
	jq -e --arg b "$build" 'length == 2 and all(.[]; .build == $b)' <<<"$links" >/dev/null
check "link show: new programs" [ "$(jq -c '[.[].prog_id]' <<<"$links")" != "$ids_before" ]
check "link show (text) names the build" bash -c "$XDP_ROUTER_NS link show r-h1 | grep -q ' build $build\$'"
check "traffic after the upgrade" in_h1 ping -q -c 5 -i 0.05 -W 1 10.9.0.1
check "upgrade again: nothing to convert, links replaced" \
	bash -c "$XDP_ROUTER_NS upgrade | grep -q '^state layout 3 (maps [0-9a-f]*); 2 links now run $build'"
finish
