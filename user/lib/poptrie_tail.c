// SPDX-License-Identifier: GPL-2.0
/*
 * Tails (abi/poptrie.h, docs/fib.md "Tails"): path compression for lone
 * routes. A node position whose addresses hold one route deeper than
 * the position over one other entry is a leaf naming a tail record
 * {prefix, entry, fallback}, not a chain of nodes. Here: the rule,
 * applied as a node is finished (bottom up, so a tail climbs to the
 * highest position that is still lone); a tail spread out again when a
 * change must go inside it; whether a change touches it; records
 * copied and compared.
 */
#include <errno.h>
#include "lib/poptrie_int.h"

/* The positions of w that are not f: one range of one value, [*first,
 * *first + *n); 0 when they are not that (or there are none). */
static int one_region(const struct xr_pt_wide *w, uint32_t f,
		      unsigned int *first, unsigned int *n)
{
	unsigned int v, lo = XR_PT_FANOUT, hi = 0;

	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (w->leaf[v] == f)
			continue;
		if (lo < XR_PT_FANOUT && w->leaf[v] != w->leaf[lo])
			return 0;
		if (lo == XR_PT_FANOUT)
			lo = v;
		hi = v;
	}
	if (lo == XR_PT_FANOUT)
		return 0;
	for (v = lo; v <= hi; v++)
		if (w->leaf[v] != w->leaf[lo])
			return 0;
	*first = lo;
	*n = hi - lo + 1;
	return 1;
}

int xr_pt_tail_new(struct xr_poptrie *t, struct xr_pt_txn *x,
		   struct xr_pt_key p, uint32_t e, uint32_t f, uint32_t *out)
{
	struct xr_pt_tail *r;
	uint32_t id;
	int err = xr_pt_alloc(t, x, 0, 0, &id);

	if (err)
		return err;
	r = (struct xr_pt_tail *)&t->nodes[id];
	*r = (struct xr_pt_tail){ p.hi, p.lo, e, f };
	*out = t->g->valid | t->g->ext | id;
	return 0;
}

/* w's positions f but for [first, first + n) of e: a tail when e is the
 * one route there, exactly on its prefix's positions (n < 64). */
static int region_tail(struct xr_poptrie *t, struct xr_pt_txn *x,
		       const struct xr_pt_wide *w, unsigned int level,
		       struct xr_pt_key pfx, uint32_t f, uint32_t *e)
{
	const struct xr_pt_geom *g = t->g;
	unsigned int off = xr_pt_off(g, level), first, n, d;
	uint32_t r;

	if ((f & g->ext) || !one_region(w, f, &first, &n))
		return 0;
	r = w->leaf[first];
	if (r & g->ext) {
		if (n != 1 || xr_pt_tail_of(t, r)->fallback != f)
			return 0;
		*e = r;             /* the tail below climbs to here */
		return 1;
	}
	d = xr_pt_depth(g, r);
	if (!(r & g->valid) || d <= off || d > off + XR_PT_STRIDE ||
	    n != 1u << (off + XR_PT_STRIDE - d) || first % n)
		return 0;
	return xr_pt_tail_new(t, x, xr_pt_setbits(pfx, off, XR_PT_STRIDE, first),
			  r, f, e) ?: 1;
}

int xr_pt_tail_finish(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_wide *w, unsigned int level,
		      struct xr_pt_key pfx, uint32_t *e)
{
	unsigned int v;
	int r;

	if (!level || w->kids)
		return 0;           /* a root stays a node */
	for (v = 1; v < XR_PT_FANOUT && w->leaf[v] == w->leaf[0]; v++)
		;
	if (v == XR_PT_FANOUT)
		return 0;
	r = region_tail(t, x, w, level, pfx, w->leaf[0], e);
	return r ? r : region_tail(t, x, w, level, pfx, w->leaf[v], e);
}

void xr_pt_tail_expand(const struct xr_poptrie *t, uint32_t e,
		       unsigned int level, struct xr_pt_wide *w, uint32_t *dead)
{
	const struct xr_pt_tail *r = xr_pt_tail_of(t, e);
	unsigned int first, n, v;

	xr_pt_wide_leaf(w, r->fallback);
	*dead = XR_PT_NONE;
	if (xr_pt_span(t->g, xr_pt_tail_key(r), xr_pt_depth(t->g, r->e), level,
		       &first, &n)) {
		w->leaf[first] = e;  /* still lone one level down */
		return;
	}
	for (v = first; v < first + n; v++)
		w->leaf[v] = r->e;
	*dead = e & t->g->id_mask;
}

int xr_pt_tail_changes(const struct xr_poptrie *t, uint32_t e,
		       const struct xr_pt_op *o)
{
	const struct xr_pt_tail *r = xr_pt_tail_of(t, e);
	unsigned int d = xr_pt_depth(t->g, r->e);
	struct xr_pt_key p = xr_pt_tail_key(r);
	int meets = xr_pt_match(o->key, p, o->depth < d ? o->depth : d);
	int inside = o->depth >= d && xr_pt_match(o->key, p, d);

	if (meets && xr_pt_leaf_apply(t->g, o, r->e) != r->e)
		return 1;
	return !inside && xr_pt_leaf_apply(t->g, o, r->fallback) != r->fallback;
}

int xr_pt_tail_copy(struct xr_poptrie *t, struct xr_pt_txn *x,
		    const struct xr_poptrie *src, uint32_t e, uint32_t *out)
{
	const struct xr_pt_tail *r = xr_pt_tail_of(src, e);

	return xr_pt_tail_new(t, x, xr_pt_tail_key(r), r->e, r->fallback, out);
}

int xr_pt_leaf_equal(const struct xr_poptrie *a, uint32_t ea,
		     const struct xr_poptrie *b, uint32_t eb)
{
	const struct xr_pt_tail *ra, *rb;

	if (!(ea & a->g->ext) || !(eb & b->g->ext))
		return ea == eb;
	ra = xr_pt_tail_of(a, ea);
	rb = xr_pt_tail_of(b, eb);
	return ra->hi == rb->hi && ra->lo == rb->lo && ra->e == rb->e &&
	       ra->fallback == rb->fallback;
}

int xr_pt_tail_sound(const struct xr_poptrie *t, uint32_t e,
		     unsigned int level)
{
	const struct xr_pt_geom *g = t->g;
	const struct xr_pt_tail *r = xr_pt_tail_of(t, e);
	unsigned int d = xr_pt_depth(g, r->e);

	return (r->e & g->valid) && !(r->e & g->ext) &&
	       !(r->fallback & g->ext) && r->e != r->fallback &&
	       d > xr_pt_off(g, level + 1) && d <= g->key_bits;
}
