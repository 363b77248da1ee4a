#!/usr/bin/env bash
# Every BPF header compiles alone: bpf/lib/*.h and include/xdp_router/**.h,
# each as a translation unit of its own that includes it (twice: its
# include guard), with the BPF programs' flags (make header-check). A
# header that leans on what another happened to include first fails here.
source "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
unset MAKEFLAGS MFLAGS MAKELEVEL   # a make of its own, not the outer one's jobs

shopt -s nullglob
headers=(bpf/lib/*.h include/xdp_router/*.h include/xdp_router/*/*.h)
[ ${#headers[@]} -ge 10 ] || bad "headers found: ${#headers[@]}"
# one make for them all (-k: every header tried), then one case each
for h in "${headers[@]}"; do rm -f "build/hdrcheck/${h%.h}.o"; done
out=$(timeout 300 make -k -s --no-print-directory header-check 2>&1)
for h in "${headers[@]}"; do
	if [ -s "build/hdrcheck/${h%.h}.o" ]; then
		ok "$h compiles alone"
	else
		bad "$h compiles alone: $(grep -m1 "hdrcheck/${h%.h}.c.*error\|${h}:.*error" <<<"$out")"
	fi
done
finish
