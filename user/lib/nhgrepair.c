// SPDX-License-Identifier: GPL-2.0
/*
 * The next-hop groups in a FIB check or repair (fibrepair_common.c): the
 * routes say how many use each group; a group no route uses is freed
 * (after the repair's grace period), a wrong count is set, each group in
 * use holds one reference on each member's next hop, and its buckets are
 * made what its members' weights and state make (balancing is
 * idempotent: a balance cut short is finished).
 */
#include "lib/fibrepair.h"
#include "lib/nhgtab.h"

void xr_nhg_repair_want(const struct xr_nhg_table *t, const uint32_t *want_g,
			uint32_t *want)
{
	uint32_t gid;
	int i;

	for (gid = 1; gid < XR_MAX_NHG; gid++)
		if (t->g[gid].nmemb && want_g[gid])
			for (i = 0; i < t->g[gid].nmemb; i++)
				want[t->g[gid].memb[i].nh]++;
}

int xr_nhg_repair_leaks(const struct xr_nhg_table *t, const uint32_t *want_g)
{
	uint32_t gid;

	for (gid = 1; gid < XR_MAX_NHG; gid++)
		if (t->g[gid].nmemb && !want_g[gid])
			return 1;
	return 0;
}

void xr_nhg_repair_recount(struct xr_nhg_table *t, const uint32_t *want_g,
			   int fix, struct xr_fib4_report *r)
{
	uint32_t gid;

	for (gid = 1; gid < XR_MAX_NHG; gid++) {
		struct xr_nhg *g = &t->g[gid];

		if (!g->nmemb)
			continue;
		if (!want_g[gid]) {
			r->nhg_leaked++;
			if (fix)      /* its members: counted from want */
				xr_nhg_clear(t, gid);
		} else if (g->refcnt != want_g[gid]) {
			r->nhg_refcnts++;
			if (fix)
				g->refcnt = want_g[gid];
		}
	}
}

/* What differs in g: its ideal owners, then its buckets balanced from
 * the right ones (worked out on a copy; fix: then written to g). */
static size_t group_stale(const struct xr_nhg_table *t, struct xr_nhg *g,
			  int fix)
{
	struct xr_nhg c = *g;
	size_t n = xr_nhg_ideal_check(&c, 1);

	n += xr_nhg_balance(t, &c, 0);
	if (n && fix) {
		xr_nhg_ideal_check(g, 1);
		xr_nhg_balance(t, g, 1);
	}
	return n;
}

void xr_nhg_repair_buckets(struct xr_nhg_table *t, int fix,
			   struct xr_fib4_report *r)
{
	uint32_t gid;

	for (gid = 1; gid < XR_MAX_NHG; gid++)
		if (t->g[gid].nmemb)
			r->nhg_stale += group_stale(t, &t->g[gid], fix);
}
