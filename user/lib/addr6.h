/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's own IPv6 addresses (global and link-local): the xr_addrs6
 * map, and their /128 entries in the IPv6 FIB (type XR_RTN_LOCAL), which
 * sit outside the route table, as addr4.h. 0 or -errno.
 */
#ifndef XR_ADDR6_H
#define XR_ADDR6_H
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_addr6_entry {
	struct xr_in6 addr;
	struct xr_addr val;
};
/* Every entry of xr_addrs6. *out is malloc'd. */
int xr_addrs6_dump(const struct xr_maps *m, struct xr_addr6_entry **out,
		   size_t *n);

/* The address's /128 in the FIB, of type XR_RTN_LOCAL (replacing one
 * there already). A link-local address is the same for the FIB whatever
 * link holds it: delivered to the kernel. */
int xr_fib6_local_add(const struct xr_maps *m, const struct xr_in6 *addr,
		      uint32_t ifindex);
/* Remove it: the address falls under its route again (-ENOENT: it is
 * not one of ours in the FIB). */
int xr_fib6_local_del(const struct xr_maps *m, const struct xr_in6 *addr);

#endif
