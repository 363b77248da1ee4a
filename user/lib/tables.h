/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to the route, neighbour, address and counter maps: the one
 * place the control plane reads and writes them (CLI, tests, bench).
 */
#ifndef XR_TABLES_H
#define XR_TABLES_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

/* Before a write to the route, address, neighbour or link maps: mark
 * the state as being written by this process (lib/fib4.h; no-op when the
 * FIB is not mapped). The write functions below do it themselves. */
void xr_tables_begin(const struct xr_maps *m);

/* The next hop a route uses: only unicast routes have device and gateway. */
static inline uint32_t xr_rt_nh_ifindex(const struct xr_route4 *rt)
{
	return rt->type == XR_RTN_UNICAST ? rt->ifindex : 0;
}

static inline __be32 xr_rt_nh_gw(const struct xr_route4 *rt)
{
	return rt->type == XR_RTN_UNICAST ? rt->gw : 0;
}

/* Routes (the fib). All return 0 or -errno; -ENOENT when absent. */
int xr_fib_get_exact(const struct xr_maps *m, __be32 dst, uint8_t plen,
		     struct xr_route4 *rt);
/* Whether dst/plen is a route (1) or not (0); mostly without a syscall. */
int xr_fib_exists(const struct xr_maps *m, __be32 dst, uint8_t plen);
int xr_fib_lookup(const struct xr_maps *m, __be32 addr, struct xr_route4 *rt);
int xr_fib_update(const struct xr_maps *m, const struct xr_route4 *rt);
/* Add or replace n routes, the route table written in batches; *done
 * routes were applied (all of them when 0 is returned). */
int xr_fib_update_many(const struct xr_maps *m, const struct xr_route4 *rts,
		       size_t n, size_t *done);
int xr_fib_delete(const struct xr_maps *m, __be32 dst, uint8_t plen);
/* The router's own addresses in the FIB (type XR_RTN_LOCAL or
 * XR_RTN_BROADCAST). */
int xr_fib_local_add(const struct xr_maps *m, __be32 addr, uint8_t type,
		     uint32_t ifindex);
int xr_fib_local_del(const struct xr_maps *m, __be32 addr);
/* Every route, sorted by prefix then length. *out is malloc'd. */
int xr_fib_dump(const struct xr_maps *m, struct xr_route4 **out, size_t *n);

/* Neighbours. */
struct xr_neigh_entry {
	struct xr_neigh4_key key;
	struct xr_neigh val;
};
int xr_neigh_get(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		 struct xr_neigh *n);
int xr_neigh_update(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		    const struct xr_neigh *n);
int xr_neigh_delete(const struct xr_maps *m, uint32_t ifindex, __be32 addr);
int xr_neigh_dump(const struct xr_maps *m, struct xr_neigh_entry **out,
		  size_t *n);

/* The router's own addresses. */
struct xr_addr_entry {
	__be32 addr;
	struct xr_addr4 val;
};
int xr_addrs_dump(const struct xr_maps *m, struct xr_addr_entry **out,
		  size_t *n);

/* Attached interfaces. */
struct xr_iface_entry {
	uint32_t ifindex;
	struct xr_iface val;
};
/* 0 when ifindex is an attached link (its entry in *v), else -ENOENT. */
int xr_iface_get(const struct xr_maps *m, uint32_t ifindex,
		 struct xr_iface *v);
int xr_ifaces_dump(const struct xr_maps *m, struct xr_iface_entry **out,
		   size_t *n);
/* Set and clear XR_IF_* flags of an attached link (-ENOENT if not);
 * the caller holds the state's exclusive lock. */
int xr_iface_set_flags(const struct xr_maps *m, uint32_t ifindex,
		       uint16_t set, uint16_t clear);

/* The cached rewrite of a next hop (nexthop.h's adj_fill; arg is the
 * struct xr_maps). */
void xr_adj_fill(void *arg, const struct xr_nh4 *nh, struct xr_adj4 *adj);

/* Counters, summed over CPUs. */
int xr_counters_read(const struct xr_maps *m, uint64_t out[XR_CNT_MAX]);
int xr_counters_reset(const struct xr_maps *m);
int xr_if_stats_read(const struct xr_maps *m, uint32_t ifindex,
		     struct xr_if_stats *sum);
int xr_if_stats_reset(const struct xr_maps *m, uint32_t ifindex);
/* The slow path's counters (written by the daemon). */
int xr_slow_stats_read(const struct xr_maps *m, struct xr_slow_stats *out);
int xr_slow_stats_reset(const struct xr_maps *m);
const char *xr_slow_name(uint32_t idx);
const char *xr_slow_group(uint32_t idx);
/* Name and group ("Ip", "Exceptions", "Other") of a counter index. */
const char *xr_counter_name(uint32_t idx);
const char *xr_counter_group(uint32_t idx);

#endif
