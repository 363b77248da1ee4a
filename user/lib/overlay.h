/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a batch has done so far, before anything is applied: a hash of
 * keys (routes, neighbours, links) marked present or absent, consulted
 * before the maps, so that a whole batch is checked against the state it
 * will meet line by line.
 */
#ifndef XR_OVERLAY_H
#define XR_OVERLAY_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"

enum { XR_OV_UNKNOWN = 0, XR_OV_PRESENT = 1, XR_OV_ABSENT = 2 };

struct xr_ov_entry {
	uint64_t key;
	uint8_t used;
	uint8_t state;
	struct xr_route4 rt;        /* for route keys */
};

struct xr_overlay {
	struct xr_ov_entry *tab;
	size_t cap;
	size_t n;
};

/* Keys: a tag in the top bits keeps the three kinds apart. */
uint64_t xr_ov_route_key(__be32 dst, uint8_t plen);
uint64_t xr_ov_neigh_key(uint32_t ifindex, __be32 addr);
uint64_t xr_ov_link_key(uint32_t ifindex);

/* XR_OV_UNKNOWN when the batch has not touched the key. */
int xr_ov_get(const struct xr_overlay *ov, uint64_t key, struct xr_route4 *rt);
int xr_ov_set(struct xr_overlay *ov, uint64_t key, int state,
	      const struct xr_route4 *rt);
void xr_ov_free(struct xr_overlay *ov);

#endif
