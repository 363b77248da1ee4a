// SPDX-License-Identifier: GPL-2.0
/*
 * The route table is the source of truth; the FIB the fast path reads is
 * kept equal to it route by route (docs/fib.md), for either family. A
 * route goes into the FIB first and into the table second, and leaves
 * them in the other order, so that a failure half-way can be undone.
 */
#define _GNU_SOURCE        /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/mapdump.h"
#include "lib/routes.h"
#include "lib/rtchunk.h"
#include "lib/sort64.h"

#define AT(rt, f, off) ((const uint8_t *)(rt) + (f)->alen + (off))
_Static_assert(offsetof(struct xr_route4, plen) == 4 &&
	       offsetof(struct xr_route4, type) == 5 &&
	       offsetof(struct xr_route4, ifindex) == 8 &&
	       offsetof(struct xr_route4, gw) == 12, "route4 layout");
_Static_assert(offsetof(struct xr_route6, plen) == 16 &&
	       offsetof(struct xr_route6, type) == 17 &&
	       offsetof(struct xr_route6, ifindex) == 20 &&
	       offsetof(struct xr_route6, gw) == 24, "route6 layout");
_Static_assert(offsetof(struct xr_route4, nhg) ==
	       sizeof(struct xr_route4) - 8 &&
	       offsetof(struct xr_route6, nhg) ==
	       sizeof(struct xr_route6) - 8, "the group, then the metric, last");
_Static_assert(offsetof(struct xr_route4_key, addr) == 4 &&
	       offsetof(struct xr_route6_key, addr) == 4, "key layout");

const struct xr_rtfam xr_rt4 = { 0, 4, sizeof(struct xr_route4) };
const struct xr_rtfam xr_rt6 = { 1, 16, sizeof(struct xr_route6) };

/* A key of either family: the length, then the address. */
union rt_key {
	struct xr_route4_key k4;
	struct xr_route6_key k6;
};

static size_t key_size(const struct xr_rtfam *f)
{
	return 4 + f->alen;
}

static void key_set(const struct xr_rtfam *f, void *key, const void *addr,
		    uint8_t plen)
{
	uint32_t len = plen;

	memset(key, 0, key_size(f));
	memcpy(key, &len, 4);
	memcpy((uint8_t *)key + 4, addr, f->alen);
}

static uint8_t rt_plen(const struct xr_rtfam *f, const void *rt)
{
	return *AT(rt, f, 0);
}

static int map_fd(const struct xr_maps *m, const struct xr_rtfam *f)
{
	return f->v6 ? m->routes6 : m->routes4;
}

static struct xr_nh_table *nh_table(const struct xr_maps *m,
				    const struct xr_rtfam *f)
{
	return f->v6 ? &m->fib6->nh : &m->fib->nh;
}

static struct xr_nhg_table *nhg_table(const struct xr_maps *m,
				     const struct xr_rtfam *f)
{
	return f->v6 ? &m->fib6->nhg : &m->fib->nhg;
}

/* The group a route uses: 0 for one next hop. */
static uint32_t rt_nhg(const struct xr_rtfam *f, const void *rt)
{
	uint32_t g;

	memcpy(&g, (const uint8_t *)rt + f->rt_size - 8, 4);
	return g;
}

/* The next hop a route uses: only unicast routes have device and
 * gateway. */
static void nh_key(const struct xr_rtfam *f, const void *rt,
		   struct xr_nh_key *k)
{
	memset(k, 0, sizeof(*k));
	k->type = *AT(rt, f, 1);
	if (k->type != XR_RTN_UNICAST)
		return;
	memcpy(&k->ifindex, AT(rt, f, 4), 4);
	memcpy(&k->gw, AT(rt, f, 8), f->alen);
}

/* ---- the FIB of the family: entries, lookup, add, delete ---- */

static uint32_t fib_entry(const struct xr_rtfam *f, uint8_t plen, uint32_t id)
{
	return f->v6 ? xr_fib6_entry(plen, id) : xr_fib4_entry(plen, id);
}

static uint8_t fib_depth(const struct xr_rtfam *f, uint32_t e)
{
	return f->v6 ? xr_fib6_depth(e) : xr_fib4_depth(e);
}

static uint32_t fib_id(const struct xr_rtfam *f, uint32_t e)
{
	return e & (f->v6 ? XR_FIB6_ID_MASK : XR_FIB4_ID_MASK);
}

static __u32 host32(const void *addr)
{
	__be32 a;

	memcpy(&a, addr, 4);
	return ntohl(a);
}

static uint32_t fib_lookup(const struct xr_maps *m, const struct xr_rtfam *f,
			   const void *addr)
{
	return f->v6 ? xr_fib6_lookup(m->fib6, addr) :
		       xr_fib4_lookup(m->fib, host32(addr));
}

/* Whether addr/plen is a host route over one of the router's own
 * addresses (a local or broadcast entry of the same length), which the
 * FIB keeps while the address is there, as the kernel's local table
 * comes before its main table: the route stays in the route table only,
 * and takes the address's place again when the address goes
 * (xr_fib4_local_del, xr_fib6_local_del). */
static int fib_under_local(const struct xr_maps *m, const struct xr_rtfam *f,
			   const void *addr, uint8_t plen)
{
	uint32_t e;
	uint8_t type;

	if (plen != 8 * f->alen)      /* only a host route can be one */
		return 0;
	e = fib_lookup(m, f, addr);
	if (!(e & XR_FIB4_VALID) || fib_depth(f, e) != plen)
		return 0;
	type = xr_nh_type(nh_table(m, f), fib_id(f, e));
	return type == XR_RTN_LOCAL || type == XR_RTN_BROADCAST;
}

static int fib_add(const struct xr_maps *m, const struct xr_rtfam *f,
		   const void *addr, uint8_t plen, uint32_t id)
{
	if (fib_under_local(m, f, addr, plen))
		return 0;
	return f->v6 ? xr_fib6_add(m->fib6, addr, plen, id) :
		       xr_fib4_add(m->fib, host32(addr), plen, id);
}

static int fib_del(const struct xr_maps *m, const struct xr_rtfam *f,
		   const void *addr, uint8_t plen, uint32_t repl)
{
	if (fib_under_local(m, f, addr, plen))
		return 0;
	return f->v6 ? xr_fib6_del(m->fib6, addr, plen, repl) :
		       xr_fib4_del(m->fib, host32(addr), plen, repl);
}

static int fib_begin(const struct xr_maps *m, const struct xr_rtfam *f)
{
	return f->v6 ? xr_maps_fib6_begin(m) : xr_maps_fib_begin(m);
}

/* ---- the route table ---- */

int xr_rt_lookup(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *addr, uint8_t maxlen, void *rt)
{
	union rt_key k;

	key_set(f, &k, addr, maxlen);
	return bpf_map_lookup_elem(map_fd(m, f), &k, rt) < 0 ? -errno : 0;
}

int xr_rt_get(const struct xr_maps *m, const struct xr_rtfam *f,
	      const void *dst, uint8_t plen, void *rt)
{
	int err = xr_rt_lookup(m, f, dst, plen, rt);

	/* the longest match of at most plen bits: this very route only
	 * when lengths and prefixes agree */
	if (err)
		return err;
	if (rt_plen(f, rt) != plen || memcmp(rt, dst, f->alen))
		return -ENOENT;
	return 0;
}

/* The FIB id of a route: its next hop's slot, or its group's
 * (XR_FIB_NHG); -ENOENT when it has none. */
static int route_nh(const struct xr_maps *m, const struct xr_rtfam *f,
		    const void *rt, uint32_t *id)
{
	struct xr_nh_key k;
	uint32_t g = rt_nhg(f, rt);

	if (g) {
		*id = XR_FIB_NHG | g;
		return xr_nhg_slot(nhg_table(m, f), g) ? 0 : -ENOENT;
	}
	nh_key(f, rt, &k);
	return xr_nh_key_find(nh_table(m, f), &k, id);
}

/* A route with a group: unicast, and no device or gateway of its own. */
static int route_nhg_ok(const struct xr_rtfam *f, const void *rt)
{
	static const uint8_t zero[4 + 16];

	return *AT(rt, f, 1) == XR_RTN_UNICAST &&
	       !memcmp(AT(rt, f, 4), zero, 4 + f->alen);
}

/* A reference on what the route's FIB id names, taken / dropped. */
static int fib_id_get(const struct xr_maps *m, const struct xr_rtfam *f,
		      const void *rt, uint32_t *id)
{
	struct xr_nh_key k;
	uint32_t g = rt_nhg(f, rt);
	int err;

	if (g) {
		if (!route_nhg_ok(f, rt))
			return -EINVAL;
		err = xr_nhg_tab_hold(nhg_table(m, f), g);
		*id = XR_FIB_NHG | g;
		return err;
	}
	nh_key(f, rt, &k);
	return xr_nh_key_get(nh_table(m, f), &k, id);
}

static int fib_id_put(const struct xr_maps *m, const struct xr_rtfam *f,
		      uint32_t id)
{
	if (id & XR_FIB_NHG)
		return xr_nhg_tab_put(nhg_table(m, f), id & ~XR_FIB_NHG);
	return xr_nh_put(nh_table(m, f), id);
}

int xr_rt_fib_entry(const struct xr_maps *m, const struct xr_rtfam *f,
		    const void *addr, uint8_t maxlen, uint32_t *e)
{
	struct xr_route6 rt;     /* the larger of the two */
	uint32_t id;
	int err;

	*e = 0;
	err = xr_rt_lookup(m, f, addr, maxlen, &rt);
	if (err)
		return err == -ENOENT ? 0 : err;
	err = route_nh(m, f, &rt, &id);
	if (err)
		return err == -ENOENT ? -EUCLEAN : err;   /* FIB out of step */
	*e = fib_entry(f, rt_plen(f, &rt), id);
	return 0;
}

/* What the fast path must find once dst/plen is gone: the longest route
 * covering it with a shorter prefix. */
static int fib_covering(const struct xr_maps *m, const struct xr_rtfam *f,
			const void *dst, uint8_t plen, uint32_t *e)
{
	*e = 0;
	return plen ? xr_rt_fib_entry(m, f, dst, plen - 1, e) : 0;
}

/*
 * Whether dst/plen is in the table, from the FIB alone where it can say:
 * the entry for address dst comes from the longest route covering it, so
 * a route dst/plen exists when that entry has length plen and cannot when
 * it is shorter or absent. 1 present (*id its next hop), 0 absent, -1 the
 * FIB cannot tell (a longer route, or one of the router's addresses,
 * covers dst itself).
 */
static int fib_probe(const struct xr_maps *m, const struct xr_rtfam *f,
		     const void *dst, uint8_t plen, uint32_t *id)
{
	uint32_t e = fib_lookup(m, f, dst);
	uint8_t type;

	if (!(e & XR_FIB4_VALID) || fib_depth(f, e) < plen)
		return 0;
	type = xr_nh_type(nh_table(m, f), fib_id(f, e));
	if (fib_depth(f, e) > plen || type == XR_RTN_LOCAL ||
	    type == XR_RTN_BROADCAST)   /* not from the route table */
		return -1;
	*id = fib_id(f, e);
	return 1;
}

int xr_rt_exists(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *dst, uint8_t plen)
{
	struct xr_route6 rt;
	uint32_t id;
	int p;

	if ((f->v6 ? (void *)m->fib6 : (void *)m->fib) &&
	    (p = fib_probe(m, f, dst, plen, &id)) >= 0)
		return p;
	return xr_rt_get(m, f, dst, plen, &rt) == 0;
}

/* Whether rt replaces a route, and the next hop that one used. */
static int fib_old(const struct xr_maps *m, const struct xr_rtfam *f,
		   const void *rt, uint32_t *old_id)
{
	struct xr_route6 old;
	int had, err;

	/* one syscall per route in the common case: the FIB says whether
	 * this replaces a route, and which next hop that one used */
	had = fib_probe(m, f, rt, rt_plen(f, rt), old_id);
	if (had >= 0)
		return had;
	had = xr_rt_get(m, f, rt, rt_plen(f, rt), &old) == 0;
	if (had && (err = route_nh(m, f, &old, old_id)))
		return err == -ENOENT ? -EUCLEAN : err;
	return had;
}

/* Undo the FIB half of an update that did not reach the route table. */
static void fib_undo(const struct xr_maps *m, const struct xr_rtfam *f,
		     const void *rt, uint32_t id, int had, uint32_t old_id)
{
	uint8_t plen = rt_plen(f, rt);
	uint32_t e;

	if (had)
		fib_add(m, f, rt, plen, old_id);
	else if (!fib_covering(m, f, rt, plen, &e))
		fib_del(m, f, rt, plen, e);
	fib_id_put(m, f, id);
}

/* The FIB half of an update: next hop, then the FIB's entries. *had
 * -1: whether rt replaces a route is asked (fib_old); else it is known,
 * with *old_id. */
static int fib_apply(const struct xr_maps *m, const struct xr_rtfam *f,
		     const void *rt, uint32_t *id, int *had, uint32_t *old_id)
{
	int err;

	if (rt_plen(f, rt) > 8 * f->alen)
		return -EINVAL;
	if (*had < 0)
		*had = fib_old(m, f, rt, old_id);
	if (*had < 0)
		return *had;
	err = fib_id_get(m, f, rt, id);
	if (err)
		return err;
	err = fib_add(m, f, rt, rt_plen(f, rt), *id);
	if (err)
		fib_id_put(m, f, *id);
	return err;
}

#define XR_ROUTE_BATCH 65536

struct batch {
	union rt_key keys[XR_ROUTE_BATCH];    /* key_size apart */
	uint32_t ids[XR_ROUTE_BATCH], old_ids[XR_ROUTE_BATCH];
	int8_t had[XR_ROUTE_BATCH];
};

static const void *nth(const struct xr_rtfam *f, const void *rts, size_t k)
{
	return (const uint8_t *)rts + k * f->rt_size;
}

static const void *nth_key(const struct xr_rtfam *f, const struct batch *b,
			   size_t k)
{
	return (const uint8_t *)b->keys + k * key_size(f);
}

/* Up to cnt routes into the FIB; how many made it (*err: why not all).
 * A route whose prefix an earlier one of the chunk has replaces that
 * one (the chunk says so, not the table: it is not there yet). */
static size_t batch_fib(const struct xr_maps *m, const struct xr_rtfam *f,
			const void *rts, size_t cnt, struct batch *b, int *err)
{
	struct xr_rtchunk ch;
	size_t k;
	long j;
	int h;

	if ((*err = xr_rtchunk_init(&ch, b->keys, key_size(f), cnt)))
		return 0;
	for (k = 0; k < cnt; k++) {
		const void *rt = nth(f, rts, k);

		key_set(f, (uint8_t *)b->keys + k * key_size(f), rt,
			rt_plen(f, rt));
		j = xr_rtchunk_find(&ch, nth_key(f, b, k));
		h = j >= 0 ? 1 : -1;
		if (j >= 0)
			b->old_ids[k] = b->ids[j];
		*err = fib_apply(m, f, rt, &b->ids[k], &h, &b->old_ids[k]);
		if (*err)
			break;
		b->had[k] = (int8_t)h;
		xr_rtchunk_put(&ch, k);
	}
	xr_rtchunk_fini(&ch);
	return k;
}

/* The chunk's keys and routes in the order ord gives, for one write. */
static void batch_gather(const struct xr_rtfam *f, const void *rts,
			 const struct batch *b, const uint32_t *ord,
			 size_t cnt, uint8_t *keys, uint8_t *vals)
{
	size_t p, ksz = key_size(f);

	for (p = 0; p < cnt; p++) {
		memcpy(keys + p * ksz, nth_key(f, b, ord[p]), ksz);
		memcpy(vals + p * f->rt_size, nth(f, rts, ord[p]), f->rt_size);
	}
}

/*
 * After a write in ord's order stopped at ord[w]: the table made that of
 * the chunk's lines before L exactly, L the first line of a new prefix
 * not written (the lines after it stay out): the replacing routes
 * before L not written yet written as they came (a failure there moves
 * L back to it), then the new routes after L that went in out of line
 * order deleted (new: nothing was there before them). Returns L.
 */
static size_t table_settle(const struct xr_maps *m, const struct xr_rtfam *f,
			   const void *rts, const struct batch *b,
			   const uint32_t *ord, size_t w, size_t cnt, int *err)
{
	size_t last = cnt, p;

	for (p = w; p < cnt; p++)     /* the new routes not written */
		if (!b->had[ord[p]] && ord[p] < last)
			last = ord[p];
	for (p = w; p < cnt; p++) {
		uint32_t i = ord[p];

		if (!b->had[i] || i >= last)
			continue;
		if (bpf_map_update_elem(map_fd(m, f), nth_key(f, b, i),
					nth(f, rts, i), BPF_ANY) < 0) {
			if (!*err)
				*err = -errno;
			last = i;
			break;
		}
	}
	for (p = 0; p < w; p++)
		if (!b->had[ord[p]] && ord[p] > last)
			bpf_map_delete_elem(map_fd(m, f), nth_key(f, b, ord[p]));
	return last;
}

/* The chunk's routes into the table with one BPF_MAP_UPDATE_BATCH in
 * ord's order (keys and vals: room for cnt); how many lines of the
 * chunk it holds, from the first (table_settle when it stopped short). */
static size_t table_write(const struct xr_maps *m, const struct xr_rtfam *f,
			  const void *rts, size_t cnt, const struct batch *b,
			  const uint32_t *ord, uint8_t *keys, uint8_t *vals,
			  int *err)
{
	__u32 count = (__u32)cnt;

	batch_gather(f, rts, b, ord, cnt, keys, vals);
	if (!bpf_map_update_batch(map_fd(m, f), keys, vals, &count, NULL))
		return cnt;
	if (!*err)
		*err = -errno;
	if (count > cnt)
		count = 0;
	return table_settle(m, f, rts, b, ord, count, cnt, err);
}

/* ... new prefixes in address order (rtchunk.h). */
static size_t table_put(const struct xr_maps *m, const struct xr_rtfam *f,
			const void *rts, size_t cnt, const struct batch *b,
			int *err)
{
	uint32_t *ord = malloc(cnt * sizeof(*ord));
	uint8_t *keys = malloc(cnt * key_size(f)), *vals = malloc(cnt * f->rt_size);
	int e = ord && keys && vals ? 0 : -ENOMEM;
	size_t count = 0;

	if (!e)
		e = xr_rtchunk_order(b->keys, key_size(f), b->had, cnt, ord);
	if (!e)
		count = table_write(m, f, rts, cnt, b, ord, keys, vals, err);
	else if (!*err)
		*err = e;
	free(ord);
	free(keys);
	free(vals);
	return count;
}

/* The chunk into the table; the routes it refused undone, last first,
 * and the replaced routes' next hops lose their reference. How many
 * stay. */
static size_t batch_table(const struct xr_maps *m, const struct xr_rtfam *f,
			  const void *rts, size_t cnt, struct batch *b,
			  int *err)
{
	size_t count = cnt ? table_put(m, f, rts, cnt, b, err) : 0;
	size_t k;

	for (k = cnt; k-- > count;)
		fib_undo(m, f, nth(f, rts, k), b->ids[k], b->had[k],
			 b->old_ids[k]);
	for (k = 0; k < count; k++)
		if (b->had[k])
			fib_id_put(m, f, b->old_ids[k]);
	return count;
}

/*
 * Many routes at once (a -batch of adds): each goes into the FIB, then
 * the chunk into the route table with one syscall instead of one a
 * route. *done says how many stay.
 */
int xr_rt_update_many(const struct xr_maps *m, const struct xr_rtfam *f,
		      const void *rts, size_t n, size_t *done)
{
	static struct batch b;
	size_t base, cnt, kept;
	int err;

	*done = 0;
	if ((err = fib_begin(m, f)))
		return err;
	for (base = 0; base < n && !err; base += cnt) {
		cnt = n - base < XR_ROUTE_BATCH ? n - base : XR_ROUTE_BATCH;
		cnt = batch_fib(m, f, nth(f, rts, base), cnt, &b, &err);
		kept = batch_table(m, f, nth(f, rts, base), cnt, &b, &err);
		*done += kept;
		if (kept < cnt)
			break;
	}
	return err;
}

int xr_rt_delete(const struct xr_maps *m, const struct xr_rtfam *f,
		 const void *dst, uint8_t plen)
{
	struct xr_route6 old;
	union rt_key k;
	uint32_t id, e;
	int err;

	if ((err = fib_begin(m, f)))
		return err;
	if ((err = xr_rt_get(m, f, dst, plen, &old)))
		return err;
	if ((err = route_nh(m, f, &old, &id)) ||
	    (err = fib_covering(m, f, dst, plen, &e)))
		return err == -ENOENT ? -EUCLEAN : err;
	key_set(f, &k, dst, plen);
	if (bpf_map_delete_elem(map_fd(m, f), &k) < 0)
		return -errno;
	err = fib_del(m, f, dst, plen, e);
	if (err)
		return err;
	return fib_id_put(m, f, id);
}

/* By prefix (network order compares as numbers), then length; arg is
 * the family. */
static int route_cmp(const void *a, const void *b, void *arg)
{
	unsigned int alen = ((const struct xr_rtfam *)arg)->alen;
	int c = memcmp(a, b, alen);

	return c ? c : (int)((const uint8_t *)a)[alen] -
		       (int)((const uint8_t *)b)[alen];
}

/* IPv4 routes in route_cmp's order: their prefix and length as one
 * 40-bit number over their index, sorted by radix (a million routes in
 * a few passes); rt gets them in that order. */
static int sort4(struct xr_route4 **rt, size_t n)
{
	uint64_t *k = malloc((n ? n : 1) * sizeof(*k));
	struct xr_route4 *s = malloc((n ? n : 1) * sizeof(*s));
	size_t i;
	int err = k && s && n < (1u << 24) ? 0 : -ENOMEM;

	for (i = 0; !err && i < n; i++)
		k[i] = ((uint64_t)ntohl((*rt)[i].dst) << 8 | (*rt)[i].plen) << 24 | i;
	if (!err)
		err = xr_sort64(k, n, 24, 64);
	for (i = 0; !err && i < n; i++)
		s[i] = (*rt)[k[i] & 0xffffff];
	free(k);
	if (err) {
		free(s);
		return err;
	}
	free(*rt);
	*rt = s;
	return 0;
}

int xr_rt_dump(const struct xr_maps *m, const struct xr_rtfam *f, void **out,
	       size_t *n)
{
	void *rt;
	size_t cnt;
	int err;

	/* the routes alone: each holds its prefix and length */
	err = xr_map_dump(map_fd(m, f), key_size(f), f->rt_size, 0, &rt, &cnt);
	if (err)
		return err;
	if (!rt && !(rt = malloc(f->rt_size)))
		return -ENOMEM;
	if (f->v6)
		qsort_r(rt, cnt, f->rt_size, route_cmp, (void *)f);
	else if ((err = sort4((struct xr_route4 **)&rt, cnt))) {
		free(rt);
		return err;
	}
	*out = rt;
	*n = cnt;
	return 0;
}
