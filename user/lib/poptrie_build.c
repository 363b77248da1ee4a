// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie built from a route table (xr_pt_rebuild): the routes
 * sorted by address then length, so that a route comes after every
 * route that covers it; the short ones (the direct array's reach)
 * painted over the slots in that order, then each slot's subtree built
 * from its long routes, node by node, and switched in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/poptrie_int.h"

static int route_cmp(const void *pa, const void *pb)
{
	const struct xr_pt_route *a = pa, *b = pb;

	if (a->key.hi != b->key.hi)
		return a->key.hi < b->key.hi ? -1 : 1;
	if (a->key.lo != b->key.lo)
		return a->key.lo < b->key.lo ? -1 : 1;
	return (int)a->depth - (int)b->depth;
}

/* The routes of r[i ..] below position v of a node at this level: the
 * end of their run. */
static size_t run_end(const struct xr_pt_geom *g, const struct xr_pt_route *r,
		      size_t i, size_t hi, unsigned int level, unsigned int v)
{
	unsigned int off = xr_pt_off(g, level);

	while (i < hi && xr_pt_bits(r[i].key, off, XR_PT_STRIDE) == v)
		i++;
	return i;
}

/*
 * The node of this level for the routes r[lo, hi) (all longer than the
 * node's prefix and under it), its positions dflt where none covers
 * them: a leaf in *e or a node in *n (wide_finish's answer).
 */
static int build_node(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_route *r, size_t lo, size_t hi,
		      unsigned int level, uint32_t dflt, uint32_t *e,
		      struct xr_pt_node *n)
{
	unsigned int first, cnt, v;
	struct xr_pt_wide w;
	size_t i = lo, end;
	int res;

	xr_pt_wide_leaf(&w, dflt);
	while (i < hi) {
		if (!xr_pt_span(t->g, r[i].key, r[i].depth, level, &first, &cnt)) {
			for (v = first; v < first + cnt; v++)
				w.leaf[v] = r[i].e;
			i++;
			continue;
		}
		end = run_end(t->g, r, i, hi, level, first);
		res = build_node(t, x, r, i, end, level + 1, w.leaf[first],
				 &w.leaf[first], &w.kid[first]);
		if (res < 0)
			return res;
		w.kids |= (uint64_t)res << first;
		i = end;
	}
	return xr_pt_wide_finish(t, x, &w, NULL, e, n);
}

/* The short routes painted over the direct array's copy dir, in order
 * (a route after those that cover it); the long ones moved to the front
 * of r, in order: their count. */
static size_t paint_short(const struct xr_pt_geom *g, struct xr_pt_route *r,
			  size_t n, uint32_t *dir)
{
	unsigned int db = g->direct_bits;
	uint32_t first, cnt, s;
	size_t i, nl = 0;

	for (i = 0; i < n; i++) {
		if (r[i].depth > db) {
			r[nl++] = r[i];
			continue;
		}
		cnt = 1u << (db - r[i].depth);
		first = xr_pt_bits(r[i].key, 0, db) & ~(cnt - 1);
		for (s = first; s < first + cnt; s++)
			dir[s] = r[i].e;
	}
	return nl;
}

/* Slot s built from its long routes r[lo, hi) over dflt, and switched
 * in; its old blocks given up. */
static int slot_build(struct xr_poptrie *t, struct xr_pt_txn *x, uint32_t s,
		      const struct xr_pt_route *r, size_t lo, size_t hi,
		      uint32_t dflt)
{
	struct xr_pt_node n;
	uint32_t e = dflt, id;
	int res = 0, node;

	if (lo < hi)
		res = build_node(t, x, r, lo, hi, 0, dflt, &e, &n);
	node = res > 0;
	if (node)
		res = xr_pt_alloc(t, x, 0, 0, &id);
	if (node && !res) {
		t->nodes[id] = n;
		e = xr_pt_root_entry(t->g, id);
	}
	if (!res && e == xr_pt_load(&t->direct[s]) && !(e & t->g->ext))
		return 0;
	if (!res)
		res = xr_pt_slot_retire(t, s, &x->old);
	if (res) {
		xr_pt_txn_abort(t, x);
		return res;
	}
	xr_pt_store(&t->direct[s], e);
	return xr_pt_txn_commit(t, x);
}

static int build_slots(struct xr_poptrie *t, const struct xr_pt_route *r,
		       size_t nl, const uint32_t *dir)
{
	unsigned int db = t->g->direct_bits;
	struct xr_pt_txn x = { 0 };
	size_t i = 0, j;
	uint32_t s;
	int err = 0;

	for (s = 0; !err && s < 1u << db; s++) {
		for (j = i; j < nl && xr_pt_bits(r[j].key, 0, db) == s; j++)
			;
		err = slot_build(t, &x, s, r, i, j, dir[s]);
		i = j;
	}
	xr_pt_txn_free(&x);
	return err;
}

int xr_pt_rebuild(struct xr_poptrie *t, const struct xr_pt_route *r, size_t n)
{
	struct xr_pt_route *s = malloc((n ? n : 1) * sizeof(*s));
	uint32_t *dir = calloc(1u << t->g->direct_bits, sizeof(*dir));
	int err = -ENOMEM;
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].depth > t->g->key_bits)
			n = 0, err = -EINVAL;
	if (s && dir && err == -ENOMEM) {
		memcpy(s, r, n * sizeof(*s));
		qsort(s, n, sizeof(*s), route_cmp);
		err = build_slots(t, s, paint_short(t->g, s, n, dir), dir);
	}
	free(s);
	free(dir);
	return err;
}
