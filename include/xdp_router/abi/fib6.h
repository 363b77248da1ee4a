/* SPDX-License-Identifier: GPL-2.0 */
/* The IPv6 FIB the fast path reads: xr_fib6_tbl16, _tbl8, _nh, _meta. */
#ifndef XDP_ROUTER_ABI_FIB6_H
#define XDP_ROUTER_ABI_FIB6_H

#include "types.h"
#include "adj.h"
#include "route6.h"

/* ------------------------------------------------------------------ */
/* A multibit trie, as DPDK's rte_lpm6 but with a 16-bit first level   */
/* (docs/fib.md): tbl16 has one entry per /16; an entry is a next hop,  */
/* or (EXT) the index of a group of 256 entries for the next 8 bits of  */
/* the address, whose entries are again next hops or groups, down to   */
/* bit 128: at most 1 + 14 reads. Compiled by the control plane from   */
/* xr_routes6 like fib4. Every entry carries the prefix length of the  */
/* route it came from (8 bits: 0 .. 128), which is what makes          */
/* incremental updates possible; entries are written with single       */
/* 32-bit stores, so a reader sees the old route or the new one.       */
/* ------------------------------------------------------------------ */
#define XR_FIB6_VALID       0x80000000u
#define XR_FIB6_EXT         0x40000000u   /* id is a group */
#define XR_FIB6_DEPTH_SHIFT 22
#define XR_FIB6_DEPTH_MASK  0xffu
#define XR_FIB6_ID_MASK     0x003fffffu   /* next hop id or group */

#define XR_FIB6_TBL16_BITS  16
#define XR_FIB6_LEVELS      14            /* 8-bit levels after tbl16 */
#define XR_FIB6_CHUNK_BITS  10
#define XR_FIB6_CHUNK       (1u << XR_FIB6_CHUNK_BITS)
#define XR_FIB6_TBL16_ELEMS ((1u << XR_FIB6_TBL16_BITS) / XR_FIB6_CHUNK)
/* 56 MiB of groups: the 2024 Internet table (160,147 prefixes) takes
 * 38,155 of them; about 235,000 prefixes of its length mix fit. */
#define XR_FIB6_GROUPS      57344u

#define XR_MAX_NH6          65536         /* next hops (id 0 means none) */

struct xr_fib6_chunk {
	__u32 e[XR_FIB6_CHUNK];
};

struct xr_fib6_group {
	__u32 e[256];
};

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

/* xr_fib6_meta: one element; which groups are in use. */
struct xr_fib6_meta {
	__u32 tbl8_used;
	__u32 nh_used;
	__u64 tbl8_bitmap[XR_FIB6_GROUPS / 64];
};

#endif
