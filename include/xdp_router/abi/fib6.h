/* SPDX-License-Identifier: GPL-2.0 */
/* The IPv6 FIB the fast path reads: xr_fib6_dir, _node, _leaf, _nh; _page
 * and _meta for the control plane. */
#ifndef XDP_ROUTER_ABI_FIB6_H
#define XDP_ROUTER_ABI_FIB6_H

#include "types.h"
#include "adj.h"
#include "route6.h"
#include "poptrie.h"

/* ------------------------------------------------------------------ */
/* A Poptrie as IPv4's (abi/poptrie.h, docs/fib.md): the top 16 bits    */
/* index xr_fib6_dir, then at most 19 nodes of 6 bits (the last one    */
/* holds bits 124-127) and one leaf. Entries as IPv4's, with 8 bits of */
/* prefix length (0 .. 128). Compiled from xr_routes6 like fib4.       */
/* ------------------------------------------------------------------ */
#define XR_FIB6_VALID       0x80000000u
#define XR_FIB6_EXT         0x40000000u   /* direct only: id is a node */
#define XR_FIB6_DEPTH_SHIFT 22
#define XR_FIB6_DEPTH_MASK  0xffu
#define XR_FIB6_ID_MASK     0x003fffffu   /* next hop id or node */

#define XR_PT6_DIRECT_BITS  16
#define XR_PT6_DIRECT_ELEMS ((1u << XR_PT6_DIRECT_BITS) / XR_PT_CHUNK)
#define XR_PT6_LEVELS       19            /* ceil((128 - 16) / 6) */
#define XR_PT6_NODES        (1u << 22)
#define XR_PT6_LEAVES       (1u << 23)
#define XR_PT6_LEAF_ELEMS   (XR_PT6_LEAVES / XR_PT_CHUNK)
#define XR_PT6_PAGES        ((XR_PT6_NODES + XR_PT6_LEAVES) / XR_PT_PAGE_UNITS)

#define XR_MAX_NH6          65536         /* next hops (id 0 means none) */

/*
 * xr_fib6_nh: array indexed by next-hop id, as xr_fib4_nh (fib4.h): a
 * slot is free when type is 0; adj[gen & 1] is the current rewrite.
 */
struct xr_nh6 {
	__u8  type;            /* enum xr_rtn */
	__u8  pad[3];
	__u32 ifindex;
	struct xr_in6 gw;      /* ::: the destination itself is the next hop */
	__u32 refcnt;          /* routes using it (control plane only) */
	__u32 gen;
	struct xr_adj adj[2];
};
_Static_assert(sizeof(struct xr_nh6) % 8 == 0, "xr_nh6 stride");

/* A next hop's current rewrite: the half its gen names. */
#define XR_NH6_ADJ(nh) (&(nh)->adj[(nh)->gen & 1])

#endif
