// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/parse.h"
#include "lib/tables.h"

/* ---------------------------------------------------------------- fib */

int xr_fib_get_exact(const struct xr_maps *m, __be32 dst, uint8_t plen,
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

int xr_fib_lookup(const struct xr_maps *m, __be32 addr, struct xr_route4 *rt)
{
	struct xr_route4_key k = { .prefixlen = 32, .addr = addr };

	return bpf_map_lookup_elem(m->routes4, &k, rt) < 0 ? -errno : 0;
}

/*
 * The route table (xr_routes4) is the source of truth; the FIB the fast
 * path reads is kept equal to it route by route (docs/fib.md). A route
 * goes into the FIB first and into the table second, and leaves them in
 * the other order, so that a failure half-way can be undone.
 */
void xr_tables_begin(const struct xr_maps *m)
{
	if (m->fib)
		xr_fib4_begin(m->fib);
}

/* The FIB is mapped; the writes that follow are marked (docs/state.md). */
static int fib_ready(const struct xr_maps *m)
{
	if (!m->fib)
		return -EBADF;
	xr_fib4_begin(m->fib);
	return 0;
}

static int route_nh(const struct xr_maps *m, const struct xr_route4 *rt,
		    uint32_t *id)
{
	return xr_nh_find(&m->fib->nh, rt->type, xr_rt_nh_ifindex(rt),
			  xr_rt_nh_gw(rt), id);
}

/* The FIB entry of the longest route of at most maxlen bits covering
 * addr, from the route table (0 if none). */
static int fib_best(const struct xr_maps *m, __be32 addr, uint8_t maxlen,
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
	return plen ? fib_best(m, dst, plen - 1, e) : 0;
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

int xr_fib_exists(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	struct xr_route4 rt;
	uint32_t id;
	int p;

	if (m->fib && (p = fib_probe(m, dst, plen, &id)) >= 0)
		return p;
	return xr_fib_get_exact(m, dst, plen, &rt) == 0;
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
	had = xr_fib_get_exact(m, rt->dst, rt->plen, &old) == 0;
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
	err = xr_nh_get(&m->fib->nh, rt->type, xr_rt_nh_ifindex(rt), xr_rt_nh_gw(rt),
			id);
	if (err)
		return err;
	err = xr_dir24_add(&m->fib->dir, ntohl(rt->dst), rt->plen, *id);
	if (err)
		xr_nh_put(&m->fib->nh, *id);
	return err;
}

int xr_fib_update(const struct xr_maps *m, const struct xr_route4 *rt)
{
	size_t done;

	return xr_fib_update_many(m, rt, 1, &done);
}

#define XR_FIB_BATCH 4096

/*
 * Many routes at once (a -batch of adds): each goes into the FIB, then
 * the chunk into the route table with one BPF_MAP_UPDATE_BATCH instead of
 * a syscall a route. Where the table refuses, that route and those after
 * it are undone, last first, and *done says how many stay.
 */
int xr_fib_update_many(const struct xr_maps *m, const struct xr_route4 *rts,
		       size_t n, size_t *done)
{
	static struct xr_route4_key keys[XR_FIB_BATCH];
	static uint32_t ids[XR_FIB_BATCH], old_ids[XR_FIB_BATCH];
	static int8_t had[XR_FIB_BATCH];
	size_t base, k, cnt;
	__u32 count;
	int err = 0, h;

	*done = 0;
	if ((err = fib_ready(m)))
		return err;
	for (base = 0; base < n; base += cnt) {
		cnt = n - base < XR_FIB_BATCH ? n - base : XR_FIB_BATCH;
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

int xr_fib_delete(const struct xr_maps *m, __be32 dst, uint8_t plen)
{
	struct xr_route4_key k = { .prefixlen = plen, .addr = dst };
	struct xr_route4 old;
	uint32_t id, e;
	int err;

	if ((err = fib_ready(m)))
		return err;
	if ((err = xr_fib_get_exact(m, dst, plen, &old)))
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

/*
 * The router's own addresses in the FIB: /32 entries outside the route
 * table, so that one lookup tells local, broadcast and forwarded apart.
 * A route of the same /32 is refused by the CLI; the connected /32 of an
 * address of length 32 is added before it and removed after it.
 */
int xr_fib_local_del(const struct xr_maps *m, __be32 addr)
{
	uint32_t e, id, repl;
	uint8_t type;
	int err;

	if ((err = fib_ready(m)))
		return err;
	e = xr_dir24_lookup(&m->fib->dir, ntohl(addr));
	id = e & XR_FIB4_ID_MASK;
	type = m->fib->nh.nh[id].type;
	if (!(e & XR_FIB4_VALID) || xr_fib4_depth(e) != 32 ||
	    (type != XR_RTN_LOCAL && type != XR_RTN_BROADCAST))
		return -ENOENT;
	/* what the address falls under once it is not ours: a /32 route
	 * of the same address included (a connected /32) */
	if ((err = fib_best(m, addr, 32, &repl)))
		return err;
	if ((err = xr_dir24_del(&m->fib->dir, ntohl(addr), 32, repl)))
		return err;
	return xr_nh_put(&m->fib->nh, id);
}

int xr_fib_local_add(const struct xr_maps *m, __be32 addr, uint8_t type,
		     uint32_t ifindex)
{
	uint32_t id;
	int err;

	if ((err = fib_ready(m)))
		return err;
	err = xr_fib_local_del(m, addr);      /* the same address twice */
	if (err && err != -ENOENT)
		return err;
	if ((err = xr_nh_get(&m->fib->nh, type, ifindex, 0, &id)))
		return err;
	if ((err = xr_dir24_add(&m->fib->dir, ntohl(addr), 32, id)))
		xr_nh_put(&m->fib->nh, id);
	return err;
}

static int route_cmp(const void *a, const void *b)
{
	const struct xr_route4 *x = a, *y = b;
	uint32_t xa = ntohl(x->dst), ya = ntohl(y->dst);

	if (xa != ya)
		return xa < ya ? -1 : 1;
	return (int)x->plen - (int)y->plen;
}

#define XR_DUMP_BATCH 4096
#ifndef ENOTSUPP
#define ENOTSUPP 524     /* the kernel's, for a map without batch ops */
#endif

/* Room for n more entries of esz bytes in *arr (capacity *cap). */
static int dump_grow(char **arr, size_t *cap, size_t need, size_t esz)
{
	char *p;

	if (need <= *cap)
		return 0;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 64;
	p = realloc(*arr, *cap * esz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

/* The entries of one BPF_MAP_LOOKUP_BATCH, into the array. */
static int dump_take(char **arr, size_t *cnt, size_t *cap, const void *keys,
		     const void *vals, __u32 got, size_t ksz, size_t vsz,
		     size_t esz, size_t voff)
{
	__u32 i;

	if (dump_grow(arr, cap, *cnt + got, esz))
		return -ENOMEM;
	for (i = 0; i < got; i++, (*cnt)++) {
		memcpy(*arr + *cnt * esz, (const char *)keys + i * ksz, ksz);
		memcpy(*arr + *cnt * esz + voff, (const char *)vals + i * vsz, vsz);
	}
	return 0;
}

/* A whole map read XR_DUMP_BATCH entries a syscall; -EOPNOTSUPP when
 * the map cannot be read in batches. */
static int map_dump_batch(int fd, size_t ksz, size_t esz, size_t voff,
			  void **out, size_t *n)
{
	unsigned char in[64], next[64];
	size_t vsz = esz - voff, cap = 0, cnt = 0;
	void *keys = malloc(XR_DUMP_BATCH * ksz), *vals = malloc(XR_DUMP_BATCH * vsz);
	char *arr = NULL;
	int err = keys && vals ? 0 : -ENOMEM, more = 1, first = 1;

	while (!err && more) {
		__u32 got = XR_DUMP_BATCH;

		if (bpf_map_lookup_batch(fd, first ? NULL : in, next, keys, vals,
					 &got, NULL) < 0) {
			more = 0;
			if (errno != ENOENT)
				err = first && (errno == EINVAL || errno == ENOTSUPP ||
						errno == EOPNOTSUPP) ? -EOPNOTSUPP : -errno;
		}
		if (!err)
			err = dump_take(&arr, &cnt, &cap, keys, vals, got, ksz, vsz,
					esz, voff);
		memcpy(in, next, sizeof(in));
		first = 0;
	}
	free(keys);
	free(vals);
	if (err) {
		free(arr);
		return err;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

/* Walk a map's keys; for each, read its value into a growing array. */
static int map_dump(int fd, size_t ksz, size_t esz, size_t voff,
		    void **out, size_t *n)
{
	unsigned char key[64], next[64];
	size_t cap = 0, cnt = 0;
	char *arr = NULL;
	void *prev = NULL;
	int err = map_dump_batch(fd, ksz, esz, voff, out, n);

	if (err != -EOPNOTSUPP)
		return err;
	for (;;) {
		if (bpf_map_get_next_key(fd, prev, next) < 0) {
			if (errno == ENOENT)
				break;
			err = -errno;
			goto fail;
		}
		memcpy(key, next, ksz);
		prev = key;
		if ((err = dump_grow(&arr, &cap, cnt + 1, esz)))
			goto fail;
		memcpy(arr + cnt * esz, key, ksz);
		if (bpf_map_lookup_elem(fd, key, arr + cnt * esz + voff) < 0)
			continue;      /* deleted under us */
		cnt++;
	}
	*out = arr;
	*n = cnt;
	return 0;
fail:
	free(arr);
	return err;
}

int xr_fib_dump(const struct xr_maps *m, struct xr_route4 **out, size_t *n)
{
	struct ent { struct xr_route4_key k; struct xr_route4 v; } *e;
	struct xr_route4 *rt;
	size_t i, cnt;
	int err;

	err = map_dump(m->routes4, sizeof(e->k), sizeof(*e),
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

/* -------------------------------------------------------------- neigh */

int xr_neigh_get(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		 struct xr_neigh *n)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	return bpf_map_lookup_elem(m->neigh4, &k, n) < 0 ? -errno : 0;
}

/* A neighbour change reaches the next hops that cache its MAC. */
static int neigh_changed(const struct xr_maps *m, uint32_t ifindex,
			 __be32 addr)
{
	return m->fib ? xr_nh_refresh(&m->fib->nh, ifindex, addr, 0) : 0;
}

int xr_neigh_update(const struct xr_maps *m, uint32_t ifindex, __be32 addr,
		    const struct xr_neigh *n)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	xr_tables_begin(m);
	if (bpf_map_update_elem(m->neigh4, &k, n, BPF_ANY) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

int xr_neigh_delete(const struct xr_maps *m, uint32_t ifindex, __be32 addr)
{
	struct xr_neigh4_key k = { .ifindex = ifindex, .addr = addr };

	xr_tables_begin(m);
	if (bpf_map_delete_elem(m->neigh4, &k) < 0)
		return -errno;
	return neigh_changed(m, ifindex, addr);
}

/* The rewrite of a unicast next hop, from the link and neighbour maps. */
void xr_adj_fill(void *arg, const struct xr_nh4 *nh, struct xr_adj4 *adj)
{
	const struct xr_maps *m = arg;
	struct xr_iface ifv;
	struct xr_neigh n;

	memset(adj, 0, sizeof(*adj));
	if (xr_iface_get(m, nh->ifindex, &ifv) == 0) {
		memcpy(adj->smac, ifv.mac, 6);
		adj->mtu = ifv.mtu;
		adj->flags |= XR_ADJ_TX;
		if (ifv.flags & XR_IF_UP)
			adj->flags |= XR_ADJ_UP;
	}
	if (nh->gw && xr_neigh_get(m, nh->ifindex, nh->gw, &n) == 0 &&
	    (n.state & XR_NUD_VALID)) {
		memcpy(adj->dmac, n.mac, 6);
		adj->flags |= XR_ADJ_NEIGH;
	}
}

static int neigh_cmp(const void *a, const void *b)
{
	const struct xr_neigh_entry *x = a, *y = b;

	if (x->key.ifindex != y->key.ifindex)
		return x->key.ifindex < y->key.ifindex ? -1 : 1;
	if (x->key.addr != y->key.addr)
		return ntohl(x->key.addr) < ntohl(y->key.addr) ? -1 : 1;
	return 0;
}

int xr_neigh_dump(const struct xr_maps *m, struct xr_neigh_entry **out,
		  size_t *n)
{
	int err = map_dump(m->neigh4, sizeof((*out)->key),
			   sizeof(**out), offsetof(struct xr_neigh_entry, val),
			   (void **)out, n);

	if (!err && *n)
		qsort(*out, *n, sizeof(**out), neigh_cmp);
	return err;
}

/* -------------------------------------------------- addresses, ifaces */

int xr_addrs_dump(const struct xr_maps *m, struct xr_addr_entry **out,
		  size_t *n)
{
	return map_dump(m->addrs4, sizeof(__be32),
			sizeof(**out), offsetof(struct xr_addr_entry, val),
			(void **)out, n);
}

static int iface_cmp(const void *a, const void *b)
{
	const struct xr_iface_entry *x = a, *y = b;

	return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

int xr_iface_get(const struct xr_maps *m, uint32_t ifindex,
		 struct xr_iface *v)
{
	if (ifindex >= XR_MAX_IFINDEX)
		return -ENOENT;
	if (bpf_map_lookup_elem(m->ifaces, &ifindex, v) < 0)
		return -errno;
	return (v->flags & XR_IF_ATTACHED) ? 0 : -ENOENT;
}

int xr_iface_set_flags(const struct xr_maps *m, uint32_t ifindex,
		       uint16_t set, uint16_t clear)
{
	struct xr_iface v;
	int err = xr_iface_get(m, ifindex, &v);

	if (err)
		return err;
	v.flags = (uint16_t)((v.flags | set) & ~clear);
	return bpf_map_update_elem(m->ifaces, &ifindex, &v, BPF_EXIST) < 0 ? -errno : 0;
}

/* The attached links: the array read in one batch, filtered. */
int xr_ifaces_dump(const struct xr_maps *m, struct xr_iface_entry **out,
		   size_t *n)
{
	uint32_t *keys = calloc(XR_MAX_IFINDEX, sizeof(*keys)), batch, i;
	struct xr_iface *vals = calloc(XR_MAX_IFINDEX, sizeof(*vals));
	struct xr_iface_entry *e = calloc(XR_MAX_IFINDEX, sizeof(*e));
	__u32 count = XR_MAX_IFINDEX;
	size_t cnt = 0;
	int err = 0;

	if (!keys || !vals || !e) {
		err = -ENOMEM;
		goto out;
	}
	if (bpf_map_lookup_batch(m->ifaces, NULL, &batch, keys, vals, &count,
				 NULL) < 0 && errno != ENOENT) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (!(vals[i].flags & XR_IF_ATTACHED))
			continue;
		e[cnt].ifindex = keys[i];
		e[cnt++].val = vals[i];
	}
	qsort(e, cnt, sizeof(*e), iface_cmp);
	*out = e;
	*n = cnt;
	e = NULL;
out:
	free(keys);
	free(vals);
	free(e);
	return err;
}

/* ----------------------------------------------------------- counters */

static const char *const counter_names[XR_CNT_MAX] = {
#define XR__NAME(n) #n,
	XR_MIB_LIST(XR__NAME)
	"None",
	XR_REASON_LIST(XR__NAME)
	XR_OTHER_LIST(XR__NAME)
#undef XR__NAME
};

const char *xr_counter_name(uint32_t idx)
{
	return idx < XR_CNT_MAX ? counter_names[idx] : "?";
}

const char *xr_counter_group(uint32_t idx)
{
	if (idx < XR_MIB_MAX)
		return "Ip";
	if (idx < XR_MIB_MAX + XR_REASON_MAX)
		return "Exceptions";
	return "Other";
}

#define XR__SLOW_NAME(g, n)  #n,
#define XR__SLOW_GROUP(g, n) #g,
static const char *const slow_names[] = { XR_SLOW_LIST(XR__SLOW_NAME) };
static const char *const slow_groups[] = { XR_SLOW_LIST(XR__SLOW_GROUP) };

const char *xr_slow_name(uint32_t idx)
{
	return idx < XR_SLOW_MAX ? slow_names[idx] : "?";
}

const char *xr_slow_group(uint32_t idx)
{
	return idx < XR_SLOW_MAX ? slow_groups[idx] : "?";
}

int xr_slow_stats_read(const struct xr_maps *m, struct xr_slow_stats *out)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(m->slow_stats, &zero, out) < 0 ? -errno : 0;
}

int xr_slow_stats_reset(const struct xr_maps *m)
{
	struct xr_slow_stats z = { { 0 } };
	uint32_t zero = 0;

	return bpf_map_update_elem(m->slow_stats, &zero, &z, BPF_ANY) < 0 ? -errno : 0;
}

int xr_counters_read(const struct xr_maps *m, uint64_t out[XR_CNT_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	struct xr_counters *v;
	uint32_t i, zero = 0;
	int c, err = 0;

	if (ncpu <= 0)
		return -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(m->counters, &zero, v) < 0) {
		err = -errno;
	} else {
		for (i = 0; i < XR_CNT_MAX; i++) {
			out[i] = 0;
			for (c = 0; c < ncpu; c++)
				out[i] += v[c].c[i];
		}
	}
	free(v);
	return err;
}

int xr_counters_reset(const struct xr_maps *m)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xr_counters *v;
	uint32_t zero = 0;
	int err = 0;

	if (ncpu <= 0)
		return -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_update_elem(m->counters, &zero, v, BPF_ANY) < 0)
		err = -errno;
	free(v);
	return err;
}

int xr_if_stats_read(const struct xr_maps *m, uint32_t ifindex,
		     struct xr_if_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xr_if_stats *v;
	int c, err = 0;

	memset(sum, 0, sizeof(*sum));
	if (ncpu <= 0)
		return -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(m->if_stats, &ifindex, v) < 0) {
		err = -errno;
	} else {
		for (c = 0; c < ncpu; c++) {
			sum->rx_packets += v[c].rx_packets;
			sum->rx_bytes += v[c].rx_bytes;
			sum->tx_packets += v[c].tx_packets;
			sum->tx_bytes += v[c].tx_bytes;
		}
	}
	free(v);
	return err;
}

int xr_if_stats_reset(const struct xr_maps *m, uint32_t ifindex)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xr_if_stats *v;
	int err = 0;

	if (ncpu <= 0)
		return -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_update_elem(m->if_stats, &ifindex, v, BPF_ANY) < 0)
		err = -errno;
	free(v);
	return err;
}
