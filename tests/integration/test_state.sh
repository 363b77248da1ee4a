#!/usr/bin/env bash
# The state directory against a user (docs/state.md "Security") and
# against namespaces deleted without a reset ("Lifetime"), on a bpffs of
# its own mounted as older versions mounted it (no mode=: 1777).
#  1. As uid 65534, symlinks to a root-owned victim directory and
#     directories planted as netns-<cookie> of namespaces root then uses
#     (the test reads each cookie; a user can predict it: cookies come
#     from a counter, in per-CPU batches): the first command makes the mount 0700 and says so once;
#     attach, show and reset refuse with one line; the victim is intact.
#     A symlink at proto/ or at a handler directory is refused the same
#     way; a pre-made libxdp directory (xdp/) too.
#  2. A namespace deleted without reset: its state is reported and
#     removed by the next command (in another namespace), by `state
#     prune`, and by the daemon; its maps are freed; a live namespace's
#     state next to it is untouched; a state without a liveness link is
#     left alone and reported.
source "$(dirname "$0")/lib.sh"
COOKIE=$ROOT/build/tests/tools/netns_cookie
VRR=$ROOT/build/handlers/vrr.bpf.o
B=/run/xr-state-test-$$
B2=/run/xr-state-test2-$$
B3=/run/xr-state-test3-$$
VICTIM=$(mktemp -d /var/tmp/xr-victim-XXXXXX)
NSS=()
DPID=
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	for n in "${NSS[@]}"; do
		XDP_ROUTER_BPFFS=$B ip netns exec "$n" "$XDP_ROUTER" reset >/dev/null 2>&1
		ip netns del "$n" 2>/dev/null
	done
	umount "$B" "$B2" "$B3" 2>/dev/null; rmdir "$B" "$B2" "$B3" 2>/dev/null
	rm -rf "$VICTIM"
}
trap cleanup EXIT

# mkns NAME: a namespace with a veth pair v0 (10.9.9.1/24) - v1, up
mkns() {
	ip netns add "$1" && NSS+=("$1") &&
	ip -n "$1" link add name v0 type veth peer name v1 &&
	ip -n "$1" addr add 10.9.9.1/24 dev v0 &&
	ip -n "$1" link set v0 up && ip -n "$1" link set v1 up
}
cookie() { ip netns exec "$1" "$COOKIE"; }
jqe() { jq -e "$@" >/dev/null; }
quiet() { "$@" >/dev/null; }
x() { local n=$1; shift; XDP_ROUTER_BPFFS=$B ip netns exec "$n" "$XDP_ROUTER" "$@"; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
victim_sum() { (cd "$VICTIM" && find . -printf '%p %s %m\n' | sort && cat xr_ifaces proto/keep) | sha256sum; }

# refused NS WORD CMD...: exit non-zero, stderr one line naming WORD
refused() {
	local n=$1 word=$2 err rc; shift 2
	err=$(x "$n" "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -qF -- "$word" <<<"$err"
	then ok "refused: $* -> $err"; else bad "refused: $* (rc $rc: $err)"; fi
}

mkdir -p "$B" && mount -t bpf bpf "$B" || { bad "mount"; finish; exit 1; }
mkdir -p "$VICTIM/proto/eth-88b5" && chmod 0755 "$VICTIM" &&
echo "root's own data" >"$VICTIM/xr_ifaces" && echo keep >"$VICTIM/proto/keep" &&
echo keep >"$VICTIM/proto/eth-88b5/keep"
before=$(victim_sum)
S=xr-st-sym-$$; D=xr-st-dir-$$; L=xr-st-live-$$
for n in "$S" "$D" "$L"; do mkns "$n" || bad "namespace $n"; done
cS=$(cookie "$S"); cD=$(cookie "$D")

# ---------------------------------------------------------------- 1
check "the old-style mount is world-writable" [ "$(stat -c %a "$B")" = 1777 ]
check "uid 65534 plants a symlink as netns-$cS" nobody ln -s "$VICTIM" "$B/netns-$cS"
check "uid 65534 pre-creates netns-$cD" nobody mkdir "$B/netns-$cD"

err=$(x "$L" state show 2>&1 >"$B.out"); out=$(cat "$B.out"); rm -f "$B.out"
check "first command: the mount made 0700, said once ($err)" \
	bash -c "[ \"\$(stat -c %a:%u $B)\" = 700:0 ] && [ \$(wc -l <<<'$err') -eq 1 ] && grep -q 'made it 0700' <<<'$err'"
check "state show: the symlink is refused" grep -q "^$B/netns-$cS refused: is a symbolic link" <<<"$out"
check "state show: the user's directory is refused" grep -q "^$B/netns-$cD refused: is owned by uid 65534, not root" <<<"$out"

refused "$S" "$B/netns-$cS is a symbolic link" link attach v0
refused "$S" "$B/netns-$cS is a symbolic link" route show
refused "$S" "$B/netns-$cS is a symbolic link" reset
refused "$D" "$B/netns-$cD is owned by uid 65534, not root" link attach v0
refused "$D" "$B/netns-$cD is owned by uid 65534, not root" route show
refused "$D" "$B/netns-$cD is owned by uid 65534, not root" reset
check "the victim is intact" [ "$(victim_sum)" = "$before" ]
check "no program attached through the planted entries" \
	bash -c "! ip -n $S link show v0 | grep -q xdp && ! ip -n $D link show v0 | grep -q xdp"
check "the symlink is still only a symlink" [ -L "$B/netns-$cS" ]
check "uid 65534 can no longer plant anything" bash -c "! setpriv --reuid=65534 --regid=65534 --clear-groups mkdir $B/netns-1 2>/dev/null"
check "... nor pre-create libxdp's xdp/" bash -c "! setpriv --reuid=65534 --regid=65534 --clear-groups mkdir $B/xdp 2>/dev/null && [ ! -e $B/xdp ]"
rm -f "$B/netns-$cS"; rmdir "$B/netns-$cD"

# a symlink at proto/, then at a handler directory (root's own mistake,
# or a state made before this check: a user cannot write there now)
check "attach in a live namespace" x "$L" link attach v0
check "route add in it" x "$L" route add 10.77.0.0/16 via 10.9.9.2
cL=$(cookie "$L")
ln -s "$VICTIM/proto" "$B/netns-$cL/proto"
refused "$L" "$B/netns-$cL/proto is a symbolic link" proto add ethertype 0x88b5 obj "$VRR"
refused "$L" "$B/netns-$cL/proto is a symbolic link" reset
rm "$B/netns-$cL/proto" && mkdir -m 0700 "$B/netns-$cL/proto" &&
ln -s "$VICTIM/proto/eth-88b5" "$B/netns-$cL/proto/eth-88b5"
refused "$L" "$B/netns-$cL/proto/eth-88b5 is a symbolic link" proto add ethertype 0x88b5 obj "$VRR"
refused "$L" "$B/netns-$cL/proto/eth-88b5 is a symbolic link" reset
check "the victim is intact" [ "$(victim_sum)" = "$before" ]
rm "$B/netns-$cL/proto/eth-88b5"
check "proto add pins in a checked directory" x "$L" proto add ethertype 0x88b5 obj "$VRR"
check "its maps are pinned there, mode 0700" bash -c "[ \"\$(stat -c %a:%u $B/netns-$cL/proto/eth-88b5)\" = 700:0 ] && ls $B/netns-$cL/proto/eth-88b5 | grep -q vrr"

# libxdp's directory pre-made by a user on an old-style mount: refused
mkdir -p "$B2" && mount -t bpf bpf "$B2" && nobody mkdir "$B2/xdp"
err=$(XDP_ROUTER_BPFFS=$B2 ip netns exec "$L" "$XDP_ROUTER" route show 2>&1 >/dev/null); rc=$?
check "a user's xdp/ (libxdp's pins) is refused (rc $rc: $err)" \
	bash -c "[ $rc -ne 0 ] && grep -q '$B2/xdp is owned by uid 65534, not root' <<<'$err'"

# scripts/bpffs.sh: mounts 0700, and tightens an old-style mount
err=$(XDP_ROUTER_BPFFS=$B3 bash "$ROOT/scripts/bpffs.sh" 2>&1)
check "bpffs.sh mounts 0700 ($err)" bash -c "[ \"\$(stat -c %a:%u $B3)\" = 1700:0 ] && [ -z '$err' ]"
check "... which xdp-router takes as it is" bash -c "XDP_ROUTER_BPFFS=$B3 ip netns exec $L $XDP_ROUTER state show 2>&1 | wc -c | grep -qx 0"
umount "$B3" && mount -t bpf bpf "$B3"
err=$(XDP_ROUTER_BPFFS=$B3 bash "$ROOT/scripts/bpffs.sh" 2>&1)
check "bpffs.sh tightens an old-style mount, says so ($err)" \
	bash -c "[ \"\$(stat -c %a:%u $B3)\" = 700:0 ] && grep -q 'made it 0700' <<<'$err'"

# ---------------------------------------------------------------- 2
G=xr-st-gone-$$; G2=xr-st-gone2-$$; G3=xr-st-gone3-$$
for n in "$G" "$G2" "$G3"; do mkns "$n" && x "$n" link attach v0 || bad "attach in $n"; done
x "$G" route add 10.88.0.0/16 via 10.9.9.2
cG=$(cookie "$G"); cG2=$(cookie "$G2"); cG3=$(cookie "$G3")
ids=$(for f in "$B/netns-$cG"/xr_*; do bpftool -j map show pinned "$f" 2>/dev/null | jq .id; done)
check "the gone namespace's maps listed ($(wc -w <<<"$ids") ids)" [ "$(wc -w <<<"$ids")" -ge 15 ]
mkdir -m 0700 "$B/netns-99999999" &&
bpftool map create "$B/netns-99999999/xr_ifaces" type array key 4 value 4 entries 1 name xr_ifaces
ip netns del "$G"; ip netns del "$G2"
# gone: when the kernel has torn the namespace down (asynchronously)
gone() { for _ in $(seq 100); do x "$L" state show 2>/dev/null | grep -q "^$B/netns-$1 gone" && return 0; sleep 0.1; done; return 1; }
check "state show: netns-$cG gone" gone "$cG"
check "state show: netns-$cG2 gone" gone "$cG2"
check "state show: a state without a link is unknown, left alone" \
	bash -c "XDP_ROUTER_BPFFS=$B ip netns exec $L $XDP_ROUTER state show | grep -q '^$B/netns-99999999 unknown: no xr_netns_link'"
out=$(x "$L" -j state show)
check "state show -j: this namespace alive" jqe --arg p "$B/netns-$cL" 'any(.[]; .path == $p and .status == "alive" and .self)' <<<"$out"

err=$(x "$L" route show 2>&1 >"$B.out"); out=$(cat "$B.out"); rm -f "$B.out"
check "the next command in another namespace reports netns-$cG removed ($err)" \
	grep -qx "xdp-router: removed $B/netns-$cG: its network namespace is gone" <<<"$err"
check "the live namespace's routes are untouched" grep -q "^10.77.0.0/16 via 10.9.9.2" <<<"$out"
check "netns-$cG removed" [ ! -e "$B/netns-$cG" ]
check "netns-$cG2 removed by the same sweep" [ ! -e "$B/netns-$cG2" ]
# freed: none of the ids is a map any more (freed after an RCU grace
# period; ids are allocated cyclically, not reused at once)
alive_ids() { local i; for i in $ids; do bpftool map show id "$i" >/dev/null 2>&1 && echo "$i"; done; }
freed() { for _ in $(seq 50); do [ -z "$(alive_ids)" ] && return 0; sleep 0.1; done; return 1; }
check "its maps are freed (no id of them left)" freed
check "the live namespace's handler is still registered" bash -c "XDP_ROUTER_BPFFS=$B ip netns exec $L $XDP_ROUTER proto show | grep -q ^ethertype.0x88b5"
check "the state without a link is left alone" [ -e "$B/netns-99999999/xr_ifaces" ]

# prune on demand, JSON
ip netns del "$G3"
gone "$cG3" >/dev/null
out=$(XDP_ROUTER_BPFFS=$B ip netns exec "$L" "$XDP_ROUTER" -j state prune 2>/dev/null)
if [ -d "$B/netns-$cG3" ]; then bad "state prune: netns-$cG3 still there"; else
check "state prune -j: netns-$cG3 removed" jqe --arg p "$B/netns-$cG3" 'any(.[]; .path == $p and .status == "gone" and .removed)' <<<"$out"; fi
check "state prune -j: the unknown one reported, kept" jqe --arg p "$B/netns-99999999" 'any(.[]; .path == $p and .status == "unknown" and (.removed | not))' <<<"$out"
check "state prune -j: the live one not listed" jqe --arg p "$B/netns-$cL" 'all(.[]; .path != $p)' <<<"$out"
rm -rf "$B/netns-99999999"

# the daemon sweeps by itself
G4=xr-st-gone4-$$
mkns "$G4" && x "$G4" link attach v0 || bad "attach in $G4"
cG4=$(cookie "$G4")
log=$(mktemp)
XDP_ROUTER_BPFFS=$B ip netns exec "$L" "$XDP_ROUTER" daemon 2>"$log" &
DPID=$!
sleep 1
ip netns del "$G4"
swept() { for _ in $(seq 150); do grep -q "removed $B/netns-$cG4: its network namespace is gone" "$log" && return 0; sleep 0.1; done; return 1; }
check "the daemon removes netns-$cG4 by itself" swept
check "netns-$cG4 is gone" [ ! -e "$B/netns-$cG4" ]
kill "$DPID"; wait "$DPID" 2>/dev/null; DPID=
rm -f "$log"

# state of an older version (no link) gets one on its next command; a
# link detached by hand is pinned anew (its own namespace never removes it)
shows() { x "$L" state show 2>/dev/null | grep -q "^$B/netns-$cL $1"; }
rm "$B/netns-$cL/xr_netns_link"
check "without its link: unknown" shows "unknown: no xr_netns_link"
check "the next command in it pins one" quiet x "$L" route show
check "... so it is alive again" shows "alive (netns inode [1-9]"
bpftool link detach pinned "$B/netns-$cL/xr_netns_link"
check "its link detached by hand: state show leaves it (its namespace is there)" \
	shows "unknown: its xr_netns_link was detached"
G5=xr-st-other5-$$
mkns "$G5" || bad "namespace $G5"
check "a command in another namespace does not remove it" \
	bash -c "[ -z \"\$(XDP_ROUTER_BPFFS=$B ip netns exec $G5 $XDP_ROUTER route show 2>&1)\" ] && [ -e '$B/netns-$cL/xr_ifaces' ]"
# a namespace gone, and a new one with the inode it had (inodes are
# reused at once): the new one is not taken for the old
G6=xr-st-gone6-$$ G7=xr-st-new7-$$
mkns "$G6" && x "$G6" link attach v0 || bad "attach in $G6"
cG6=$(cookie "$G6")
ino6=$(stat -L -c %i "/run/netns/$G6")
ip netns del "$G6"
gone6() { for _ in $(seq 100); do x "$L" state show 2>/dev/null | grep -q "^$B/netns-$cG6 gone" && return 0; sleep 0.1; done; return 1; }
check "$G6 torn down (its link names no namespace)" gone6
mkns "$G7" || bad "namespace $G7"
ino7=$(stat -L -c %i "/run/netns/$G7")
echo "# $G6 had inode $ino6, $G7 has $ino7"
check "the state of a gone namespace is removed though a new one has its inode ($ino6, $ino7)" \
	bash -c "XDP_ROUTER_BPFFS=$B ip netns exec $G7 $XDP_ROUTER route show >/dev/null 2>&1; [ ! -e '$B/netns-$cG6' ]"
check "a command in it keeps its state and pins a new link" bash -c "XDP_ROUTER_BPFFS=$B ip netns exec $L $XDP_ROUTER route show | grep -q ^10.77.0.0/16"
check "... so it is alive again" shows "alive (netns inode [1-9]"
check "reset in the live namespace" x "$L" reset
check "the victim is intact at the end" [ "$(victim_sum)" = "$before" ]
finish
