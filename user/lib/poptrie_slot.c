// SPDX-License-Identifier: GPL-2.0
/*
 * Slots of two tries of one geometry (repair, lib/fibrepair.h): whether
 * they are the same, and one made the other's copy. Tries kept in their
 * canonical form (docs/fib.md) are the same exactly when they give the
 * same entry for every address; the comparison is of the structure.
 */
#include "lib/poptrie_int.h"

static int node_equal(const struct xr_poptrie *a, const struct xr_pt_node *na,
		      const struct xr_poptrie *b, const struct xr_pt_node *nb)
{
	unsigned int i, nk = __builtin_popcountll(na->vector);
	unsigned int nl = __builtin_popcountll(na->leafvec);

	if (na->vector != nb->vector || na->leafvec != nb->leafvec)
		return 0;
	for (i = 0; i < nl; i++)
		if (a->leaves[na->base0 + i] != b->leaves[nb->base0 + i])
			return 0;
	for (i = 0; i < nk; i++)
		if (!node_equal(a, &a->nodes[na->base1 + i],
				b, &b->nodes[nb->base1 + i]))
			return 0;
	return 1;
}

int xr_pt_slot_equal(const struct xr_poptrie *a, const struct xr_poptrie *b,
		     uint32_t s)
{
	uint32_t ea = xr_pt_load(&a->direct[s]), eb = xr_pt_load(&b->direct[s]);
	uint32_t ext = a->g->ext, id = a->g->id_mask;

	if (!(ea & ext) || !(eb & ext))
		return ea == eb;
	return node_equal(a, &a->nodes[ea & id], b, &b->nodes[eb & id]);
}

/* src's node n, with all below it, written into t's fresh blocks: *out. */
static int node_copy(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_poptrie *src, const struct xr_pt_node *n,
		     struct xr_pt_node *out)
{
	struct xr_pt_wide w;
	unsigned int v;
	int err;

	xr_pt_wide_read(src, n, &w);
	for (v = 0; v < XR_PT_FANOUT; v++) {
		if (!(w.kids >> v & 1))
			continue;
		err = node_copy(t, x, src, &w.kid[v], &w.kid[v]);
		if (err)
			return err;
	}
	return xr_pt_wide_write(t, x, &w, NULL, out);
}

static int slot_copy(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_poptrie *src, uint32_t s)
{
	uint32_t e = xr_pt_load(&src->direct[s]), id;
	struct xr_pt_node n;
	int err = 0;

	if (e & src->g->ext) {
		err = node_copy(t, x, src, &src->nodes[e & src->g->id_mask], &n) ?:
		      xr_pt_alloc(t, x, 0, 0, &id);
		if (err)
			return err;
		t->nodes[id] = n;
		e = xr_pt_root_entry(t->g, id);
	}
	err = xr_pt_slot_retire(t, s, &x->old);
	if (!err)
		xr_pt_store(&t->direct[s], e);
	return err;
}

int xr_pt_slot_copy(struct xr_poptrie *t, const struct xr_poptrie *src,
		    uint32_t s)
{
	struct xr_pt_txn x = { 0 };
	int err = slot_copy(t, &x, src, s);

	if (err)
		xr_pt_txn_abort(t, &x);
	else
		err = xr_pt_txn_commit(t, &x);
	xr_pt_txn_free(&x);
	return err;
}
