// SPDX-License-Identifier: GPL-2.0
/*
 * Next-hop objects (RTM_NEWNEXTHOP/DELNEXTHOP) in the shadow by id: a
 * single next hop (an interned set of one), a blackhole, or a group of
 * other objects' ids with weights. Routes name them by id (RTA_NH_ID)
 * and are resolved through them at each commit; an object that changes
 * queues the routes using it, one deleted takes them along, as the
 * kernel does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sync/mirror_int.h"

uint32_t mr_obj_hash(const void *ent)
{
	return mr_hash(&((const struct mr_obj *)ent)->id, 4, 0x6e68);
}

static long obj_idx(const struct xr_mirror *mi, uint32_t id)
{
	uint32_t i = mr_tab_first(&mi->objs, mr_hash(&id, 4, 0x6e68));
	const struct mr_obj *o;

	for (; i; i = o->e.next) {
		o = mr_tab_at(&mi->objs, i - 1);
		if (o->id == id)
			return (long)i - 1;
	}
	return -1;
}

struct mr_obj *mr_obj_find(const struct xr_mirror *mi, uint32_t id)
{
	long i = obj_idx(mi, id);

	return i < 0 ? NULL : mr_tab_at(&mi->objs, (uint32_t)i);
}

/* An object not known yet: one that resolves to the kernel. */
static int obj_new(struct xr_mirror *mi, uint32_t id, struct mr_obj **out)
{
	uint32_t idx;
	int err;

	if ((err = mr_tab_alloc(&mi->objs, &idx)))
		return err;
	*out = mr_tab_at(&mi->objs, idx);
	(*out)->id = id;
	(*out)->kernel = 1;
	mr_tab_link(&mi->objs, idx);
	return 0;
}

int mr_obj_use(struct xr_mirror *mi, uint32_t id)
{
	struct mr_obj *o = mr_obj_find(mi, id);
	int err;

	if (!o && (err = obj_new(mi, id, &o)))
		return err;
	o->users++;
	return 0;
}

/* ---- content ---- */

/* What a message makes of an object (set and grp newly held). */
struct obj_body {
	uint8_t blackhole, kernel;
	uint32_t set;
	uint16_t n_grp;
	struct mr_grp *grp;
};

static int body_single(struct xr_mirror *mi, const struct xr_knh *n,
		       struct obj_body *b)
{
	struct xr_nhg_spec m = { .ifindex = n->ifindex, .gw = n->gw,
				 .weight = 1 };
	uint32_t id;
	int err;

	if (!n->ifindex || n->has_encap ||
	    (n->gw_family && n->gw_family != n->family)) {
		b->kernel = 1;
		return 0;
	}
	if ((err = mr_set_get(&mi->sets, n->family, &m, 1, &id)))
		return err;
	b->set = id + 1;
	return 0;
}

static int body_of(struct xr_mirror *mi, const struct xr_knh *n,
		   struct obj_body *b)
{
	unsigned int k;

	memset(b, 0, sizeof(*b));
	if (n->blackhole) {
		b->blackhole = 1;
		return 0;
	}
	if (!n->n_grp)
		return body_single(mi, n, b);
	if (n->n_grp > XR_NHG_MAX_MEMBERS)
		MR_COUNT(mi, GroupsCut);     /* its routes get the first 64 */
	if (!(b->grp = malloc(n->n_grp * sizeof(*b->grp))))
		return -ENOMEM;
	for (k = 0; k < n->n_grp; k++) {
		b->grp[k].id = n->grp[k].id;
		b->grp[k].weight = n->grp[k].weight;
	}
	b->n_grp = n->n_grp;
	return 0;
}

static void body_free(struct xr_mirror *mi, struct obj_body *b)
{
	if (b->set)
		mr_set_put(&mi->sets, b->set - 1);
	free(b->grp);
}

/* Field by field: struct mr_grp has padding. */
static int grp_same(const struct mr_grp *a, const struct mr_grp *b,
		    unsigned int n)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (a[k].id != b[k].id || a[k].weight != b[k].weight)
			return 0;
	return 1;
}

static int body_same(const struct mr_obj *o, const struct obj_body *b)
{
	return o->blackhole == b->blackhole && o->kernel == b->kernel &&
	       o->set == b->set && o->n_grp == b->n_grp &&
	       grp_same(o->grp, b->grp, b->n_grp);
}

/* The object's content replaced by b (its old one let go). */
static void body_swap(struct xr_mirror *mi, struct mr_obj *o,
		      struct obj_body *b)
{
	struct obj_body old = { o->blackhole, o->kernel, o->set, o->n_grp,
				o->grp };

	body_free(mi, &old);
	o->blackhole = b->blackhole;
	o->kernel = b->kernel;
	o->set = b->set;
	o->n_grp = b->n_grp;
	o->grp = b->grp;
}

static int obj_set(struct xr_mirror *mi, const struct xr_knh *n)
{
	struct mr_obj *o;
	struct obj_body b;
	int err;

	if ((err = body_of(mi, n, &b)))
		return err;
	o = mr_obj_find(mi, n->id);
	if (!o && (err = obj_new(mi, n->id, &o))) {
		body_free(mi, &b);
		return err;
	}
	o->e.flags &= (uint8_t)~MR_STALE;
	if (body_same(o, &b)) {
		body_free(mi, &b);
		return 0;
	}
	body_swap(mi, o, &b);
	o->e.flags |= MR_DIRTY;      /* its routes queued at the next commit */
	mi->objs_changed++;
	return 0;
}

/* ---- users ---- */

static int holds(const struct mr_obj *g, uint32_t id)
{
	unsigned int k;

	for (k = 0; k < g->n_grp; k++)
		if (((const struct mr_grp *)g->grp)[k].id == id)
			return 1;
	return 0;
}

/* Whether a route naming obj resolves through id. */
static int uses(const struct xr_mirror *mi, uint32_t obj, uint32_t id)
{
	const struct mr_obj *o;

	if (obj == id)
		return 1;
	o = mr_obj_find(mi, obj);
	return o && holds(o, id);
}

/* Routes through id queued (del: removed). Counted users tell whether
 * the scan is needed at all: objects come before their routes. */
static void routes_of(struct xr_mirror *mi, uint32_t id, int del)
{
	struct mr_pkey k;
	size_t i;

	for (i = 0; i < mi->routes.cap; i++) {
		struct mr_route *r = mr_tab_at(&mi->routes, (uint32_t)i);

		if (!r->e.used || !(r->e.flags & MR_NHID) || !uses(mi, r->nh, id))
			continue;
		mr_pkey_of(r, &k);
		if (del && r->nh == id)
			mr_route_free(mi, (uint32_t)i);
		mr_route_dirty(mi, &k);
	}
}

/* Routes naming id or a group holding it. */
static uint64_t users_of(const struct xr_mirror *mi, uint32_t id)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < mi->objs.cap; i++) {
		const struct mr_obj *o = mr_tab_at(&mi->objs, (uint32_t)i);

		if (o->e.used && (o->id == id || holds(o, id)))
			n += o->users;
	}
	return n;
}

void mr_obj_dirty_users(struct xr_mirror *mi, uint32_t id)
{
	if (users_of(mi, id))
		routes_of(mi, id, 0);
}

/* Whether a route through object obj goes through a changed object:
 * obj itself, or a member of the group it is. */
static int through_changed(const struct xr_mirror *mi, uint32_t obj)
{
	const struct mr_obj *o = mr_obj_find(mi, obj), *m;
	const struct mr_grp *gr;
	unsigned int k;

	if (!o || (o->e.flags & MR_DIRTY))
		return !!o;
	for (k = 0, gr = o->grp; k < o->n_grp; k++)
		if ((m = mr_obj_find(mi, gr[k].id)) && (m->e.flags & MR_DIRTY))
			return 1;
	return 0;
}

/* The routes through the objects changed since the last commit queued,
 * in one walk of the routes however many objects changed (a peer's next
 * hops moving: one walk, not one per object). */
void mr_obj_flush(struct xr_mirror *mi)
{
	struct mr_pkey k;
	size_t i;

	if (!mi->objs_changed)
		return;
	for (i = 0; i < mi->routes.cap; i++) {
		struct mr_route *r = mr_tab_at(&mi->routes, (uint32_t)i);

		if (!r->e.used || !(r->e.flags & MR_NHID) ||
		    !through_changed(mi, r->nh))
			continue;
		mr_pkey_of(r, &k);
		mr_route_dirty(mi, &k);
	}
	for (i = 0; i < mi->objs.cap; i++)
		((struct mr_obj *)mr_tab_at(&mi->objs, (uint32_t)i))->e.flags &=
			(uint8_t)~MR_DIRTY;
	mi->objs_changed = 0;
}

/* id out of every group holding it (the kernel's remove_nh_grp_entry);
 * a group left empty goes too. */
static void out_of_groups(struct xr_mirror *mi, uint32_t id)
{
	size_t i;

	for (i = 0; i < mi->objs.cap; i++) {
		struct mr_obj *g = mr_tab_at(&mi->objs, (uint32_t)i);
		struct mr_grp *m = g->grp;
		unsigned int k, n = 0;

		if (!g->e.used || !holds(g, id))
			continue;
		for (k = 0; k < g->n_grp; k++)
			if (m[k].id != id)
				m[n++] = m[k];
		g->n_grp = (uint16_t)n;
		if (!n)
			g->kernel = 1;       /* deleted below, with its routes */
	}
}

void mr_obj_free(struct xr_mirror *mi, uint32_t idx)
{
	struct mr_obj *o = mr_tab_at(&mi->objs, idx);
	struct obj_body old = { o->blackhole, o->kernel, o->set, o->n_grp,
				o->grp };

	body_free(mi, &old);
	mr_tab_remove(&mi->objs, idx);
}

static void obj_del(struct xr_mirror *mi, uint32_t id)
{
	long i = obj_idx(mi, id);
	size_t k;

	if (i < 0)
		return;
	routes_of(mi, id, 1);
	out_of_groups(mi, id);
	mr_obj_free(mi, (uint32_t)obj_idx(mi, id));
	for (k = 0; k < mi->objs.cap; k++) {   /* groups left empty */
		struct mr_obj *g = mr_tab_at(&mi->objs, (uint32_t)k);

		if (g->e.used && g->grp && !g->n_grp)
			obj_del(mi, g->id);
	}
}

int mr_obj_msg(struct xr_mirror *mi, const struct xr_knh *n)
{
	if (n->del) {
		obj_del(mi, n->id);
		return 0;
	}
	return obj_set(mi, n);
}
