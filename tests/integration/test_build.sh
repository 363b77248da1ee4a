#!/usr/bin/env bash
# The build's dependencies (docs/testing.md, "The build"): each object
# follows its source and the headers it includes, and nothing else. Run in
# a copy of the built tree (cp -a keeps every time stamp), so the tree
# itself is left as it was; each check touches files, asks make what it
# would do (-q, -n), and puts the files' times back.
source "$(dirname "$0")/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL   # its own makes, not part of the one running tests

T=$(mktemp -d /tmp/xr-build.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/src" "$T/times"
cp -a "$ROOT"/* "$T/src/"   # not .git: the copy's version is the bare one
S=$T/src
mk() { make -C "$S" --no-print-directory "$@"; }
# remade TARGET...: what make -n would write under build/, sorted
remade() {
	mk -n "$@" 2>&1 | grep -oE -- '(-o|>) build/[^ ]+' |
		sed -E 's/^(-o|>) //; s/\.tmp$//' | sort -u
}
bump() { # FILE...: touched now, their old times kept for unbump
	local f
	for f in "$@"; do
		touch -r "$S/$f" "$T/times/${f//\//_}" && touch "$S/$f"
	done
}
unbump() {
	local f
	for f in "$@"; do touch -r "$T/times/${f//\//_}" "$S/$f"; done
}
objs() { # SOURCE...: their objects
	local f
	for f in "$@"; do echo "build/${f%.c}.o"; done
}
has() { grep -qxF "$2" <<<"$1"; }  # LIST LINE
has_all() { # LIST LINE...
	local l=$1 x
	shift
	for x in "$@"; do has "$l" "$x" || { echo "# missing: $x"; return 1; }; done
}
has_none() { # LIST LINE...
	local l=$1 x
	shift
	for x in "$@"; do ! has "$l" "$x" || { echo "# remade: $x"; return 1; }; done
}

CLI=build/xdp-router
BENCH="build/bench/bench build/bench/fwdbench"
# shellcheck disable=SC2086
mk $CLI $BENCH >/dev/null || bad "the copy builds"
# shellcheck disable=SC2086
check "a built tree is up to date (make -q)" mk -q $CLI $BENCH

# every benchmark source and program touched: nothing for the CLI to do
cd "$S" || exit 1
bench_files=(bench/*)
cd - >/dev/null || exit 1
bump "${bench_files[@]}"
check "bench/ touched: the CLI is up to date" mk -q $CLI
unbump "${bench_files[@]}"

# a benchmark's program: its object, its skeleton, the objects that
# include that skeleton, and its binary; not the other programs
bump bench/bench_traffic.bpf.c
# shellcheck disable=SC2086
got=$(remade $BENCH)
# shellcheck disable=SC2046
want=$(cd "$S" && { printf '%s\n' build/bench/bench_traffic.bpf.o \
	build/bench/bench_traffic.skel.h build/bench/fwdbench
	objs $(grep -l '"bench_traffic.skel.h"' bench/*.c); } | sort -u)
check "bench_traffic.bpf.c touched: what includes its skeleton, and no more" \
	test "$got" = "$want"
[ "$got" = "$want" ] || diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
unbump bench/bench_traffic.bpf.c

# a header of the CLI: the CLI's files that include it, none of the library's
bump user/cli/cli.h
got=$(remade $CLI)
# shellcheck disable=SC2046
check "user/cli/cli.h touched: the files that include it are rebuilt" \
	has_all "$got" $(cd "$S" && objs $(grep -l '"cli/cli.h"' user/cli/*.c)) $CLI
# shellcheck disable=SC2046
check "user/cli/cli.h touched: no library object is rebuilt" \
	has_none "$got" $(cd "$S" && objs user/lib/*.c user/slowpath/*.c)
unbump user/cli/cli.h

# the fast path's headers: the router's program and the benchmark built
# on its core; not the benchmark's own programs, nor a user object that
# includes no skeleton
cd "$S" || exit 1
lib_hdrs=(bpf/lib/*.h)
# shellcheck disable=SC2046
no_skel=$(grep -L 'skel\.h"' user/*/*.c $(printf '%s\n' bench/*.c | grep -v '\.bpf\.c$'))
cd - >/dev/null || exit 1
bump "${lib_hdrs[@]}"
# shellcheck disable=SC2086
got=$(remade $CLI $BENCH)
check "bpf/lib touched: the router's program and bench.bpf.o are rebuilt" \
	has_all "$got" build/xdp_router.bpf.o build/bench/bench.bpf.o
check "bpf/lib touched: bench_traffic and bench_fibfwd are not" \
	has_none "$got" build/bench/bench_traffic.bpf.o build/bench/bench_fibfwd.bpf.o
# shellcheck disable=SC2046,SC2086
check "bpf/lib touched: no user object without a skeleton is rebuilt" \
	has_none "$got" $(objs $no_skel)
unbump "${lib_hdrs[@]}"

# shellcheck disable=SC2086
check "every time put back: up to date again" mk -q $CLI $BENCH
finish
