#!/usr/bin/env bash
# Runs every test: the Criterion suites given as arguments (unit, and the
# fast path through BPF_PROG_TEST_RUN), then each netns integration test.
# Ends with one line "N passed, N failed" over all of them.
# TESTS="NAME ..." runs only the tests so named (test_fib, test_state,
# ...) or of those groups (unit, bpf, fuzz, integration).
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0; fail=0; failed=()
want() { # NAME GROUP: whether TESTS (empty: every test) asks for it
	local t
	[ -z "${TESTS:-}" ] && return 0
	for t in $TESTS; do
		if [ "$t" = "$1" ] || [ "$t" = "$2" ]; then return 0; fi
	done
	return 1
}
known() { # NAME: whether a test or a group is called so
	local b
	case "$1" in unit|bpf|fuzz|integration) return 0 ;; esac
	for b in "${bins[@]}" tests/integration/test_*.sh; do
		[ "$(basename "$b" .sh)" = "$1" ] && return 0
	done
	return 1
}
bins=("$@")
for t in ${TESTS:-}; do
	if ! known "$t"; then
		echo "tests/run.sh: no test or group \"$t\" (unit, bpf, fuzz, integration, or a test's name)" >&2
		exit 1
	fi
done

for bin in "$@"; do
	want "$(basename "$bin")" "$(basename "$(dirname "$bin")")" || continue
	echo "=== $bin"
	out=$("$bin" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^\[(FAIL|----)\]|Synthesis' || true
	syn=$(printf '%s\n' "$out" | grep 'Synthesis' | tail -1)
	p=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$syn")
	f=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$syn")
	c=$(sed -n 's/.*Crashing: \([0-9]*\).*/\1/p' <<<"$syn")
	if [ -z "$p" ]; then p=0; f=1; c=0; fi
	pass=$((pass + p)); fail=$((fail + f + c))
	if [ $rc -ne 0 ] || [ $((f + c)) -ne 0 ]; then
		failed+=("$bin"); printf '%s\n' "$out" | tail -40
	fi
done

for t in tests/integration/test_*.sh; do
	want "$(basename "$t" .sh)" integration || continue
	echo "=== $t"
	res=$(mktemp)
	RESULT_FILE=$res timeout 600 bash "$t"; rc=$?
	p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$res")
	f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$res")
	rm -f "$res"
	if [ -z "$p" ]; then p=0; f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	[ $rc -ne 0 ] && failed+=("$t")
done

[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ ${#failed[@]} -eq 0 ]
