// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 route table (xr_routes4) and the FIB kept equal to it route by
 * route: the family's entry points into routes.c, which both families
 * share (docs/fib.md).
 */
#include "lib/route4.h"
#include "lib/routes.h"

int xr_route4_get(const struct xr_maps *m, __be32 dst, uint8_t plen,
		  struct xr_route4 *rt)
{
	return xr_rt_get(m, &xr_rt4, &dst, plen, rt);
}

int xr_route4_lookup(const struct xr_maps *m, __be32 addr,
		     struct xr_route4 *rt)
{
	return xr_rt_lookup(m, &xr_rt4, &addr, 32, rt);
}

int xr_route4_fib_entry(const struct xr_maps *m, __be32 addr, uint8_t maxlen,
			uint32_t *e)
{
	return xr_rt_fib_entry(m, &xr_rt4, &addr, maxlen, e);
}

int xr_route4_exists(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	return xr_rt_exists(m, &xr_rt4, &dst, plen);
}

int xr_route4_update(const struct xr_maps *m, const struct xr_route4 *rt)
{
	size_t done;

	return xr_rt_update_many(m, &xr_rt4, rt, 1, &done);
}

int xr_route4_update_many(const struct xr_maps *m, const struct xr_route4 *rts,
			  size_t n, size_t *done)
{
	return xr_rt_update_many(m, &xr_rt4, rts, n, done);
}

int xr_route4_delete(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	return xr_rt_delete(m, &xr_rt4, &dst, plen);
}

int xr_route4_dump(const struct xr_maps *m, struct xr_route4 **out,
		   size_t *n)
{
	return xr_rt_dump(m, &xr_rt4, (void **)out, n);
}
