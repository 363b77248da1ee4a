/* SPDX-License-Identifier: GPL-2.0 */
/* Links: xr_ifaces and xr_if_stats, indexed by ifindex. */
#ifndef XDP_ROUTER_ABI_LINK_H
#define XDP_ROUTER_ABI_LINK_H

#include "types.h"

#define XR_MAX_IFINDEX   16384        /* links are indexed by ifindex */

/* xr_ifaces: array indexed by ifindex; XR_IF_ATTACHED marks the links
 * the router is attached to (the rest are zero). */
struct xr_iface {
	__u8  mac[6];
	__u16 flags;           /* XR_IF_* */
	__u32 mtu;             /* egress MTU (L3 bytes) */
	__u32 mode;            /* XR_MODE_*, what link attach used */
};

#define XR_IF_UP        0x1
#define XR_IF_ATTACHED  0x2
#define XR_IF_NO_REDIRECTS 0x4 /* `link set DEV redirects off` */
#define XR_IF_CAPTURE   0x8    /* `xdp-router capture DEV` is running */

/* How a link is attached: XDP native or generic, or the tc entry on the
 * clsact ingress hook (where XDP cannot serve). */
enum xr_mode { XR_MODE_NATIVE = 1, XR_MODE_GENERIC = 2, XR_MODE_TC = 3 };

/* xr_if_stats: per-CPU array indexed by ifindex. */
struct xr_if_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
};

#endif
