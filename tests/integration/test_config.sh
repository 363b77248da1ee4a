#!/usr/bin/env bash
# The configuration (docs/configuration.md): `save` prints the running
# configuration, deterministic, and `save | reset | -batch -` gives back
# the same link/route/neigh/proto/multipath show; `apply FILE` makes the
# router's configuration FILE's: the exact summary for each kind added,
# changed and removed, --dry-run changes nothing, a file failing its
# check (a bad last line, a handler the verifier refuses) changes
# nothing, save's own output plans nothing; statements that are not a
# configuration's and bad daemon lines are refused in one line; `daemon
# --config FILE` takes FILE's daemon line (the command line's after);
# and apply under traffic: UDP streams to routes the file keeps lose
# nothing while apply adds 1,000 routes, replaces and removes others.
source "$(dirname "$0")/lib.sh"
# shellcheck source=../lib/locks.sh
source "$ROOT/tests/lib/locks.sh"
TOPO_ID=cfg$$
H1=xr-h1-$TOPO_ID; R=xr-r-$TOPO_ID; H2=xr-h2-$TOPO_ID
XDP_ROUTER_NS="ip netns exec $R $XDP_ROUTER"
TMP=$(mktemp -d)
DPID=; PIDS=(); HPID=
stop_daemon() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
	{ kill -9 "$DPID"; wait "$DPID"; } 2>/dev/null
	DPID=
}
stop_holder() { # the flock(1) of HPID and its sleep
	[ -n "$HPID" ] || return 0
	kill $(pgrep -P "$HPID") "$HPID" 2>/dev/null
	wait "$HPID" 2>/dev/null
	HPID=
}
cleanup() {
	local p
	stop_holder
	stop_daemon
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	topo_down
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' TERM INT
bash "$ROOT/scripts/bpffs.sh"
topo_up && topo6_up || { bad "topology"; finish; exit 1; }
E="xdp-router:"
PROBE=$ROOT/build/handlers/ipprobe.bpf.o
VRR=$ROOT/build/handlers/vrr.bpf.o
META=$ROOT/build/tests/handlers/meta_pass.bpf.o
BADV=$ROOT/build/tests/handlers/bad_verifier.bpf.o
LL2=$(topo_lladdr "$H2" eth0)
LL1=$(topo_lladdr "$H1" eth0)
MAC1=$(topo_mac "$H1" eth0)
MAC2=$(topo_mac "$H2" eth0)

# what save must give back, ids and counters left out
shown() {
	xr link show | sed -e 's/ id [0-9]*/ id N/' -e '/RX: packets/d'
	xr route show; xr -6 route show
	xr neigh show | grep PERMANENT
	xr proto show | sed 's/ id [0-9]*/ id N/'
	xr route multipath
}
# fails NAME LINE ARGS...: exit 1, exactly LINE on stderr, the running
# configuration (save) unchanged
fails() {
	local name=$1 want=$2 out rc
	shift 2
	xr save >"$TMP/before"
	out=$(timeout 20 ip netns exec "$R" "$XDP_ROUTER" "$@" 2>"$TMP/err"); rc=$?
	xr save >"$TMP/after"
	if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(cat "$TMP/err")" = "$want" ] &&
	   cmp -s "$TMP/before" "$TMP/after"; then
		ok "$name"
	else
		bad "$name (rc $rc, stderr: $(head -c 400 "$TMP/err"))"
		diff "$TMP/before" "$TMP/after" | head -5
	fi
}
# summary NAME WANT FILE [ARGS]: apply [ARGS] FILE prints WANT (its
# first line: the totals) and exits 0
summary() {
	local name=$1 want=$2 file=$3 out rc
	shift 3
	out=$(timeout 60 ip netns exec "$R" "$XDP_ROUTER" apply "$@" "$file" 2>"$TMP/err"); rc=$?
	if [ "$rc" -eq 0 ] && [ "$(head -1 <<<"$out")" = "$want" ] && [ ! -s "$TMP/err" ]; then
		ok "$name: $want"
	else
		bad "$name (rc $rc): $(head -3 <<<"$out") / $(head -c 400 "$TMP/err")"
	fi
}

# ---------------------------------------------------------------- save
# the file's order is not the plan's: routes before the links they use
cat >"$TMP/base.conf" <<EOF
# a configuration of both families, as an operator writes it
route add 2001:db8:c::/48 via 2001:db8:2::2
route add blackhole 2001:db8:b::/48
route add 2001:db8:a::/48 nexthop via $LL2 dev r-h2 weight 2 nexthop via $LL1 dev r-h1 weight 5
route add 2001:db8:9::/48 via $LL2 dev r-h2
route add prohibit 10.5.0.0/16
route add unreachable 10.4.0.0/16
route add blackhole 10.3.0.0/16
route add 10.2.0.0/16 dev r-h2
route add 10.1.0.0/16 nexthop via 198.18.2.2 weight 3 nexthop via 198.18.1.2 weight 1
route add 10.0.0.0/8 via 198.18.2.2
neigh add $LL2 lladdr $MAC2 dev r-h2
neigh add 2001:db8:2::2 lladdr $MAC2 dev r-h2
neigh add 198.18.2.2 lladdr $MAC2 dev r-h2
neigh add 198.18.1.2 lladdr $MAC1 dev r-h1

proto add ipproto 254 obj $META prog meta_pass
proto add ethertype 0x88b5 obj $VRR
proto add ipproto 253 obj $PROBE
-6 route multipath hash-policy l4
-4 route multipath hash-policy l4
link set r-h2 redirects off
link attach r-h2 hook tc
link attach r-h1
EOF
summary "apply to an empty router" "apply: 22 added, 0 changed, 0 removed" "$TMP/base.conf"
xr save >"$TMP/s1"; xr save >"$TMP/s1b"
check "save is deterministic" cmp -s "$TMP/s1" "$TMP/s1b"
check "save: the header" test "$(head -1 "$TMP/s1")" = "# xdp-router save (build $($XDP_ROUTER -V | sed -n '1s/^xdp-router //p'))"
grep -v '^#' "$TMP/s1" >"$TMP/s1.lines"
cat >"$TMP/want.lines" <<EOF
link attach r-h1 hook xdp mode native
link attach r-h2 hook tc
link set r-h2 redirects off
-4 route multipath hash-policy l4
-6 route multipath hash-policy l4
proto add ethertype 0x88b5 obj $(realpath "$VRR") prog vrr_rcv
proto add ipproto 253 obj $(realpath "$PROBE") prog probe_rcv
proto add ipproto 254 obj $(realpath "$META") prog meta_pass
neigh add 198.18.1.2 lladdr $MAC1 dev r-h1
neigh add 198.18.2.2 lladdr $MAC2 dev r-h2
neigh add 2001:db8:2::2 lladdr $MAC2 dev r-h2
neigh add $LL2 lladdr $MAC2 dev r-h2
route add 10.0.0.0/8 via 198.18.2.2 dev r-h2
route add 10.1.0.0/16 nexthop via 198.18.2.2 dev r-h2 weight 3 nexthop via 198.18.1.2 dev r-h1 weight 1
route add 10.2.0.0/16 dev r-h2
route add blackhole 10.3.0.0/16
route add unreachable 10.4.0.0/16
route add prohibit 10.5.0.0/16
route add 2001:db8:9::/48 via $LL2 dev r-h2
route add 2001:db8:a::/48 nexthop via $LL2 dev r-h2 weight 2 nexthop via $LL1 dev r-h1 weight 5
route add blackhole 2001:db8:b::/48
route add 2001:db8:c::/48 via 2001:db8:2::2 dev r-h2
EOF
if diff "$TMP/want.lines" "$TMP/s1.lines" >"$TMP/d"; then ok "save: every kind, in order"
else bad "save: every kind, in order"; cat "$TMP/d"; fi
check "save: no connected route, no learnt neighbour" \
	bash -c "! grep -q -e '198.18.1.0/24' -e 'REACHABLE' '$TMP/s1'"
shown >"$TMP/shown1"
xr save >"$TMP/rt.conf"
xr reset
check "reset left nothing" test "$(xr save | grep -vc '^#')" = 0
(cd / && ip netns exec "$R" "$XDP_ROUTER" -batch - <"$TMP/rt.conf")
shown >"$TMP/shown2"
if diff "$TMP/shown1" "$TMP/shown2" >"$TMP/d"; then
	ok "save | reset | -batch - gives back link, route (both), neigh, proto, multipath show"
else bad "save | reset | -batch - round trip"; cat "$TMP/d"; fi
check "... and the same save" cmp -s "$TMP/s1" <(xr save)
summary "apply of save's own output plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/s1"
summary "apply of the operator's file plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/base.conf"
out=$(xr save | ip netns exec "$R" "$XDP_ROUTER" apply - 2>&1)
check "save | apply - (stdin) plans nothing" test "$out" = "apply: 0 added, 0 changed, 0 removed"

# ---------------------------------------------------------------- apply
# every kind added, changed and removed
sed -e 's/weight 3/weight 4/' \
    -e "s/^neigh add 198.18.1.2 lladdr $MAC1/neigh add 198.18.1.2 lladdr 02:00:00:00:00:01/" \
    -e '/unreachable 10.4.0.0/d' -e '/^-4 route multipath/d' -e '/ethertype 0x88b5/d' \
    -e 's/prog meta_pass/prog meta_forward/' -e '/2001:db8:c::/d' "$TMP/s1" >"$TMP/s2"
cat >>"$TMP/s2" <<EOF
route add 10.9.0.0/16 via 198.18.1.2
route add prohibit 2001:db8:d::/48
neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
proto add ipproto 252 obj $PROBE
EOF
xr save >"$TMP/before"
ip netns exec "$R" "$XDP_ROUTER" apply --dry-run "$TMP/s2" >"$TMP/plan" 2>"$TMP/err"
check "--dry-run changes nothing" cmp -s "$TMP/before" <(xr save)
cat >"$TMP/plan.want" <<EOF
+ proto add ipproto 252 obj $(realpath "$PROBE")
~ proto del ipproto 254
~ proto add ipproto 254 obj $(realpath "$META") prog meta_forward
~ neigh replace 198.18.1.2 lladdr 02:00:00:00:00:01 dev r-h1
+ neigh add 198.18.2.9 lladdr 02:00:00:00:00:09 dev r-h2
~ route replace 10.1.0.0/16 nexthop via 198.18.2.2 dev r-h2 weight 4 nexthop via 198.18.1.2 dev r-h1 weight 1
+ route add 10.9.0.0/16 via 198.18.1.2
+ route add prohibit 2001:db8:d::/48
- route del unreachable 10.4.0.0/16
- route del 2001:db8:c::/48
- proto del ethertype 0x88b5
- -4 route multipath hash-policy l3
apply: 4 added, 3 changed, 4 removed
  hash_policy: 0 added, 0 changed, 1 removed
  proto: 1 added, 1 changed, 1 removed
  neigh: 1 added, 1 changed, 0 removed
  route: 2 added, 1 changed, 2 removed
EOF
# the policy's removal runs in its phase (after link set), before proto
{ grep -- '-4 route multipath' "$TMP/plan.want"; grep -v -- '-4 route multipath' "$TMP/plan.want"; } >"$TMP/plan.want2"
if diff "$TMP/plan.want2" "$TMP/plan" >"$TMP/d" && [ ! -s "$TMP/err" ]; then
	ok "--dry-run: the plan in its order, + ~ -, and the summary per kind"
else bad "--dry-run plan"; cat "$TMP/d" "$TMP/err"; fi
summary "apply: each kind added, changed, removed" "apply: 4 added, 3 changed, 4 removed" "$TMP/s2"
grep -v '^#' "$TMP/s2" | sed 's/^route add 10.9.0.0\/16 via 198.18.1.2$/& dev r-h1/; s/^proto add ipproto 252 obj.*/& prog probe_rcv/' |
	sort >"$TMP/s2.want"
check "... the running configuration is the file's" cmp -s "$TMP/s2.want" <(xr save | grep -v '^#' | sort)
summary "... and applying it again plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/s2"

# a link whose hook changes: detach + attach, its setting given again
sed -e 's/^link attach r-h2 hook tc$/link attach r-h2 hook xdp mode generic/' "$TMP/s2" >"$TMP/s3"
summary "a link's hook changed (its setting given again counted)" "apply: 0 added, 2 changed, 0 removed" "$TMP/s3"
check "... r-h2 is xdp generic, redirects still off" \
	bash -c "ip netns exec $R $XDP_ROUTER link show r-h2 | grep -q 'hook xdp mode generic .* redirects off'"
check "... its routes kept" bash -c "ip netns exec $R $XDP_ROUTER route show | grep -qx '10.0.0.0/8 via 198.18.2.2 dev r-h2 proto static'"

# json summary
printf 'link attach r-h1\n' >"$TMP/min.conf"
J=$(xr -j apply --dry-run "$TMP/min.conf")
check "-j apply --dry-run: totals, per kind, the plan" \
	python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['dry_run'] and d['added']==0 and d['changed']==0 and d['removed']==21 and d['kinds']['route']['removed']==10 and d['kinds']['link']['removed']==1 and d['plan'][-1]=={'op':'-','command':'link detach r-h2'}, d" "$J"
# everything but r-h1 removed: the routes before the neighbours, the
# handlers, then the link
summary "all removed but one link" "apply: 0 added, 0 changed, 21 removed" "$TMP/min.conf"
check "... what runs is that file" test "$(xr save | grep -v '^#')" = "link attach r-h1 hook xdp mode native"

# a failing file changes nothing
summary "the base again" "apply: 21 added, 0 changed, 0 removed" "$TMP/base.conf"
{ cat "$TMP/s2"; echo "route add 10.10.0.0/16 via 192.0.2.1"; } >"$TMP/bad1"
N=$(wc -l <"$TMP/bad1")
fails "an error on the last line changes nothing" \
	"$E line $N: gateway \"192.0.2.1\" is not on a connected network" apply "$TMP/bad1"
{ cat "$TMP/s2"; echo "proto add ipproto 251 obj $BADV"; } >"$TMP/bad2"
N=$(wc -l <"$TMP/bad2")
if ! xr apply "$TMP/bad2" 2>"$TMP/err" >/dev/null && [ "$(wc -l <"$TMP/err")" = 1 ] &&
   grep -q "^$E line $N: .*rejected by the verifier" "$TMP/err" &&
   cmp -s <(xr save) "$TMP/before"; then
	ok "a handler the verifier refuses on the last line: nothing changes"
else bad "bad handler last (stderr: $(cat "$TMP/err"))"; fi
{ cat "$TMP/s2"; echo "route add 10.9.0.0/16 dev r-h1"; } >"$TMP/bad3"
fails "a route given twice" "$E line $N: the same route as line $((N - 4))" apply "$TMP/bad3"
printf 'link attach r-h1\nroute del 10.0.0.0/8\n' >"$TMP/bad4"
ALLOWED="link attach, link set, route multipath hash-policy, proto add, neigh add, route add, route replace"
fails "route del refused" "$E line 2: \"route del\" is not a statement of a configuration ($ALLOWED)" apply "$TMP/bad4"
for st in "reset" "link detach r-h2" "stats show" "neigh replace 198.18.2.2 lladdr $MAC2 dev r-h2"; do
	printf '# x\n\n%s\n' "$st" >"$TMP/bad5"
	w=$(awk '{print $1 ($2 && $1 != "reset" ? " " $2 : "")}' <<<"$st")
	fails "\"$w\" refused" "$E line 3: \"$w\" is not a statement of a configuration ($ALLOWED)" apply "$TMP/bad5"
done
fails "apply without FILE" "$E missing FILE (apply [--dry-run] FILE; '-': stdin)" apply
fails "apply of a missing file" "$E cannot open batch file \"$TMP/nosuch\": No such file or directory" apply "$TMP/nosuch"
fails "apply FILE extra" "$E unknown argument \"x\" (apply [--dry-run] FILE)" apply "$TMP/s2" x
fails "apply --dryrun FILE: the option named" "$E unknown option \"--dryrun\" (apply [--dry-run] FILE)" apply --dryrun "$TMP/s2"
fails "apply --bogus: an option, not a FILE" "$E unknown option \"--bogus\" (apply [--dry-run] FILE)" apply --bogus

# ---------------------------------------------------------- daemon line
printf 'link attach r-h1\ndaemon --icmp-ratelimit 10 --bogus 1\n' >"$TMP/d1"
DOPTS="--icmp-ratelimit, --icmp6-ratelimit, --icmp-msgs-per-sec, --icmp-msgs-burst, --unres-qlen, --unres-qlen-bytes, --unres-total-bytes, --gc-thresh3, --arp-locktime, --kernel-sync, --fpm, --table, --rcvbuf, --textfile, --textfile-interval"
fails "daemon line: an unknown option" "$E line 2: unknown daemon option \"--bogus\" ($DOPTS)" apply "$TMP/d1"
fails "daemon line in -batch: the same check" "$E line 2: unknown daemon option \"--bogus\" ($DOPTS)" -batch "$TMP/d1"
printf 'daemon --kernel-sync --fpm 2620\n' >"$TMP/d2"
fails "daemon line: the daemon's own combination check" \
	"$E line 1: --kernel-sync and --fpm exclude each other (the routes follow one source)" apply "$TMP/d2"
printf 'daemon\nlink attach r-h1\ndaemon --kernel-sync\n' >"$TMP/d3"
fails "two daemon lines" "$E line 3: a second \"daemon\" line (the first is line 1)" apply "$TMP/d3"
printf 'link attach r-h1\nroute add 10.0.0.0/8 via 198.18.2.2\ndaemon --kernel-sync\n' >"$TMP/d4"
fails "routes in a kernel-sync file" \
	"$E line 2: routes and neighbours follow the kernel (daemon --kernel-sync, line 3): no \"route add\" in this file" apply "$TMP/d4"
printf 'link attach r-h1\ndaemon --textfile %s/nosuch/x.prom\n' "$TMP" >"$TMP/d6"
fails "daemon line: a textfile that cannot be written" \
	"$E line 2: cannot write the metrics to \"$TMP/nosuch/x.prom\": No such file or directory" apply "$TMP/d6"
printf 'daemon --icmp-ratelimit 100\nroute add 10.77.0.0/16 via 198.18.2.2\n' >"$TMP/d5"
check "-batch: a daemon line is declared, never run" xr -batch "$TMP/d5"
check "... no process started in the router's namespace" test -z "$(ip netns pids "$R")"
check "... the batch's routes are there" bash -c "ip netns exec $R $XDP_ROUTER route show | grep -q '^10.77.0.0/16'"
xr route del 10.77.0.0/16

# ------------------------------------------------------- daemon --config
printf '# x\ndaemon --icmp-ratelimit nope\n' >"$TMP/dc1"
fails "daemon --config: a bad line names the file and line" \
	"$E $TMP/dc1: line 2: invalid --icmp-ratelimit \"nope\" (0 to 1000000000)" daemon --config "$TMP/dc1"
fails "daemon --config: a missing file" \
	"$E cannot open batch file \"$TMP/nosuch\": No such file or directory" daemon --config "$TMP/nosuch"
fails "daemon --config without FILE" "$E missing FILE after \"--config\"" daemon --config
# the file's daemon line follows FRR; the command line's --kernel-sync wins
# (and its metrics every second into a directory: options of the file's
# line reach the daemon)
mkdir "$TMP/prom"
{ grep -v -e '^route' -e '^neigh' "$TMP/base.conf"
  echo "daemon --fpm 2620 --table main --textfile $TMP/prom --textfile-interval 1"; } >"$TMP/ks.conf"
summary "apply of a kernel-sync file: routes and neighbours out of the plan" \
	"apply: 0 added, 0 changed, 0 removed" "$TMP/ks.conf"
: >"$TMP/dlog"
ip netns exec "$R" "$XDP_ROUTER" daemon --config "$TMP/ks.conf" --kernel-sync 2>>"$TMP/dlog" &
DPID=$!
for _ in $(seq 50); do grep -q "neighbours follow the kernel" "$TMP/dlog" && break; sleep 0.1; done
check "daemon --config F --kernel-sync: follows the kernel (the command line's source wins)" \
	bash -c "ip netns exec $R $XDP_ROUTER save | grep -qxF '# routes and neighbours follow the kernel (daemon --kernel-sync, table 254): not saved'"
for _ in $(seq 30); do [ -s "$TMP/prom/xdp-router.prom" ] && break; sleep 0.1; done
check "... the file's --textfile: the daemon writes the metrics there" \
	grep -q '^xdp_router_build_info' "$TMP/prom/xdp-router.prom"
check "... save prints no route and no neighbour" \
	bash -c "! ip netns exec $R $XDP_ROUTER save | grep -q -e '^route add' -e '^neigh add'"
summary "... apply of the kernel-sync file plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/ks.conf"
stop_daemon
check "daemon stopped: save prints routes again (no follow line)" \
	bash -c "! ip netns exec $R $XDP_ROUTER save | grep -q 'follow'"

# --------------------------------------------------------- review fixes
# out FILE TEXT: FILE holds exactly TEXT (and a newline)
same() { [ "$(cat "$1")" = "$2" ]; }
# a static route over a connected prefix: save prints `route replace`,
# which -batch and apply take on a fresh router (the boot) and apply of
# save's output plans nothing; a file's `route add` of it is planned as
# a replace
xr reset
printf 'link attach r-h1\nlink attach r-h2\n' >"$TMP/c1"
xr -batch "$TMP/c1"
xr route replace 198.18.1.0/24 via 198.18.2.2
xr save | grep -v '^#' >"$TMP/conn.lines"
check "save: a route over a connected prefix is a route replace" same "$TMP/conn.lines" \
"link attach r-h1 hook xdp mode native
link attach r-h2 hook xdp mode native
route replace 198.18.1.0/24 via 198.18.2.2 dev r-h2"
xr save >"$TMP/conn.conf"
summary "... apply of that save plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/conn.conf"
CONN="198.18.1.0/24 via 198.18.2.2 dev r-h2 proto static"
xr reset
check "... -batch of it on a fresh router" xr -batch "$TMP/conn.conf"
check "... the route is there" bash -c "ip netns exec $R $XDP_ROUTER route show | grep -qxF '$CONN'"
xr reset
summary "... boot: apply of it to an empty router" "apply: 3 added, 0 changed, 0 removed" "$TMP/conn.conf"
check "... the route is there" bash -c "ip netns exec $R $XDP_ROUTER route show | grep -qxF '$CONN'"
xr reset; xr -batch "$TMP/c1"
{ cat "$TMP/c1"; echo "route add 198.18.1.0/24 via 198.18.2.2"; } >"$TMP/c2"
ip netns exec "$R" "$XDP_ROUTER" apply --dry-run "$TMP/c2" >"$TMP/out" 2>"$TMP/err"
check "a file's route add over a connected prefix: planned as a replace" same "$TMP/out" \
"+ route replace 198.18.1.0/24 via 198.18.2.2
apply: 1 added, 0 changed, 0 removed
  route: 1 added, 0 changed, 0 removed"
summary "... and applied" "apply: 1 added, 0 changed, 0 removed" "$TMP/c2"

# words save prints are quoted: a link named with both quotes, a handler
# path with a space; save | reset | -batch and apply of it give it back
QL="c\"q'z"
ip -n "$R" link add "$QL" type veth peer name cfqpeer
ip -n "$R" link set "$QL" up; ip -n "$R" link set cfqpeer up
QIDX=$(ip netns exec "$R" cat "/sys/class/net/$QL/ifindex")
mkdir -p "$TMP/with space"; cp "$PROBE" "$TMP/with space/p.o"
xr reset
xr link attach "$QL" hook tc
xr route add 10.66.0.0/16 dev "$QL"
xr proto add ipproto 253 obj "$TMP/with space/p.o"
xr save >"$TMP/q.conf"
grep -v '^#' "$TMP/q.conf" >"$TMP/q.lines"
check "save quotes a link name and a path" same "$TMP/q.lines" \
"link attach \"c\"'\"'\"q'z\" hook tc
proto add ipproto 253 obj \"$TMP/with space/p.o\" prog probe_rcv
route add 10.66.0.0/16 dev \"c\"'\"'\"q'z\""
shown >"$TMP/qshown1"
xr reset; xr -batch "$TMP/q.conf"
check "... save | reset | -batch gives it back" cmp -s "$TMP/qshown1" <(shown)
summary "... apply of that save plans nothing" "apply: 0 added, 0 changed, 0 removed" "$TMP/q.conf"
xr reset
summary "... apply of it to an empty router" "apply: 3 added, 0 changed, 0 removed" "$TMP/q.conf"
# the link's device deleted (no daemon to forget it): save comments its
# items out, apply leaves them alone and says so in one line
ip -n "$R" link del cfqpeer
xr save | grep -v '^# xdp-router save' >"$TMP/gone.lines"
check "save: items of a device that is gone are comments" same "$TMP/gone.lines" \
"# device gone: link attach if$QIDX hook tc
proto add ipproto 253 obj \"$TMP/with space/p.o\" prog probe_rcv
# device gone: route add 10.66.0.0/16 dev if$QIDX"
grep -v '^#' "$TMP/gone.lines" >"$TMP/gone.conf"
out=$(ip netns exec "$R" "$XDP_ROUTER" apply "$TMP/gone.conf" 2>"$TMP/err"); rc=$?
check "apply with a device gone: 0, one line on stderr" test "$rc/$out/$(cat "$TMP/err")" = \
"0/apply: 0 added, 0 changed, 0 removed/$E 2 items of devices that are gone: left as they are (save prints them as comments; reset clears them)"

# the global -4/-6 does not change what a file means: refused
fails "-6 apply refused" "$E apply takes no -4/-6: a file's line says its family" -6 apply "$TMP/c1"
fails "-4 apply refused" "$E apply takes no -4/-6: a file's line says its family" -4 apply "$TMP/c1"

# a later setting wins, as in -batch
xr reset
printf 'link attach r-h1\nlink set r-h1 redirects off\nlink set r-h1 redirects on\nroute multipath hash-policy l4\n-4 route multipath hash-policy l3\n' >"$TMP/w.conf"
summary "a later setting wins" "apply: 2 added, 0 changed, 0 removed" "$TMP/w.conf"
check "... redirects on, IPv4's l3, IPv6's l4 (as -batch leaves them)" same <(xr save | grep -v '^#') \
"link attach r-h1 hook xdp mode native
-6 route multipath hash-policy l4"

# a failing file under --dry-run prints nothing on stdout (fails checks it)
printf 'link attach r-h1\nroute add 10.0.0.0/8 via 192.0.2.1\n' >"$TMP/e.conf"
fails "--dry-run of a failing file: nothing on stdout" \
	"$E line 2: gateway \"192.0.2.1\" is not on a connected network" apply --dry-run "$TMP/e.conf"

# a handler path longer than the state's record: refused at check time
LD="$TMP/$(printf 'd%.0s' $(seq 120))/$(printf 'e%.0s' $(seq 120))"
mkdir -p "$LD"; cp "$PROBE" "$LD/p.o"
printf 'link attach r-h1\nproto add ipproto 253 obj %s/p.o\n' "$LD" >"$TMP/long.conf"
fails "a handler path too long" "$E line 2: object path too long: 255 bytes at most" apply "$TMP/long.conf"

# more handlers than slots: refused at check time, nothing changes
{ echo "link attach r-h2"; for k in $(seq 140 203); do echo "proto add ipproto $k obj $PROBE"; done; } >"$TMP/slots.conf"
fails "64 handlers: the 64th refused in the check" "$E line 65: no free handler slot (63 handlers at most)" apply "$TMP/slots.conf"
fails "... also in -batch" "$E line 65: no free handler slot (63 handlers at most)" -batch "$TMP/slots.conf"

# daemon options: --textfile-interval needs --textfile; --config is an
# option, never a value, and never in a file's daemon line
fails "daemon --textfile-interval without --textfile" "$E --textfile-interval without --textfile" daemon --textfile-interval 3
fails "daemon --textfile-interval --config: a value" \
	"$E invalid --textfile-interval \"--config\" (1 to 86400)" daemon --textfile-interval --config x
printf 'daemon --config %s\n' "$TMP/c1" >"$TMP/dcc"
fails "a daemon line's --config: unknown there" "$E line 1: unknown daemon option \"--config\" ($DOPTS)" apply "$TMP/dcc"
printf 'daemon --textfile-interval 5\n' >"$TMP/dti"
fails "a daemon line's --textfile-interval without --textfile" "$E line 1: --textfile-interval without --textfile" apply "$TMP/dti"

# no memory definitely lost (valgrind) by apply, -batch, save, daemon
# --config, with a daemon --textfile line
mkdir -p "$TMP/tf"
{ cat "$TMP/c1"; echo "neigh add 198.18.1.2 lladdr $MAC1 dev r-h1"
  echo "route add 10.1.0.0/16 nexthop via 198.18.2.2 weight 3 nexthop via 198.18.1.2 weight 1"
  echo "daemon --textfile $TMP/tf --icmp-ratelimit 5"; } >"$TMP/vg.conf"
# (the kernel fills bpf() buffers: valgrind cannot tell, so no undef errors)
VG="valgrind -q --leak-check=full --undef-value-errors=no"
xr reset
for args in "apply $TMP/vg.conf" "apply --dry-run $TMP/conn.conf" "-batch $TMP/vg.conf" "save" \
	    "daemon --config $TMP/vg.conf --textfile $TMP/tf --kernel-sync --fpm 2620"; do
	ip netns exec "$R" $VG "$XDP_ROUTER" $args >/dev/null 2>"$TMP/vg"
	check "valgrind: $args: nothing definitely lost" \
		bash -c "! grep -q 'definitely lost' '$TMP/vg'"
done
xr reset

# a writer between apply's plan and its exclusive lock: apply refuses in
# one line and changes nothing (a reader holds the lock while apply
# waits; apply is stopped, the reader leaves, another command writes)
xr reset; xr -batch "$TMP/c1"
flock -o -s "$(in_r "$ROOT/build/tests/tools/xrstate" dir)" sleep 60 &
HPID=$!
until_ok lock_held "$HPID" READ
{ cat "$TMP/c1"; echo "route add 10.88.0.0/16 via 198.18.2.2"; } >"$TMP/mv.conf"
ip netns exec "$R" "$XDP_ROUTER" apply "$TMP/mv.conf" >"$TMP/out" 2>"$TMP/err" &
APID=$!; PIDS+=("$APID")
check "apply waits for the exclusive lock" until_ok lock_waits "$APID" WRITE
kill -STOP "$APID"
check "... apply stopped" until_ok stopped "$APID"
stop_holder
check "... meanwhile another command writes" timeout 5 ip netns exec "$R" "$XDP_ROUTER" route add 10.89.0.0/16 via 198.18.1.2
kill -CONT "$APID"
wait "$APID"; rc=$?
check "... apply refuses in one line, nothing on stdout" test "$rc/$(cat "$TMP/out")/$(cat "$TMP/err")" = \
"1//$E the configuration changed while apply made its plan (another writer): nothing changed; run apply again"
check "... and wrote nothing (the other command's route kept)" same <(xr route show | grep '^10\.8') \
"10.89.0.0/16 via 198.18.1.2 dev r-h1 proto static"
xr reset

# ------------------------------------------------------- under traffic
# h2 holds three addresses behind routes the file keeps; while UDP
# streams flow from h1 to them, apply adds 1,000 routes, replaces and
# removes others (twice: there and back); not one datagram is lost.
# h1's UDP checksums complete on the wire (a veth leaves them to the
# receiver, and an XDP redirect does not carry that along: ecmp.sh)
in_h1 ethtool -K eth0 tx off >/dev/null
ip -n "$H2" addr add 198.18.50.1/32 dev lo
ip -n "$H2" addr add 198.18.51.1/32 dev lo
ip -n "$H2" addr add 2001:db8:50::1/128 dev lo
{
	echo "link attach r-h1"; echo "link attach r-h2"
	echo "neigh add 198.18.1.2 lladdr $MAC1 dev r-h1"
	echo "neigh add 198.18.2.2 lladdr $MAC2 dev r-h2"
	echo "neigh add 2001:db8:1::2 lladdr $MAC1 dev r-h1"
	echo "neigh add 2001:db8:2::2 lladdr $MAC2 dev r-h2"
	echo "route add 198.18.50.0/24 via 198.18.2.2"
	echo "route add 198.18.51.0/24 via 198.18.2.2 dev r-h2"
	echo "route add 2001:db8:50::/48 via 2001:db8:2::2"
	for i in $(seq 0 99); do echo "route add 172.16.$i.0/24 via 198.18.2.2"; done
} >"$TMP/t1.conf"
{
	grep -v '^route add 172.16' "$TMP/t1.conf"
	for i in $(seq 0 49); do echo "route add 172.16.$i.0/24 via 198.18.1.2"; done
	for a in $(seq 0 3); do for b in $(seq 0 249); do
		echo "route add 100.$a.$b.0/24 via 198.18.2.2"; done; done
} >"$TMP/t2.conf"
xr reset
summary "traffic: the first configuration" "apply: 109 added, 0 changed, 0 removed" "$TMP/t1.conf"
FLOWS=$ROOT/tests/integration/ecmp_flows.py
i=0
for dst in 198.18.50.1 198.18.51.1 2001:db8:50::1; do
	i=$((i + 1))
	# ip netns exec execs python: its pid takes the TERM (60 s at most)
	ip netns exec "$H2" python3 "$FLOWS" recv "700$i" "$TMP/ready$i" "$TMP/out$i" &
	PIDS+=($!)
done
for i in 1 2 3; do
	for _ in $(seq 100); do [ -e "$TMP/ready$i" ] && break; sleep 0.05; done
done
i=0
for dst in 198.18.50.1 198.18.51.1 2001:db8:50::1; do
	i=$((i + 1))
	src=198.18.1.2
	[[ $dst == *:* ]] && src=2001:db8:1::2
	# 4 flows of 250 datagrams a second for 8 s, source ports 2i000..
	ip netns exec "$H1" python3 "$FLOWS" send "$dst" "700$i" 4 250 8 "$src" "${i}2000" >"$TMP/sent$i" &
	SPIDS[$i]=$!
	PIDS+=($!)
done
sleep 1.5
summary "traffic: apply adds 1000, replaces 50, removes 50" \
	"apply: 1000 added, 50 changed, 50 removed" "$TMP/t2.conf"
sleep 1
summary "traffic: and back" "apply: 50 added, 50 changed, 1000 removed" "$TMP/t1.conf"
for i in 1 2 3; do wait "${SPIDS[$i]}"; done
sleep 0.5
for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
PIDS=()
total_sent=0 total_recv=0
for i in 1 2 3; do
	per=$(sed -n 's/^sent \([0-9]*\).*/\1/p' "$TMP/sent$i")
	total_sent=$((total_sent + 4 * ${per:-0}))
	total_recv=$((total_recv + $(python3 "$FLOWS" total "$TMP/out$i" 2>/dev/null || echo 0)))
	check "traffic: stream $i, every flow all ${per:-?} datagrams in order" \
		python3 "$FLOWS" onepath "$TMP/out$i" 4 "${per:-0}"
done
echo "# apply under traffic: sent $total_sent, received $total_recv, lost $((total_sent - total_recv))"
check "traffic: sent $total_sent, received $total_recv: 0 lost" \
	test "$total_sent" -gt 0 -a "$total_sent" = "$total_recv"
finish
