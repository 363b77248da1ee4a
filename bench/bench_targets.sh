# shellcheck shell=bash
# make bench: how a target row is printed (sourced by bench/bench.sh;
# tests/integration/test_bench_targets.sh checks the arithmetic). A row
# is "met", "MISSED", or "ERROR" when its figures are missing or not one
# number each: an ERROR counts in TARGET_ERRORS, which fails make bench.

target() { # TEXT MET(0/1) VALUE
	printf '| %-58s | %-24s | %s |\n' "$1" "$3" "$([ "$2" = 1 ] && echo met || echo MISSED)"
}

ge() { [ "$(echo "$1 >= $2" | bc -l)" = 1 ] && echo 1 || echo 0; }

target_error() { # TEXT WHY
	printf '| %-58s | %-24s | %s |\n' "$1" "$2" "ERROR"
	TARGET_ERRORS=$((${TARGET_ERRORS:-0} + 1))
}

# whether every argument is one plain number (no second line, no unit)
isnum() {
	local v
	for v in "$@"; do
		[[ $v =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || return 1
	done
}

# TEXT NUM DEN LIMIT: NUM/DEN against LIMIT (>= when LIMIT starts with
# '>', <= otherwise); an error when either is missing, not one number, or
# not above 0 (an own cost inside the floor's noise has no meaningful
# ratio)
target_ratio() {
	local r lim=${4#>}
	if ! isnum "$2" "$3" || [ "$(echo "$2 <= 0 || $3 <= 0" | bc -l)" = 1 ]; then
		target_error "$1" "not computable: '$2' / '$3' ns"
		return
	fi
	r=$(echo "$2 / $3" | bc -l)
	if [ "${4:0:1}" = ">" ]; then
		target "$1" "$(ge "$r" "$lim")" "$(printf '%s / %s ns = %.2fx' "$2" "$3" "$r")"
	else
		target "$1" "$(ge "$lim" "$r")" "$(printf '%s / %s ns = %.2fx' "$2" "$3" "$r")"
	fi
}

# TEXT VALUE LIMIT UNIT [SHOWN]: VALUE <= LIMIT; SHOWN (default: VALUE
# UNIT) is what the row prints; an error when VALUE is not one number
target_max() {
	if ! isnum "$2"; then
		target_error "$1" "not computable: '$2'"
		return
	fi
	target "$1" "$(ge "$3" "$2")" "${5:-$2 $4}"
}

# COSTFILE 1|N CASE: the "ns net" of bench's cost table (section 1) for
# the case whose name starts with CASE, at 1 route or at the big table:
# one number when the table has that row once per size
cost_net() {
	awk -F'|' -v one="$2" -v name="$3" \
		'index($2, " " name) == 1 && (one == 1 ? $3 + 0 == 1 : $3 + 0 > 1) { print $5 + 0 }' "$1"
}
