#!/usr/bin/env bash
# make bench's own arithmetic (issue 17; bench/bench_targets.sh,
# bench/bench_cap.sh), nothing timed: a target row whose figure is
# missing or not one number prints ERROR and counts in TARGET_ERRORS
# (which fails make bench) - among them the two bugs the issue names: the
# "cost at N routes" target picking up the transit handler's row too
# (two numbers: "printf: invalid number", a bogus ratio), and a memory
# figure summed over every namespace's state instead of r's own.
source "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
FWDBENCH=$ROOT/build/bench/fwdbench
fail() { echo "FATAL: $*" >&2; exit 1; }
secs_since() { echo "$(date +%s.%N) - $1" | bc -l; }
source "$ROOT/bench/bench_targets.sh"
source "$ROOT/bench/bench_cap.sh"
CAP_A=xr-capt-bench$$-a CAP_B=xr-capt-bench$$-b
trap 'CAP_NS=$CAP_A cap_down; CAP_NS=$CAP_B cap_down; rm -rf "$work"' EXIT

# a cost table as bench prints it, the transit handler's rows included
cat >"$work/cost" <<'TABLE'
| case                               |    routes |  ns raw |  ns net |
|------------------------------------|-----------|---------|---------|
| restore MAC+TTL+csum only (baseline) |         - |       6 |       - |
| forward (MAC, TTL, csum restored)  |         1 |      31 |      25 |
| bad checksum (drop)                |         1 |      15 |       9 |
| forward via a transit handler      |         1 |      75 |      69 |
| IPv6: forward, MAC+hlim restored   |         1 |      44 |      36 |
| forward (MAC, TTL, csum restored)  |   1000003 |      33 |      27 |
| forward via a transit handler      |   1000003 |      74 |      68 |
| IPv6: forward, MAC+hlim restored   |    200001 |      43 |      35 |
TABLE

row() { TARGET_ERRORS=0; "$@" >"$work/row"; out=$(cat "$work/row"); }   # counted afresh
row_is() { # GLOB ERRORS: the row matches GLOB, with ERRORS counted
	# shellcheck disable=SC2053  # a glob on purpose
	[[ $out == $1 ]] && [ "$TARGET_ERRORS" = "$2" ]
}
check "cost_net: the plain forwarding row at 1 route, one number" \
	[ "$(cost_net "$work/cost" 1 "forward (MAC")" = 25 ]
check "cost_net: at the big table, one number" \
	[ "$(cost_net "$work/cost" N "forward (MAC")" = 27 ]
check "cost_net: IPv6's row, not IPv4's" \
	[ "$(cost_net "$work/cost" N "IPv6: forward,")" = 35 ]
row target_ratio "cost" "$(cost_net "$work/cost" N "forward (MAC")" \
	"$(cost_net "$work/cost" 1 "forward (MAC")" 1.3
check "the 1.3x target from the table: met, 1.08x ($out)" \
	row_is '*27 / 25 ns = 1.08x*| met |' 0
# the issue's first bug: every row with "forward" at 1 route and above
both1=$(awk -F'|' '/forward/ && $3+0 == 1 { print $5 + 0 }' "$work/cost")
bothn=$(awk -F'|' '/forward/ && $3+0 > 1 { print $5 + 0 }' "$work/cost")
row target_ratio "cost" "$bothn" "$both1" 1.3
check "two rows picked (the issue's bug): ERROR, counted, no ratio" \
	row_is '*| ERROR |' 1
row target_ratio "cost" "" 25 1.3
check "a missing figure: ERROR, counted" row_is '*| ERROR |' 1
row target_ratio "cost" -3.5 25 2
check "an own cost inside the floor's noise (<= 0): ERROR" row_is '*| ERROR |' 1
row target_max "load" "3.64 s" 5 s
check "target_max: a figure with its unit is no number: ERROR" row_is '*| ERROR |' 1
row target_max "load" 3.64 5 s
check "target_max: 3.64 <= 5 met" row_is '*| met |' 0
row target_max "load" 5.01 5 s
check "target_max: 5.01 <= 5 MISSED" row_is '*| MISSED |' 0
row target_max "lost" 0 0 lost
check "target_max: 0 lost of at most 0: met" row_is '*| met |' 0

# the issue's second bug: the FIB's bytes are one namespace's, whatever
# other namespaces hold
bash "$ROOT/scripts/bpffs.sh"
"$FWDBENCH" shape hosts4 1000 1 | head -300 >"$work/a"
CAP_NS=$CAP_A cap_load "$work/a" "300 routes" >/dev/null
check "cap_load: 300 routes loaded ($CAP_ERR)" [ "$CAP_RC" = 0 ]
CAP_NS=$CAP_A cap_bytes 4
alone=$CAP_BYTES
positive() { isnum "$1" && [ "$(echo "$1 > 0" | bc)" = 1 ]; }
check "cap_bytes: one number above 0 ($alone, $CAP_HOW)" positive "$alone"
CAP_NS=$CAP_B cap_up
check "a second namespace with a FIB" [ -e "/run/netns/$CAP_B" ]
CAP_NS=$CAP_B cap_bytes 4
other=$CAP_BYTES
CAP_NS=$CAP_A cap_bytes 4
check "cap_bytes of the first namespace unchanged by the second ($alone, $CAP_BYTES; the second: $other)" \
	[ "$CAP_BYTES" = "$alone" ]
finish
