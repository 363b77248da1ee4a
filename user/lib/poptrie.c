// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie (lib/poptrie.h): the geometries, the memory, lookup. The
 * changes are poptrie_apply.c's.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/poptrie_int.h"

const struct xr_pt_geom xr_pt_geom4 = {
	.key_bits = 32, .direct_bits = XR_PT4_DIRECT_BITS,
	.levels = XR_PT4_LEVELS,
	.nnodes = XR_PT4_NODES, .nleaves = XR_PT4_LEAVES,
	.valid = XR_FIB4_VALID, .ext = XR_FIB4_EXT, .id_mask = XR_FIB4_ID_MASK,
	.depth_shift = XR_FIB4_DEPTH_SHIFT, .depth_mask = XR_FIB4_DEPTH_MASK,
};

const struct xr_pt_geom xr_pt_geom6 = {
	.key_bits = 128, .direct_bits = XR_PT6_DIRECT_BITS,
	.levels = XR_PT6_LEVELS,
	.nnodes = XR_PT6_NODES, .nleaves = XR_PT6_LEAVES,
	.valid = XR_FIB6_VALID, .ext = XR_FIB6_EXT, .id_mask = XR_FIB6_ID_MASK,
	.depth_shift = XR_FIB6_DEPTH_SHIFT, .depth_mask = XR_FIB6_DEPTH_MASK,
};

struct xr_pt_key xr_pt_key6(const struct xr_in6 *a)
{
	return (struct xr_pt_key){
		(uint64_t)be32toh(a->a[0]) << 32 | be32toh(a->a[1]),
		(uint64_t)be32toh(a->a[2]) << 32 | be32toh(a->a[3]),
	};
}

void xr_pt_init(struct xr_poptrie *t, const struct xr_pt_geom *g,
		uint32_t *direct, struct xr_pt_node *nodes, uint32_t *leaves,
		struct xr_pt_page *pages, struct xr_pt_meta *meta)
{
	memset(t, 0, sizeof(*t));
	t->g = g;
	t->direct = direct;
	t->nodes = nodes;
	t->leaves = leaves;
	t->pages = pages;
	t->meta = meta;
}

void xr_pt_format(struct xr_poptrie *t)
{
	uint32_t p, n = (t->g->nnodes + t->g->nleaves) / XR_PT_PAGE_UNITS;

	memset(t->direct, 0, sizeof(uint32_t) << t->g->direct_bits);
	for (p = 0; p < n; p++)
		t->pages[p] = (struct xr_pt_page){ .order = XR_PT_ORDER_FREE };
	t->meta->nodes_used = t->meta->leaves_used = 0;
	t->meta->node_pages = t->meta->leaf_pages = 0;
	t->pending.n = 0;
	xr_pt_alloc_drop(t);
}

void xr_pt_fini(struct xr_poptrie *t)
{
	xr_pt_alloc_drop(t);
	xr_idlist_free(&t->pending);
}

uint64_t xr_pt_bytes(const struct xr_poptrie *t)
{
	return (sizeof(uint32_t) << t->g->direct_bits) +
	       t->meta->nodes_used * sizeof(struct xr_pt_node) +
	       t->meta->leaves_used * sizeof(uint32_t);
}

uint32_t xr_pt_lookup(const struct xr_poptrie *t, struct xr_pt_key key)
{
	const struct xr_pt_geom *g = t->g;
	uint32_t e = xr_pt_load(&t->direct[xr_pt_bits(key, 0, g->direct_bits)]);
	const struct xr_pt_node *n;
	unsigned int level, v;
	uint64_t m;

	if (!(e & g->ext))
		return e;
	n = &t->nodes[e & g->id_mask];
	for (level = 0;; level++) {
		v = xr_pt_bits(key, xr_pt_off(g, level), XR_PT_STRIDE);
		m = (2ull << v) - 1;
		if (!(n->vector >> v & 1)) {
			e = t->leaves[n->base0 +
				      __builtin_popcountll(n->leafvec & m) - 1];
			return e & g->ext ? xr_pt_tail_find(t, e, key) : e;
		}
		n = &t->nodes[n->base1 + __builtin_popcountll(n->vector & m) - 1];
	}
}

int xr_pt_add(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t e)
{
	struct xr_pt_op o = { key, depth, e, 0 };

	return xr_pt_apply(t, &o, 1);
}

int xr_pt_del(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t repl)
{
	struct xr_pt_op o = { key, depth, repl, 1 };

	return xr_pt_apply(t, &o, 1);
}
