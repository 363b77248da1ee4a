#!/usr/bin/env bash
# test_ecmp_net.sh for IPv6: the route 2001:db8:100::/64 through the nX's
# link-local addresses (nexthop via fe80::... dev r-nX), the flows from
# 2001:db8:1::/64; IPv6's L3 hash takes the flow label, which spreads
# flows from one address unless it is 0 (h1's auto_flowlabels off).
XR_TEST_NAME=$(basename "$0") FAM=-6 exec bash "$(dirname "$0")/test_ecmp_net.sh"
