/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One step down a Poptrie (include/xdp_router/abi/poptrie.h, docs/fib.md),
 * for both families' lookups (fib4.h, fib6.h): node id's 6 bits v name a
 * child node or a leaf, found by counting the set bits of the node's
 * vectors up to v. No popcount instruction in BPF: clang expands
 * __builtin_popcountll into a few shifts, masks and one multiply.
 */
#ifndef XR_BPF_POPTRIE_H
#define XR_BPF_POPTRIE_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"

/* The u32 entry at index i of an array of xr_pt_chunk (leaves, direct
 * entries); 0 when out of the array. */
static __always_inline __u32 pt_entry(void *chunks, __u32 i)
{
	__u32 k = i >> XR_PT_CHUNK_BITS;
	struct xr_pt_chunk *c = bpf_map_lookup_elem(chunks, &k);

	return c ? c->e[i & (XR_PT_CHUNK - 1)] : 0;
}

/*
 * Node *id, bits v: 1 and *id the child when v is a child; 0 and *e the
 * leaf when v is a leaf (0: a node out of the array, no route).
 */
static __always_inline int pt_step(void *nodes, void *leaves, __u32 *id,
				   __u32 v, __u32 *e)
{
	struct xr_pt_node *n = bpf_map_lookup_elem(nodes, id);
	__u64 m = (2ull << (v & (XR_PT_FANOUT - 1))) - 1;

	if (!n) {
		*e = 0;
		return 0;
	}
	if (n->vector >> (v & (XR_PT_FANOUT - 1)) & 1) {
		*id = n->base1 + __builtin_popcountll(n->vector & m) - 1;
		return 1;
	}
	*e = pt_entry(leaves, n->base0 + __builtin_popcountll(n->leafvec & m) - 1);
	return 0;
}

#endif
