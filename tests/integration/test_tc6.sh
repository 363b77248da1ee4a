#!/usr/bin/env bash
# test_forward6.sh through the tc entry: r's links attached with `hook tc`
# (clsact ingress). At tc the hosts keep their checksum offload: veth
# hands over GRO packets and partial checksums, which the router forwards
# whole and finishes.
XR_TEST_NAME=$(basename "$0") XR6_HOOK=tc exec bash "$(dirname "$0")/test_forward6.sh"
