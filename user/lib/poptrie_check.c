// SPDX-License-Identifier: GPL-2.0
/*
 * Check and repair (xr_pt_check): every slot walked from its direct
 * entry, each block it reaches checked (inside its array, aligned, on a
 * page of its order, marked in use, reached once), each node checked
 * (no deeper than the geometry, leaf vector where the leaves are);
 * then the pages made to say exactly which blocks are reachable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/poptrie_int.h"

struct walk {
	const struct xr_poptrie *t;
	uint64_t *reached;          /* per page: the blocks reached */
	uint8_t *order;             /* per page: their order */
};

static int reach(struct walk *k, uint32_t blk, int leaves)
{
	const struct xr_pt_geom *g = k->t->g;
	uint32_t u = XR_PT_BLK_UNIT(blk), o = XR_PT_BLK_ORDER(blk);
	uint32_t lo = leaves ? g->nnodes : 0, hi = lo + (leaves ? g->nleaves : g->nnodes);
	uint32_t p = u / XR_PT_PAGE_UNITS;
	uint64_t bit = 1ull << ((u % XR_PT_PAGE_UNITS) >> o);

	if (blk == XR_PT_NONE)
		return 0;
	if (u < lo || (uint64_t)u + (1u << o) > hi || u & ((1u << o) - 1))
		return -EUCLEAN;
	if (k->t->pages[p].order != o || !(k->t->pages[p].used & bit) ||
	    k->reached[p] & bit)
		return -EUCLEAN;
	k->reached[p] |= bit;
	k->order[p] = o;
	return 0;
}

/* The leaf vector marks the first leaf position, and only leaves. */
static int node_sound(const struct xr_pt_node *n)
{
	uint64_t leafpos = ~n->vector;

	if (n->leafvec & n->vector)
		return 0;
	return !leafpos || (n->leafvec & leafpos & -leafpos);
}

static int walk_node(struct walk *k, const struct xr_pt_node *n,
		     unsigned int level)
{
	const struct xr_poptrie *t = k->t;
	unsigned int i, nk = __builtin_popcountll(n->vector);
	unsigned int nl = __builtin_popcountll(n->leafvec);
	int err;

	if (level >= t->g->levels || !node_sound(n))
		return -EUCLEAN;
	err = reach(k, xr_pt_kids_blk(t, n), 0) ?:
	      reach(k, xr_pt_leaves_blk(t, n), 1);
	for (i = 0; !err && i < nl; i++)
		if (t->leaves[n->base0 + i] & t->g->ext)
			err = -EUCLEAN;
	for (i = 0; !err && i < nk; i++)
		err = walk_node(k, &t->nodes[n->base1 + i], level + 1);
	return err;
}

static int walk_slots(struct walk *k)
{
	const struct xr_pt_geom *g = k->t->g;
	uint32_t s, e, id;
	int err = 0;

	for (s = 0; !err && s < 1u << g->direct_bits; s++) {
		e = xr_pt_load(&k->t->direct[s]);
		if (!(e & g->ext))
			continue;
		id = e & g->id_mask;
		err = reach(k, XR_PT_BLK(id, 0), 0);
		if (!err)
			err = walk_node(k, &k->t->nodes[id], 0);
	}
	return err;
}

/* Page p as the walk found it. */
static struct xr_pt_page page_found(const struct walk *k, uint32_t p)
{
	if (!k->reached[p])
		return (struct xr_pt_page){ .order = XR_PT_ORDER_FREE };
	return (struct xr_pt_page){ .used = k->reached[p], .order = k->order[p] };
}

static void count_page(struct xr_pt_meta *m, const struct xr_pt_page *pg,
		       int leaves)
{
	uint64_t units;

	if (pg->order == XR_PT_ORDER_FREE)
		return;
	units = (uint64_t)__builtin_popcountll(pg->used) << pg->order;
	if (leaves) {
		m->leaves_used += units;
		m->leaf_pages++;
	} else {
		m->nodes_used += units;
		m->node_pages++;
	}
}

/* The pages that differ from what the walk found; made so when fix. */
static uint64_t pages_fix(struct xr_poptrie *t, const struct walk *k, int fix)
{
	uint32_t p, np = (t->g->nnodes + t->g->nleaves) / XR_PT_PAGE_UNITS;
	uint32_t nodep = t->g->nnodes / XR_PT_PAGE_UNITS;
	struct xr_pt_page pg;
	uint64_t diff = 0;

	if (fix)
		t->meta->nodes_used = t->meta->leaves_used =
		t->meta->node_pages = t->meta->leaf_pages = 0;
	for (p = 0; p < np; p++) {
		pg = page_found(k, p);
		if (pg.used != t->pages[p].used || pg.order != t->pages[p].order)
			diff++;
		if (fix) {
			t->pages[p] = pg;
			count_page(t->meta, &pg, p >= nodep);
		}
	}
	return diff;
}

int xr_pt_check(struct xr_poptrie *t, int fix, uint64_t *fixed)
{
	uint32_t np = (t->g->nnodes + t->g->nleaves) / XR_PT_PAGE_UNITS;
	struct walk k = { t, calloc(np, sizeof(uint64_t)), calloc(np, 1) };
	int err = -ENOMEM;

	*fixed = 0;
	if (k.reached && k.order)
		err = fix ? xr_pt_release(t) : 0;
	if (!err)
		err = walk_slots(&k);
	if (!err && fix && t->sync && pages_fix(t, &k, 0))
		err = t->sync();       /* nothing freed a reader may hold */
	if (!err) {
		*fixed = pages_fix(t, &k, fix);
		if (fix)
			xr_pt_alloc_drop(t);
	}
	free(k.reached);
	free(k.order);
	return err;
}
