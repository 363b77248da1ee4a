// SPDX-License-Identifier: GPL-2.0
/*
 * Check and repair of the IPv6 FIB (lib/fibrepair.h), as fibrepair.c
 * does IPv4's: the route table and the addresses compiled afresh into a
 * trie on plain memory, then the live trie compared with it from tbl16
 * down, entry by entry; what differs is rewritten with one release store
 * of its correct value, a missing subtree is built complete in groups no
 * reader can hold before the store that makes it reachable, and what is
 * left unreachable is freed after a grace period.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/addr6.h"
#include "lib/fib6.h"
#include "lib/fibrepair_common.h"
#include "lib/route6.h"

struct plan6 {
	struct xr_repair b;        /* want, reach, the compile's groups ... */
	struct xr_fib6 *f;
	struct xr_lpm6 s;          /* the compile, on plain memory */
	__u64 *seen;               /* live groups compared so far */
};

static void plan_free(struct plan6 *p)
{
	xr_repair_free(&p->b);
	free(p->s.tbl16);
	free(p->seen);
}

static int plan_init(struct plan6 *p, struct xr_fib6 *f, int fix,
		     struct xr_fib4_report *r)
{
	uint32_t ng = f->trie.ngroups;
	int err;

	memset(p, 0, sizeof(*p));
	p->f = f;
	if ((err = xr_repair_init(&p->b, ng, xr_nh_max(&f->nh), fix, r)))
		return err;
	p->s.grp = p->b.pool;
	p->s.tbl16 = calloc(1u << 16, sizeof(uint32_t));
	p->seen = calloc((ng + 63) / 64, sizeof(__u64));
	if (!p->s.tbl16 || !p->seen) {
		plan_free(p);
		return -ENOMEM;
	}
	return 0;
}

static int plan_compile(struct plan6 *p, const struct xr_fib6_item *it,
			size_t n)
{
	struct xr_nh_key k;
	uint32_t id;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		k = (struct xr_nh_key){ it[i].type, it[i].ifindex, it[i].gw };
		if ((err = xr_repair_id(&p->b, &p->f->nh, &k, it[i].nhg, &id)))
			return err;
		if ((err = xr_lpm6_add(&p->s, &it[i].dst, it[i].plen, id)))
			return err;
	}
	return 0;
}

static inline uint32_t load(const uint32_t *e)
{
	return __atomic_load_n(e, __ATOMIC_ACQUIRE);
}

/* Whether a live entry names a group: one within the table, and not
 * one named already (a corrupted entry may name another's group). */
static int live_group(const struct plan6 *p, uint32_t e, uint32_t *g)
{
	*g = e & XR_FIB6_ID_MASK;
	return (e & XR_FIB6_EXT) && *g < p->f->trie.ngroups &&
	       !xr_bit_test(p->seen, *g);
}

static void reach_mark(struct plan6 *p, const uint32_t *e, uint32_t n,
		       int level)
{
	uint32_t j, x, g;

	for (j = 0; j < n; j++) {
		x = load(&e[j]);
		g = x & XR_FIB6_ID_MASK;
		if (!(x & XR_FIB6_EXT) || g >= p->f->trie.ngroups ||
		    level >= XR_FIB6_LEVELS || xr_bit_test(p->b.reach, g))
			continue;
		xr_bit_set(p->b.reach, g, 1);
		reach_mark(p, xr_lpm6_group(&p->f->trie, g), 256, level + 1);
	}
}

static void reach_scan(struct plan6 *p)
{
	memset(p->b.reach, 0, (p->f->trie.ngroups + 63) / 64 * sizeof(__u64));
	reach_mark(p, p->f->trie.tbl16, 1u << 16, 0);
}

/* A live entry that differs: counted, and rewritten by a repair. */
static void put(struct plan6 *p, uint32_t *e, uint32_t v)
{
	p->b.r->entries++;
	if (p->b.fix)
		__atomic_store_n(e, v, __ATOMIC_RELEASE);
}

/* A copy of compiled group w in free live groups, its subtree first:
 * nothing of it is reachable until the caller's store. */
static int subtree_copy(struct plan6 *p, uint32_t w, uint32_t *out)
{
	struct xr_lpm6 *t = &p->f->trie;
	const uint32_t *wg = xr_lpm6_group(&p->s, w & XR_FIB6_ID_MASK);
	uint32_t g, j, sub, *grp;
	int err;

	if (xr_repair_group_free(&t->grp, p->b.reach, &p->b.cursor, &g))
		return -ENOSPC;
	xr_bit_set(t->bitmap, g, 1);
	xr_bit_set(p->b.reach, g, 1);
	xr_bit_set(p->seen, g, 1);
	grp = xr_lpm6_group(t, g);
	for (j = 0; j < 256; j++) {
		grp[j] = wg[j];
		if (!(wg[j] & XR_FIB6_EXT))
			continue;
		if ((err = subtree_copy(p, wg[j], &sub)))
			return err;
		grp[j] = XR_FIB6_VALID | XR_FIB6_EXT | sub;
	}
	*out = g;
	return 0;
}

static int fix_entry(struct plan6 *p, uint32_t *le, uint32_t w)
{
	uint32_t l = load(le), g, j, *lg;
	const uint32_t *wg;
	int err;

	if (!(w & XR_FIB6_EXT)) {
		if (l != w)
			put(p, le, w);
		return 0;
	}
	if (!live_group(p, l, &g)) {
		p->b.r->entries++;
		if (!p->b.fix)
			return 0;
		if ((err = subtree_copy(p, w, &g)))
			return err;
		__atomic_store_n(le, XR_FIB6_VALID | XR_FIB6_EXT | g,
				 __ATOMIC_RELEASE);
		return 0;
	}
	xr_bit_set(p->seen, g, 1);
	lg = xr_lpm6_group(&p->f->trie, g);
	wg = xr_lpm6_group(&p->s, w & XR_FIB6_ID_MASK);
	for (j = 0; j < 256; j++)
		if ((err = fix_entry(p, &lg[j], wg[j])))
			return err;
	return 0;
}

static int plan_apply(struct plan6 *p)
{
	uint32_t i;
	int err;

	reach_scan(p);
	for (i = 0; i < 1u << 16; i++)
		if ((err = fix_entry(p, &p->f->trie.tbl16[i], p->s.tbl16[i])))
			return err;
	reach_scan(p);       /* what readers reach from now on */
	return xr_repair_finish(&p->b, &p->f->trie.grp, &p->f->nh);
}

int xr_fib6_reconcile(struct xr_fib6 *f, const struct xr_fib6_item *items,
		      size_t n, int fix, struct xr_fib4_report *r)
{
	struct plan6 p;
	int err;

	if (fix)
		xr_repair_forget(&f->trie.grp, &f->nh, &f->nhg);
	if ((err = plan_init(&p, f, fix, r)))
		return err;
	err = plan_compile(&p, items, n) ?: plan_apply(&p);
	plan_free(&p);
	return err;
}

/* The routes, then the router's addresses (the local /128s win, as
 * xr_fib6_local_add makes them). */
int xr_fib6_items(const struct xr_maps *m, struct xr_fib6_item **out,
		  size_t *n, struct xr_fib4_report *r)
{
	struct xr_route6 *rt = NULL;
	struct xr_addr6_entry *a = NULL;
	struct xr_fib6_item *it = NULL;
	size_t i, nr = 0, na = 0;
	int err;

	if ((err = xr_route6_dump(m, &rt, &nr)) ||
	    (err = xr_addrs6_dump(m, &a, &na)))
		goto out;
	it = calloc(nr + na + 1, sizeof(*it));
	if (!it) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++)
		it[i] = (struct xr_fib6_item){ rt[i].dst, rt[i].plen, rt[i].type,
			xr_route6_nh_ifindex(&rt[i]),
			rt[i].type == XR_RTN_UNICAST ? rt[i].gw :
			(struct xr_in6){ { 0 } }, rt[i].nhg };
	for (i = 0; i < na; i++)
		it[nr + i] = (struct xr_fib6_item){ a[i].addr, 128, XR_RTN_LOCAL,
			a[i].val.ifindex, { { 0 } }, 0 };
	r->routes = nr;
	r->locals = na;
	*out = it;
	*n = nr + na;
out:
	free(rt);
	free(a);
	return err;
}
