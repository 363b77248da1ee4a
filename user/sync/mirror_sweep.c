// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a resync for routes: what the dump did not name (still
 * stale) goes from the shadow, its prefix queued; objects likewise; and
 * every route of ours in the table whose prefix the shadow lacks (a
 * previous run's, after kill -9; routes the CLI wrote before) queued,
 * so the next commit deletes it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "sync/mirror_commit.h"

static void stale_routes(struct xr_mirror *mi)
{
	struct mr_pkey k;
	size_t i;

	for (i = 0; i < mi->routes.cap; i++) {
		struct mr_route *r = mr_tab_at(&mi->routes, (uint32_t)i);

		if (!r->e.used || !(r->e.flags & MR_STALE))
			continue;
		mr_pkey_of(r, &k);
		mr_route_drop(mi, (uint32_t)i);
		mr_route_dirty(mi, &k);
	}
}

static void stale_objs(struct xr_mirror *mi)
{
	size_t i;

	for (i = 0; i < mi->objs.cap; i++) {
		struct mr_obj *o = mr_tab_at(&mi->objs, (uint32_t)i);

		if (!o->e.used || !(o->e.flags & MR_STALE))
			continue;
		if (o->users)                /* named by a route dumped again */
			continue;
		mr_obj_dirty_users(mi, o->id);
		mr_obj_free(mi, (uint32_t)i);
	}
}

/* A route of the table the shadow has no route for, queued. */
static void table_route(struct xr_mirror *mi, int v6, const union mr_rt *rt)
{
	struct mr_pkey k;

	memset(&k, 0, sizeof(k));
	k.family = v6 ? AF_INET6 : AF_INET;
	if (v6) {
		k.dst = rt->r6.dst;
		k.plen = rt->r6.plen;
	} else {
		k.dst.a[0] = rt->r4.dst;
		k.plen = rt->r4.plen;
	}
	if (mr_route_best(mi, &k) < 0 && mr_rt_owned(mi, v6, rt))
		mr_route_dirty(mi, &k);
}

/* The table read in bulk (kept as the copy the commits ask first),
 * each route of ours the shadow lacks queued. */
static void sweep_table(struct xr_mirror *mi, int v6)
{
	size_t n = 0, i, sz = v6 ? sizeof(struct xr_route6) :
				   sizeof(struct xr_route4);
	void *rts = NULL;
	union mr_rt rt;

	if (mr_snap_read(mi, v6, &rts, &n))
		return;
	for (i = 0; i < n; i++) {
		memcpy(&rt, (uint8_t *)rts + i * sz, sz);
		table_route(mi, v6, &rt);
	}
	if (!mi->snap[v6].valid)
		free(rts);
}

void mr_routes_sweep(struct xr_mirror *mi)
{
	stale_routes(mi);
	stale_objs(mi);
	sweep_table(mi, 0);
	sweep_table(mi, 1);
}
