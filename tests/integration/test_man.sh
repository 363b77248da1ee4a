#!/usr/bin/env bash
# The man pages (man/, mdoc) are the one text of the CLI's reference:
# man -l renders them with no warning, mandoc's lint finds nothing, every
# command of `xdp-router help commands` heads an item of xdp-router(8)'s
# COMMANDS, every option word of the binary's usage and option-error
# lines and every keyword of -h's command lines is in the page, every
# family of error lines (xr_err formats in user/) is in DIAGNOSTICS, and
# docs/cli.md and docs/handlers.md are what the pages generate (make docs).
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

# heads PAGE: the words of each item head (.It) of PAGE's COMMANDS
# section (mdoc source), from its first Cm to the first other macro; a
# leading [-4 | -6] allowed
heads() {
	awk '/^\.Sh / { on = ($2 == "COMMANDS") } on && /^\.It / {
		sub(/^\.It (Oo Fl 4 \| 6 Oc )?/, ""); if ($1 != "Cm") next
		h = ""; for (i = 2; i <= NF && $i ~ /^[a-z][a-z0-9-]*$/; i++) h = h " " $i
		print substr(h, 2) }' "$1"
}
# uncovered PAGE: the commands of help commands that no item head of
# PAGE names; a head names the longest command it starts with (so
# `route multipath hash-policy` never stands for `route multipath`)
uncovered() {
	heads "$1" | awk -v cmds="$cmds" '
		BEGIN { n = split(cmds, c, "\n") }
		{ best = ""
		  for (i = 1; i <= n; i++)
			if (($0 == c[i] || index($0, c[i] " ") == 1) && length(c[i]) > length(best))
				best = c[i]
		  if (best != "") seen[best] = 1 }
		END { for (i = 1; i <= n; i++) if (c[i] != "" && !seen[c[i]]) print c[i] }'
}
miss=$(uncovered man/xdp-router.8)
if [ -z "$miss" ]; then ok "every command of help commands ($n) heads an item of xdp-router(8) COMMANDS"
else bad "commands without an item in COMMANDS: $(echo $miss)"; fi
# the check can fail: the page without the save entry, without route
# multipath's own (its hash-policy entry stays), without link show's
sed -e '/^\.It Cm save$/d' -e '/^\.It Cm route multipath Op Cm show$/d' \
	-e '/^\.It Cm link show /d' man/xdp-router.8 >"$TMP/cut.8"
miss=$(uncovered "$TMP/cut.8" | tr '\n' ' ')
check "... a page without three entries misses them ($miss)" test "$miss" = "link show route multipath save "

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
	# and every command of help commands given an unknown option (a new
	# command's own option list is collected too)
	while read -r a; do
		# shellcheck disable=SC2086
		timeout 5 ip netns exec "$NS" "$XDP_ROUTER" $a --no-such-opt 2>&1 </dev/null
	done <<<"$cmds"
}
usage=$(usages)
opts=$(grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$usage" |
	sed -E 's/^[^-]//' | grep -v -- '--no-such' | sort -u)
n=$(grep -c . <<<"$opts")
check "option words in the usage texts: $n" test "$n" -ge 20
all_in "$page" "$opts" "every option word of the usage texts ($n) in xdp-router(8)"

# each daemon tuning option (daemon --help's lines before --kernel-sync)
# heads an item of its own (its meaning, unit, range, default, twin)
tun=$("$XDP_ROUTER" daemon --help | sed '/--kernel-sync/,$d' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
items=$(sed -n 's/^\.It Fl -\([a-z][a-z0-9-]*\).*/--\1/p' man/xdp-router.8 | sort -u)
n=$(grep -c . <<<"$tun")
check "every tuning option of daemon --help ($n) heads an item of xdp-router(8)" \
	bash -c "[ $n -ge 9 ] && [ -z \"\$(comm -23 <(echo '$tun') <(echo '$items'))\" ]"
dop=$("$XDP_ROUTER" daemon --help | grep -oE -- '--[a-z][a-z0-9-]*' | grep -vx -- '--help' | sort -u)
# -h's daemon lines and daemon --help's: one text
hd=$("$XDP_ROUTER" -h | sed -n '/^  daemon /,/^  [a-z]/p' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
check "-h's daemon options are daemon --help's" test "$hd" = "$dop"

# the keywords and settings of the command lines of `xdp-router -h` (the
# usage part of each line: up to the description, 2+ blanks then prose),
# placeholders in capitals and options left out
kw=$("$XDP_ROUTER" -h | sed '/^Options/,$d' | sed -n '2,$p' | grep -vE '^ {20}' |
	perl -pe 's/^ +//; s/ {2,}+(?!\[|(?:link|addr|route|neigh|proto|stats) ).*$//' |
	tr -c 'A-Za-z0-9_.:-' '\n' | grep -E '^[a-z][a-z0-9-]*$' | sort -u)
n=$(grep -c . <<<"$kw")
check "keywords of the usage's command lines: $n (hook, weight, hash-policy, prometheus ...)" \
	bash -c "[ $n -ge 50 ] && grep -qx hash-policy <<<'$kw' && grep -qx prometheus <<<'$kw'"
all_in "$page" "$kw" "every keyword of the usage's command lines ($n) in xdp-router(8)"

# Every family of error lines (scripts/err-families.sh: a format's first
# fixed part, from the xr_err calls in user/) in DIAGNOSTICS, but those
# of the allow-list: failures inside the state's machinery that no
# operator input causes (a map, a pin, memory) and that name their cause.
ALLOW="cannot copy map
cannot make the new maps of
cannot pin map
cannot seed
cannot put the router's path in slot 0
cannot open the embedded BPF object
cannot pin the namespace's link
cannot create the maps in
could not wait for the fast path to leave the FIB in
membarrier
out of memory
cannot write the link's entries
cannot read the network namespace cookie
cannot print the metrics
cannot read the members of group"
# diag PAGE: the rendered DIAGNOSTICS section of PAGE, blanks squeezed
diag() {
	mandoc -T ascii -O width=1000 "$1" | col -b |
		awk '/^DIAGNOSTICS$/ { on = 1; next } on && /^[A-Z][A-Z ]+$/ { exit } on' | tr -s ' \t' '  '
}
fams=$(bash scripts/err-families.sh | grep -vxF -- "$ALLOW")
n=$(grep -c . <<<"$fams")
check "error-line families of user/'s xr_err calls: $n" test "$n" -ge 100
undocumented() { # PAGE: the families its DIAGNOSTICS lacks
	local d f
	d=$(diag "$1")
	while IFS= read -r f; do grep -qF -- "$f" <<<"$d" || echo "$f"; done <<<"$fams"
}
miss=$(undocumented man/xdp-router.8)
if [ -z "$miss" ]; then ok "every error-line family ($n) in xdp-router(8) DIAGNOSTICS"
else bad "error-line families not in DIAGNOSTICS: $(head -5 <<<"$miss" | tr '\n' '|')"; fi
sed '/^\.It Ql xdp-router: unterminated quote$/d' man/xdp-router.8 >"$TMP/cut.8"
check "... a page without the unterminated-quote line misses it" \
	test "$(undocumented "$TMP/cut.8")" = "unterminated quote"

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
