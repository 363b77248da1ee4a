#!/usr/bin/env bash
# Mount the bpffs instances we use, when they are not mounted (idempotent):
# /sys/fs/bpf (libbpf's and bpftool's default) and /run/xdp-router, where
# xdp-router keeps its state (docs/state.md).
set -eu
mounted() { [ "$(stat -f -c %T "$1" 2>/dev/null)" = bpf_fs ]; }
for d in /sys/fs/bpf "${XDP_ROUTER_BPFFS:-/run/xdp-router}"; do
	mkdir -p "$d"
	mounted "$d" || mount -t bpf bpf "$d"
done
