/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv6 route table (xr_routes6, an LPM trie) and the IPv6 FIB kept
 * in step with it route by route (docs/fib.md), as route4.h for IPv4:
 * the one place IPv6 routes are read and written. All return 0 or
 * -errno; -ENOENT when absent.
 */
#ifndef XR_ROUTE6_H
#define XR_ROUTE6_H
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

/* The next hop a route uses: only unicast routes have device and gateway. */
static inline uint32_t xr_route6_nh_ifindex(const struct xr_route6 *rt)
{
	return rt->type == XR_RTN_UNICAST ? rt->ifindex : 0;
}

/* The route dst/plen itself, from the route table. */
int xr_route6_get(const struct xr_maps *m, const struct xr_in6 *dst,
		  uint8_t plen, struct xr_route6 *rt);
/* Whether dst/plen is a route (1) or not (0). */
int xr_route6_exists(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen);
/* The longest route covering addr, from the route table (not the FIB:
 * the router's own addresses are not in it). */
int xr_route6_lookup(const struct xr_maps *m, const struct xr_in6 *addr,
		     struct xr_route6 *rt);
/* The FIB entry of the longest route of at most maxlen bits covering
 * addr, from the route table (*e 0 if none; -EUCLEAN: the FIB is out of
 * step, the route's next hop has no slot). */
int xr_route6_fib_entry(const struct xr_maps *m, const struct xr_in6 *addr,
			uint8_t maxlen, uint32_t *e);
/* Add or replace one route: FIB first, route table second. */
int xr_route6_update(const struct xr_maps *m, const struct xr_route6 *rt);
/* Add or replace n routes; *done routes were applied (all of them when
 * 0 is returned). */
int xr_route6_update_many(const struct xr_maps *m, const struct xr_route6 *rts,
			  size_t n, size_t *done);
/* Remove the route dst/plen: route table first, FIB second. */
int xr_route6_delete(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen);
/* Every route, sorted by prefix then length. *out is malloc'd. */
int xr_route6_dump(const struct xr_maps *m, struct xr_route6 **out,
		   size_t *n);

#endif
