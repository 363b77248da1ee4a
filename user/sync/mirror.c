// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror (sync/mirror.h): messages into the shadow (mirror_route.c,
 * mirror_obj.c, mirror_neigh.c), commits to the FIB (mirror_commit.c,
 * mirror_neigh.c), resyncs (mirror_sweep.c), its size.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "sync/mirror_int.h"

#define MR_BATCH 4096

static int batches_new(struct xr_mirror *mi)
{
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		mi->b[v6].rts = malloc(mi->p.batch * sizeof(union mr_rt));
		mi->b[v6].gid = malloc(mi->p.batch * sizeof(uint32_t));
		if (!mi->b[v6].rts || !mi->b[v6].gid)
			return -ENOMEM;
	}
	return 0;
}

static int parts_new(struct xr_mirror *mi)
{
	int err;

	mi->rq.esz = sizeof(struct mr_pkey);
	mi->nq.esz = sizeof(struct mr_nkey);
	if ((err = mr_tab_init(&mi->routes, sizeof(struct mr_route),
			       mr_route_hash)) ||
	    (err = mr_tab_init(&mi->objs, sizeof(struct mr_obj), mr_obj_hash)) ||
	    (err = mr_tab_init(&mi->neigh, sizeof(struct mr_neigh),
			       mr_neigh_hash)) ||
	    (err = mr_sets_init(&mi->sets)))
		return err;
	return batches_new(mi);
}

struct xr_mirror *xr_mirror_new(struct xr_state *st,
				const struct xr_mirror_parms *p,
				uint64_t *counters)
{
	struct xr_mirror *mi = calloc(1, sizeof(*mi));

	if (!mi)
		return NULL;
	mi->st = st;
	mi->p = *p;
	if (!mi->p.batch)
		mi->p.batch = MR_BATCH;
	if (!mi->p.table)
		mi->p.table = RT_TABLE_MAIN;
	mi->ctr = counters ? counters : mi->own_ctr;
	if (parts_new(mi)) {
		xr_mirror_free(mi);
		return NULL;
	}
	return mi;
}

static void objs_free(struct xr_mirror *mi)
{
	size_t i;

	for (i = 0; i < mi->objs.cap; i++) {
		struct mr_obj *o = mr_tab_at(&mi->objs, (uint32_t)i);

		if (o->e.used)
			free(o->grp);
	}
}

void xr_mirror_free(struct xr_mirror *mi)
{
	int v6;

	if (!mi)
		return;
	mr_snap_drop(mi);
	objs_free(mi);
	mr_tab_fini(&mi->routes);
	mr_tab_fini(&mi->objs);
	mr_tab_fini(&mi->neigh);
	mr_sets_fini(&mi->sets);
	mr_queue_fini(&mi->rq);
	mr_queue_fini(&mi->nq);
	for (v6 = 0; v6 < 2; v6++) {
		free(mi->b[v6].rts);
		free(mi->b[v6].gid);
	}
	free(mi);
}

/* ---- messages ---- */

static int bad(struct xr_mirror *mi, int err)
{
	if (err == -EINVAL)
		MR_COUNT(mi, BadMsgs);
	return err;
}

static int route_msg(struct xr_mirror *mi, const struct nlmsghdr *h)
{
	int err = xr_krt_parse(h, &mi->krt);

	if (err)
		return bad(mi, err);
	MR_COUNT(mi, RouteMsgs);
	return mr_route_msg(mi, &mi->krt);
}

static int nh_msg(struct xr_mirror *mi, const struct nlmsghdr *h)
{
	int err = xr_knh_parse(h, &mi->knh);

	if (err)
		return bad(mi, err);
	MR_COUNT(mi, NexthopMsgs);
	return mr_obj_msg(mi, &mi->knh);
}

static int neigh_msg(struct xr_mirror *mi, const struct nlmsghdr *h)
{
	struct xr_kneigh n;
	int err = xr_kneigh_parse(h, &n);

	if (err)
		return bad(mi, err);
	MR_COUNT(mi, NeighMsgs);
	return mr_neigh_msg(mi, &n);
}

int xr_mirror_msg(struct xr_mirror *mi, const struct nlmsghdr *h)
{
	int routes = mi->p.what & XR_MIRROR_ROUTES;

	if (h->nlmsg_len < sizeof(*h))
		return bad(mi, -EINVAL);
	switch (h->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return routes ? route_msg(mi, h) : 0;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		return routes ? nh_msg(mi, h) : 0;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		return mi->p.what & XR_MIRROR_NEIGH ? neigh_msg(mi, h) : 0;
	}
	return 0;
}

/* ---- resync ---- */

static void mark_stale(struct mr_tab *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++) {
		struct mr_ent *e = mr_tab_at(t, (uint32_t)i);

		if (e->used)
			e->flags |= MR_STALE;
	}
}

void xr_mirror_resync_begin(struct xr_mirror *mi, unsigned int what)
{
	if (what & XR_MIRROR_ROUTES) {
		mark_stale(&mi->routes);
		mark_stale(&mi->objs);
	}
	if (what & XR_MIRROR_NEIGH)
		mark_stale(&mi->neigh);
}

void xr_mirror_resync_end(struct xr_mirror *mi, unsigned int what)
{
	if (what & mi->p.what & XR_MIRROR_ROUTES)
		mr_routes_sweep(mi);
	if (what & mi->p.what & XR_MIRROR_NEIGH)
		mr_neigh_sweep(mi);
}

/* ---- commit ---- */

size_t xr_mirror_dirty(const struct xr_mirror *mi)
{
	return mi->rq.n + mi->nq.n;
}

int xr_mirror_commit(struct xr_mirror *mi, size_t max)
{
	size_t n;
	int err;

	if (!xr_mirror_dirty(mi))
		return 0;
	if ((err = mr_lock(mi)))
		return err;
	/* neighbours first: few, and what forwarding to a gateway waits on */
	n = mr_neigh_commit(mi, max);
	if (!max || n < max)
		mr_route_commit(mi, max ? max - n : 0);
	mr_unlock(mi);
	if (!mi->rq.n)
		mr_snap_drop(mi);    /* the resync it was read for is written */
	return xr_mirror_dirty(mi) ? 1 : 0;
}

/* ---- links, size ---- */

static int set_on_link(const struct xr_mirror *mi, uint32_t set, uint32_t ifindex)
{
	const struct mr_set *s = set ? mr_set_at(&mi->sets, set) : NULL;
	unsigned int k;

	for (k = 0; s && k < s->n; k++)
		if (s->m[k].ifindex == ifindex)
			return 1;
	return 0;
}

static int on_link(const struct xr_mirror *mi, const struct mr_route *r,
		   uint32_t ifindex)
{
	const struct mr_obj *o;

	if (!(r->e.flags & MR_NHID))
		return !r->kernel && set_on_link(mi, r->nh, ifindex);
	o = mr_obj_find(mi, r->nh);
	return o && o->set && set_on_link(mi, o->set - 1, ifindex);
}

/* What a link's change alters in the routes we write: whether a
 * connected route (proto kernel, no gateway) on it is link attach's or
 * ours. Everything else through the link stays as it is: its next
 * hop's rewrite follows the link by itself (lib/nexthop.h). */
void xr_mirror_link_changed(struct xr_mirror *mi, uint32_t ifindex, int up)
{
	struct mr_pkey k;
	size_t i;

	(void)up;
	for (i = 0; i < mi->routes.cap; i++) {
		struct mr_route *r = mr_tab_at(&mi->routes, (uint32_t)i);

		if (r->e.used && r->type == RTN_UNICAST &&
		    r->proto == RTPROT_KERNEL && on_link(mi, r, ifindex)) {
			mr_pkey_of(r, &k);
			mr_route_dirty(mi, &k);
		}
	}
}

/* Every next hop a route or an object holds is in an interned set
 * (routes through a group object hold its members' objects' sets): the
 * live sets answer for all of them. */
int xr_mirror_link_used(const struct xr_mirror *mi, uint32_t ifindex)
{
	size_t id;

	for (id = 1; id <= mi->sets.top && id < mi->sets.cap; id++)
		if (mi->sets.s[id] && set_on_link(mi, (uint32_t)id, ifindex))
			return 1;
	return 0;
}

void xr_mirror_stats(const struct xr_mirror *mi, struct xr_mirror_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->routes = mi->routes.n;
	s->prefixes = mi->prefixes;
	s->nexthops = mi->objs.n;
	s->neighbours = mi->neigh.n;
	s->bytes = sizeof(*mi) + mr_tab_bytes(&mi->routes) +
		   mr_tab_bytes(&mi->objs) + mr_tab_bytes(&mi->neigh) +
		   mi->sets.bytes + mi->sets.cap * sizeof(void *) +
		   mi->sets.nb * 4 + mi->rq.cap * mi->rq.esz +
		   mi->nq.cap * mi->nq.esz;
}
