// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 route table (xr_routes6) and the IPv6 FIB kept equal to it
 * route by route: the family's entry points into routes.c, which both
 * families share (docs/fib.md).
 */
#include "lib/route6.h"
#include "lib/routes.h"

int xr_route6_get(const struct xr_maps *m, const struct xr_in6 *dst,
		  uint8_t plen, struct xr_route6 *rt)
{
	return xr_rt_get(m, &xr_rt6, dst, plen, rt);
}

int xr_route6_lookup(const struct xr_maps *m, const struct xr_in6 *addr,
		     struct xr_route6 *rt)
{
	return xr_rt_lookup(m, &xr_rt6, addr, 128, rt);
}

int xr_route6_fib_entry(const struct xr_maps *m, const struct xr_in6 *addr,
			uint8_t maxlen, uint32_t *e)
{
	return xr_rt_fib_entry(m, &xr_rt6, addr, maxlen, e);
}

int xr_route6_exists(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen)
{
	return xr_rt_exists(m, &xr_rt6, dst, plen);
}

int xr_route6_update(const struct xr_maps *m, const struct xr_route6 *rt)
{
	size_t done;

	return xr_rt_update_many(m, &xr_rt6, rt, 1, &done);
}

int xr_route6_update_many(const struct xr_maps *m, const struct xr_route6 *rts,
			  size_t n, size_t *done)
{
	return xr_rt_update_many(m, &xr_rt6, rts, n, done);
}

int xr_route6_delete(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen)
{
	return xr_rt_delete(m, &xr_rt6, dst, plen);
}

int xr_route6_dump(const struct xr_maps *m, struct xr_route6 **out,
		   size_t *n)
{
	return xr_rt_dump(m, &xr_rt6, (void **)out, n);
}
