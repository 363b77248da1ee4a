/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Next-hop groups (ECMP) of either family (abi/nhg.h): made from their
 * members, shared by every route with the same members and counted by
 * them (as nexthop.h's slots are), their buckets kept resilient as
 * members become unusable and usable again; and the multipath settings
 * (hash policy per family, the per-boot seed). docs/fib.md "Next-hop
 * groups". All return 0 or -errno.
 */
#ifndef XR_NHG_H
#define XR_NHG_H

#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

/* One member as a route names it: a unicast next hop and its weight. */
struct xr_nhg_spec {
	uint32_t ifindex;
	struct xr_in6 gw;      /* IPv4: gw.a[0], the rest 0 */
	uint16_t weight;       /* 1 .. XR_NHG_WEIGHT_MAX */
};

/* A member as stored, for `route show` and `route get`. */
struct xr_nhg_info {
	struct xr_nhg_spec spec;
	uint32_t nh;           /* its next-hop id */
	uint8_t usable;        /* link attached and up, neighbour not FAILED */
	uint8_t buckets;       /* buckets it serves now */
};

/* The group of these members (any order, distinct, 1 .. XR_NHG_MAX_
 * MEMBERS), found or made; takes one reference on it. -ENOSPC: no free
 * slot; -EINVAL: a bad member list. */
int xr_nhg_get(const struct xr_maps *m, int v6, const struct xr_nhg_spec *memb,
	       unsigned int n, uint32_t *gid);
/* Another reference on gid / drop one (the last gives the slot up and
 * its members' references, the slot reused after a grace period). */
int xr_nhg_hold(const struct xr_maps *m, int v6, uint32_t gid);
int xr_nhg_put(const struct xr_maps *m, int v6, uint32_t gid);
/* The members of gid as stored (*n: room in, members out). */
int xr_nhg_read(const struct xr_maps *m, int v6, uint32_t gid,
		struct xr_nhg_info *out, unsigned int *n);

/* The multipath settings (xr_mp_cfg). */
int xr_mp_cfg_get(const struct xr_maps *m, struct xr_mp_cfg *cfg);
int xr_mp_cfg_set_policy(const struct xr_maps *m, int v6, uint8_t policy);
/* Draw the per-boot seed unless drawn (state creation, upgrade). */
int xr_mp_cfg_seed(const struct xr_maps *m);

/* The member a hash picks in a group, as the fast path does (the slow
 * path's route_output, tests). */
static inline uint32_t xr_nhg_pick(const struct xr_nhg *g, uint32_t hash)
{
	return g->bucket[xr_mp_bucket(hash)];
}

#endif
