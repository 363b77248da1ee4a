#!/usr/bin/env bash
# test_ecmp_net.sh at the tc hook (IPv4): r's links attached with `hook
# tc`; a route with four members, a TCP transfer on the member route get
# names, 128 flows spread by source port, r-n3 down moving only its flows.
XR_TEST_NAME=$(basename "$0") ECMP_HOOK=tc ECMP_SHORT=1 exec bash "$(dirname "$0")/test_ecmp_net.sh"
