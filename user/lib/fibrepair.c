// SPDX-License-Identifier: GPL-2.0
/*
 * Check and repair of the FIB against the route table (lib/fibrepair.h):
 * compile afresh, compare, and rewrite only what differs, each store one
 * release store of a correct entry, the way an update writes. Groups and
 * slots that nothing reaches any more are freed only after a grace
 * period; a new group is taken only among those no reader can hold.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "lib/addr4.h"
#include "lib/fibrepair.h"
#include "lib/fibrepair_common.h"
#include "lib/route4.h"


struct plan {
	struct xr_repair b;        /* want, reach, the compile's groups ... */
	struct xr_fib4 *f;
	struct xr_dir24 s;         /* the compile, on plain memory */
	uint8_t *touched;          /* chunks of the compile's tbl24 written */
};

static void plan_free(struct plan *p)
{
	xr_repair_free(&p->b);
	free(p->s.tbl24);
	free(p->touched);
}

static int plan_init(struct plan *p, struct xr_fib4 *f, int fix,
		     struct xr_fib4_report *r)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->f = f;
	if ((err = xr_repair_init(&p->b, f->dir.ngroups, XR_MAX_NH4, fix, r)))
		return err;
	p->s.grp = p->b.pool;
	p->s.tbl24 = calloc(1u << 24, sizeof(uint32_t));
	p->touched = calloc(XR_FIB4_TBL24_ELEMS, 1);
	if (!p->s.tbl24 || !p->touched) {
		plan_free(p);
		return -ENOMEM;
	}
	return 0;
}

static int plan_nh(struct plan *p, const struct xr_fib4_item *it,
		   uint32_t *id)
{
	struct xr_nh_key k = { it->type, it->ifindex, { { it->gw, 0, 0, 0 } } };

	return xr_repair_id(&p->b, &p->f->nh, &k, it->nhg, id);
}

/* The chunks of tbl24 a route of ip/plen writes to. */
static void chunks_touch(struct plan *p, uint32_t ip, uint8_t plen)
{
	uint32_t first = ip >> 8 >> XR_FIB4_CHUNK_BITS;
	uint32_t n = plen >= 24 - XR_FIB4_CHUNK_BITS ? 1 :
		     1u << (24 - XR_FIB4_CHUNK_BITS - plen);

	memset(p->touched + first, 1, n);
}

static int plan_compile(struct plan *p, const struct xr_fib4_item *items,
			size_t n)
{
	uint32_t id;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		if ((err = plan_nh(p, &items[i], &id)))
			return err;
		err = xr_dir24_add(&p->s, ntohl(items[i].dst), items[i].plen, id);
		if (err)
			return err;
		chunks_touch(p, ntohl(items[i].dst), items[i].plen);
	}
	return 0;
}

/* A live entry that differs: counted, and rewritten by a repair. */
static void put(struct plan *p, uint32_t *e, uint32_t v)
{
	p->b.r->entries++;
	if (p->b.fix)
		__atomic_store_n(e, v, __ATOMIC_RELEASE);
}

/* Whether a tbl24 entry names a group, within the table. */
static int ext_group(const struct xr_dir24 *d, uint32_t e, uint32_t *g)
{
	*g = e & XR_FIB4_ID_MASK;
	return (e & XR_FIB4_EXT) && *g < d->ngroups;
}

/* Whether a chunk of tbl24 (XR_FIB4_CHUNK entries) names any group: a
 * test the compiler does many entries at a time. */
static int chunk_ext(const uint32_t *e)
{
	uint32_t acc = 0, j;

	for (j = 0; j < XR_FIB4_CHUNK; j++)
		acc |= e[j];
	return !!(acc & XR_FIB4_EXT);
}

/* Whether chunk c of the live tbl24 may differ from the compile: unless
 * both are equal and name no group, it is compared entry by entry. */
static int chunk_differs(const struct plan *p, uint32_t c)
{
	const uint32_t *w = &p->s.tbl24[c], *l = &p->f->dir.tbl24[c];
	uint32_t acc = 0, j;

	if (!p->touched[c >> XR_FIB4_CHUNK_BITS]) {   /* all 0 in the compile */
		for (j = 0; j < XR_FIB4_CHUNK; j++)
			acc |= l[j];
		return acc != 0;
	}
	return chunk_ext(w) || memcmp(w, l, XR_FIB4_CHUNK * sizeof(*w));
}

static void reach_scan(struct plan *p)
{
	const struct xr_dir24 *d = &p->f->dir;
	uint32_t i, g;

	memset(p->b.reach, 0, (d->ngroups + 63) / 64 * sizeof(__u64));
	for (i = 0; i < 1u << 24; i++) {
		if (i % XR_FIB4_CHUNK == 0 && !chunk_ext(&d->tbl24[i]))
			i += XR_FIB4_CHUNK - 1;      /* no group named here */
		else if (ext_group(d, __atomic_load_n(&d->tbl24[i],
						     __ATOMIC_ACQUIRE), &g))
			xr_bit_set(p->b.reach, g, 1);
	}
}

/* The /24 that must become a group: one filled, then made reachable. */
static int group_new(struct plan *p, uint32_t *e24, const uint32_t *want)
{
	struct xr_dir24 *d = &p->f->dir;
	uint32_t g;

	p->b.r->entries++;
	if (!p->b.fix)
		return 0;
	if (xr_repair_group_free(&d->grp, p->b.reach, &p->b.cursor, &g))
		return -ENOSPC;
	memcpy(xr_dir24_group(d, g), want, 256 * sizeof(uint32_t));
	xr_bit_set(d->bitmap, g, 1);
	xr_bit_set(p->b.reach, g, 1);
	__atomic_store_n(e24, XR_FIB4_VALID | XR_FIB4_EXT | g, __ATOMIC_RELEASE);
	return 0;
}

static int fix_24(struct plan *p, uint32_t i)
{
	struct xr_dir24 *d = &p->f->dir;
	uint32_t w = p->s.tbl24[i], *e24 = &d->tbl24[i];
	uint32_t l = __atomic_load_n(e24, __ATOMIC_ACQUIRE), g, j, *lg, *wg;

	if (!(w & XR_FIB4_EXT)) {
		if (l != w)
			put(p, e24, w);
		return 0;
	}
	wg = xr_dir24_group(&p->s, w & XR_FIB4_ID_MASK);
	if (!ext_group(d, l, &g))
		return group_new(p, e24, wg);
	lg = xr_dir24_group(d, g);
	for (j = 0; j < 256; j++)
		if (__atomic_load_n(&lg[j], __ATOMIC_ACQUIRE) != wg[j])
			put(p, &lg[j], wg[j]);
	return 0;
}

static int plan_apply(struct plan *p)
{
	uint32_t i, j;
	int err;

	reach_scan(p);
	for (i = 0; i < 1u << 24; i += XR_FIB4_CHUNK) {
		if (!chunk_differs(p, i))
			continue;
		for (j = i; j < i + XR_FIB4_CHUNK; j++)
			if ((err = fix_24(p, j)))
				return err;
	}
	reach_scan(p);       /* what readers reach from now on */
	return xr_repair_finish(&p->b, &p->f->dir.grp, &p->f->nh);
}

int xr_fib4_reconcile(struct xr_fib4 *f, const struct xr_fib4_item *items,
		      size_t n, int fix, struct xr_fib4_report *r)
{
	struct plan p;
	int err;

	if (fix)
		xr_repair_forget(&f->dir.grp, &f->nh, &f->nhg);
	if ((err = plan_init(&p, f, fix, r)))
		return err;
	err = plan_compile(&p, items, n) ?: plan_apply(&p);
	plan_free(&p);
	return err;
}

/* The routes, then the router's addresses (the local entries win at
 * /32, as xr_fib4_local_add makes them). */
static int fib_items(const struct xr_maps *m, struct xr_fib4_item **out,
		     size_t *n, struct xr_fib4_report *r)
{
	struct xr_route4 *rt = NULL;
	struct xr_addr4_entry *a = NULL;
	struct xr_fib4_item *it = NULL;
	size_t i, nr = 0, na = 0;
	int err;

	if ((err = xr_route4_dump(m, &rt, &nr)) ||
	    (err = xr_addrs4_dump(m, &a, &na)))
		goto out;
	it = calloc(nr + na + 1, sizeof(*it));
	if (!it) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++)
		it[i] = (struct xr_fib4_item){ rt[i].dst, rt[i].plen, rt[i].type,
			xr_route4_nh_ifindex(&rt[i]), xr_route4_nh_gw(&rt[i]),
			rt[i].nhg };
	for (i = 0; i < na; i++)
		it[nr + i] = (struct xr_fib4_item){ a[i].addr, 32,
			a[i].val.type == XR_ADDR_BCAST ? XR_RTN_BROADCAST :
			XR_RTN_LOCAL, a[i].val.ifindex, 0, 0 };
	r->routes = nr;
	r->locals = na;
	*out = it;
	*n = nr + na;
out:
	free(rt);
	free(a);
	return err;
}

/* Either family's FIB against its tables: items, then reconcile. */
static int fib_reconcile(const struct xr_maps *m, int v6, int fix,
			 struct xr_fib4_report *r)
{
	void *it = NULL;
	size_t n = 0;
	int err;

	memset(r, 0, sizeof(*r));
	if (!(v6 ? (void *)m->fib6 : (void *)m->fib))
		return -EBADF;
	err = v6 ? xr_fib6_items(m, (struct xr_fib6_item **)&it, &n, r) :
		   fib_items(m, (struct xr_fib4_item **)&it, &n, r);
	if (!err)
		err = v6 ? xr_fib6_reconcile(m->fib6, it, n, fix, r) :
			   xr_fib4_reconcile(m->fib, it, n, fix, r);
	free(it);
	return err;
}

int xr_fib4_check(const struct xr_maps *m, struct xr_fib4_report *r)
{
	return fib_reconcile(m, 0, 0, r);
}

int xr_fib4_repair(const struct xr_maps *m, struct xr_fib4_report *r)
{
	return fib_reconcile(m, 0, 1, r);
}

int xr_fib6_check(const struct xr_maps *m, struct xr_fib4_report *r)
{
	return fib_reconcile(m, 1, 0, r);
}

int xr_fib6_repair(const struct xr_maps *m, struct xr_fib4_report *r)
{
	return fib_reconcile(m, 1, 1, r);
}

size_t xr_fib4_report_problems(const struct xr_fib4_report *r)
{
	return r->entries + r->nh_missing + r->refcnts + r->nh_leaked +
	       r->groups_leaked + r->groups_unmarked + r->counts + r->adj_stale +
	       r->nhg_leaked + r->nhg_refcnts + r->nhg_stale;
}

void xr_fib4_report_format(const struct xr_fib4_report *r, char *buf,
			   size_t len)
{
	snprintf(buf, len, "routes %zu locals %zu entries %zu nh_missing %zu "
		 "refcnts %zu nh_leaked %zu groups_leaked %zu "
		 "groups_unmarked %zu counts %zu adj_stale %zu nhg_leaked %zu "
		 "nhg_refcnts %zu nhg_stale %zu",
		 r->routes, r->locals, r->entries, r->nh_missing, r->refcnts,
		 r->nh_leaked, r->groups_leaked, r->groups_unmarked, r->counts,
		 r->adj_stale, r->nhg_leaked, r->nhg_refcnts, r->nhg_stale);
}
