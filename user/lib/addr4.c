// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <arpa/inet.h>
#include "lib/addr4.h"
#include "lib/fib4.h"
#include "lib/mapdump.h"
#include "lib/route4.h"

int xr_addrs4_dump(const struct xr_maps *m, struct xr_addr4_entry **out,
		   size_t *n)
{
	return xr_map_dump(m->addrs4, sizeof(__be32), sizeof(**out),
			   offsetof(struct xr_addr4_entry, val), (void **)out, n);
}

/*
 * The router's own addresses in the FIB: /32 entries outside the route
 * table, so that one lookup tells local, broadcast and forwarded apart.
 * A route of the same /32 is refused by the CLI; the connected /32 of an
 * address of length 32 is added before it and removed after it.
 */
int xr_fib4_local_del(const struct xr_maps *m, __be32 addr)
{
	uint32_t e, id, repl;
	uint8_t type;
	int err;

	if ((err = xr_maps_fib_begin(m)))
		return err;
	e = xr_fib4_lookup(m->fib, ntohl(addr));
	id = e & XR_FIB4_ID_MASK;
	type = xr_nh_type(&m->fib->nh, id);
	if (!(e & XR_FIB4_VALID) || xr_fib4_depth(e) != 32 ||
	    (type != XR_RTN_LOCAL && type != XR_RTN_BROADCAST))
		return -ENOENT;
	/* what the address falls under once it is not ours: a /32 route
	 * of the same address included (a connected /32) */
	if ((err = xr_route4_fib_entry(m, addr, 32, &repl)))
		return err;
	if ((err = xr_fib4_del(m->fib, ntohl(addr), 32, repl)))
		return err;
	return xr_nh_put(&m->fib->nh, id);
}

int xr_fib4_local_add(const struct xr_maps *m, __be32 addr, uint8_t type,
		      uint32_t ifindex)
{
	uint32_t id;
	int err;

	if ((err = xr_maps_fib_begin(m)))
		return err;
	err = xr_fib4_local_del(m, addr);      /* the same address twice */
	if (err && err != -ENOENT)
		return err;
	if ((err = xr_nh_get(&m->fib->nh, type, ifindex, 0, &id)))
		return err;
	if ((err = xr_fib4_add(m->fib, ntohl(addr), 32, id)))
		xr_nh_put(&m->fib->nh, id);
	return err;
}
