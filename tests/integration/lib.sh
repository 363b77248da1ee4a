# shellcheck shell=bash
# Helpers for the netns integration tests: TAP-like lines, and a final
# count that tests/run.sh reads.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XDP_ROUTER=$ROOT/build/xdp-router
export XDP_ROUTER
# shellcheck source=../../scripts/topo.sh
source "$ROOT/scripts/topo.sh"
PASS=0
FAIL=0

ok()   { PASS=$((PASS + 1)); echo "ok - $*"; }
bad()  { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
check() { # NAME CMD...: passes when CMD succeeds
	local name=$1; shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
xr() { in_r "$XDP_ROUTER" "$@"; }
XDP_ROUTER_NS="ip netns exec $R $XDP_ROUTER"
finish() {
	echo "# $(basename "$0"): $PASS passed, $FAIL failed"
	echo "$PASS passed, $FAIL failed" > "${RESULT_FILE:-/dev/null}"
	[ "$FAIL" -eq 0 ]
}
