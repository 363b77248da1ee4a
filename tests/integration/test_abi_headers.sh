#!/usr/bin/env bash
# include/xdp_router/: the umbrella abi.h is only the topic headers of
# abi/, and each of them compiles alone, twice over (its guard), in the
# three places it is used: the router's BPF programs (after vmlinux.h),
# user space (first, with -Wall -Wextra) and protocol handlers (BPF
# without vmlinux.h, as handler.h is used). handler.h and
# handler_maps.h as a handler author includes them.
source "$(dirname "$0")/lib.sh"
INC=$ROOT/include
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CLANG=${CLANG:-clang}
CC=${CC:-gcc}
SYS=$($CLANG -v -E - </dev/null 2>&1 |
      sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
VMLINUX=$ROOT/vmlinux

# tu FILE LINE...: a translation unit of those lines
tu() { local f=$1; shift; printf '%s\n' "$@" >"$f"; }

# alone NAME HDR: HDR (a path under include/) compiled on its own in
# each of the three settings
alone() {
	local name=$1 h=$2 err
	tu "$TMP/bpf.c" '#include "vmlinux.h"' "#include \"$h\"" "#include \"$h\""
	# shellcheck disable=SC2086
	if err=$($CLANG -target bpf -O2 -Wall -Werror -fsyntax-only -I"$VMLINUX" \
		-I"$INC" $SYS "$TMP/bpf.c" 2>&1); then
		ok "$name alone: BPF after vmlinux.h"
	else bad "$name alone: BPF after vmlinux.h: $(head -3 <<<"$err")"; fi
	tu "$TMP/user.c" "#include \"$h\"" "#include \"$h\""
	if err=$($CC -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -I"$INC" \
		"$TMP/user.c" 2>&1); then
		ok "$name alone: user space"
	else bad "$name alone: user space: $(head -3 <<<"$err")"; fi
	# shellcheck disable=SC2086
	if err=$($CLANG -target bpf -O2 -Wall -Werror -fsyntax-only -I"$INC" \
		$SYS "$TMP/user.c" 2>&1); then
		ok "$name alone: BPF without vmlinux.h (handlers)"
	else bad "$name alone: BPF without vmlinux.h: $(head -3 <<<"$err")"; fi
}

# The umbrella: every topic header, and nothing of its own.
topics=("$INC"/xdp_router/abi/*.h)
if [ -e "${topics[0]}" ]; then
	ok "abi/ holds ${#topics[@]} topic headers"
else
	bad "no topic headers in include/xdp_router/abi/"; topics=()
fi
for t in "${topics[@]}"; do
	n=xdp_router/abi/$(basename "$t")
	grep -q "^#include \"abi/$(basename "$t")\"" "$INC/xdp_router/abi.h" ||
		[ "$(basename "$t")" = types.h ] && continue
	bad "abi.h does not include $n"
done
own=$(grep -vE '^(#include "abi/|#ifndef XDP_ROUTER_ABI_H|#define XDP_ROUTER_ABI_H|#endif|$)' \
	"$INC/xdp_router/abi.h" | sed -e '/^\/\*/,/\*\//d' | grep -c .)
if [ "$own" -eq 0 ]; then ok "abi.h defines nothing of its own"
else bad "abi.h has $own lines besides the topic headers"; fi

for t in "${topics[@]}"; do
	alone "abi/$(basename "$t")" "xdp_router/abi/$(basename "$t")"
done
alone abi.h xdp_router/abi.h

# A handler author's view: handler.h alone; handler_maps.h after what
# it says it needs.
tu "$TMP/h.c" '#include <xdp_router/handler.h>' '#include <xdp_router/handler.h>'
# shellcheck disable=SC2086
check "handler.h alone (a handler's build)" \
	$CLANG -target bpf -O2 -g -Wall -Werror -fsyntax-only -I"$INC" $SYS "$TMP/h.c"
tu "$TMP/hm.c" '#include <linux/bpf.h>' '#include <bpf/bpf_helpers.h>' \
	'#include <xdp_router/handler_maps.h>'
# shellcheck disable=SC2086
check "handler_maps.h after linux/bpf.h and bpf_helpers.h" \
	$CLANG -target bpf -O2 -g -Wall -Werror -fsyntax-only -I"$INC" $SYS "$TMP/hm.c"
finish
