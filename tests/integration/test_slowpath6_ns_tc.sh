#!/usr/bin/env bash
# test_slowpath6_ns.sh through the tc entry: r's links attached with `hook
# tc`, the exceptions reaching the daemon through the ring buffer.
XR_TEST_NAME=$(basename "$0") XR6_HOOK=tc exec bash "$(dirname "$0")/test_slowpath6_ns.sh"
