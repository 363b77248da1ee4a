/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv4 neighbour table (xr_neigh4, keyed by link and address) and
 * the next-hop rewrites that follow from it. 0 or -errno; -ENOENT when
 * absent.
 */
#ifndef XR_NEIGH4_H
#define XR_NEIGH4_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_neigh4_entry {
	struct xr_neigh4_key key;
	struct xr_neigh val;
};
int xr_neigh4_get(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		  struct xr_neigh *n);
/* Add or replace, delete: the next hops that cache the MAC follow. */
int xr_neigh4_update(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		     const struct xr_neigh *n);
int xr_neigh4_delete(const struct xr_maps *m, uint32_t ifindex, __be32 addr);
/* Every neighbour, sorted by link then address. *out is malloc'd. */
int xr_neigh4_dump(const struct xr_maps *m, struct xr_neigh4_entry **out,
		   size_t *n);

/* The cached rewrite of a unicast next hop, from the link and neighbour
 * maps (nexthop.h's adj_fill; arg is the struct xr_maps). */
void xr_adj4_fill(void *arg, const struct xr_nh4 *nh, struct xr_adj *adj);
/* Either family: adj zeroed, then the egress link's half of the rewrite
 * (MAC, MTU, attached, up). */
void xr_adj_link_fill(const struct xr_maps *m, uint32_t ifindex,
		      struct xr_adj *adj);
/* Either family: the gateway's half (MAC when NUD_VALID; XR_ADJ_FAILED
 * when FAILED, which takes a group member out). */
void xr_adj_neigh_fill(const struct xr_neigh *n, struct xr_adj *adj);

#endif
