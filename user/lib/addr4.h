/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's own IPv4 addresses: the xr_addrs4 map, and their /32
 * entries in the FIB (local and broadcast), which sit outside the route
 * table. 0 or -errno.
 */
#ifndef XR_ADDR4_H
#define XR_ADDR4_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_addr4_entry {
	__be32 addr;
	struct xr_addr val;
};
/* Every entry of xr_addrs4. *out is malloc'd. */
int xr_addrs4_dump(const struct xr_maps *m, struct xr_addr4_entry **out,
		   size_t *n);

/* The address's /32 in the FIB, of type XR_RTN_LOCAL or
 * XR_RTN_BROADCAST (replacing one there already). */
int xr_fib4_local_add(const struct xr_maps *m, __be32 addr, uint8_t type,
		      uint32_t ifindex);
/* Remove it: the address falls under its route again (-ENOENT: it is
 * not one of ours in the FIB). */
int xr_fib4_local_del(const struct xr_maps *m, __be32 addr);

#endif
