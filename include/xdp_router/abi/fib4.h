/* SPDX-License-Identifier: GPL-2.0 */
/* The FIB the fast path reads: xr_fib4_tbl24, _tbl8, _nh, _meta. */
#ifndef XDP_ROUTER_ABI_FIB4_H
#define XDP_ROUTER_ABI_FIB4_H

#include "types.h"
#include "adj.h"

#define XR_MAX_NH4       65536        /* next hops (id 0 means none) */

/* ------------------------------------------------------------------ */
/* The FIB the fast path reads: DIR-24-8 (as DPDK's rte_lpm), compiled  */
/* by the control plane from xr_routes4, the route table that stays    */
/* the one source of truth. See docs/fib.md.                           */
/*                                                                     */
/* tbl24 has one entry per /24, in chunks of 1024 per map element (an */
/* array of u32 values would take 8 bytes an entry); an entry is a     */
/* next hop, or (EXT) the index of a tbl8 group of 256 entries, one    */
/* per address of that /24. Every entry carries the prefix length of   */
/* the route it came from, which is what makes incremental updates     */
/* possible. Entries are written with single 32-bit stores, so a       */
/* reader sees the old route or the new one, never none.               */
/* ------------------------------------------------------------------ */
#define XR_FIB4_VALID       0x80000000u
#define XR_FIB4_EXT         0x40000000u   /* tbl24 only: id is a tbl8 group */
#define XR_FIB4_DEPTH_SHIFT 24
#define XR_FIB4_DEPTH_MASK  0x3fu
#define XR_FIB4_ID_MASK     0x00ffffffu   /* next hop id or tbl8 group */

#define XR_FIB4_CHUNK_BITS  10
#define XR_FIB4_CHUNK       (1u << XR_FIB4_CHUNK_BITS)
#define XR_FIB4_TBL24_ELEMS ((1u << 24) / XR_FIB4_CHUNK)
#define XR_FIB4_TBL8_GROUPS 65536u        /* /24s that hold longer routes */

struct xr_fib4_chunk {
	__u32 e[XR_FIB4_CHUNK];
};

struct xr_fib4_group {
	__u32 e[256];
};


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

/* xr_fib4_meta: one element; which tbl8 groups are in use. */
struct xr_fib4_meta {
	__u32 tbl8_used;
	__u32 nh_used;
	__u64 tbl8_bitmap[XR_FIB4_TBL8_GROUPS / 64];
};

#endif
