/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The next-hop table the FIB entries point into (xr_fib4_nh): one slot
 * per distinct (type, device, gateway), shared by all the routes that
 * use it and counted by them. Like tbl8 groups, a slot given up is not
 * reused before every reader that may hold it has finished.
 */
#ifndef XR_NEXTHOP_H
#define XR_NEXTHOP_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/idlist.h"

struct xr_nh_table {
	struct xr_nh4 *nh;          /* XR_MAX_NH4 slots; slot 0 unused */
	uint32_t *nh_used;          /* slots in use (meta map) */
	uint32_t *idx;              /* this process's index: slot ids */
	size_t idx_cap;
	uint32_t cursor;
	struct xr_idlist pending;   /* given up, waiting for a grace period */
	int (*sync)(void);
	/* Fills the rewrite of a next hop from the links and neighbours. */
	void (*adj_fill)(void *arg, const struct xr_nh4 *nh,
			 struct xr_adj *adj);
	void *adj_arg;
};

/* The slot for this next hop, made if needed; takes a reference. */
int xr_nh_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	      __be32 gw, uint32_t *id);
/* The slot for this next hop, without a reference; -ENOENT if none. */
int xr_nh_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       __be32 gw, uint32_t *id);
/* Drop a reference; the last one gives the slot up. */
int xr_nh_put(struct xr_nh_table *t, uint32_t id);
/* Recompute the rewrite of the unicast next hops on ifindex (through gw
 * only, unless any_gw): after a neighbour or a link changed. */
int xr_nh_refresh(struct xr_nh_table *t, uint32_t ifindex, __be32 gw,
		  int any_gw);
/* Every unicast next hop whose rewrite is stale: *stale counts them, and
 * with fix they are rewritten (after a write was cut short). */
int xr_nh_refresh_all(struct xr_nh_table *t, int fix, size_t *stale);
/* Let the slots given up so far be reused (sync, then free). */
int xr_nh_release(struct xr_nh_table *t);
void xr_nh_fini(struct xr_nh_table *t);

#endif
