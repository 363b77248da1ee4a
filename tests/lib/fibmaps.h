/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's maps for a suite that needs no program (test_fib,
 * test_fib6): its object loaded with every program left out, the maps
 * taken by name and the FIBs mapped and made empty as the CLI maps them.
 * Failures abort the test (Criterion).
 */
#ifndef XR_TEST_FIBMAPS_H
#define XR_TEST_FIBMAPS_H

#include "lib/poptrie.h"
#include "lib/state.h"

struct xdp_router_bpf;

struct xdp_router_bpf *fm_load(struct xr_maps *m);
void fm_unload(struct xdp_router_bpf *s, struct xr_maps *m);
/* Every route gone: what they held released, then no block in use and
 * no direct entry left. */
void fm_assert_empty(struct xr_poptrie *t);

#endif
