// SPDX-License-Identifier: GPL-2.0
/*
 * Next-hop group slots of either family (lib/nhg.h, lib/nhgtab.h): one
 * slot per distinct member set (next hops and weights), shared by every
 * route with those members and counted by them; a group holds one
 * reference on each member's next-hop slot. As nexthop.c's slots, one
 * given up is not reused before every reader that may hold it has
 * finished (the kernel's nexthop.c frees a group after an RCU grace
 * period too).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/nhg.h"
#include "lib/nhgtab.h"

_Static_assert(sizeof(struct xr_nhg) % 8 == 0, "group stride");
_Static_assert(XR_NHG_MAX_MEMBERS <= 255, "nmemb fits");

int xr_nhg_open(struct xr_nhg_table *t, int fd, struct xr_nh_table *nh)
{
	void *mem = NULL;
	int err;

	memset(t, 0, sizeof(*t));
	t->nh = nh;
	if (fd < 0)
		return 0;
	err = xr_fib_map(fd, sizeof(struct xr_nhg), XR_MAX_NHG, &mem, &t->len);
	if (err)
		return err;
	t->g = mem;
	nh->groups = t;
	return 0;
}

void xr_nhg_close(struct xr_nhg_table *t)
{
	if (t->g)
		munmap(t->g, t->len);
	if (t->nh && t->nh->groups == t)
		t->nh->groups = NULL;
	xr_idlist_free(&t->pending);
	memset(t, 0, sizeof(*t));
}

struct xr_nhg *xr_nhg_slot(const struct xr_nhg_table *t, uint32_t gid)
{
	if (!t->g || !gid || gid >= XR_MAX_NHG || !t->g[gid].nmemb)
		return NULL;
	return &t->g[gid];
}

static void members_put(struct xr_nhg_table *t,
			const struct xr_nhg_member *memb, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		xr_nh_put(t->nh, memb[i].nh);
}

void xr_nhg_clear(struct xr_nhg_table *t, uint32_t gid)
{
	memset(&t->g[gid], 0, sizeof(t->g[gid]));
}

int xr_nhg_release(struct xr_nhg_table *t, int nosync)
{
	size_t i;
	int err;

	if (!t->pending.n)
		return 0;
	if (!nosync && t->nh->sync && (err = t->nh->sync()))
		return err;
	for (i = 0; i < t->pending.n; i++) {
		struct xr_nhg *g = &t->g[t->pending.v[i]];

		if (g->refcnt || !g->nmemb)
			continue;  /* taken again, or already freed */
		members_put(t, g->memb, g->nmemb);
		xr_nhg_clear(t, t->pending.v[i]);
	}
	t->pending.n = 0;
	return 0;
}

int xr_nhg_tab_hold(struct xr_nhg_table *t, uint32_t gid)
{
	struct xr_nhg *g = xr_nhg_slot(t, gid);

	if (!g)
		return -EINVAL;
	g->refcnt++;
	return 0;
}

int xr_nhg_tab_put(struct xr_nhg_table *t, uint32_t gid)
{
	struct xr_nhg *g = xr_nhg_slot(t, gid);

	if (!g || !g->refcnt)
		return -EINVAL;
	if (--g->refcnt)
		return 0;
	return xr_idlist_push(&t->pending, gid);
}

/* ---- find or make by members ---- */

static int spec_ok(int v6, const struct xr_nhg_spec *s)
{
	if (!s->ifindex || !s->weight || s->weight > XR_NHG_WEIGHT_MAX)
		return 0;
	return v6 || !(s->gw.a[1] | s->gw.a[2] | s->gw.a[3]);
}

static int memb_cmp(const void *a, const void *b)
{
	const struct xr_nhg_member *x = a, *y = b;

	return x->nh < y->nh ? -1 : x->nh > y->nh;
}

/* The members' next hops, each with a reference, sorted by next hop;
 * the same next hop twice is -EINVAL (nothing held then). */
static int members_get(struct xr_nhg_table *t, int v6,
		       const struct xr_nhg_spec *spec, unsigned int n,
		       struct xr_nhg_member *memb)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		struct xr_nh_key k = { XR_RTN_UNICAST, spec[i].ifindex,
				       spec[i].gw };

		memset(&memb[i], 0, sizeof(memb[i]));
		memb[i].weight = spec[i].weight;
		err = spec_ok(v6, &spec[i]) ? xr_nh_key_get(t->nh, &k, &memb[i].nh)
					    : -EINVAL;
	}
	if (err) {
		members_put(t, memb, i - 1);
		return err;
	}
	qsort(memb, n, sizeof(*memb), memb_cmp);
	for (i = 1; i < n; i++)
		if (memb[i].nh == memb[i - 1].nh) {
			members_put(t, memb, n);
			return -EINVAL;
		}
	return 0;
}

static int is(const struct xr_nhg_table *t, uint32_t gid,
	      const struct xr_nhg_member *memb, unsigned int n)
{
	return t->g[gid].nmemb == n &&
	       !memcmp(t->g[gid].memb, memb, n * sizeof(*memb));
}

/* The slot of these members: the last one found first, then a scan
 * (4,096 slots, a few microseconds). */
static uint32_t find(struct xr_nhg_table *t, const struct xr_nhg_member *memb,
		     unsigned int n)
{
	uint32_t gid;

	if (t->last < XR_MAX_NHG && t->last && is(t, t->last, memb, n))
		return t->last;
	for (gid = 1; gid < XR_MAX_NHG; gid++)
		if (is(t, gid, memb, n))
			return t->last = gid;
	return 0;
}

static int slot_alloc(struct xr_nhg_table *t, uint32_t *out)
{
	uint32_t i, gid;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < XR_MAX_NHG - 1; i++) {
			gid = 1 + (t->cursor + i) % (XR_MAX_NHG - 1);
			if (!t->g[gid].nmemb) {
				t->cursor = gid;
				*out = gid;
				return 0;
			}
		}
		if (!t->pending.n || xr_nhg_release(t, 0))
			break;
	}
	return -ENOSPC;
}

/* A new group: members, ideal owners, buckets, then its count of
 * members, which makes it in use. No reader reaches it before a FIB
 * entry names it. */
static void slot_make(struct xr_nhg_table *t, uint32_t gid,
		      const struct xr_nhg_member *memb, unsigned int n)
{
	struct xr_nhg *g = &t->g[gid];

	xr_nhg_clear(t, gid);
	memcpy(g->memb, memb, n * sizeof(*memb));
	g->nmemb = (__u8)n;
	xr_nhg_ideal(g);
	xr_nhg_balance(t, g, 1);
	g->refcnt = 1;
}

struct xr_nhg_table *xr_nhg_table_of(const struct xr_maps *m, int v6)
{
	struct xr_nhg_table *t = v6 ? (m->fib6 ? &m->fib6->nhg : NULL) :
				      (m->fib ? &m->fib->nhg : NULL);

	return t && t->g ? t : NULL;
}

/* The family's groups, about to be written (the writer mark set). */
static struct xr_nhg_table *writable(const struct xr_maps *m, int v6, int *err)
{
	struct xr_nhg_table *t = xr_nhg_table_of(m, v6);

	*err = t ? xr_maps_fib_begin(m) : -EBADF;
	return *err ? NULL : t;
}

int xr_nhg_get(const struct xr_maps *m, int v6, const struct xr_nhg_spec *spec,
	       unsigned int n, uint32_t *gid)
{
	struct xr_nhg_member memb[XR_NHG_MAX_MEMBERS];
	struct xr_nhg_table *t;
	int err;

	if (!n || n > XR_NHG_MAX_MEMBERS)
		return -EINVAL;
	if (!(t = writable(m, v6, &err)) ||
	    (err = members_get(t, v6, spec, n, memb)))
		return err;
	*gid = find(t, memb, n);
	if (*gid) {
		members_put(t, memb, n);    /* the group holds them already */
		return xr_nhg_tab_hold(t, *gid);
	}
	err = slot_alloc(t, gid);
	if (err) {
		members_put(t, memb, n);
		return err;
	}
	slot_make(t, *gid, memb, n);
	t->last = *gid;
	return 0;
}

int xr_nhg_hold(const struct xr_maps *m, int v6, uint32_t gid)
{
	int err;
	struct xr_nhg_table *t = writable(m, v6, &err);

	return t ? xr_nhg_tab_hold(t, gid) : err;
}

int xr_nhg_put(const struct xr_maps *m, int v6, uint32_t gid)
{
	int err;
	struct xr_nhg_table *t = writable(m, v6, &err);

	return t ? xr_nhg_tab_put(t, gid) : err;
}

/* ---- read ---- */

static void member_info(const struct xr_nhg_table *t, const struct xr_nhg *g,
			unsigned int i, struct xr_nhg_info *out)
{
	struct xr_nh_key k;
	unsigned int b;

	memset(out, 0, sizeof(*out));
	xr_nh_key_of(t->nh, g->memb[i].nh, &k);
	out->spec.ifindex = k.ifindex;
	out->spec.gw = k.gw;
	out->spec.weight = g->memb[i].weight;
	out->nh = g->memb[i].nh;
	out->usable = (uint8_t)xr_nhg_usable(t->nh, out->nh);
	for (b = 0; b < XR_NHG_BUCKETS; b++)
		out->buckets += __atomic_load_n(&g->bucket[b], __ATOMIC_RELAXED) ==
				out->nh;
}

int xr_nhg_read(const struct xr_maps *m, int v6, uint32_t gid,
		struct xr_nhg_info *out, unsigned int *n)
{
	const struct xr_nhg_table *t = xr_nhg_table_of(m, v6);
	const struct xr_nhg *g = t ? xr_nhg_slot(t, gid) : NULL;
	unsigned int i;

	if (!t)
		return -EBADF;
	if (!g)
		return -ENOENT;
	if (*n < g->nmemb) {
		*n = g->nmemb;
		return -ENOSPC;
	}
	for (i = 0; i < g->nmemb; i++)
		member_info(t, g, i, &out[i]);
	*n = g->nmemb;
	return 0;
}
