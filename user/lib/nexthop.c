// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/nexthop.h"

static size_t hash(uint8_t type, uint32_t ifindex, __be32 gw, size_t cap)
{
	uint64_t k = (uint64_t)ifindex << 32 ^ gw ^ (uint64_t)type << 56;

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

static int same(const struct xr_nh4 *n, uint8_t type, uint32_t ifindex,
		__be32 gw)
{
	return n->type == type && n->ifindex == ifindex && n->gw == gw;
}

static void idx_insert(struct xr_nh_table *t, uint32_t id)
{
	const struct xr_nh4 *n = &t->nh[id];
	size_t i = hash(n->type, n->ifindex, n->gw, t->idx_cap);

	while (t->idx[i])
		i = (i + 1) & (t->idx_cap - 1);
	t->idx[i] = id;
}

/* The index is built from the map on first use, and anew after slots
 * were freed (open addressing keeps no tombstones). */
static int idx_build(struct xr_nh_table *t)
{
	uint32_t id;

	if (!t->idx) {
		t->idx_cap = 2 * XR_MAX_NH4;
		t->idx = calloc(t->idx_cap, sizeof(*t->idx));
		if (!t->idx)
			return -ENOMEM;
	} else {
		memset(t->idx, 0, t->idx_cap * sizeof(*t->idx));
	}
	for (id = 1; id < XR_MAX_NH4; id++)
		if (t->nh[id].type)
			idx_insert(t, id);
	return 0;
}

int xr_nh_find(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	       __be32 gw, uint32_t *id)
{
	size_t i;
	int err;

	if (!t->idx && (err = idx_build(t)))
		return err;
	for (i = hash(type, ifindex, gw, t->idx_cap); t->idx[i];
	     i = (i + 1) & (t->idx_cap - 1)) {
		if (same(&t->nh[t->idx[i]], type, ifindex, gw)) {
			*id = t->idx[i];
			return 0;
		}
	}
	return -ENOENT;
}

static int slot_alloc(struct xr_nh_table *t, uint32_t *out)
{
	uint32_t i, id;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < XR_MAX_NH4 - 1; i++) {
			id = 1 + (t->cursor + i) % (XR_MAX_NH4 - 1);
			if (!t->nh[id].type) {
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

int xr_nh_get(struct xr_nh_table *t, uint8_t type, uint32_t ifindex,
	      __be32 gw, uint32_t *id)
{
	struct xr_nh4 *n;
	int err;

	if (!type)
		return -EINVAL;
	err = xr_nh_find(t, type, ifindex, gw, id);
	if (err == -ENOENT) {
		err = slot_alloc(t, id);
		if (err)
			return err;
		n = &t->nh[*id];
		memset(n, 0, sizeof(*n));
		n->ifindex = ifindex;
		n->gw = gw;
		if (type == XR_RTN_UNICAST && t->adj_fill) {
			n->type = type;   /* for the callback; not yet visible */
			t->adj_fill(t->adj_arg, n, &n->adj[0]);
			n->type = 0;
		}
		/* type last: it is what makes the slot in use */
		__atomic_store_n(&n->type, type, __ATOMIC_RELEASE);
		(*t->nh_used)++;
		idx_insert(t, *id);
	} else if (err) {
		return err;
	}
	t->nh[*id].refcnt++;
	return 0;
}

/* Queue id when its rewrite is no longer what the links and neighbours
 * say. */
static int refresh_check(struct xr_nh_table *t, uint32_t id,
			 struct xr_idlist *ids)
{
	struct xr_nh4 *nh = &t->nh[id];
	struct xr_adj adj;

	t->adj_fill(t->adj_arg, nh, &adj);
	if (!memcmp(&adj, XR_NH4_ADJ(nh), sizeof(adj)))
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
		struct xr_nh4 *nh = &t->nh[ids->v[i]];

		t->adj_fill(t->adj_arg, nh, &nh->adj[(nh->gen + 1) & 1]);
		__atomic_store_n(&nh->gen, nh->gen + 1, __ATOMIC_RELEASE);
	}
	xr_idlist_free(ids);
	return err;
}

int xr_nh_refresh(struct xr_nh_table *t, uint32_t ifindex, __be32 gw,
		  int any_gw)
{
	struct xr_idlist ids = { 0 };
	uint32_t id;
	int err = 0;

	if (!t->adj_fill)
		return 0;
	if (!any_gw) {          /* one neighbour: at most one next hop */
		if (xr_nh_find(t, XR_RTN_UNICAST, ifindex, gw, &id) == 0)
			err = refresh_check(t, id, &ids);
	} else {
		for (id = 1; id < XR_MAX_NH4 && !err; id++)
			if (t->nh[id].type == XR_RTN_UNICAST &&
			    t->nh[id].ifindex == ifindex)
				err = refresh_check(t, id, &ids);
	}
	if (err) {
		xr_idlist_free(&ids);
		return err;
	}
	return refresh_flip(t, &ids);
}

int xr_nh_refresh_all(struct xr_nh_table *t, int fix, size_t *stale)
{
	struct xr_idlist ids = { 0 };
	uint32_t id;
	int err = 0;

	*stale = 0;
	if (!t->adj_fill)
		return 0;
	for (id = 1; id < XR_MAX_NH4 && !err; id++)
		if (t->nh[id].type == XR_RTN_UNICAST)
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
	if (!id || id >= XR_MAX_NH4 || !t->nh[id].refcnt)
		return -EINVAL;
	if (--t->nh[id].refcnt)
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
		struct xr_nh4 *n = &t->nh[t->pending.v[i]];

		if (n->refcnt || !n->type)
			continue;  /* taken again, or already freed */
		memset(n, 0, sizeof(*n));
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
