/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route table and the FIB kept in step with it, for either family
 * (routes.c): the logic route4.c and route6.c share, on the routes'
 * common layout (the prefix first, then length, type, protocol, device,
 * gateway; the key a length then the prefix). Only for route4.c and
 * route6.c; everyone else calls xr_route4_* or xr_route6_*.
 */
#ifndef XR_ROUTES_H
#define XR_ROUTES_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_rtfam {
	int v6;
	unsigned int alen;      /* bytes of an address: 4 or 16 */
	size_t rt_size;         /* sizeof(struct xr_route4 / _route6) */
};

extern const struct xr_rtfam xr_rt4, xr_rt6;

/* Addresses are the family's own (a __be32, a struct xr_in6); routes
 * are struct xr_route4 or struct xr_route6. */
int xr_rt_get(const struct xr_maps *m, const struct xr_rtfam *f,
	      const void *dst, uint8_t plen, void *rt);
int xr_rt_lookup(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *addr, uint8_t maxlen, void *rt);
int xr_rt_exists(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *dst, uint8_t plen);
int xr_rt_fib_entry(const struct xr_maps *m, const struct xr_rtfam *f,
		    const void *addr, uint8_t maxlen, uint32_t *e);
int xr_rt_update_many(const struct xr_maps *m, const struct xr_rtfam *f,
		      const void *rts, size_t n, size_t *done);
int xr_rt_delete(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *dst, uint8_t plen);
int xr_rt_dump(const struct xr_maps *m, const struct xr_rtfam *f, void **out,
	       size_t *n);

#endif
