/* SPDX-License-Identifier: GPL-2.0 */
/* A next hop's rewrite, the same for both families (fib4.h, fib6.h). */
#ifndef XDP_ROUTER_ABI_ADJ_H
#define XDP_ROUTER_ABI_ADJ_H

#include "types.h"

/*
 * The rewrite of one next hop (the kernel's hh_cache, VPP's adjacency):
 * everything ip_finish_output2 needs, so a packet via a gateway costs no
 * lookup after the FIB. Kept up to date by the control plane whenever a
 * neighbour or an egress link changes.
 */
struct xr_adj {
	__u8  dmac[6];         /* the gateway's MAC (XR_ADJ_NEIGH) */
	__u8  smac[6];         /* the egress link's MAC */
	__u16 flags;           /* XR_ADJ_* */
	__u16 pad;
	__u32 mtu;             /* the egress link's MTU */
};

#define XR_ADJ_TX     0x1      /* egress link attached */
#define XR_ADJ_NEIGH  0x2      /* dmac is a usable neighbour (NUD_VALID) */
#define XR_ADJ_UP     0x4      /* the egress link is up with carrier */
#define XR_ADJ_FAILED 0x8      /* the gateway's neighbour is FAILED: a group
				 * member lends its buckets (abi/nhg.h) */

#endif
