/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib6_lookup: longest prefix match in the router's IPv6 FIB, a Poptrie
 * as IPv4's (include/xdp_router/abi/fib6.h, docs/fib.md): the top 16
 * bits index the direct array, then one node of 6 bits per level while
 * the address has longer routes (a /48 of the Internet's table: 6 reads;
 * /128: 20), and one leaf; then the next hop by id. No LPM trie on this
 * path: its cost grows with the table.
 */
#ifndef XR_BPF_FIB6_H
#define XR_BPF_FIB6_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "maps.h"
#include "poptrie.h"

/* The 6 bits of the address (hi, lo: host order) at pos, a multiple of
 * 6 from 16: never across the two words (16 + 6 * 8 = 64); past bit 127
 * the missing bits are 0. */
static __always_inline __u32 fib6_bits(__u64 hi, __u64 lo, __u32 pos)
{
	__u64 w = pos < 64 ? hi << (pos & 63) : lo << ((pos - 64) & 63);

	return (__u32)(w >> (64 - XR_PT_STRIDE));
}

/* The FIB entry for daddr: XR_FIB6_VALID clear when there is no route. */
static __always_inline __u32 fib6_lookup(const struct xr_in6 *daddr)
{
	__u64 hi = (__u64)bpf_ntohl(daddr->a[0]) << 32 | bpf_ntohl(daddr->a[1]);
	__u64 lo = (__u64)bpf_ntohl(daddr->a[2]) << 32 | bpf_ntohl(daddr->a[3]);
	__u32 e = pt_entry(&xr_fib6_dir, (__u32)(hi >> (64 - XR_PT6_DIRECT_BITS)));
	__u32 id, pos = XR_PT6_DIRECT_BITS, i;

	if (!(e & XR_FIB6_EXT))
		return e;
	id = e & XR_FIB6_ID_MASK;
	for (i = 0; i < XR_PT6_LEVELS; i++, pos += XR_PT_STRIDE)
		if (!pt_step(&xr_fib6_node, &xr_fib6_leaf, &id,
			     fib6_bits(hi, lo, pos), &e))
			return e;
	return 0;      /* deeper than an address: not a FIB */
}

/* The next hop of id; NULL for a free slot. */
static __always_inline struct xr_nh6 *fib6_nh_id(__u32 id)
{
	struct xr_nh6 *nh = bpf_map_lookup_elem(&xr_fib6_nh, &id);

	return nh && nh->type ? nh : NULL;
}

/* The next hop of a FIB entry; NULL when there is no route, and for a
 * next-hop group (XR_FIB_NHG), which only the destination's lookup
 * resolves (nhg.h): not local, not on-link. */
static __always_inline struct xr_nh6 *fib6_nh(__u32 e)
{
	if (!(e & XR_FIB6_VALID) || (e & XR_FIB_NHG))
		return NULL;
	return fib6_nh_id(e & XR_FIB6_ID_MASK);
}

#endif
