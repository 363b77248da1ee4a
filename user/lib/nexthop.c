// SPDX-License-Identifier: GPL-2.0
/*
 * The next-hop table of either family (lib/nexthop.h): the slots are
 * struct xr_nh4 or struct xr_nh6, which differ only in the gateway's size
 * and so in where the fields after it sit; everything here goes through
 * the few accessors below, by family.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

_Static_assert(offsetof(struct xr_nh4, ifindex) ==
	       offsetof(struct xr_nh6, ifindex), "type and device in place");

uint32_t xr_nh_max(const struct xr_nh_table *t)
{
	return t->v6 ? XR_MAX_NH6 : XR_MAX_NH4;
}

uint8_t xr_nh_type(const struct xr_nh_table *t, uint32_t id)
{
	if (id & XR_FIB_NHG)
		return XR_RTN_UNICAST;
	return t->v6 ? t->nh6[id].type : t->nh[id].type;
}

uint32_t *xr_nh_refcnt(const struct xr_nh_table *t, uint32_t id)
{
	return t->v6 ? &t->nh6[id].refcnt : &t->nh[id].refcnt;
}

static uint32_t *gen_of(const struct xr_nh_table *t, uint32_t id)
{
	return t->v6 ? &t->nh6[id].gen : &t->nh[id].gen;
}

static struct xr_adj *adj_of(const struct xr_nh_table *t, uint32_t id)
{
	return t->v6 ? t->nh6[id].adj : t->nh[id].adj;
}

static uint32_t ifindex_of(const struct xr_nh_table *t, uint32_t id)
{
	return t->v6 ? t->nh6[id].ifindex : t->nh[id].ifindex;
}

void xr_nh_clear(struct xr_nh_table *t, uint32_t id)
{
	if (t->v6)
		memset(&t->nh6[id], 0, sizeof(t->nh6[id]));
	else
		memset(&t->nh[id], 0, sizeof(t->nh[id]));
}

const struct xr_adj *xr_nh_adj(const struct xr_nh_table *t, uint32_t id)
{
	return &adj_of(t, id)[__atomic_load_n(gen_of(t, id), __ATOMIC_ACQUIRE) & 1];
}

void xr_nh_key_of(const struct xr_nh_table *t, uint32_t id,
		  struct xr_nh_key *k)
{
	memset(k, 0, sizeof(*k));
	k->type = xr_nh_type(t, id);
	k->ifindex = ifindex_of(t, id);
	if (t->v6)
		k->gw = t->nh6[id].gw;
	else
		k->gw.a[0] = t->nh[id].gw;
}

/* A slot not yet in use takes the key's device and gateway. */
static void key_set(struct xr_nh_table *t, uint32_t id,
		    const struct xr_nh_key *k)
{
	xr_nh_clear(t, id);
	if (t->v6) {
		t->nh6[id].ifindex = k->ifindex;
		t->nh6[id].gw = k->gw;
	} else {
		t->nh[id].ifindex = k->ifindex;
		t->nh[id].gw = k->gw.a[0];
	}
}

static void fill(const struct xr_nh_table *t, uint32_t id, struct xr_adj *adj)
{
	if (t->v6)
		t->adj_fill6(t->adj_arg, &t->nh6[id], adj);
	else
		t->adj_fill(t->adj_arg, &t->nh[id], adj);
}

static size_t hash(const struct xr_nh_key *k, size_t cap)
{
	uint64_t h = (uint64_t)k->ifindex << 32 ^ (uint64_t)k->type << 56;
	int i;

	for (i = 0; i < 4; i++) {
		h ^= k->gw.a[i];
		h ^= h >> 33;
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 33;
	}
	return (size_t)h & (cap - 1);
}

static int same(const struct xr_nh_table *t, uint32_t id,
		const struct xr_nh_key *k)
{
	struct xr_nh_key s;

	xr_nh_key_of(t, id, &s);
	return s.type == k->type && s.ifindex == k->ifindex &&
	       !memcmp(&s.gw, &k->gw, sizeof(s.gw));
}

static void idx_insert(struct xr_nh_table *t, uint32_t id)
{
	struct xr_nh_key k;
	size_t i;

	xr_nh_key_of(t, id, &k);
	for (i = hash(&k, t->idx_cap); t->idx[i]; i = (i + 1) & (t->idx_cap - 1))
		;
	t->idx[i] = id;
}

/* The index is built from the map on first use, and anew after slots
 * were freed (open addressing keeps no tombstones). */
static int idx_build(struct xr_nh_table *t)
{
	uint32_t id;

	if (!t->idx) {
		t->idx_cap = 2 * (size_t)xr_nh_max(t);
		t->idx = calloc(t->idx_cap, sizeof(*t->idx));
		if (!t->idx)
			return -ENOMEM;
	} else {
		memset(t->idx, 0, t->idx_cap * sizeof(*t->idx));
	}
	for (id = 1; id < xr_nh_max(t); id++)
		if (xr_nh_type(t, id))
			idx_insert(t, id);
	return 0;
}

int xr_nh_key_find(struct xr_nh_table *t, const struct xr_nh_key *k,
		   uint32_t *id)
{
	size_t i;
	int err;

	if (!t->idx && (err = idx_build(t)))
		return err;
	for (i = hash(k, t->idx_cap); t->idx[i]; i = (i + 1) & (t->idx_cap - 1)) {
		if (same(t, t->idx[i], k)) {
			*id = t->idx[i];
			return 0;
		}
	}
	return -ENOENT;
}

/* The key of an IPv4 next hop: the gateway in the first word. */
#define KEY4(type, ifindex, gw) (type), (ifindex), { { (gw), 0, 0, 0 } }

int xr_nh_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       __be32 gw, uint32_t *id)
{
	return xr_nh_key_find(t, &(struct xr_nh_key){ KEY4(type, ifindex, gw) },
			      id);
}

int xr_nh6_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
		const struct xr_in6 *gw, uint32_t *id)
{
	return xr_nh_key_find(t, &(struct xr_nh_key){ type, ifindex, *gw }, id);
}

static int slot_alloc(struct xr_nh_table *t, uint32_t *out)
{
	uint32_t i, id, max = xr_nh_max(t);
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < max - 1; i++) {
			id = 1 + (t->cursor + i) % (max - 1);
			if (!xr_nh_type(t, id)) {
				t->cursor = id;
				*out = id;
				return 0;
			}
		}
		if (!t->pending.n || xr_nh_release(t))
			break;
	}
	return -ENOSPC;
}

/* A new slot: device, gateway, rewrite, then the type, which is what
 * makes it in use (the rewrite is filled with the type set, for the
 * callback, before the slot is visible). */
static void slot_make(struct xr_nh_table *t, uint32_t id,
		      const struct xr_nh_key *k)
{
	uint8_t *type = t->v6 ? &t->nh6[id].type : &t->nh[id].type;

	key_set(t, id, k);
	if (k->type == XR_RTN_UNICAST && t->adj_fill) {
		*type = k->type;
		fill(t, id, &adj_of(t, id)[0]);
		*type = 0;
	}
	__atomic_store_n(type, k->type, __ATOMIC_RELEASE);
	(*t->nh_used)++;
	idx_insert(t, id);
}

int xr_nh_key_get(struct xr_nh_table *t, const struct xr_nh_key *k,
		  uint32_t *id)
{
	int err;

	if (!k->type)
		return -EINVAL;
	err = xr_nh_key_find(t, k, id);
	if (err == -ENOENT) {
		err = slot_alloc(t, id);
		if (err)
			return err;
		slot_make(t, *id, k);
	} else if (err) {
		return err;
	}
	(*xr_nh_refcnt(t, *id))++;
	return 0;
}

int xr_nh_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	      __be32 gw, uint32_t *id)
{
	return xr_nh_key_get(t, &(struct xr_nh_key){ KEY4(type, ifindex, gw) },
			     id);
}

int xr_nh6_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       const struct xr_in6 *gw, uint32_t *id)
{
	return xr_nh_key_get(t, &(struct xr_nh_key){ type, ifindex, *gw }, id);
}

/* Queue id when its rewrite is no longer what the links and neighbours
 * say. */
static int refresh_check(struct xr_nh_table *t, uint32_t id,
			 struct xr_idlist *ids)
{
	struct xr_adj adj;

	fill(t, id, &adj);
	if (!memcmp(&adj, &adj_of(t, id)[*gen_of(t, id) & 1], sizeof(adj)))
		return 0;
	return xr_idlist_push(ids, id);
}

/* Write the queued next hops' rewrites. No reader may still be on the
 * half about to be written: one grace period since the last flip, then
 * write it and flip. */
static int refresh_flip(struct xr_nh_table *t, struct xr_idlist *ids)
{
	int err = 0;

	if (ids->n && t->sync)
		err = t->sync();
	for (size_t i = 0; !err && i < ids->n; i++) {
		uint32_t id = ids->v[i], *gen = gen_of(t, id);

		fill(t, id, &adj_of(t, id)[(*gen + 1) & 1]);
		__atomic_store_n(gen, *gen + 1, __ATOMIC_RELEASE);
	}
	if (!err && t->groups)
		xr_nhg_nh_changed(t->groups, ids->v, ids->n);
	xr_idlist_free(ids);
	return err;
}

static int refresh(struct xr_nh_table *t, const struct xr_nh_key *k,
		   int any_gw)
{
	struct xr_idlist ids = { 0 };
	uint32_t id;
	int err = 0;

	if (!t->adj_fill)
		return 0;
	if (!any_gw) {          /* one neighbour: at most one next hop */
		if (xr_nh_key_find(t, k, &id) == 0)
			err = refresh_check(t, id, &ids);
	} else {
		for (id = 1; id < xr_nh_max(t) && !err; id++)
			if (xr_nh_type(t, id) == XR_RTN_UNICAST &&
			    ifindex_of(t, id) == k->ifindex)
				err = refresh_check(t, id, &ids);
	}
	if (err) {
		xr_idlist_free(&ids);
		return err;
	}
	return refresh_flip(t, &ids);
}

int xr_nh_refresh(struct xr_nh_table *t, uint32_t ifindex, __be32 gw,
		  int any_gw)
{
	return refresh(t, &(struct xr_nh_key){ KEY4(XR_RTN_UNICAST, ifindex, gw) },
		       any_gw);
}

int xr_nh6_refresh(struct xr_nh_table *t, uint32_t ifindex,
		   const struct xr_in6 *gw, int any_gw)
{
	static const struct xr_in6 any;

	return refresh(t, &(struct xr_nh_key){ XR_RTN_UNICAST, ifindex,
					       gw ? *gw : any }, any_gw);
}

int xr_nh_refresh_all(struct xr_nh_table *t, int fix, size_t *stale)
{
	struct xr_idlist ids = { 0 };
	uint32_t id;
	int err = 0;

	*stale = 0;
	if (!t->adj_fill)
		return 0;
	for (id = 1; id < xr_nh_max(t) && !err; id++)
		if (xr_nh_type(t, id) == XR_RTN_UNICAST)
			err = refresh_check(t, id, &ids);
	*stale = ids.n;
	if (err || !fix) {
		xr_idlist_free(&ids);
		return err;
	}
	return refresh_flip(t, &ids);
}

int xr_nh_put(struct xr_nh_table *t, uint32_t id)
{
	uint32_t *refcnt;

	if (!id || id >= xr_nh_max(t) || !*(refcnt = xr_nh_refcnt(t, id)))
		return -EINVAL;
	if (--*refcnt)
		return 0;
	return xr_idlist_push(&t->pending, id);
}

int xr_nh_release(struct xr_nh_table *t)
{
	size_t i;
	int err, freed = 0;

	if (!t->pending.n)
		return 0;
	if (t->sync && (err = t->sync()))
		return err;
	for (i = 0; i < t->pending.n; i++) {
		uint32_t id = t->pending.v[i];

		if (*xr_nh_refcnt(t, id) || !xr_nh_type(t, id))
			continue;  /* taken again, or already freed */
		xr_nh_clear(t, id);
		(*t->nh_used)--;
		freed = 1;
	}
	t->pending.n = 0;
	return freed && t->idx ? idx_build(t) : 0;
}

void xr_nh_fini(struct xr_nh_table *t)
{
	free(t->idx);
	t->idx = NULL;
	t->idx_cap = 0;
	xr_idlist_free(&t->pending);
}
