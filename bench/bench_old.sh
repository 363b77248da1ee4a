# shellcheck shell=bash
# shellcheck disable=SC2154  # work, R, ...: bench.sh's
# make bench: the previous build as a contender (sourced by bench/bench.sh).
# The build before issue 17 (its FIB DIR-24-8 in both families), built
# from git history into build/old-REV (cached; never skipped: no history,
# no benchmark), run by a wrapper with its own state: its own bpffs
# mount, so that its maps and ours never meet. fwdbench attaches it in
# turn with the other contenders (--old; "dir-24-8" in the tables).

OLD_REV=${BENCH_OLD_REV:-237122f}
OLD_DIR=$ROOT/build/old-$OLD_REV
OLD_BIN=$OLD_DIR/build/xdp-router
OLD_BPFFS=/run/xdp-router-bench-old-$$
XR_OLD=$work/xr-old

old_build() {
	[ -x "$OLD_BIN" ] && return 0
	git -C "$ROOT" cat-file -e "$OLD_REV^{commit}" 2>/dev/null ||
		fail "commit $OLD_REV (the previous build) is not in the git history of $ROOT"
	echo "(building $OLD_REV into $OLD_DIR, once)"
	rm -rf "$OLD_DIR" && mkdir -p "$OLD_DIR" &&
		git -C "$ROOT" archive "$OLD_REV" | tar -x -C "$OLD_DIR" || fail "git archive $OLD_REV"
	if [ -e "$ROOT/vmlinux/vmlinux.h" ]; then
		mkdir -p "$OLD_DIR/vmlinux" && cp "$ROOT/vmlinux/vmlinux.h" "$OLD_DIR/vmlinux/"
	fi
	nice make -C "$OLD_DIR" -j2 build/xdp-router >"$OLD_DIR.log" 2>&1 ||
		{ tail -5 "$OLD_DIR.log" >&2; fail "building $OLD_REV (log: $OLD_DIR.log)"; }
}

# its CLI with its own state, for fwdbench and xro
old_up() {
	old_build
	mkdir -p "$OLD_BPFFS" && mount -t bpf bpf "$OLD_BPFFS" || fail "bpffs at $OLD_BPFFS"
	printf '#!/bin/sh\nXDP_ROUTER_BPFFS=%s LIBXDP_BPFFS=%s exec %s "$@"\n' \
		"$OLD_BPFFS" "$OLD_BPFFS" "$OLD_BIN" >"$XR_OLD" && chmod +x "$XR_OLD"
}

old_down() {
	[ -d "$OLD_BPFFS" ] || return 0
	umount "$OLD_BPFFS" 2>/dev/null
	rmdir "$OLD_BPFFS" 2>/dev/null
}

xro() { in_r "$XR_OLD" "$@"; }

# COMMAND...: run with the previous build's links attached on r instead
# of ours (its connected nets are what its route commands check against)
as_old() {
	local rc
	{ detach && xro link attach r-h1 && xro link attach r-h2; } >&2 || return 1
	"$@"
	rc=$?
	{ xro link detach r-h1 && xro link detach r-h2 && attach; } >&2 || return 1
	return $rc
}
