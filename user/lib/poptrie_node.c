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
	int err = push_blk(l, xr_pt_kids_blk(t, n));

	if (!err)
		err = push_blk(l, xr_pt_leaves_blk(t, n));
	for (i = 0; deep && !err && i < c; i++)
		err = xr_pt_node_blocks(t, &t->nodes[n->base1 + i], 1, l);
	return err;
}

/* w, changed, made a leaf (*e) or a node (*n) of fresh blocks; 1 when a
 * node. */
int xr_pt_wide_finish(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_wide *w, const struct xr_pt_node *old,
		      uint32_t *e, struct xr_pt_node *n)
{
	int err;

	if (xr_pt_wide_uniform(w, e))
		return 0;
	err = xr_pt_wide_write(t, x, w, old, n);
	return err ? err : 1;
}

/* A slot's new root: w written, the root node in a block of its own;
 * or the leaf w is. */
int xr_pt_root_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, const struct xr_pt_node *old,
		     uint32_t *e)
{
	struct xr_pt_node n;
	uint32_t id;
	int r = xr_pt_wide_finish(t, x, w, old, e, &n);

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
