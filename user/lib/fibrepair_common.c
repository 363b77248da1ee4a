// SPDX-License-Identifier: GPL-2.0
/* What both families' repairs share (lib/fibrepair_common.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/fibrepair_common.h"

int xr_repair_init(struct xr_repair *b, uint32_t nslots, int fix,
		   struct xr_fib4_report *r)
{
	memset(b, 0, sizeof(*b));
	b->fix = fix;
	b->r = r;
	b->want = calloc(nslots + 1, sizeof(uint32_t));
	b->want_g = calloc(XR_MAX_NHG, sizeof(uint32_t));
	if (!b->want || !b->want_g) {
		xr_repair_free(b);
		return -ENOMEM;
	}
	return 0;
}

void xr_repair_free(struct xr_repair *b)
{
	free(b->want);
	free(b->want_g);
}

void xr_repair_forget(struct xr_poptrie *live, struct xr_nh_table *t,
		      struct xr_nhg_table *g)
{
	live->pending.n = 0;
	g->pending.n = 0;
	xr_nh_fini(t);
}

int xr_repair_nh(struct xr_nh_table *t, const struct xr_nh_key *k, int fix,
		 struct xr_fib4_report *r, uint32_t *id)
{
	int err = xr_nh_key_find(t, k, id);

	if (err != -ENOENT)
		return err;
	r->nh_missing++;
	if (!fix) {
		*id = xr_nh_max(t);
		return 0;
	}
	return xr_nh_key_get(t, k, id);
}

int xr_repair_id(struct xr_repair *b, struct xr_nh_table *t,
		 const struct xr_nh_key *k, uint32_t nhg, uint32_t *id)
{
	int err;

	if (nhg) {
		if (!t->groups || !xr_nhg_slot(t->groups, nhg))
			return -EUCLEAN;
		b->want_g[nhg]++;
		*id = XR_FIB_NHG | nhg;
		return 0;
	}
	if ((err = xr_repair_nh(t, k, b->fix, b->r, id)))
		return err;
	b->want[*id]++;
	return 0;
}

static void slots_recount(struct xr_nh_table *t, const uint32_t *want,
			  int fix, struct xr_fib4_report *r)
{
	uint32_t id, total = 0, kept = 0, *refcnt;

	for (id = 1; id < xr_nh_max(t); id++) {
		if (!xr_nh_type(t, id))
			continue;
		total++;
		if (!want[id]) {
			r->nh_leaked++;
			if (fix)
				xr_nh_clear(t, id);
			continue;
		}
		kept++;
		refcnt = xr_nh_refcnt(t, id);
		if (*refcnt == want[id])
			continue;
		r->refcnts++;
		if (fix)
			*refcnt = want[id];
	}
	r->counts += *t->nh_used != total;
	if (fix)
		*t->nh_used = kept;
}

/* The next-hop groups mapped beside t, if any. */
static struct xr_nhg_table *nhgs(const struct xr_nh_table *t)
{
	return t->groups && t->groups->g ? t->groups : NULL;
}

/* Whether a slot in use is wanted by nothing: then readers must be
 * waited for before it is freed. */
static int slot_leaks(const struct xr_nh_table *t, const uint32_t *want)
{
	uint32_t id;

	for (id = 1; id < xr_nh_max(t); id++)
		if (xr_nh_type(t, id) && !want[id])
			return 1;
	return 0;
}

static int leaks(const struct xr_repair *b, const struct xr_nh_table *t)
{
	return slot_leaks(t, b->want) ||
	       (nhgs(t) && xr_nhg_repair_leaks(nhgs(t), b->want_g));
}

/* One wait for the readers, then the blocks the repair gave up freed:
 * what it leaves is nothing pending, and the slots it frees next free. */
static int trie_release(struct xr_poptrie *live)
{
	int (*sync)(void) = live->sync;
	int err = sync ? sync() : 0;

	live->sync = NULL;
	if (!err)
		err = xr_pt_release(live);
	live->sync = sync;
	return err;
}

int xr_repair_finish(struct xr_repair *b, struct xr_poptrie *live,
		     struct xr_nh_table *t)
{
	struct xr_nhg_table *g = nhgs(t);
	int err;

	if (g)               /* groups in use hold their members */
		xr_nhg_repair_want(g, b->want_g, b->want);
	if (b->fix && (leaks(b, t) || live->pending.n) && (err = trie_release(live)))
		return err;
	if (g)
		xr_nhg_repair_recount(g, b->want_g, b->fix, b->r);
	slots_recount(t, b->want, b->fix, b->r);
	if (b->fix)          /* slots freed: the index is built anew */
		xr_nh_fini(t);
	err = xr_nh_refresh_all(t, b->fix, &b->r->adj_stale);
	if (!err && g)       /* after the rewrites: the members' state */
		xr_nhg_repair_buckets(g, b->fix, b->r);
	return err;
}
