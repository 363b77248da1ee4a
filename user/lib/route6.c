// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 route table (xr_routes6) and the IPv6 FIB kept equal to it
 * route by route, as route4.c for IPv4 (docs/fib.md): into the FIB first
 * and the table second, out of them in the other order, so that a failure
 * half-way can be undone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/mapdump.h"
#include "lib/route6.h"

static const struct xr_in6 in6_none;

static struct xr_route6_key rkey(const struct xr_in6 *addr, uint8_t plen)
{
	struct xr_route6_key k;

	memset(&k, 0, sizeof(k));
	k.prefixlen = plen;
	k.addr = *addr;
	return k;
}

/* The gateway a route's next hop uses: only unicast routes have one. */
static const struct xr_in6 *nh_gw(const struct xr_route6 *rt)
{
	return rt->type == XR_RTN_UNICAST ? &rt->gw : &in6_none;
}

int xr_route6_get(const struct xr_maps *m, const struct xr_in6 *dst,
		  uint8_t plen, struct xr_route6 *rt)
{
	struct xr_route6_key k = rkey(dst, plen);

	/* the longest match of at most plen bits: this very route only
	 * when lengths and prefixes agree */
	if (bpf_map_lookup_elem(m->routes6, &k, rt) < 0)
		return -errno;
	if (rt->plen != plen || memcmp(&rt->dst, dst, sizeof(*dst)))
		return -ENOENT;
	return 0;
}

int xr_route6_lookup(const struct xr_maps *m, const struct xr_in6 *addr,
		     struct xr_route6 *rt)
{
	struct xr_route6_key k = rkey(addr, 128);

	return bpf_map_lookup_elem(m->routes6, &k, rt) < 0 ? -errno : 0;
}

static int route_nh(const struct xr_maps *m, const struct xr_route6 *rt,
		    uint32_t *id)
{
	return xr_nh6_find(&m->fib6->nh, rt->type, xr_route6_nh_ifindex(rt),
			   nh_gw(rt), id);
}

int xr_route6_fib_entry(const struct xr_maps *m, const struct xr_in6 *addr,
			uint8_t maxlen, uint32_t *e)
{
	struct xr_route6_key k = rkey(addr, maxlen);
	struct xr_route6 rt;
	uint32_t id;
	int err;

	*e = 0;
	if (bpf_map_lookup_elem(m->routes6, &k, &rt) < 0)
		return errno == ENOENT ? 0 : -errno;
	err = route_nh(m, &rt, &id);
	if (err)
		return err == -ENOENT ? -EUCLEAN : err;   /* FIB out of step */
	*e = xr_fib6_entry(rt.plen, id);
	return 0;
}

/* What the fast path must find once dst/plen is gone: the longest route
 * covering it with a shorter prefix. */
static int fib_covering(const struct xr_maps *m, const struct xr_in6 *dst,
			uint8_t plen, uint32_t *e)
{
	*e = 0;
	return plen ? xr_route6_fib_entry(m, dst, plen - 1, e) : 0;
}

/*
 * Whether dst/plen is in the table, from the FIB where it can say (as
 * route4.c): 1 present (*id its next hop), 0 absent, -1 the FIB cannot
 * tell (a longer route, or one of the router's addresses, covers dst).
 */
static int fib_probe(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen, uint32_t *id)
{
	uint32_t e = xr_lpm6_lookup(&m->fib6->trie, dst);

	if (!(e & XR_FIB6_VALID) || xr_fib6_depth(e) < plen)
		return 0;
	if (xr_fib6_depth(e) > plen ||
	    xr_nh_type(&m->fib6->nh, e & XR_FIB6_ID_MASK) == XR_RTN_LOCAL)
		return -1;
	*id = e & XR_FIB6_ID_MASK;
	return 1;
}

int xr_route6_exists(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen)
{
	struct xr_route6 rt;
	uint32_t id;
	int p;

	if (m->fib6 && (p = fib_probe(m, dst, plen, &id)) >= 0)
		return p;
	return xr_route6_get(m, dst, plen, &rt) == 0;
}

/* Whether rt replaces a route, and the next hop that one used. */
static int fib_old(const struct xr_maps *m, const struct xr_route6 *rt,
		   uint32_t *old_id)
{
	struct xr_route6 old;
	int had, err;

	had = fib_probe(m, &rt->dst, rt->plen, old_id);
	if (had >= 0)
		return had;
	had = xr_route6_get(m, &rt->dst, rt->plen, &old) == 0;
	if (had && (err = route_nh(m, &old, old_id)))
		return err == -ENOENT ? -EUCLEAN : err;
	return had;
}

/* Undo the FIB half of an update that did not reach the route table. */
static void fib_undo(const struct xr_maps *m, const struct xr_route6 *rt,
		     uint32_t id, int had, uint32_t old_id)
{
	uint32_t e;

	if (had)
		xr_lpm6_add(&m->fib6->trie, &rt->dst, rt->plen, old_id);
	else if (!fib_covering(m, &rt->dst, rt->plen, &e))
		xr_lpm6_del(&m->fib6->trie, &rt->dst, rt->plen, e);
	xr_nh_put(&m->fib6->nh, id);
}

/* The FIB half of an update: next hop, then the trie's entries. */
static int fib_apply(const struct xr_maps *m, const struct xr_route6 *rt,
		     uint32_t *id, int *had, uint32_t *old_id)
{
	int err;

	if (rt->plen > 128)
		return -EINVAL;
	*had = fib_old(m, rt, old_id);
	if (*had < 0)
		return *had;
	err = xr_nh6_get(&m->fib6->nh, rt->type, xr_route6_nh_ifindex(rt),
			 nh_gw(rt), id);
	if (err)
		return err;
	err = xr_lpm6_add(&m->fib6->trie, &rt->dst, rt->plen, *id);
	if (err)
		xr_nh_put(&m->fib6->nh, *id);
	return err;
}

int xr_route6_update(const struct xr_maps *m, const struct xr_route6 *rt)
{
	size_t done;

	return xr_route6_update_many(m, rt, 1, &done);
}

#define XR_ROUTE6_BATCH 4096

struct batch {
	struct xr_route6_key keys[XR_ROUTE6_BATCH];
	uint32_t ids[XR_ROUTE6_BATCH], old_ids[XR_ROUTE6_BATCH];
	int8_t had[XR_ROUTE6_BATCH];
};

/* Up to cnt routes into the FIB; how many made it (*err: why not all). */
static size_t batch_fib(const struct xr_maps *m, const struct xr_route6 *rts,
			size_t cnt, struct batch *b, int *err)
{
	size_t k;
	int h;

	for (k = 0; k < cnt; k++) {
		uint32_t unused;

		/* where only the route table can tell whether this replaces
		 * a route, it must hold the chunk so far */
		if (k && fib_probe(m, &rts[k].dst, rts[k].plen, &unused) < 0)
			break;
		*err = fib_apply(m, &rts[k], &b->ids[k], &h, &b->old_ids[k]);
		if (*err)
			break;
		b->had[k] = (int8_t)h;
		b->keys[k] = rkey(&rts[k].dst, rts[k].plen);
	}
	return k;
}

/* The chunk's routes into the table with one syscall; those it refused
 * are undone, last first. How many stay. */
static size_t batch_table(const struct xr_maps *m, const struct xr_route6 *rts,
			  size_t cnt, struct batch *b, int *err)
{
	__u32 count = (__u32)cnt;
	size_t k;

	if (cnt && bpf_map_update_batch(m->routes6, b->keys, rts, &count,
					NULL) < 0) {
		if (!*err)
			*err = -errno;
		if (count > cnt)
			count = 0;
	}
	for (k = cnt; k-- > count;)
		fib_undo(m, &rts[k], b->ids[k], b->had[k], b->old_ids[k]);
	for (k = 0; k < count; k++)
		if (b->had[k])
			xr_nh_put(&m->fib6->nh, b->old_ids[k]);
	return count;
}

/* Many routes at once, the route table written XR_ROUTE6_BATCH routes a
 * syscall, as xr_route4_update_many. */
int xr_route6_update_many(const struct xr_maps *m, const struct xr_route6 *rts,
			  size_t n, size_t *done)
{
	struct batch *b;
	size_t base, cnt, kept;
	int err;

	*done = 0;
	if ((err = xr_maps_fib6_begin(m)))
		return err;
	b = malloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	for (base = 0; base < n && !err; base += cnt) {
		cnt = n - base < XR_ROUTE6_BATCH ? n - base : XR_ROUTE6_BATCH;
		cnt = batch_fib(m, &rts[base], cnt, b, &err);
		kept = batch_table(m, &rts[base], cnt, b, &err);
		*done += kept;
		if (kept < cnt)
			break;
	}
	free(b);
	return err;
}

int xr_route6_delete(const struct xr_maps *m, const struct xr_in6 *dst,
		     uint8_t plen)
{
	struct xr_route6_key k = rkey(dst, plen);
	struct xr_route6 old;
	uint32_t id, e;
	int err;

	if ((err = xr_maps_fib6_begin(m)))
		return err;
	if ((err = xr_route6_get(m, dst, plen, &old)))
		return err;
	if ((err = route_nh(m, &old, &id)) ||
	    (err = fib_covering(m, dst, plen, &e)))
		return err == -ENOENT ? -EUCLEAN : err;
	if (bpf_map_delete_elem(m->routes6, &k) < 0)
		return -errno;
	err = xr_lpm6_del(&m->fib6->trie, dst, plen, e);
	if (err)
		return err;
	return xr_nh_put(&m->fib6->nh, id);
}

static int route_cmp(const void *a, const void *b)
{
	const struct xr_route6 *x = a, *y = b;
	int c = memcmp(&x->dst, &y->dst, sizeof(x->dst));

	return c ? c : (int)x->plen - (int)y->plen;
}

int xr_route6_dump(const struct xr_maps *m, struct xr_route6 **out,
		   size_t *n)
{
	struct ent { struct xr_route6_key k; struct xr_route6 v; } *e;
	struct xr_route6 *rt;
	size_t i, cnt;
	int err;

	err = xr_map_dump(m->routes6, sizeof(e->k), sizeof(*e),
			  offsetof(struct ent, v), (void **)&e, &cnt);
	if (err)
		return err;
	rt = malloc((cnt ? cnt : 1) * sizeof(*rt));
	if (!rt) {
		free(e);
		return -ENOMEM;
	}
	for (i = 0; i < cnt; i++)
		rt[i] = e[i].v;
	free(e);
	qsort(rt, cnt, sizeof(*rt), route_cmp);
	*out = rt;
	*n = cnt;
	return 0;
}
