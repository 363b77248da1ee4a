// SPDX-License-Identifier: GPL-2.0
/*
 * Route messages into the shadow: each kernel route of the table by
 * (family, prefix, length, metric), its next hops an interned set or a
 * next-hop object's id; its prefix queued for the next commit when it
 * changed. Routes the mirror does not take are counted RoutesIgnored.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include "sync/mirror_int.h"

void mr_pkey_of(const struct mr_route *r, struct mr_pkey *k)
{
	memset(k, 0, sizeof(*k));
	k->dst = r->dst;
	k->family = r->e.family;
	k->plen = r->e.plen;
}

static uint32_t pkey_hash(const struct mr_pkey *k)
{
	return mr_hash(&k->dst, sizeof(k->dst), (uint32_t)k->family << 8 | k->plen);
}

uint32_t mr_route_hash(const void *ent)
{
	const struct mr_route *r = ent;
	struct mr_pkey k;

	mr_pkey_of(r, &k);
	return pkey_hash(&k);
}

static int same_key(const struct mr_route *r, const struct mr_pkey *k)
{
	return r->e.family == k->family && r->e.plen == k->plen &&
	       !memcmp(&r->dst, &k->dst, sizeof(k->dst));
}

/* A route of prefix k the FIB may get: not an alias. */
static int of_prefix(const struct mr_route *r, const struct mr_pkey *k)
{
	return !(r->e.flags & MR_ALIAS) && same_key(r, k);
}

/* The next route of prefix k in the chain from i (index + 1; 0: none). */
static uint32_t next_of(const struct xr_mirror *mi, const struct mr_pkey *k,
			uint32_t i)
{
	for (; i; i = ((struct mr_route *)mr_tab_at(&mi->routes, i - 1))->e.next)
		if (of_prefix(mr_tab_at(&mi->routes, i - 1), k))
			return i;
	return 0;
}

#define FOR_PREFIX(mi, k, i, r)                                          \
	for (i = next_of(mi, k, mr_tab_first(&(mi)->routes, pkey_hash(k))); \
	     i && ((r) = mr_tab_at(&(mi)->routes, i - 1));                \
	     i = next_of(mi, k, (r)->e.next))

/* What one walk of a prefix's routes tells a message. */
struct scan {
	long found;            /* the route of that metric; -1: none */
	int any;               /* the prefix has routes */
	int dirty;             /* and is queued already */
};

static void scan(const struct xr_mirror *mi, const struct mr_pkey *k,
		 uint32_t metric, struct scan *sc)
{
	struct mr_route *r;
	uint32_t i;

	memset(sc, 0, sizeof(*sc));
	sc->found = -1;
	FOR_PREFIX(mi, k, i, r) {
		sc->any = 1;
		sc->dirty |= !!(r->e.flags & MR_DIRTY);
		if (r->metric == metric)
			sc->found = (long)i - 1;
	}
}

static long route_find(const struct xr_mirror *mi, const struct mr_pkey *k,
		       uint32_t metric)
{
	struct scan sc;

	scan(mi, k, metric, &sc);
	return sc.found;
}

/* The prefix queued, route r flagged, unless a walk found it queued. */
static int queue(struct xr_mirror *mi, const struct mr_pkey *k,
		 struct mr_route *r, const struct scan *sc)
{
	if (sc->dirty)
		return 0;
	r->e.flags |= MR_DIRTY;
	return mr_queue_push(&mi->rq, k);
}

/* The prefix's route of the lowest metric; with clear, its routes'
 * queued flags cleared on the way. */
static long best_of(const struct xr_mirror *mi, const struct mr_pkey *k,
		    int clear)
{
	struct mr_route *r;
	long best = -1;
	uint32_t i, m = 0;

	FOR_PREFIX(mi, k, i, r) {
		if (clear)
			r->e.flags &= (uint8_t)~MR_DIRTY;
		if (best < 0 || r->metric < m) {
			best = (long)i - 1;
			m = r->metric;
		}
	}
	return best;
}

long mr_route_best(const struct xr_mirror *mi, const struct mr_pkey *k)
{
	return best_of(mi, k, 0);
}

int mr_route_dirty(struct xr_mirror *mi, const struct mr_pkey *k)
{
	struct mr_route *r, *first = NULL;
	uint32_t i;

	FOR_PREFIX(mi, k, i, r) {
		if (r->e.flags & MR_DIRTY)
			return 0;
		if (!first)
			first = r;
	}
	if (first)
		first->e.flags |= MR_DIRTY;
	return mr_queue_push(&mi->rq, k);
}

long mr_route_clean(struct xr_mirror *mi, const struct mr_pkey *k)
{
	return best_of(mi, k, 1);
}

/* ---- what a route's next hops are ---- */

/* The next hop a route names: nothing to hold (a blackhole ...), an
 * object's id, a set, or none we can express (kernel). */
struct mr_nhref {
	uint8_t nhid, kernel;
	uint32_t nh;
};

static void ref_drop(struct xr_mirror *mi, const struct mr_nhref *n)
{
	struct mr_obj *o;

	if (n->nhid) {
		if ((o = mr_obj_find(mi, n->nh)) && o->users)
			o->users--;
	} else if (n->nh) {
		mr_set_put(&mi->sets, n->nh);
	}
}

/* A member of the route's family, with a link: one we can express. */
static int nh_ok(const struct xr_krt *r, const struct xr_krt_nh *nh)
{
	return nh->ifindex && (!nh->gw_family || nh->gw_family == r->family);
}

static int ref_set(struct xr_mirror *mi, const struct xr_krt *r,
		   struct mr_nhref *n)
{
	struct xr_nhg_spec m[XR_NHG_MAX_MEMBERS];
	unsigned int k, cnt = r->n_nh < XR_NHG_MAX_MEMBERS ? r->n_nh :
							   XR_NHG_MAX_MEMBERS;

	if (r->n_nh_total > XR_NHG_MAX_MEMBERS)
		MR_COUNT(mi, GroupsCut);     /* the first 64: each a valid path */
	memset(m, 0, sizeof(m));
	for (k = 0; k < cnt; k++) {
		if (!nh_ok(r, &r->nh[k]))
			break;
		m[k].ifindex = r->nh[k].ifindex;
		m[k].gw = r->nh[k].gw;
		m[k].weight = r->nh[k].weight;
	}
	n->kernel = r->has_encap || !cnt || k < cnt;
	return n->kernel ? 0 : mr_set_get(&mi->sets, r->family, m, cnt, &n->nh);
}

static int ref_of(struct xr_mirror *mi, const struct xr_krt *r,
		  struct mr_nhref *n)
{
	memset(n, 0, sizeof(*n));
	if (r->type != RTN_UNICAST)
		return 0;
	if (r->nh_id) {
		n->nhid = 1;
		n->nh = r->nh_id;
		return mr_obj_use(mi, r->nh_id);
	}
	return ref_set(mi, r, n);
}

static void ref_get(const struct mr_route *rt, struct mr_nhref *n)
{
	n->nhid = !!(rt->e.flags & MR_NHID);
	n->kernel = rt->kernel;
	n->nh = rt->nh;
}

static void ref_put_into(struct mr_route *rt, const struct mr_nhref *n)
{
	rt->e.flags = (uint8_t)((rt->e.flags & ~MR_NHID) |
				(n->nhid ? MR_NHID : 0));
	rt->kernel = n->kernel;
	rt->nh = n->nh;
}

/* ---- messages ---- */

/* fe80::/10 and longer: link-local, never forwarded by a router (the
 * kernel keeps an fe80::/64 on every link, which a FIB of one route a
 * prefix could not tell apart). */
static int link_local(const struct xr_krt *r)
{
	const uint8_t *b = (const uint8_t *)&r->dst;

	return r->family == AF_INET6 && r->plen >= 10 && b[0] == 0xfe &&
	       (b[1] & 0xc0) == 0x80;
}

/* Whether the mirror takes this route (else counted RoutesIgnored). A
 * delete may leave the type out (RTN_UNSPEC: zebra's over FPM), as the
 * kernel takes it: any type. */
static int route_taken(const struct xr_mirror *mi, const struct xr_krt *r)
{
	if (link_local(r) || (r->family != AF_INET && r->family != AF_INET6) ||
	    r->table != mi->p.table || (r->rtm_flags & RTM_F_CLONED) || r->tos ||
	    r->src_len)
		return 0;
	return r->type == RTN_UNICAST || r->type == RTN_BLACKHOLE ||
	       r->type == RTN_UNREACHABLE || r->type == RTN_PROHIBIT ||
	       (r->del && r->type == RTN_UNSPEC);
}

static void key_of(const struct xr_krt *r, struct mr_pkey *k)
{
	unsigned int i, bits;

	memset(k, 0, sizeof(*k));
	k->family = r->family;
	k->plen = r->plen;
	for (i = 0; i < 4; i++) {   /* host bits clear */
		bits = r->plen > 32 * i ? r->plen - 32 * i : 0;
		k->dst.a[i] = bits >= 32 ? r->dst.a[i] :
			      bits ? r->dst.a[i] & htonl(~0u << (32 - bits)) : 0;
	}
}

static int route_same(const struct mr_route *rt, const struct xr_krt *r,
		      const struct mr_nhref *n)
{
	struct mr_nhref o;

	ref_get(rt, &o);
	return rt->type == r->type && rt->proto == r->proto &&
	       o.nhid == n->nhid && o.kernel == n->kernel && o.nh == n->nh;
}

static int route_new(struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_pkey *k, const struct mr_nhref *n,
		     const struct scan *sc, int alias)
{
	struct mr_route *rt;
	uint32_t idx;
	int err;

	if ((err = mr_tab_alloc(&mi->routes, &idx)))
		return err;
	rt = mr_tab_at(&mi->routes, idx);
	rt->e.family = k->family;
	rt->e.plen = k->plen;
	rt->dst = k->dst;
	rt->metric = r->metric;
	rt->type = r->type;
	rt->proto = r->proto;
	ref_put_into(rt, n);
	mr_tab_link(&mi->routes, idx);
	if (alias) {
		rt->e.flags |= MR_ALIAS;
		return 0;            /* not the kernel's route: nothing to write */
	}
	mi->prefixes += !sc->any;
	return queue(mi, k, rt, sc);
}

/* ---- IPv4 aliases: routes of one prefix and metric after the first ---- */

/* The next alias of prefix k and metric m in the chain from i (index +
 * 1; 0: none). */
static uint32_t next_alias(const struct xr_mirror *mi, const struct mr_pkey *k,
			   uint32_t m, uint32_t i)
{
	const struct mr_route *r;

	for (; i; i = r->e.next) {
		r = mr_tab_at(&mi->routes, i - 1);
		if ((r->e.flags & MR_ALIAS) && r->metric == m && same_key(r, k))
			return i;
	}
	return 0;
}

#define FOR_ALIAS(mi, k, m, i, r)                                            \
	for (i = next_alias(mi, k, m, mr_tab_first(&(mi)->routes, pkey_hash(k))); \
	     i && ((r) = mr_tab_at(&(mi)->routes, i - 1));                    \
	     i = next_alias(mi, k, m, (r)->e.next))

/* The link of a device route (one next hop, no gateway); 0: another
 * kind. */
static uint32_t dev_of(const struct xr_mirror *mi, const struct mr_route *rt)
{
	static const struct xr_in6 zero;
	const struct mr_set *s;

	if ((rt->e.flags & MR_NHID) || rt->kernel || !rt->nh ||
	    rt->type != RTN_UNICAST)
		return 0;
	s = mr_set_at(&mi->sets, rt->nh);
	return s->n == 1 && !memcmp(&s->m[0].gw, &zero, sizeof(zero)) ?
	       s->m[0].ifindex : 0;
}

/* A route message of a prefix and metric held already (route first)
 * that is another alias: IPv4's `ip route append` (NLM_F_APPEND), or a
 * dump's second route of the key (the first named already in it);
 * IPv6's device route on another link (the kernel keeps it apart, not
 * as a multipath sibling, and uses the first). */
static int alias_msg(const struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_route *first)
{
	uint32_t dev = dev_of(mi, first);

	if (r->family == AF_INET6)
		return dev && r->type == RTN_UNICAST && !r->nh_id &&
		       r->n_nh == 1 && !r->nh[0].gw_family &&
		       r->nh[0].ifindex != dev && !(r->nl_flags & NLM_F_REPLACE);
	if (r->nl_flags & NLM_F_REPLACE)
		return 0;            /* zebra's over FPM, `ip route replace` */
	return (r->nl_flags & NLM_F_APPEND) ||
	       ((r->nl_flags & NLM_F_MULTI) && mi->resyncing &&
		!(first->e.flags & MR_STALE));
}

/* The alias r held (its reference n taken), or the same one refreshed. */
static int alias_set(struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_pkey *k, const struct mr_nhref *n,
		     const struct scan *sc)
{
	struct mr_route *a;
	uint32_t i;

	FOR_ALIAS(mi, k, r->metric, i, a)
		if (route_same(a, r, n)) {
			a->e.flags &= (uint8_t)~MR_STALE;
			ref_drop(mi, n);
			return 0;
		}
	return route_new(mi, r, k, n, sc, 1);
}

/* A delete naming an alias's next hops: that alias goes (1); the first
 * route stays in the FIB. */
static int alias_del(struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_pkey *k, uint32_t first)
{
	struct mr_route *a;
	uint32_t i;

	if (mr_route_named(mi, r, first))
		return 0;
	FOR_ALIAS(mi, k, r->metric, i, a)
		if (mr_route_named(mi, r, i - 1)) {
			mr_route_free(mi, i - 1);
			return 1;
		}
	return 0;
}

/* The first route of its key going: the next alias takes its place. */
static void alias_promote(struct xr_mirror *mi, const struct mr_pkey *k,
			  uint32_t metric)
{
	struct mr_route *a;
	uint32_t i;

	FOR_ALIAS(mi, k, metric, i, a) {
		a->e.flags &= (uint8_t)~MR_ALIAS;
		return;
	}
}

void mr_route_drop(struct xr_mirror *mi, uint32_t idx)
{
	struct mr_route *rt = mr_tab_at(&mi->routes, idx);
	struct mr_pkey k;

	if (!(rt->e.flags & MR_ALIAS)) {
		mr_pkey_of(rt, &k);
		alias_promote(mi, &k, rt->metric);
	}
	mr_route_free(mi, idx);
}

static int route_set(struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_pkey *k)
{
	struct mr_nhref n, old;
	struct mr_route *rt;
	struct scan sc;
	int err;

	if ((err = ref_of(mi, r, &n)))
		return err;
	scan(mi, k, r->metric, &sc);
	rt = sc.found < 0 ? NULL : mr_tab_at(&mi->routes, (uint32_t)sc.found);
	if (!rt || (alias_msg(mi, r, rt) && !route_same(rt, r, &n))) {
		err = rt ? alias_set(mi, r, k, &n, &sc) :
			   route_new(mi, r, k, &n, &sc, 0);
		if (err)
			ref_drop(mi, &n);
		return err;
	}
	rt->e.flags &= (uint8_t)~MR_STALE;
	if (route_same(rt, r, &n)) {
		ref_drop(mi, &n);            /* the reference it already holds */
		return 0;
	}
	ref_get(rt, &old);
	ref_drop(mi, &old);
	rt->type = r->type;
	rt->proto = r->proto;
	ref_put_into(rt, &n);
	return queue(mi, k, rt, &sc);
}

void mr_route_free(struct xr_mirror *mi, uint32_t idx)
{
	struct mr_route *rt = mr_tab_at(&mi->routes, idx);
	struct mr_nhref old;
	struct mr_pkey k;

	ref_get(rt, &old);
	ref_drop(mi, &old);
	mr_pkey_of(rt, &k);
	mr_tab_remove(&mi->routes, idx);
	if (mr_route_best(mi, &k) < 0)
		mi->prefixes--;
}

static int route_del(struct xr_mirror *mi, const struct xr_krt *r,
		     const struct mr_pkey *k)
{
	long i = route_find(mi, k, r->metric);

	if (i < 0 && !r->metric)   /* no metric given: the one lookups use */
		i = mr_route_best(mi, k);
	if (i < 0 || alias_del(mi, r, k, (uint32_t)i))
		return 0;
	if (mr_route_del_members(mi, r, (uint32_t)i))
		return mr_route_dirty(mi, k);
	mr_route_drop(mi, (uint32_t)i);
	return mr_route_dirty(mi, k);
}

int mr_route_msg(struct xr_mirror *mi, const struct xr_krt *r)
{
	struct mr_pkey k;

	if (!route_taken(mi, r)) {
		MR_COUNT(mi, RoutesIgnored);
		return 0;
	}
	key_of(r, &k);
	return r->del ? route_del(mi, r, &k) :
			route_set(mi, r, &k);
}
