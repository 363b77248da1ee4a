#!/usr/bin/env bash
# Mount the bpffs instances we use, when they are not mounted (idempotent):
# /sys/fs/bpf (libbpf's and bpftool's default) and /run/xdp-router, where
# xdp-router keeps its state (docs/state.md). Both mode 0700: a bpffs
# mounted without mode= is world-writable (1777). The state's mount, when
# an older version left it so, is made 0700 (xdp-router does the same).
set -eu
mounted() { [ "$(stat -f -c %T "$1" 2>/dev/null)" = bpf_fs ]; }
for d in /sys/fs/bpf "${XDP_ROUTER_BPFFS:-/run/xdp-router}"; do
	mkdir -p "$d"
	mounted "$d" || mount -t bpf -o mode=0700 bpf "$d"
done
d=${XDP_ROUTER_BPFFS:-/run/xdp-router}
mode=$(stat -c %a "$d")      # 1700 is fine: the kernel makes a bpffs root sticky
if [ $((8#$mode & 8#077)) -ne 0 ] && [ ! -L "$d" ] &&
	[ "$(stat -c %u "$d")" = 0 ] && mountpoint -q "$d"; then
	echo "bpffs.sh: $d was mode $mode (mounted by an older version): made it 0700" >&2
	chmod 0700 "$d"
fi
