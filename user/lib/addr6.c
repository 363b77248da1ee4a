// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include "lib/addr6.h"
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/mapdump.h"
#include "lib/route6.h"

int xr_addrs6_dump(const struct xr_maps *m, struct xr_addr6_entry **out,
		   size_t *n)
{
	return xr_map_dump(m->addrs6, sizeof(struct xr_in6), sizeof(**out),
			   offsetof(struct xr_addr6_entry, val), (void **)out, n);
}

/*
 * The router's own IPv6 addresses in the FIB: /128 entries of type
 * RTN_LOCAL outside the route table, as addr4.c for IPv4 (IPv6 has no
 * broadcast). A /128 route of the same address gives way to the local
 * entry and is what the address falls under again once it is removed.
 */
int xr_fib6_local_del(const struct xr_maps *m, const struct xr_in6 *addr)
{
	uint32_t e, id, repl;
	int err;

	if ((err = xr_maps_fib6_begin(m)))
		return err;
	e = xr_fib6_lookup(m->fib6, addr);
	id = e & XR_FIB6_ID_MASK;
	if (!(e & XR_FIB6_VALID) || xr_fib6_depth(e) != 128 ||
	    xr_nh_type(&m->fib6->nh, id) != XR_RTN_LOCAL)
		return -ENOENT;
	if ((err = xr_route6_fib_entry(m, addr, 128, &repl)))
		return err;
	if ((err = xr_fib6_del(m->fib6, addr, 128, repl)))
		return err;
	return xr_nh_put(&m->fib6->nh, id);
}

int xr_fib6_local_add(const struct xr_maps *m, const struct xr_in6 *addr,
		      uint32_t ifindex)
{
	static const struct xr_in6 none;
	uint32_t id;
	int err;

	if ((err = xr_maps_fib6_begin(m)))
		return err;
	err = xr_fib6_local_del(m, addr);      /* the same address twice */
	if (err && err != -ENOENT)
		return err;
	if ((err = xr_nh6_get(&m->fib6->nh, XR_RTN_LOCAL, ifindex, &none, &id)))
		return err;
	if ((err = xr_fib6_add(m->fib6, addr, 128, id)))
		xr_nh_put(&m->fib6->nh, id);
	return err;
}
