/* SPDX-License-Identifier: GPL-2.0 */
/* The FIB the fast path reads: xr_fib4_dir, _node, _leaf, _nh; _page and
 * _meta for the control plane. */
#ifndef XDP_ROUTER_ABI_FIB4_H
#define XDP_ROUTER_ABI_FIB4_H

#include "types.h"
#include "adj.h"
#include "poptrie.h"

#define XR_MAX_NH4       65536        /* next hops (id 0 means none) */

/* ------------------------------------------------------------------ */
/* The FIB the fast path reads: a Poptrie (abi/poptrie.h, docs/fib.md), */
/* compiled by the control plane from xr_routes4, the route table that  */
/* stays the one source of truth. The top 18 bits index xr_fib4_dir;   */
/* then at most three nodes (bits 18-23, 24-29, 30-31) and one leaf.    */
/*                                                                      */
/* An entry (direct or leaf) is a next hop, or in the direct array      */
/* (EXT) the index of a root node. Every entry carries the prefix      */
/* length of the route it came from, which is what makes incremental   */
/* updates possible.                                                    */
/* ------------------------------------------------------------------ */
#define XR_FIB4_VALID       0x80000000u
#define XR_FIB4_EXT         0x40000000u   /* direct only: id is a node */
#define XR_FIB4_DEPTH_SHIFT 24
#define XR_FIB4_DEPTH_MASK  0x3fu
#define XR_FIB4_ID_MASK     0x00ffffffu   /* next hop id or node */

#define XR_PT4_DIRECT_BITS  18
#define XR_PT4_DIRECT_ELEMS ((1u << XR_PT4_DIRECT_BITS) / XR_PT_CHUNK)
#define XR_PT4_LEVELS       3             /* ceil((32 - 18) / 6) */
/* 96 MiB of nodes, 32 MiB of leaves: the limit is memory (docs/fib.md
 * "Capacity"). */
#define XR_PT4_NODES        (1u << 22)
#define XR_PT4_LEAVES       (1u << 23)
#define XR_PT4_LEAF_ELEMS   (XR_PT4_LEAVES / XR_PT_CHUNK)
#define XR_PT4_PAGES        ((XR_PT4_NODES + XR_PT4_LEAVES) / XR_PT_PAGE_UNITS)

/*
 * xr_fib4_nh: array indexed by next-hop id, shared by every route with
 * the same type, device and gateway. A slot is free when type is 0.
 * adj[gen & 1] is the current rewrite; the control plane writes the
 * other half and then flips gen, so a reader never sees half a MAC.
 */
struct xr_nh4 {
	__u8  type;            /* enum xr_rtn */
	__u8  pad[3];
	__u32 ifindex;
	__be32 gw;             /* 0: the destination itself is the next hop */
	__u32 refcnt;          /* routes using it (control plane only) */
	__u32 gen;
	struct xr_adj adj[2];
	__u32 pad2;            /* a multiple of 8: the array's stride */
};

/* A next hop's current rewrite: the half its gen names. */
#define XR_NH4_ADJ(nh) (&(nh)->adj[(nh)->gen & 1])

#endif
