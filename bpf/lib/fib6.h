/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib6_lookup: longest prefix match in the router's IPv6 FIB, a multibit
 * trie (include/xdp_router/abi/fib6.h, docs/fib.md): one read of tbl16
 * for the first 16 bits, then one group of 256 entries per further byte
 * of the address while the entry says there are longer routes (a /48 of
 * the Internet's table: 5 reads; /128: 15), then the next hop by id.
 * No LPM trie on this path: its cost grows with the table.
 */
#ifndef XR_BPF_FIB6_H
#define XR_BPF_FIB6_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "maps.h"

/* The FIB entry for daddr: XR_FIB6_VALID clear when there is no route. */
static __always_inline __u32 fib6_lookup(const struct xr_in6 *daddr)
{
	struct xr_in6 a = *daddr;          /* on the stack: indexed by byte */
	const __u8 *b = (const __u8 *)&a;
	__u32 k = ((__u32)b[0] << 8 | b[1]) >> XR_FIB6_CHUNK_BITS;
	struct xr_fib6_chunk *chunk;
	struct xr_fib6_group *grp;
	__u32 e, i;

	chunk = bpf_map_lookup_elem(&xr_fib6_tbl16, &k);
	if (!chunk)
		return 0;
	e = chunk->e[((__u32)b[0] << 8 | b[1]) & (XR_FIB6_CHUNK - 1)];
	for (i = 0; i < XR_FIB6_LEVELS; i++) {
		if (!(e & XR_FIB6_EXT))
			return e;
		k = e & XR_FIB6_ID_MASK;
		grp = bpf_map_lookup_elem(&xr_fib6_tbl8, &k);
		if (!grp)
			return 0;
		e = grp->e[b[2 + i]];
	}
	return e & XR_FIB6_EXT ? 0 : e;
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
