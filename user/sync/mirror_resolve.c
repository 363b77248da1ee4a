// SPDX-License-Identifier: GPL-2.0
/*
 * What the FIB should hold for a prefix: its best route (lowest metric)
 * made into the router's terms: a blackhole, unreachable or prohibit
 * route; one next hop; a group of members with weights; or, for a route
 * we cannot express, an exception to the kernel (unicast through lo,
 * which is never attached). A connected route of an attached link is
 * link attach's, left alone.
 */
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "lib/sync.h"
#include "sync/mirror_int.h"

/* The members of set (id), of the route's family; 0 if none. */
static unsigned int from_set(const struct xr_mirror *mi, uint32_t id,
			     uint8_t family, struct xr_nhg_spec *m,
			     unsigned int room)
{
	const struct mr_set *s = id ? mr_set_at(&mi->sets, id) : NULL;

	if (!s || s->family != family || s->n > room)
		return 0;
	memcpy(m, s->m, s->n * sizeof(*m));
	return s->n;
}

/* A group object's members: each member object's one next hop, with
 * the group's weight for it; 0 if one cannot be expressed. */
static unsigned int from_group(const struct xr_mirror *mi,
			       const struct mr_obj *g, uint8_t family,
			       struct xr_nhg_spec *m)
{
	const struct mr_grp *gr = g->grp;
	unsigned int k, n = g->n_grp < XR_NHG_MAX_MEMBERS ? g->n_grp :
							  XR_NHG_MAX_MEMBERS;

	for (k = 0; k < n; k++) {
		const struct mr_obj *o = mr_obj_find(mi, gr[k].id);

		if (!o || !o->set || o->kernel ||
		    !from_set(mi, o->set - 1, family, &m[k], 1))
			return 0;
		m[k].weight = gr[k].weight;
	}
	return mr_spec_norm(m, n);
}

/* A route through object id. */
static void via_obj(const struct xr_mirror *mi, uint32_t id, uint8_t family,
		    struct mr_want *w)
{
	const struct mr_obj *o = mr_obj_find(mi, id);

	w->n = 0;
	if (o && o->blackhole) {
		w->type = RTN_BLACKHOLE;
		return;
	}
	if (o && !o->kernel && o->n_grp)
		w->n = from_group(mi, o, family, w->m);
	else if (o && !o->kernel && o->set)
		w->n = from_set(mi, o->set - 1, family, w->m, 1);
}

static void to_kernel(struct mr_want *w)
{
	memset(w->m, 0, sizeof(w->m[0]));
	w->m[0].ifindex = 1;             /* lo: never attached */
	w->m[0].weight = 1;
	w->n = 1;
	w->kernel = 1;
}

/* Proto kernel, one next hop without gateway, on an attached link: the
 * connected route link attach writes. */
static int connected(const struct xr_mirror *mi, const struct mr_want *w)
{
	static const struct xr_in6 zero;

	return xr_route_connected(&mi->st->m, w->proto, w->type, w->n == 1,
				  memcmp(&w->m[0].gw, &zero, sizeof(zero)) != 0,
				  w->m[0].ifindex);
}

void mr_resolve(struct xr_mirror *mi, const struct mr_pkey *k, long i,
		struct mr_want *w)
{
	const struct mr_route *r;

	memset(w, 0, offsetof(struct mr_want, m));
	if (i < 0)
		return;                  /* MR_ABSENT */
	r = mr_tab_at(&mi->routes, (uint32_t)i);
	w->kind = MR_ROUTE;
	w->type = r->type;
	w->proto = r->proto;
	w->metric = r->metric;
	if (r->type != RTN_UNICAST)
		return;
	if (r->e.flags & MR_NHID)
		via_obj(mi, r->nh, k->family, w);
	else if (!r->kernel)
		w->n = from_set(mi, r->nh, k->family, w->m, XR_NHG_MAX_MEMBERS);
	if (w->type == RTN_UNICAST && !w->n)
		to_kernel(w);
	if (connected(mi, w))
		w->kind = MR_FOREIGN;
}
