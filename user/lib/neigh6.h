/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv6 neighbour table (xr_neigh6, ndisc's, keyed by link and
 * address) and the next-hop rewrites that follow from it, as neigh4.h.
 * 0 or -errno; -ENOENT when absent.
 */
#ifndef XR_NEIGH6_H
#define XR_NEIGH6_H
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_neigh6_entry {
	struct xr_neigh6_key key;
	struct xr_neigh val;
};
int xr_neigh6_get(const struct xr_maps *m, uint32_t ifindex,
		  const struct xr_in6 *addr, struct xr_neigh *n);
/* Add or replace, delete: the next hops that cache the MAC follow. */
int xr_neigh6_update(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_in6 *addr, const struct xr_neigh *n);
int xr_neigh6_delete(const struct xr_maps *m, uint32_t ifindex,
		     const struct xr_in6 *addr);
/* Every neighbour, sorted by link then address. *out is malloc'd. */
int xr_neigh6_dump(const struct xr_maps *m, struct xr_neigh6_entry **out,
		   size_t *n);
/* The rewrite of an IPv6 unicast next hop, from the link (xr_ifaces)
 * and, through a gateway, its neighbour when NUD_VALID (the next-hop
 * table's adj_fill6; arg is the struct xr_maps). */
void xr_adj6_fill(void *arg, const struct xr_nh6 *nh, struct xr_adj *adj);

#endif
