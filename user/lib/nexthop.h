/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The next-hop table the FIB entries point into (xr_fib4_nh): one slot
 * per distinct (type, device, gateway), shared by all the routes that
 * use it and counted by them. Like the FIB's blocks, a slot given up is not
 * reused before every reader that may hold it has finished.
 */
#ifndef XR_NEXTHOP_H
#define XR_NEXTHOP_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/idlist.h"

/* What names a next hop: (type, device, gateway); an IPv4 gateway is
 * gw.a[0], the rest 0. A link-local IPv6 gateway means something only
 * with its device, which is part of the key. */
struct xr_nh_key {
	uint8_t type;
	uint32_t ifindex;
	struct xr_in6 gw;
};

struct xr_nh_table {
	union {                     /* XR_MAX_NH4 / _NH6 slots; slot 0 unused */
		struct xr_nh4 *nh;  /* IPv4 (xr_fib4_nh) */
		struct xr_nh6 *nh6; /* v6: IPv6 (xr_fib6_nh) */
	};
	int v6;                     /* which of the two the slots are */
	uint32_t *nh_used;          /* slots in use (meta map) */
	uint32_t *idx;              /* this process's index: slot ids */
	size_t idx_cap;
	uint32_t cursor;
	struct xr_idlist pending;   /* given up, waiting for a grace period */
	int (*sync)(void);
	/* Fills the rewrite of a next hop from the links and neighbours. */
	union {
		void (*adj_fill)(void *arg, const struct xr_nh4 *nh,
				 struct xr_adj *adj);
		void (*adj_fill6)(void *arg, const struct xr_nh6 *nh,
				  struct xr_adj *adj);
	};
	void *adj_arg;
	/* The groups whose members are these slots (lib/nhgtab.h): every
	 * change of a rewrite balances those that hold it. */
	struct xr_nhg_table *groups;
};

/* The slot for this next hop, made if needed; takes a reference. */
int xr_nh_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	      __be32 gw, uint32_t *id);
int xr_nh6_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       const struct xr_in6 *gw, uint32_t *id);
int xr_nh_key_get(struct xr_nh_table *t, const struct xr_nh_key *k,
		  uint32_t *id);
/* The slot for this next hop, without a reference; -ENOENT if none. */
int xr_nh_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       __be32 gw, uint32_t *id);
int xr_nh6_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
		const struct xr_in6 *gw, uint32_t *id);
int xr_nh_key_find(struct xr_nh_table *t, const struct xr_nh_key *k,
		   uint32_t *id);
/* Drop a reference; the last one gives the slot up. */
int xr_nh_put(struct xr_nh_table *t, uint32_t id);
/* Recompute the rewrite of the unicast next hops on ifindex (through gw
 * only, unless any_gw): after a neighbour or a link changed. */
int xr_nh_refresh(struct xr_nh_table *t, uint32_t ifindex, __be32 gw,
		  int any_gw);
int xr_nh6_refresh(struct xr_nh_table *t, uint32_t ifindex,
		   const struct xr_in6 *gw, int any_gw);
/* Every unicast next hop whose rewrite is stale: *stale counts them, and
 * with fix they are rewritten (after a write was cut short). */
int xr_nh_refresh_all(struct xr_nh_table *t, int fix, size_t *stale);
/* Let the slots given up so far be reused (sync, then free). */
int xr_nh_release(struct xr_nh_table *t);
void xr_nh_fini(struct xr_nh_table *t);

/* Either family: how many slots, and a slot's type and count. A FIB
 * entry's id naming a group (XR_FIB_NHG) is of type unicast. */
uint32_t xr_nh_max(const struct xr_nh_table *t);
uint8_t xr_nh_type(const struct xr_nh_table *t, uint32_t id);
uint32_t *xr_nh_refcnt(const struct xr_nh_table *t, uint32_t id);
/* A slot's key, and the rewrite readers use now. */
void xr_nh_key_of(const struct xr_nh_table *t, uint32_t id,
		  struct xr_nh_key *k);
const struct xr_adj *xr_nh_adj(const struct xr_nh_table *t, uint32_t id);
/* Free slot id at once (a repair, after its grace period). */
void xr_nh_clear(struct xr_nh_table *t, uint32_t id);

#endif
