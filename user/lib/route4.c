// SPDX-License-Identifier: GPL-2.0
/*
 * The route table (xr_routes4) is the source of truth; the FIB the fast
 * path reads is kept equal to it route by route (docs/fib.md). A route
 * goes into the FIB first and into the table second, and leaves them in
 * the other order, so that a failure half-way can be undone.
 */
#include <errno.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/mapdump.h"
#include "lib/route4.h"

int xr_route4_get(const struct xr_maps *m, __be32 dst, uint8_t plen,
		  struct xr_route4 *rt)
{
	struct xr_route4_key k = { .prefixlen = plen, .addr = dst };

	/* An LPM lookup with prefixlen N returns the longest match of at
	 * most N bits; it is this very route only when lengths agree. */
	if (bpf_map_lookup_elem(m->routes4, &k, rt) < 0)
		return -errno;
	if (rt->plen != plen || rt->dst != dst)
		return -ENOENT;
	return 0;
}

int xr_route4_lookup(const struct xr_maps *m, __be32 addr,
		     struct xr_route4 *rt)
{
	struct xr_route4_key k = { .prefixlen = 32, .addr = addr };

	return bpf_map_lookup_elem(m->routes4, &k, rt) < 0 ? -errno : 0;
}

static int route_nh(const struct xr_maps *m, const struct xr_route4 *rt,
		    uint32_t *id)
{
	return xr_nh_find(&m->fib->nh, rt->type, xr_route4_nh_ifindex(rt),
			  xr_route4_nh_gw(rt), id);
}

int xr_route4_fib_entry(const struct xr_maps *m, __be32 addr, uint8_t maxlen,
			uint32_t *e)
{
	struct xr_route4_key k = { .prefixlen = maxlen, .addr = addr };
	struct xr_route4 rt;
	uint32_t id;
	int err;

	*e = 0;
	if (bpf_map_lookup_elem(m->routes4, &k, &rt) < 0)
		return errno == ENOENT ? 0 : -errno;
	err = route_nh(m, &rt, &id);
	if (err)
		return err == -ENOENT ? -EUCLEAN : err;   /* FIB out of step */
	*e = xr_fib4_entry(rt.plen, id);
	return 0;
}

/* What the fast path must find once dst/plen is gone: the longest route
 * covering it with a shorter prefix. */
static int fib_covering(const struct xr_maps *m, __be32 dst, uint8_t plen,
			uint32_t *e)
{
	*e = 0;
	return plen ? xr_route4_fib_entry(m, dst, plen - 1, e) : 0;
}

/*
 * Whether dst/plen is in the table, from the FIB alone where it can say:
 * the entry for address dst comes from the longest route covering it, so
 * a route dst/plen exists when that entry has length plen and cannot when
 * it is shorter or absent. 1 present (*id its next hop), 0 absent, -1 the
 * FIB cannot tell (a longer route covers dst itself).
 */
static int fib_probe(const struct xr_maps *m, __be32 dst, uint8_t plen,
		     uint32_t *id)
{
	uint32_t e = xr_dir24_lookup(&m->fib->dir, ntohl(dst));
	uint8_t type;

	if (!(e & XR_FIB4_VALID) || xr_fib4_depth(e) < plen)
		return 0;
	type = m->fib->nh.nh[e & XR_FIB4_ID_MASK].type;
	if (xr_fib4_depth(e) > plen || type == XR_RTN_LOCAL ||
	    type == XR_RTN_BROADCAST)   /* not from the route table */
		return -1;
	*id = e & XR_FIB4_ID_MASK;
	return 1;
}

int xr_route4_exists(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	struct xr_route4 rt;
	uint32_t id;
	int p;

	if (m->fib && (p = fib_probe(m, dst, plen, &id)) >= 0)
		return p;
	return xr_route4_get(m, dst, plen, &rt) == 0;
}

/* Whether rt replaces a route, and the next hop that one used. */
static int fib_old(const struct xr_maps *m, const struct xr_route4 *rt,
		   uint32_t *old_id)
{
	struct xr_route4 old;
	int had, err;

	/* one syscall per route in the common case: the FIB says whether
	 * this replaces a route, and which next hop that one used */
	had = fib_probe(m, rt->dst, rt->plen, old_id);
	if (had >= 0)
		return had;
	had = xr_route4_get(m, rt->dst, rt->plen, &old) == 0;
	if (had && (err = route_nh(m, &old, old_id)))
		return err == -ENOENT ? -EUCLEAN : err;
	return had;
}

/* Undo the FIB half of an update that did not reach the route table. */
static void fib_undo(const struct xr_maps *m, const struct xr_route4 *rt,
		     uint32_t id, int had, uint32_t old_id)
{
	uint32_t e;

	if (had)
		xr_dir24_add(&m->fib->dir, ntohl(rt->dst), rt->plen, old_id);
	else if (!fib_covering(m, rt->dst, rt->plen, &e))
		xr_dir24_del(&m->fib->dir, ntohl(rt->dst), rt->plen, e);
	xr_nh_put(&m->fib->nh, id);
}

/* The FIB half of an update: next hop, then the DIR-24-8 entries. */
static int fib_apply(const struct xr_maps *m, const struct xr_route4 *rt,
		     uint32_t *id, int *had, uint32_t *old_id)
{
	int err;

	*had = fib_old(m, rt, old_id);
	if (*had < 0)
		return *had;
	err = xr_nh_get(&m->fib->nh, rt->type, xr_route4_nh_ifindex(rt),
			xr_route4_nh_gw(rt), id);
	if (err)
		return err;
	err = xr_dir24_add(&m->fib->dir, ntohl(rt->dst), rt->plen, *id);
	if (err)
		xr_nh_put(&m->fib->nh, *id);
	return err;
}

int xr_route4_update(const struct xr_maps *m, const struct xr_route4 *rt)
{
	size_t done;

	return xr_route4_update_many(m, rt, 1, &done);
}

#define XR_ROUTE4_BATCH 4096

/*
 * Many routes at once (a -batch of adds): each goes into the FIB, then
 * the chunk into the route table with one BPF_MAP_UPDATE_BATCH instead of
 * a syscall a route. Where the table refuses, that route and those after
 * it are undone, last first, and *done says how many stay.
 */
int xr_route4_update_many(const struct xr_maps *m, const struct xr_route4 *rts,
			  size_t n, size_t *done)
{
	static struct xr_route4_key keys[XR_ROUTE4_BATCH];
	static uint32_t ids[XR_ROUTE4_BATCH], old_ids[XR_ROUTE4_BATCH];
	static int8_t had[XR_ROUTE4_BATCH];
	size_t base, k, cnt;
	__u32 count;
	int err = 0, h;

	*done = 0;
	if ((err = xr_maps_fib_begin(m)))
		return err;
	for (base = 0; base < n; base += cnt) {
		cnt = n - base < XR_ROUTE4_BATCH ? n - base : XR_ROUTE4_BATCH;
		for (k = 0; k < cnt; k++) {
			const struct xr_route4 *rt = &rts[base + k];
			uint32_t unused;

			/* where only the route table can tell whether this
			 * replaces a route, it must hold the chunk so far */
			if (k && fib_probe(m, rt->dst, rt->plen, &unused) < 0)
				break;
			err = fib_apply(m, rt, &ids[k], &h, &old_ids[k]);
			if (err)
				break;
			had[k] = (int8_t)h;
			keys[k].prefixlen = rt->plen;
			keys[k].addr = rt->dst;
		}
		cnt = k;                    /* what made it into the FIB */
		count = (__u32)cnt;
		if (cnt && bpf_map_update_batch(m->routes4, keys, &rts[base],
						&count, NULL) < 0) {
			if (!err)
				err = -errno;
			if (count > cnt)
				count = 0;
		}
		for (k = cnt; k-- > count;)
			fib_undo(m, &rts[base + k], ids[k], had[k], old_ids[k]);
		for (k = 0; k < count; k++)
			if (had[k])
				xr_nh_put(&m->fib->nh, old_ids[k]);
		*done += count;
		if (count < cnt || err)
			break;
	}
	return err;
}

int xr_route4_delete(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	struct xr_route4_key k = { .prefixlen = plen, .addr = dst };
	struct xr_route4 old;
	uint32_t id, e;
	int err;

	if ((err = xr_maps_fib_begin(m)))
		return err;
	if ((err = xr_route4_get(m, dst, plen, &old)))
		return err;
	if ((err = route_nh(m, &old, &id)) || (err = fib_covering(m, dst, plen, &e)))
		return err == -ENOENT ? -EUCLEAN : err;
	if (bpf_map_delete_elem(m->routes4, &k) < 0)
		return -errno;
	err = xr_dir24_del(&m->fib->dir, ntohl(dst), plen, e);
	if (err)
		return err;
	return xr_nh_put(&m->fib->nh, id);
}

static int route_cmp(const void *a, const void *b)
{
	const struct xr_route4 *x = a, *y = b;
	uint32_t xa = ntohl(x->dst), ya = ntohl(y->dst);

	if (xa != ya)
		return xa < ya ? -1 : 1;
	return (int)x->plen - (int)y->plen;
}

int xr_route4_dump(const struct xr_maps *m, struct xr_route4 **out,
		   size_t *n)
{
	struct ent { struct xr_route4_key k; struct xr_route4 v; } *e;
	struct xr_route4 *rt;
	size_t i, cnt;
	int err;

	err = xr_map_dump(m->routes4, sizeof(e->k), sizeof(*e),
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
