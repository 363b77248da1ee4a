// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie (lib/poptrie.h): the geometries, lookup, and the update of
 * one route by path copying. An update works slot by slot: a slot that
 * is a plain entry takes the route by one store; a slot with a subtree
 * gets the nodes the route changes, and all their ancestors, written
 * anew in fresh blocks (poptrie_node.c), then its direct entry switched
 * to the new root. Every slot's new entry is prepared before any is
 * stored, so a lack of memory leaves everything as it was.
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
		if (!(n->vector >> v & 1))
			return t->leaves[n->base0 +
					 __builtin_popcountll(n->leafvec & m) - 1];
		n = &t->nodes[n->base1 + __builtin_popcountll(n->vector & m) - 1];
	}
}

/* ------------------------------------------------------------------ */
/* One route added or removed.                                          */

struct op {
	struct xr_pt_key key;
	unsigned int depth;
	uint32_t e;                 /* add: the route; del: what replaces it */
	int del;
};

/* What an entry the route covers becomes (per address: add takes the
 * place of no route or a route no longer; delete gives its place, and
 * a shorter one's, to repl). */
static uint32_t leaf_apply(const struct xr_pt_geom *g, const struct op *o,
			   uint32_t x)
{
	int valid = !!(x & g->valid);
	unsigned int d = xr_pt_depth(g, x);

	if (o->del)
		return valid && d <= o->depth ? o->e : x;
	return !valid || d <= o->depth ? o->e : x;
}

static int update_wide(struct xr_poptrie *t, struct xr_pt_txn *x,
		       const struct op *o, unsigned int level,
		       struct xr_pt_wide *w);

/* Position v of w, a leaf the route goes below: a node of 64 of that
 * leaf, updated. 1 changed, 0 not, -errno. */
static int push_down(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct op *o, unsigned int level,
		     struct xr_pt_wide *w, unsigned int v)
{
	struct xr_pt_wide sub;
	int r;

	if (leaf_apply(t->g, o, w->leaf[v]) == w->leaf[v])
		return 0;
	xr_pt_wide_leaf(&sub, w->leaf[v]);
	r = update_wide(t, x, o, level + 1, &sub);
	if (r > 0)
		r = xr_pt_wide_finish(t, x, &sub, NULL, &w->leaf[v], &w->kid[v]);
	if (r > 0)
		w->kids |= 1ull << v;
	return r < 0 ? r : 1;
}

/* The old node's blocks, given up: its children's always, its leaves'
 * unless the new node (when one) kept them. */
static int give_up(struct xr_poptrie *t, struct xr_pt_txn *x,
		   const struct xr_pt_node *old, const struct xr_pt_node *n)
{
	uint32_t kb = xr_pt_kids_blk(t, old), lb = xr_pt_leaves_blk(t, old);
	int err = 0;

	if (kb != XR_PT_NONE)
		err = xr_idlist_push(&x->old, kb);
	if (!err && lb != XR_PT_NONE && (!n || n->base0 != old->base0 ||
					 !n->leafvec))
		err = xr_idlist_push(&x->old, lb);
	return err;
}

/* The child at position v of w, updated: 1 changed, 0 not, -errno. */
static int update_kid(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct op *o, unsigned int level,
		      struct xr_pt_wide *w, unsigned int v)
{
	struct xr_pt_node old = w->kid[v];
	struct xr_pt_wide sub;
	int r;

	xr_pt_wide_read(t, &old, &sub);
	r = update_wide(t, x, o, level + 1, &sub);
	if (r <= 0)
		return r;
	r = xr_pt_wide_finish(t, x, &sub, &old, &w->leaf[v], &w->kid[v]);
	if (r < 0)
		return r;
	if (!r)
		w->kids &= ~(1ull << v);
	return give_up(t, x, &old, r ? &w->kid[v] : NULL) ?: 1;
}

/* Apply the route to w, a node of this level spread out: 1 changed, 0
 * not, -errno. */
static int update_wide(struct xr_poptrie *t, struct xr_pt_txn *x,
		       const struct op *o, unsigned int level,
		       struct xr_pt_wide *w)
{
	unsigned int first, n, v;
	int deep = xr_pt_span(t->g, o->key, o->depth, level, &first, &n);
	int r, changed = 0;
	uint32_t e;

	for (v = first; v < first + n; v++) {
		if (w->kids >> v & 1)
			r = update_kid(t, x, o, level, w, v);
		else if (deep)
			r = push_down(t, x, o, level, w, v);
		else if ((e = leaf_apply(t->g, o, w->leaf[v])) != w->leaf[v])
			w->leaf[v] = e, r = 1;
		else
			r = 0;
		if (r < 0)
			return r;
		changed |= r;
	}
	return changed;
}

/* Slot s's entry under the route, in *e (blocks written, not switched
 * in): 1 changed, 0 not, -errno. */
static int slot_update(struct xr_poptrie *t, struct xr_pt_txn *x,
		       const struct op *o, uint32_t s, uint32_t *e)
{
	const struct xr_pt_geom *g = t->g;
	uint32_t cur = xr_pt_load(&t->direct[s]);
	struct xr_pt_node old;
	struct xr_pt_wide w;
	int r;

	if (!(cur & g->ext)) {
		*e = leaf_apply(g, o, cur);
		if (*e == cur || o->depth <= g->direct_bits)
			return *e != cur;
		xr_pt_wide_leaf(&w, cur);
		r = update_wide(t, x, o, 0, &w);
		return r <= 0 ? r : xr_pt_root_write(t, x, &w, NULL, e) ?: 1;
	}
	old = t->nodes[cur & g->id_mask];
	xr_pt_wide_read(t, &old, &w);
	r = update_wide(t, x, o, 0, &w);
	if (r <= 0)
		return r;
	r = xr_pt_root_write(t, x, &w, &old, e);
	if (r < 0)
		return r;
	return xr_idlist_push(&x->old, XR_PT_BLK(cur & g->id_mask, 0)) ?:
	       give_up(t, x, &old, r ? &t->nodes[*e & g->id_mask] : NULL) ?: 1;
}

/* The slots' changes, prepared, then stored. */
struct slot_set {
	struct xr_idlist slot, e;
};

static int prepare(struct xr_poptrie *t, struct xr_pt_txn *x,
		   const struct op *o, struct slot_set *c)
{
	const struct xr_pt_geom *g = t->g;
	unsigned int db = g->direct_bits;
	uint32_t s, n = 1, first = xr_pt_bits(o->key, 0, db), e;
	int r;

	if (o->depth < db) {
		n = 1u << (db - o->depth);
		first &= ~(n - 1);
	}
	for (s = first; s < first + n; s++) {
		r = slot_update(t, x, o, s, &e);
		if (r > 0)
			r = xr_idlist_push(&c->slot, s) ?: xr_idlist_push(&c->e, e);
		if (r < 0)
			return r;
	}
	return 0;
}

static int update(struct xr_poptrie *t, const struct op *o)
{
	struct xr_pt_txn x = { 0 };
	struct slot_set c = { 0 };
	size_t i;
	int err;

	if (o->depth > t->g->key_bits)
		return -EINVAL;
	err = prepare(t, &x, o, &c);
	if (err) {
		xr_pt_txn_abort(t, &x);
	} else {
		for (i = 0; i < c.slot.n; i++)
			xr_pt_store(&t->direct[c.slot.v[i]], c.e.v[i]);
		err = xr_pt_txn_commit(t, &x);
	}
	xr_pt_txn_free(&x);
	xr_idlist_free(&c.slot);
	xr_idlist_free(&c.e);
	return err;
}

int xr_pt_add(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t e)
{
	struct op o = { key, depth, e, 0 };

	return update(t, &o);
}

int xr_pt_del(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t repl)
{
	struct op o = { key, depth, repl, 1 };

	return update(t, &o);
}
