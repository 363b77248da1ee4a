/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The links the fast path is attached to: their entries in xr_ifaces
 * (flags, MAC, MTU). Attaching and detaching is lib/iface.h.
 */
#ifndef XR_IFACES_H
#define XR_IFACES_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_iface_entry {
	uint32_t ifindex;
	struct xr_iface val;
};
/* 0 when ifindex is an attached link (its entry in *v), else -ENOENT. */
int xr_iface_get(const struct xr_maps *m, uint32_t ifindex,
		 struct xr_iface *v);
/* The attached links, sorted by ifindex. *out is malloc'd. */
int xr_ifaces_dump(const struct xr_maps *m, struct xr_iface_entry **out,
		   size_t *n);
/* Set and clear XR_IF_* flags of an attached link (-ENOENT if not);
 * the caller holds the state's exclusive lock. */
int xr_iface_set_flags(const struct xr_maps *m, uint32_t ifindex,
		       uint16_t set, uint16_t clear);

#endif
