// SPDX-License-Identifier: GPL-2.0
/*
 * A Poptrie node spread out over its 64 positions (struct xr_pt_wide),
 * and written back as a node: its children in one block of the node
 * array, its leaves compressed (one per run of equal leaves, positions
 * with a child skipped) in one block of the leaf array.
 */
#include <errno.h>
#include <string.h>
#include "lib/poptrie_int.h"

int xr_pt_span(const struct xr_pt_geom *g, struct xr_pt_key key,
	       unsigned int depth, unsigned int level, unsigned int *first,
	       unsigned int *n)
{
	unsigned int off = xr_pt_off(g, level);

	*first = 0;
	*n = XR_PT_FANOUT;
	if (depth <= off)
		return 0;
	*first = xr_pt_bits(key, off, XR_PT_STRIDE);
	*n = 1;
	if (depth > off + XR_PT_STRIDE)
		return 1;
	*n = 1u << (off + XR_PT_STRIDE - depth);
	*first &= ~(*n - 1);
	return 0;
}

void xr_pt_wide_leaf(struct xr_pt_wide *w, uint32_t e)
{
	unsigned int v;

	w->kids = 0;
	for (v = 0; v < XR_PT_FANOUT; v++)
		w->leaf[v] = e;
}

uint32_t xr_pt_node_leaf(const struct xr_poptrie *t, const struct xr_pt_node *n,
			 unsigned int v)
{
	uint64_t m = (2ull << v) - 1;

	return t->leaves[n->base0 + __builtin_popcountll(n->leafvec & m) - 1];
}

void xr_pt_wide_read(const struct xr_poptrie *t, const struct xr_pt_node *n,
		     struct xr_pt_wide *w)
{
	uint32_t leaf = 0, li = n->base0, ki = n->base1;
	unsigned int v;

	w->kids = n->vector;
	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (n->vector >> v & 1) {
			w->kid[v] = t->nodes[ki++];
			continue;
		}
		if (n->leafvec >> v & 1)
			leaf = t->leaves[li++];
		w->leaf[v] = leaf;
	}
}

int xr_pt_wide_uniform(const struct xr_pt_wide *w, uint32_t *e)
{
	unsigned int v;

	if (w->kids)
		return 0;
	for (v = 1; v < XR_PT_FANOUT; v++)
		if (w->leaf[v] != w->leaf[0])
			return 0;
	*e = w->leaf[0];
	return 1;
}

/* The runs of w's leaves: their first values in run[], their starts as
 * the leaf vector; the count is returned. */
static unsigned int wide_runs(const struct xr_pt_wide *w, uint32_t *run,
			      __u64 *leafvec)
{
	unsigned int v, n = 0;

	*leafvec = 0;
	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (w->kids >> v & 1)
			continue;
		if (n && run[n - 1] == w->leaf[v])
			continue;
		run[n++] = w->leaf[v];
		*leafvec |= 1ull << v;
	}
	return n;
}

/* The leaves of old, when they are those (its block is kept). */
static int leaves_same(const struct xr_poptrie *t, const struct xr_pt_node *old,
		       const uint32_t *run, unsigned int n, uint64_t leafvec)
{
	return old && old->leafvec == leafvec && n &&
	       !memcmp(&t->leaves[old->base0], run, n * sizeof(*run));
}

static int write_leaves(struct xr_poptrie *t, struct xr_pt_txn *x,
			const uint32_t *run, unsigned int n, uint32_t *base)
{
	int err;

	*base = 0;
	if (!n)
		return 0;
	err = xr_pt_alloc(t, x, 1, xr_pt_order(n), base);
	if (!err)
		memcpy(&t->leaves[*base], run, n * sizeof(*run));
	return err;
}

static int write_kids(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_wide *w, uint32_t *base)
{
	unsigned int n = __builtin_popcountll(w->kids), v, i = 0;
	int err;

	*base = 0;
	if (!n)
		return 0;
	err = xr_pt_alloc(t, x, 0, xr_pt_order(n), base);
	if (err)
		return err;
	for (v = 0; v < XR_PT_FANOUT; v++)
		if (w->kids >> v & 1)
			t->nodes[*base + i++] = w->kid[v];
	return 0;
}

int xr_pt_wide_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, const struct xr_pt_node *old,
		     struct xr_pt_node *out)
{
	uint32_t run[XR_PT_FANOUT];
	unsigned int n = wide_runs(w, run, &out->leafvec);
	int err = 0;

	out->vector = w->kids;
	if (leaves_same(t, old, run, n, out->leafvec))
		out->base0 = old->base0;
	else
		err = write_leaves(t, x, run, n, &out->base0);
	return err ? err : write_kids(t, x, w, &out->base1);
}

uint32_t xr_pt_kids_blk(const struct xr_poptrie *t, const struct xr_pt_node *n)
{
	unsigned int c = __builtin_popcountll(n->vector);

	return c ? XR_PT_BLK(n->base1, xr_pt_order(c)) : XR_PT_NONE;
}

uint32_t xr_pt_leaves_blk(const struct xr_poptrie *t, const struct xr_pt_node *n)
{
	unsigned int c = __builtin_popcountll(n->leafvec);

	return c ? XR_PT_BLK(t->g->nnodes + n->base0, xr_pt_order(c)) :
		   XR_PT_NONE;
}

static int push_blk(struct xr_idlist *l, uint32_t b)
{
	return b == XR_PT_NONE ? 0 : xr_idlist_push(l, b);
}

int xr_pt_node_blocks(const struct xr_poptrie *t, const struct xr_pt_node *n,
		      int deep, struct xr_idlist *l)
{
	unsigned int i, c = __builtin_popcountll(n->vector);
	unsigned int nl = __builtin_popcountll(n->leafvec);
	int err = push_blk(l, xr_pt_kids_blk(t, n));
	uint32_t x;

	if (!err)
		err = push_blk(l, xr_pt_leaves_blk(t, n));
	for (i = 0; deep && !err && i < nl; i++) {
		x = t->leaves[n->base0 + i];
		if (xr_pt_is_tail(t->g, x))
			err = xr_idlist_push(l, XR_PT_BLK(x & t->g->id_mask, 0));
	}
	for (i = 0; deep && !err && i < c; i++)
		err = xr_pt_node_blocks(t, &t->nodes[n->base1 + i], 1, l);
	return err;
}

/* Whether w (no children) is E on the aligned run of E's own prefix,
 * below off, and F (plain, shorter or none) elsewhere; *first, the run. */
static int is_region(const struct xr_pt_geom *g, const struct xr_pt_wide *w,
		     unsigned int off, uint32_t E, uint32_t F,
		     unsigned int *first)
{
	unsigned int d = xr_pt_depth(g, E), n, v, cnt = 0;

	if (!(E & g->valid) || xr_pt_is_tail(g, E) || xr_pt_is_tail(g, F) ||
	    ((F & g->valid) && xr_pt_depth(g, F) >= d) ||
	    d <= off || d > off + XR_PT_STRIDE)
		return 0;
	n = 1u << (off + XR_PT_STRIDE - d);
	*first = XR_PT_FANOUT;
	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (w->leaf[v] != E)
			continue;
		*first = cnt++ ? *first : v;
	}
	if (cnt != n || *first % n)
		return 0;
	for (v = *first; v < *first + n; v++)
		if (w->leaf[v] != E)
			return 0;
	return 1;
}

/* The two values of w's positions (no children), if two: 1. */
static int two_values(const struct xr_pt_wide *w, uint32_t *a, uint32_t *b)
{
	unsigned int v;

	*a = *b = w->leaf[0];
	for (v = 1; v < XR_PT_FANOUT; v++) {
		if (w->leaf[v] == *a || w->leaf[v] == *b)
			continue;
		if (*b != *a)
			return 0;
		*b = w->leaf[v];
	}
	return *b != *a;
}

/* The one tail w holds (the rest its fallback): its leaf, or 0. */
static uint32_t lone_tail(const struct xr_poptrie *t, const struct xr_pt_wide *w)
{
	uint32_t a, b, tl, f;

	if (!two_values(w, &a, &b))
		return 0;
	tl = xr_pt_is_tail(t->g, a) ? a : b;
	f = tl == a ? b : a;
	if (!xr_pt_is_tail(t->g, tl) || xr_pt_is_tail(t->g, f) ||
	    xr_pt_tail_of(t, tl)->fallback != f)
		return 0;
	for (a = 0, b = 0; a < XR_PT_FANOUT; a++)
		b += w->leaf[a] == tl;
	return b == 1 ? tl : 0;
}

int xr_pt_tail_new(struct xr_poptrie *t, struct xr_pt_txn *x,
		   struct xr_pt_key p, uint32_t e, uint32_t f, uint32_t *leaf)
{
	struct xr_pt_tail *r;
	uint32_t id;
	int err = xr_pt_alloc(t, x, 0, 0, &id);

	if (err)
		return err;
	r = (struct xr_pt_tail *)&t->nodes[id];
	*r = (struct xr_pt_tail){ p.hi, p.lo, e, f };
	*leaf = xr_pt_root_entry(t->g, id);
	return 0;
}

/* A tail for w at `at` when it is one region: 1 (*e its leaf), 0 not. */
static int tail_make(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, struct xr_pt_at at,
		     uint32_t *e)
{
	const struct xr_pt_geom *g = t->g;
	unsigned int off = xr_pt_off(g, at.level), first;
	uint32_t a, b, E, F;
	struct xr_pt_key p;
	int err;

	if (w->kids || at.level == 0)
		return 0;
	if ((*e = lone_tail(t, w)))
		return 1;
	if (!two_values(w, &a, &b))
		return 0;
	if (is_region(g, w, off, a, b, &first))
		E = a, F = b;
	else if (is_region(g, w, off, b, a, &first))
		E = b, F = a;
	else
		return 0;
	p = xr_pt_key_mask(xr_pt_key_set(at.pfx, off, first), xr_pt_depth(g, E));
	err = xr_pt_tail_new(t, x, p, E, F, e);
	return err ? err : 1;
}

int xr_pt_wide_finish(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_wide *w, const struct xr_pt_node *old,
		      struct xr_pt_at at, uint32_t *e, struct xr_pt_node *n)
{
	int err;

	if (xr_pt_wide_uniform(w, e))
		return 0;
	err = tail_make(t, x, w, at, e);
	if (err)
		return err < 0 ? err : 0;
	err = xr_pt_wide_write(t, x, w, old, n);
	return err ? err : 1;
}

/* A slot's new root: w written, the root node in a block of its own;
 * or the leaf w is. */
int xr_pt_root_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, const struct xr_pt_node *old,
		     uint32_t *e)
{
	struct xr_pt_at root = { { 0, 0 }, 0 };
	struct xr_pt_node n;
	uint32_t id;
	int r = xr_pt_wide_finish(t, x, w, old, root, e, &n);

	if (r <= 0)
		return r;
	r = xr_pt_alloc(t, x, 0, 0, &id);
	if (r)
		return r;
	t->nodes[id] = n;
	*e = xr_pt_root_entry(t->g, id);
	return 1;
}

int xr_pt_slot_retire(const struct xr_poptrie *t, uint32_t s,
		      struct xr_idlist *l)
{
	uint32_t e = xr_pt_load(&t->direct[s]), id = e & t->g->id_mask;

	if (!(e & t->g->ext))
		return 0;
	return xr_idlist_push(l, XR_PT_BLK(id, 0)) ?:
	       xr_pt_node_blocks(t, &t->nodes[id], 1, l);
}
