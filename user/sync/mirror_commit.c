// SPDX-License-Identifier: GPL-2.0
/*
 * The queued prefixes written to the FIB (under the lock, mirror_lock.c):
 * each one's wanted route against the one the table holds; the same
 * route is not written again; new and changed ones go in batches of the
 * family (xr_route4_update_many / xr_route6_update_many), a group route
 * through its group (xr_nhg_get, the route, xr_nhg_put as
 * cli/route_mp.c); a prefix the source no longer has is deleted when
 * the route there is the mirror's (not link attach's connected one).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/sync.h"
#include "sync/mirror_commit.h"

/* ---- routes of either family, through their common fields ---- */

/* The route the table holds for k: 0, or -ENOENT. The copy a resync
 * read answers first; a prefix the FIB says is absent (a new one: most
 * of a table's first load) costs no syscall either. The copy's "absent"
 * is not trusted for a deletion (trust_absent 0): the mirror may have
 * written the prefix since the copy was read (a route added after the
 * resync and committed while the rest of it was still queued). */
static int rt_get(struct xr_mirror *mi, const struct mr_pkey *k,
		  union mr_rt *rt, int trust_absent)
{
	const struct xr_maps *m = &mi->st->m;
	int err = mr_snap_get((struct xr_mirror *)mi, k, rt);

	if (err == 0 || (err == -ENOENT && trust_absent))
		return err;
	if (k->family == AF_INET6)
		return xr_route6_exists(m, &k->dst, k->plen) != 1 ? -ENOENT :
		       xr_route6_get(m, &k->dst, k->plen, &rt->r6);
	return xr_route4_exists(m, k->dst.a[0], k->plen) != 1 ? -ENOENT :
	       xr_route4_get(m, k->dst.a[0], k->plen, &rt->r4);
}

static int rt_del(const struct xr_mirror *mi, const struct mr_pkey *k)
{
	const struct xr_maps *m = &mi->st->m;

	return k->family == AF_INET6 ? xr_route6_delete(m, &k->dst, k->plen) :
				       xr_route4_delete(m, k->dst.a[0], k->plen);
}

void mr_rt_fields(int v6, const union mr_rt *rt, struct mr_rt_fields *f)
{
	memset(f, 0, sizeof(*f));
	if (v6) {
		f->type = rt->r6.type;
		f->proto = rt->r6.proto;
		f->ifindex = rt->r6.ifindex;
		f->gw = rt->r6.gw;
		f->nhg = rt->r6.nhg;
		return;
	}
	f->type = rt->r4.type;
	f->proto = rt->r4.proto;
	f->ifindex = rt->r4.ifindex;
	f->gw.a[0] = rt->r4.gw;
	f->nhg = rt->r4.nhg;
}

int mr_rt_owned(const struct xr_mirror *mi, int v6, const union mr_rt *rt)
{
	static const struct xr_in6 zero;
	struct mr_rt_fields f;

	mr_rt_fields(v6, rt, &f);
	return !xr_route_connected(&mi->st->m, f.proto, f.type, !f.nhg,
				   memcmp(&f.gw, &zero, sizeof(zero)) != 0,
				   f.ifindex);
}

/* The route w makes (gid: its group, or 0). */
static void rt_make(const struct mr_pkey *k, const struct mr_want *w,
		    uint32_t gid, union mr_rt *rt)
{
	int one = w->type == RTN_UNICAST && !gid;

	memset(rt, 0, sizeof(*rt));
	if (k->family == AF_INET6) {
		rt->r6 = (struct xr_route6){ .dst = k->dst, .plen = k->plen,
			.type = w->type, .proto = w->proto, .nhg = gid,
			.metric = w->metric };
		if (one) {
			rt->r6.ifindex = w->m[0].ifindex;
			rt->r6.gw = w->m[0].gw;
		}
		return;
	}
	rt->r4 = (struct xr_route4){ .dst = k->dst.a[0], .plen = k->plen,
		.type = w->type, .proto = w->proto, .nhg = gid,
		.metric = w->metric };
	if (one) {
		rt->r4.ifindex = w->m[0].ifindex;
		rt->r4.gw = w->m[0].gw.a[0];
	}
}

static size_t rt_size(int v6)
{
	return v6 ? sizeof(struct xr_route6) : sizeof(struct xr_route4);
}

/* ---- batches ---- */

static int update_many(const struct xr_mirror *mi, int v6, const void *rts,
		       size_t n, size_t *done)
{
	const struct xr_maps *m = &mi->st->m;

	return v6 ? xr_route6_update_many(m, rts, n, done) :
		    xr_route4_update_many(m, rts, n, done);
}

/* The family's batch written; a route the FIB refuses is counted and
 * left out, the rest go on. The groups' references taken for it are
 * dropped once the routes hold theirs. */
static void flush(struct xr_mirror *mi, int v6)
{
	struct mr_batch *b = &mi->b[v6];
	const uint8_t *rts = b->rts;
	size_t off = 0, done, k;
	int err;

	if (b->n)
		mr_cfg_write(mi);
	while (off < b->n) {
		err = update_many(mi, v6, rts + off * rt_size(v6), b->n - off,
				  &done);
		MR_COUNT(mi, Batches);
		mi->ctr[XR_SYNC_RoutesAdded] += done;
		off += done;
		if (err && off < b->n) {
			MR_COUNT(mi, RouteErrors);
			off++;
		}
	}
	for (k = 0; k < b->n; k++)
		if (b->gid[k])
			xr_nhg_put(&mi->st->m, v6, b->gid[k]);
	b->n = 0;
}

static void batch_add(struct xr_mirror *mi, int v6, const union mr_rt *rt,
		      uint32_t gid)
{
	struct mr_batch *b = &mi->b[v6];

	memcpy((uint8_t *)b->rts + b->n * rt_size(v6), rt, rt_size(v6));
	b->gid[b->n++] = gid;
	if (b->n == mi->p.batch)
		flush(mi, v6);
}

/* The group of w's members, one reference taken; 0 for one next hop. */
static int want_group(struct xr_mirror *mi, int v6, const struct mr_want *w,
		      uint32_t *gid)
{
	*gid = 0;
	if (w->type != RTN_UNICAST || w->n < 2)
		return 0;
	mr_cfg_write(mi);
	return xr_nhg_get(&mi->st->m, v6, w->m, w->n, gid);
}

static void commit_route(struct xr_mirror *mi, const struct mr_pkey *k,
			 const struct mr_want *w, int have, const union mr_rt *cur)
{
	int v6 = k->family == AF_INET6;
	union mr_rt rt;
	uint32_t gid;

	if (want_group(mi, v6, w, &gid)) {
		MR_COUNT(mi, RouteErrors);   /* no group slot left */
		return;
	}
	rt_make(k, w, gid, &rt);
	if (have && !memcmp(&rt, cur, rt_size(v6))) {
		if (gid)
			xr_nhg_put(&mi->st->m, v6, gid);
		return;                      /* the same: not written */
	}
	if (w->kernel)
		MR_COUNT(mi, RoutesToKernel);
	batch_add(mi, v6, &rt, gid);
}

/* A connected route of an attached link is link attach's; where the
 * mirror wrote a route of lower metric over it (ours in the table), it
 * is written back now that it is the best again. */
static void commit_foreign(struct xr_mirror *mi, const struct mr_pkey *k,
			   const struct mr_want *w)
{
	int v6 = k->family == AF_INET6;
	union mr_rt cur, rt;

	memset(&cur, 0, sizeof(cur));
	if (rt_get(mi, k, &cur, 0) || !mr_rt_owned(mi, v6, &cur))
		return;
	mr_conn_route(k, w->m[0].ifindex, &rt);
	batch_add(mi, v6, &rt, 0);
}

/* One queued prefix (a struct mr_pkey: mr_queue_drain's callback). */
static void commit_prefix(struct xr_mirror *mi, const void *key)
{
	const struct mr_pkey *k = key;
	struct mr_want *w = &mi->want;
	union mr_rt cur;
	int have, err;

	mr_resolve(mi, k, mr_route_clean(mi, k), w);
	if (w->kind == MR_FOREIGN) {
		commit_foreign(mi, k, w);
		return;
	}
	memset(&cur, 0, sizeof(cur));
	have = rt_get(mi, k, &cur, w->kind == MR_ROUTE) == 0;
	if (w->kind == MR_ROUTE) {
		commit_route(mi, k, w, have, &cur);
		return;
	}
	if (!have || !mr_rt_owned(mi, k->family == AF_INET6, &cur))
		return;
	mr_cfg_write(mi);
	err = rt_del(mi, k);
	if (!err)
		MR_COUNT(mi, RoutesDeleted);
	else if (err != -ENOENT)             /* gone already: queued twice */
		MR_COUNT(mi, RouteErrors);
}

size_t mr_route_commit(struct xr_mirror *mi, size_t max)
{
	size_t n = mr_queue_drain(mi, &mi->rq, max, commit_prefix);

	flush(mi, 0);
	flush(mi, 1);
	return n;
}
