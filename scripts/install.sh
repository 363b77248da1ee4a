#!/usr/bin/env bash
# make install / make uninstall (docs/operations.md, "Installing"): one
# list of what goes where (files), installed into $DESTDIR, or removed
# from it. The Makefile exports the directory variables.
#
#   install.sh install|uninstall
#
# The configuration file SYSCONFDIR/xdp-router/xdp-router.conf is never
# overwritten: install writes the example there only when no file is, and
# uninstall removes it only when it is still that example, byte for byte
# (an edited one is the operator's).
set -eu
: "${BUILD:=build}" "${PREFIX:=/usr/local}" "${DESTDIR:=}"
: "${SBINDIR:=$PREFIX/sbin}" "${SYSCONFDIR:=/etc}" "${MANDIR:=$PREFIX/share/man}"
: "${DOCDIR:=$PREFIX/share/doc/xdp-router}" "${INCLUDEDIR:=$PREFIX/include}"
: "${HANDLERDIR:=$PREFIX/lib/xdp-router/handlers}"
: "${SYSTEMDUNITDIR:=$PREFIX/lib/systemd/system}"
: "${BASHCOMPDIR:=$PREFIX/share/bash-completion/completions}"
: "${TEXTFILEDIR:=/var/lib/prometheus/node-exporter}"
: "${MAN_PAGES:=man/xdp-router.8 man/xdp-router-handlers.7}"
CONF=$SYSCONFDIR/xdp-router/xdp-router.conf
EXAMPLE=$DOCDIR/examples/xdp-router.conf
# every file install put (but the configuration), one a line: what
# uninstall removes, even when the sources no longer list it
MANIFEST=$DOCDIR/install-manifest

# files: every installed file as "MODE SOURCE DESTINATION" (a source
# ending in .in or .example has its @VARIABLES@ substituted)
files() {
	local f
	echo "0755 $BUILD/xdp-router $SBINDIR/xdp-router"
	for f in $MAN_PAGES; do echo "0644 $f $MANDIR/man${f##*.}/${f##*/}"; done
	for f in systemd/*.in; do
		f=${f##*/}
		echo "0644 systemd/$f $SYSTEMDUNITDIR/${f%.in}"
	done
	echo "0644 completion/xdp-router.bash $BASHCOMPDIR/xdp-router"
	find include/xdp_router -name '*.h' | sort | while read -r f; do
		echo "0644 $f $INCLUDEDIR/${f#include/}"
	done
	for f in docs/*.md; do echo "0644 $f $DOCDIR/${f##*/}"; done
	echo "0644 etc/xdp-router.conf.example $EXAMPLE"
	for f in bpf/handlers/*.bpf.c; do
		echo "0644 $f $DOCDIR/examples/handlers/${f##*/}"
		f=${f##*/}
		echo "0644 $BUILD/handlers/${f%.c}.o $HANDLERDIR/${f%.c}.o"
	done
	echo "0644 bpf/handlers/Makefile.in $DOCDIR/examples/handlers/Makefile"
}

# the directories that are xdp-router's alone, deepest first: uninstall
# removes them when empty (never sbin, man8 or the like)
own_dirs() {
	local d
	find include/xdp_router -type d | sort -r | while read -r d; do
		echo "$INCLUDEDIR/${d#include/}"
	done
	printf '%s\n' "$DOCDIR/examples/handlers" "$DOCDIR/examples" "$DOCDIR"
	printf '%s\n' "$HANDLERDIR" "$SYSCONFDIR/xdp-router"
	# HANDLERDIR's parent when it is ours (the default: lib/xdp-router)
	[ "${HANDLERDIR%/*/*}/xdp-router" = "${HANDLERDIR%/*}" ] && echo "${HANDLERDIR%/*}"
	return 0
}

sedq() { # VALUE: VALUE as a sed replacement between | (\, & and | escaped)
	local v=${1//\\/\\\\}
	v=${v//&/\\&}
	printf '%s' "${v//|/\\|}"
}

subst() { # SOURCE: its text with the directories substituted
	sed -e "s|@SBINDIR@|$(sedq "$SBINDIR")|g" -e "s|@CONF@|$(sedq "$CONF")|g" \
		-e "s|@DOCDIR@|$(sedq "$DOCDIR")|g" -e "s|@INCLUDEDIR@|$(sedq "$INCLUDEDIR")|g" \
		-e "s|@HANDLERDIR@|$(sedq "$HANDLERDIR")|g" \
		-e "s|@TEXTFILEDIR@|$(sedq "$TEXTFILEDIR")|g" "$1"
}

put() { # MODE SOURCE DESTINATION
	local tmp
	case $2 in
	*.in | *.example)
		tmp=$(mktemp)
		subst "$2" >"$tmp"
		install -D -m "$1" "$tmp" "$DESTDIR$3"
		rm -f "$tmp" ;;
	*) install -D -m "$1" "$2" "$DESTDIR$3" ;;
	esac
}

do_install() {
	local mode src dst tmp
	files | while read -r mode src dst; do
		echo "install $DESTDIR$dst"
		put "$mode" "$src" "$dst"
	done
	# the manifest: this install's files and those of earlier ones
	tmp=$(mktemp)
	{ files | while read -r mode src dst; do printf '%s\n' "$dst"; done
	  [ -f "$DESTDIR$MANIFEST" ] && cat "$DESTDIR$MANIFEST"; } | sort -u >"$tmp"
	install -D -m 0644 "$tmp" "$DESTDIR$MANIFEST"
	rm -f "$tmp"
	if [ ! -e "$DESTDIR$CONF" ]; then
		echo "install $DESTDIR$CONF (the example: nothing configured)"
		install -D -m 0644 "$DESTDIR$EXAMPLE" "$DESTDIR$CONF"
	else
		echo "keep $DESTDIR$CONF (exists)"
	fi
}

installed() { # what install put: its manifest, else the sources' list
	local mode src dst
	if [ -f "$DESTDIR$MANIFEST" ]; then
		cat "$DESTDIR$MANIFEST"
	else
		files | while read -r mode src dst; do printf '%s\n' "$dst"; done
	fi
}

do_uninstall() {
	local dst d list
	if [ -e "$DESTDIR$CONF" ] && [ -e "$DESTDIR$EXAMPLE" ] &&
		cmp -s "$DESTDIR$CONF" "$DESTDIR$EXAMPLE"; then
		rm -f "$DESTDIR$CONF"
	elif [ -e "$DESTDIR$CONF" ]; then
		echo "keep $DESTDIR$CONF (edited)"
	fi
	list=$(installed)
	while read -r dst; do
		[ -e "$DESTDIR$dst" ] || [ -L "$DESTDIR$dst" ] || continue
		echo "remove $DESTDIR$dst"
		rm -f "$DESTDIR$dst"
	done <<<"$list"
	rm -f "$DESTDIR$MANIFEST"
	# xdp-router's directories: the sources' and those of the manifest's headers
	{ own_dirs; grep -F "$INCLUDEDIR/xdp_router/" <<<"$list" | sed 's|/[^/]*$||' |
		sort -ru; } | while read -r d; do
		if [ -d "$DESTDIR$d" ]; then rmdir --ignore-fail-on-non-empty "$DESTDIR$d"; fi
	done
	return 0
}

case "${1:-}" in
install) do_install ;;
uninstall) do_uninstall ;;
*) echo "usage: $0 install|uninstall" >&2; exit 1 ;;
esac
