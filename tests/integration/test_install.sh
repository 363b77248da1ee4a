#!/usr/bin/env bash
# make install / make uninstall (docs/operations.md, "Installing"): into a
# temporary DESTDIR, the whole tree checked against the list of what must
# be there (nothing more, nothing less), the binary runs, the man pages
# render, the units and the example configuration have no @VARIABLE@ left
# and `systemd-analyze verify` reports nothing on the units, the example
# handlers build from the installed tree against the installed headers
# alone, an edited configuration is never overwritten nor removed, and
# uninstall leaves no file and none of xdp-router's directories.
source "$(dirname "$0")/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL   # its own makes, not part of the one running tests

T=$(mktemp -d /tmp/xr-install-units.XXXXXX)
NS=xr-units-inst-$$
trap 'ip netns del $NS 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' TERM INT
D=$T/dest
P=/usr/local
not() { ! "$@"; }
mk() { make -C "$ROOT" --no-print-directory "$@" >"$T/make.log" 2>&1; }

# the tree install must make, from the sources' lists
expected() {
	local f
	echo "$D$P/sbin/xdp-router"
	echo "$D$P/share/man/man8/xdp-router.8"
	echo "$D$P/share/man/man7/xdp-router-handlers.7"
	for f in xdp-router.service xdp-router-config.service xdp-router-metrics.service xdp-router-metrics.timer; do
		echo "$D$P/lib/systemd/system/$f"
	done
	echo "$D$P/share/bash-completion/completions/xdp-router"
	(cd "$ROOT/include" && find xdp_router -name '*.h') | sed "s|^|$D$P/include/|"
	(cd "$ROOT/docs" && ls ./*.md) | sed "s|^\./|$D$P/share/doc/xdp-router/|"
	echo "$D$P/share/doc/xdp-router/examples/xdp-router.conf"
	echo "$D$P/share/doc/xdp-router/examples/handlers/Makefile"
	echo "$D$P/share/doc/xdp-router/install-manifest"
	for f in "$ROOT"/bpf/handlers/*.bpf.c; do
		f=${f##*/}
		echo "$D$P/share/doc/xdp-router/examples/handlers/$f"
		echo "$D$P/lib/xdp-router/handlers/${f%.c}.o"
	done
	echo "$D/etc/xdp-router/xdp-router.conf"
}
tree_is_expected() {
	diff <(expected | sort) <(find "$D" -type f -o -type l | sort) >"$T/diff" && return 0
	sed 's/^/# /' "$T/diff" | head -20
	return 1
}
check "make install DESTDIR PREFIX" mk install DESTDIR="$D" PREFIX=$P
check "the installed tree is the expected one" tree_is_expected
check "the binary is executable (0755)" [ "$(stat -c %a "$D$P/sbin/xdp-router")" = 755 ]
ip netns add "$NS"
check "the installed binary runs (-V)" \
	bash -c "ip netns exec $NS $D$P/sbin/xdp-router -V | grep -q '^xdp-router '"

# ---------------------------------------------------------------- man
manok() { # PAGE: man renders it, nothing on stderr, its name in the text
	local out
	out=$(MANWIDTH=80 man -l "$1" 2>"$T/man.err") && [ ! -s "$T/man.err" ] &&
		grep -q "xdp-router" <<<"$out" && [ "$(wc -l <<<"$out")" -gt 20 ]
}
check "man -l xdp-router.8 (installed)" manok "$D$P/share/man/man8/xdp-router.8"
check "man -l xdp-router-handlers.7 (installed)" manok "$D$P/share/man/man7/xdp-router-handlers.7"

# ---------------------------------------------------------- the units
U=$D$P/lib/systemd/system
check "nothing left to substitute" bash -c "! grep -rn '@[A-Z_]*@' '$U' '$D$P/share/doc/xdp-router/examples' '$D/etc'"
unit_line() { grep -x "$2" "$U/$1" >/dev/null || { echo "# $1: no line $2"; return 1; }; }
CONF=/etc/xdp-router/xdp-router.conf
check "the config unit applies the configuration" \
	unit_line xdp-router-config.service "ExecStart=$P/sbin/xdp-router apply $CONF"
check "... and on reload" \
	unit_line xdp-router-config.service "ExecReload=$P/sbin/xdp-router apply $CONF"
check "... a oneshot that stays active" bash -c "grep -qx Type=oneshot '$U/xdp-router-config.service' && grep -qx RemainAfterExit=yes '$U/xdp-router-config.service'"
check "the daemon unit requires it" unit_line xdp-router.service "Requires=xdp-router-config.service"
check "... and starts after it" unit_line xdp-router.service "After=xdp-router-config.service"
check "... and never applies on start (no ExecStartPre)" not grep -q '^ExecStartPre' "$U/xdp-router.service"
check "ExecStart runs the daemon with --config" \
	unit_line xdp-router.service "ExecStart=$P/sbin/xdp-router daemon --config $CONF"
check "ExecReload applies the configuration" \
	unit_line xdp-router.service "ExecReload=$P/sbin/xdp-router apply $CONF"
check "Restart=on-failure" unit_line xdp-router.service "Restart=on-failure"
check "the metrics service writes node exporter's textfile" unit_line xdp-router-metrics.service \
	"ExecStart=$P/sbin/xdp-router stats -o prometheus --textfile /var/lib/prometheus/node-exporter"
check "the timer every 15 s" unit_line xdp-router-metrics.timer "OnUnitActiveSec=15s"

# systemd-analyze verify --root: the root a copy of DESTDIR with the
# system's own units (sysinit.target ...) bound in, read-only, in a
# mount namespace of its own; man finds the installed page (Documentation=)
VR=$T/vroot
verify() {
	unshare -m bash -c "mount --bind -o ro /usr/lib/systemd/system '$VR/usr/lib/systemd/system' &&
		MANPATH='$D$P/share/man' systemd-analyze verify --root='$VR' \
		'$VR$P'/lib/systemd/system/xdp-router{,-config,-metrics}.service \
		'$VR$P'/lib/systemd/system/xdp-router-metrics.timer" >"$T/verify" 2>&1
	local rc=$?
	sed 's/^/# /' "$T/verify" | head -10
	[ "$rc" -eq 0 ] && [ ! -s "$T/verify" ]
}
cp -a "$D" "$VR" && mkdir -p "$VR/usr/lib/systemd/system"
check "systemd-analyze verify: nothing to report" verify
mv "$VR$P/sbin/xdp-router" "$T/xr.moved"
check "systemd-analyze verify fails when the binary is missing" not verify

# ------------------------------------------------ the example handlers
H=$T/handlers
build_handlers() {
	rm -rf "$H" && cp -r "$D$P/share/doc/xdp-router/examples/handlers" "$H" &&
		make -C "$H" --no-print-directory INCLUDEDIR="$D$P/include" >"$T/h.log" 2>&1
}
is_bpf() { local f; for f in "$H"/*.bpf.o; do readelf -h "$f" | grep -q 'Machine:.*BPF' || return 1; done; }
check "the example handlers build against the installed headers" build_handlers
check "... into BPF objects, one per source" bash -c "[ \$(ls '$H'/*.bpf.o | wc -l) -eq \$(ls '$ROOT'/bpf/handlers/*.bpf.c | wc -l) ]"
check "... which are BPF" is_bpf
mv "$D$P/include/xdp_router" "$T/inc.moved"
check "... and fail without them (no other header used)" not build_handlers
mv "$T/inc.moved" "$D$P/include/xdp_router"

# ---------------------------------------------- the configuration file
check "the example installed as the configuration (none was there)" \
	cmp -s "$D/etc/xdp-router/xdp-router.conf" "$D$P/share/doc/xdp-router/examples/xdp-router.conf"
echo "link attach eth9" >>"$D/etc/xdp-router/xdp-router.conf"
cp "$D/etc/xdp-router/xdp-router.conf" "$T/edited"
check "install again" mk install DESTDIR="$D" PREFIX=$P
check "an edited configuration is not overwritten" cmp -s "$D/etc/xdp-router/xdp-router.conf" "$T/edited"
check "make uninstall" mk uninstall DESTDIR="$D" PREFIX=$P
check "uninstall keeps the edited configuration, and only it" \
	diff <(echo "$D/etc/xdp-router/xdp-router.conf") <(find "$D" -type f | sort)
rm "$D/etc/xdp-router/xdp-router.conf"
check "install into the emptied tree" mk install DESTDIR="$D" PREFIX=$P
check "uninstall" mk uninstall DESTDIR="$D" PREFIX=$P
check "uninstall leaves no file" [ -z "$(find "$D" ! -type d)" ]
ours() { find "$D" -type d \( -name xdp_router -o -name xdp-router \); }
check "uninstall leaves none of xdp-router's directories" [ -z "$(ours)" ]

# PREFIX=/usr: every path follows it (units included)
D2=$T/dest2
check "make install PREFIX=/usr" mk install DESTDIR="$D2" PREFIX=/usr
check "... the binary in /usr/sbin" [ -x "$D2/usr/sbin/xdp-router" ]
check "... the unit runs /usr/sbin/xdp-router" \
	grep -qx "ExecStart=/usr/sbin/xdp-router daemon --config $CONF" "$D2/usr/lib/systemd/system/xdp-router.service"
check "make uninstall PREFIX=/usr leaves no file" \
	bash -c "make -C '$ROOT' -s uninstall DESTDIR='$D2' PREFIX=/usr >/dev/null && [ -z \"\$(find '$D2' ! -type d)\" ]"

# uninstall removes what install put (its manifest), even when the
# sources no longer list a file (here: a page dropped from MAN_PAGES)
D4=$T/dest4
check "install with both pages" mk install DESTDIR="$D4" PREFIX=$P
check "... the manifest lists the .7" grep -qx "$P/share/man/man7/xdp-router-handlers.7" "$D4$P/share/doc/xdp-router/install-manifest"
check "uninstall from sources without the .7" mk uninstall DESTDIR="$D4" PREFIX=$P MAN_PAGES=man/xdp-router.8
check "... leaves no file (the .7 removed too)" [ -z "$(find "$D4" ! -type d)" ]
# a PREFIX with a quote, &, | and a backslash: substituted as it is
D3=$T/dest3
P3="/opt/x'a&b|c\\d"
check "make install PREFIX=$P3" mk install DESTDIR="$D3" PREFIX="$P3"
check "... the binary there" [ -x "$D3$P3/sbin/xdp-router" ]
check "... the unit names it, unchanged" \
	grep -qxF "ExecStart=$P3/sbin/xdp-router daemon --config $CONF" "$D3$P3/lib/systemd/system/xdp-router.service"
check "... uninstall leaves no file" \
	bash -c 'make -C "$1" -s uninstall DESTDIR="$2" PREFIX="$3" >/dev/null && [ -z "$(find "$2" ! -type d)" ]' \
	_ "$ROOT" "$D3" "$P3"
finish
