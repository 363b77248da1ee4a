/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xr_sync (abi/sync.h): whether routes and neighbours follow the kernel
 * (`daemon --kernel-sync`) or FRR (`daemon --fpm`). The daemon writes
 * it; the CLI reads it to refuse its own route and neighbour writes
 * meanwhile, and `stats` shows its counters. docs/kernel-sync.md.
 */
#ifndef XR_LIB_SYNC_H
#define XR_LIB_SYNC_H

#include "xdp_router/abi.h"
#include "lib/overlay.h"
#include "lib/state.h"

/* The map's one entry into s (zeroed, mode OFF, when it cannot be read). */
int xr_sync_get(const struct xr_maps *m, struct xr_sync *s);
/* The whole entry written at once. */
int xr_sync_set(const struct xr_maps *m, const struct xr_sync *s);
/* The name of counter idx (XR_SYNC_COUNTER_LIST), or NULL. */
const char *xr_sync_counter_name(uint32_t idx);
/* The mode's name ("off", "kernel", "fpm"). */
const char *xr_sync_mode_name(uint32_t mode);
/* The one line refusing a CLI write of routes (neigh 0) or neighbours
 * (neigh 1) while mode is not OFF; NULL when the CLI may write. */
const char *xr_sync_refusal(const struct xr_sync *s, int neigh);

/* Whether a route is a connected route, the one link attach writes and
 * no mirror owns: proto kernel, unicast, one next hop (no group) with no
 * gateway, on an attached link. The one statement of the rule: the
 * CLI's `route flush` and the mirror (sync/) both ask it. */
int xr_route_connected(const struct xr_maps *m, uint8_t proto, uint8_t type,
		       int one_nh, int has_gw, uint32_t ifindex);
/* The same for a route as the CLI reads it. */
int xr_rt_connected(const struct xr_maps *m, const struct xr_rt *rt);

#endif
