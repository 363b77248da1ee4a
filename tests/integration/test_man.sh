#!/usr/bin/env bash
# The man pages (man/, mdoc) are the one text of the CLI's reference:
# man -l renders them with no warning, mandoc's lint finds nothing, every
# command of `xdp-router help commands` has its words in xdp-router(8)'s
# COMMANDS, every option word of the binary's usage and option-error
# lines is in the page, and docs/cli.md and docs/handlers.md are what
# the pages generate (make docs).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
NS=xr-man-$$
TMP=$(mktemp -d)
trap 'ip netns del $NS 2>/dev/null; rm -rf "$TMP"' EXIT
ip netns add "$NS" || { bad "netns $NS"; finish; exit 1; }
PAGES=(man/xdp-router.8 man/xdp-router-handlers.7)

# render PAGE: its text, one line a paragraph as far as can be (width
# 1000), words mandoc broke after a hyphen joined, blanks squeezed
render() {
	mandoc -T ascii -O width=1000 "$1" | col -b |
		sed -e ':a' -e '/-$/{N; s/-\n[[:space:]]*/-/; ba' -e '}' | tr -s ' \t' '  '
}

for p in "${PAGES[@]}"; do
	out=$(MANWIDTH=80 man -l "$p" 2>"$TMP/err"); rc=$?
	lines=$(wc -l <<<"$out")
	if [ $rc -eq 0 ] && [ ! -s "$TMP/err" ] && [ "$lines" -gt 100 ]; then
		ok "man -l $p: $lines lines, nothing on stderr"
	else
		bad "man -l $p: exit $rc, $lines lines, stderr: $(head -3 "$TMP/err")"
	fi
	lint=$(mandoc -T lint -W warning "$p" 2>&1); rc=$?
	if [ $rc -eq 0 ] && [ -z "$lint" ]; then
		ok "mandoc -T lint -W warning $p: nothing"
	else
		bad "mandoc -T lint -W warning $p: exit $rc: $(head -5 <<<"$lint")"
	fi
done

# has TEXT WORDS: WORDS in TEXT, whole (no letter, digit or dash either side)
has() {
	local re
	re=$(printf '%s' "$2" | sed 's/[][\.*^$|+?(){}]/\\&/g')
	grep -qE -- "(^|[^A-Za-z0-9-])$re([^A-Za-z0-9-]|\$)" <<<"$1"
}

# all_in TEXT LINES NAME: one case, passing when every line of LINES is
# in TEXT (has); else it names the ones that are not
all_in() {
	local w missing=()
	while read -r w; do
		[ -n "$w" ] || continue
		has "$1" "$w" || missing+=("$w")
	done <<<"$2"
	if [ ${#missing[@]} -eq 0 ]; then ok "$3"; else bad "$3: not there: ${missing[*]}"; fi
}

page=$(render man/xdp-router.8)
# the COMMANDS section alone: from its heading to the next one
cmds_sec=$(awk '/^COMMANDS$/ { on = 1; next } on && /^[A-Z][A-Z ]+$/ { exit } on' <<<"$page")
n=$(wc -l <<<"$cmds_sec")
check "xdp-router(8) has a COMMANDS section ($n lines)" test "$n" -gt 50

cmds=$("$XDP_ROUTER" help commands); rc=$?
n=$(grep -c . <<<"$cmds")
if [ $rc -eq 0 ] && [ "$n" -ge 20 ]; then ok "help commands: $n commands"; else bad "help commands: exit $rc, $n lines"; fi
all_in "$cmds_sec" "$cmds" "every command of help commands ($n) in xdp-router(8) COMMANDS"

# The binary's usage texts and the lines that list a command's options
# when one is unknown, run in a namespace of the test's own (no state).
usages() {
	local a
	for a in "-h" "help" "daemon --help" "daemon --no-such-opt" "capture" \
		"capture lo --no-such-opt" "state --no-such-opt" "stats --no-such-opt" \
		"stats show -o no-such-format" "upgrade --no-such-opt" "apply" "apply --help" \
		"apply --no-such-opt x" "save --no-such-opt" "--no-such-opt"; do
		# shellcheck disable=SC2086
		timeout 5 ip netns exec "$NS" "$XDP_ROUTER" $a 2>&1 </dev/null
	done
}
usage=$(usages)
opts=$(grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$usage" |
	sed -E 's/^[^-]//' | grep -v -- '--no-such' | sort -u)
n=$(grep -c . <<<"$opts")
check "option words in the usage texts: $n" test "$n" -ge 20
all_in "$page" "$opts" "every option word of the usage texts ($n) in xdp-router(8)"

# the generated docs are what the pages generate now
for pair in "man/xdp-router.8 docs/cli.md" "man/xdp-router-handlers.7 docs/handlers.md"; do
	read -r p md <<<"$pair"
	if bash scripts/man2md.sh "$p" | diff -q - "$md" >/dev/null; then
		ok "$md is up to date with $p"
	else
		bad "$md is stale: run make docs ($(bash scripts/man2md.sh "$p" | diff - "$md" | head -3 | tr '\n' ' '))"
	fi
done
finish
