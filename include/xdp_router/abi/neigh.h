/* SPDX-License-Identifier: GPL-2.0 */
/* Neighbours (xr_neigh4, xr_neigh6): the kernel's neighbour tables (arp,
 * ndisc) and NUD states. */
#ifndef XDP_ROUTER_ABI_NEIGH_H
#define XDP_ROUTER_ABI_NEIGH_H

#include "types.h"
#include "route6.h"        /* struct xr_in6 */

#define XR_MAX_NEIGH4    65536
#define XR_MAX_NEIGH6    65536

/* ------------------------------------------------------------------ */
/* Neighbours: key struct xr_neigh4_key, value struct xr_neigh.        */
/* ------------------------------------------------------------------ */
struct xr_neigh4_key {
	__u32 ifindex;
	__be32 addr;
};

/* IPv6 (ndisc): key struct xr_neigh6_key, value struct xr_neigh. */
struct xr_neigh6_key {
	__u32 ifindex;
	struct xr_in6 addr;
};

/* The kernel's NUD_* states. */
#define XR_NUD_INCOMPLETE 0x01
#define XR_NUD_REACHABLE  0x02
#define XR_NUD_STALE      0x04
#define XR_NUD_DELAY      0x08
#define XR_NUD_PROBE      0x10
#define XR_NUD_FAILED     0x20
#define XR_NUD_NOARP      0x40
#define XR_NUD_PERMANENT  0x80
/* States whose lladdr the fast path may use (the kernel's NUD_VALID). */
#define XR_NUD_VALID (XR_NUD_PERMANENT | XR_NUD_NOARP | XR_NUD_REACHABLE | \
		      XR_NUD_PROBE | XR_NUD_STALE | XR_NUD_DELAY)

struct xr_neigh {
	__u8  mac[6];
	__u16 state;           /* XR_NUD_* */
	__u32 flags;
	__u64 updated_ns;      /* CLOCK_MONOTONIC of the last confirmation */
};

#endif
