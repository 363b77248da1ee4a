#!/usr/bin/env bash
# Runs every test: the Criterion suites given as arguments (unit, and the
# fast path through BPF_PROG_TEST_RUN), then each netns integration test.
# Ends with one line "N passed, N failed" over all of them.
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0; fail=0; failed=()

for bin in "$@"; do
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
