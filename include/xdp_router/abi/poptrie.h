/* SPDX-License-Identifier: GPL-2.0 */
/* The FIB's structure, both families: Poptrie (docs/fib.md). */
#ifndef XDP_ROUTER_ABI_POPTRIE_H
#define XDP_ROUTER_ABI_POPTRIE_H

#include "types.h"

/* ------------------------------------------------------------------ */
/* Poptrie (Asai and Ohara, SIGCOMM 2015): a multiway trie whose nodes  */
/* are two 64-bit vectors, found by counting set bits.                  */
/*                                                                      */
/* The top XR_PTn_DIRECT_BITS of the address index the direct array    */
/* (xr_fibN_dir, u32 entries in chunks of 1,024): an entry there is a   */
/* FIB entry (VALID, depth, next hop or group: fib4.h, fib6.h), or,     */
/* with EXT, the index of the root node of that slot's subtree in       */
/* xr_fibN_node. A node consumes the next 6 bits of the address, v      */
/* (0..63; past the last bit of the address the missing bits are 0):   */
/*                                                                      */
/*   bit v of vector set: child = node[base1 + popcnt(vector & m) - 1]  */
/*   else:                leaf  = leaf[base0 + popcnt(leafvec & m) - 1] */
/*   where m = (2 << v) - 1, the bits 0 .. v                            */
/*                                                                      */
/* A node's children are one block of the node array, in order of v,    */
/* and its leaves one block of the leaf array: leaf compression keeps   */
/* one leaf per run of equal leaves (leafvec marks where a run starts;  */
/* positions with a child are skipped). A leaf is a FIB entry without   */
/* EXT. Every entry keeps the prefix length of the route it comes from, */
/* which is what lets one route be added or removed on its own.         */
/*                                                                      */
/* Updates never write what a reader may be reading: the changed nodes  */
/* and everything on their path up to the slot's root are written anew  */
/* in free blocks, then the direct entry, one aligned 32-bit store,     */
/* switches the slot to them; the old blocks are freed after a grace    */
/* period (user/lib/rcu.c).                                             */
/* ------------------------------------------------------------------ */
#define XR_PT_STRIDE        6
#define XR_PT_FANOUT        64

struct xr_pt_node {
	__u64 vector;          /* bit v: position v is a child node */
	__u64 leafvec;         /* bit v: a run of equal leaves starts at v */
	__u32 base0;           /* the first leaf, in xr_fibN_leaf */
	__u32 base1;           /* the first child, in xr_fibN_node */
};

/* The direct array and the leaves: u32 entries, 1,024 to a map element
 * (an array map rounds each value up to 8 bytes). */
#define XR_PT_CHUNK_BITS    10
#define XR_PT_CHUNK         (1u << XR_PT_CHUNK_BITS)

struct xr_pt_chunk {
	__u32 e[XR_PT_CHUNK];
};

/*
 * The allocator (control plane only; user/lib/poptrie_alloc.c). The node
 * and leaf arrays are cut into pages of 64 units (nodes or leaves); a
 * page in use holds blocks of one size, 1 << order units (order 0 .. 6),
 * and used says which. Blocks are what a node's children or leaves take.
 * xr_fibN_page holds the node array's pages, then the leaf array's.
 */
#define XR_PT_PAGE_UNITS    64
#define XR_PT_ORDER_FREE    0xffu   /* a page holding no block */

struct xr_pt_page {
	__u64 used;            /* bit i: block i (of 64 >> order) in use */
	__u8  order;           /* XR_PT_ORDER_FREE, or the blocks' order */
	__u8  pad[7];
};

/* xr_fibN_meta: one element. */
struct xr_pt_meta {
	__u32 nh_used;         /* next-hop slots in use (xr_fibN_nh) */
	__u32 pad;
	__u64 nodes_used;      /* units of blocks in use, node array */
	__u64 leaves_used;     /* the same, leaf array */
	__u64 node_pages;      /* pages not free, node array */
	__u64 leaf_pages;      /* the same, leaf array */
	__u64 rsvd[11];        /* 128 bytes in all */
};

#endif
