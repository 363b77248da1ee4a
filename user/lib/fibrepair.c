// SPDX-License-Identifier: GPL-2.0
/*
 * Check and repair of the FIB against the route table (lib/fibrepair.h):
 * the routes and addresses compiled into entries, the trie compared with
 * a scratch one built from them and a slot that differs rewritten the
 * way an update writes it (lib/fibrepair_common.h); blocks and slots
 * that nothing reaches any more are freed only after a grace period.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "lib/addr4.h"
#include "lib/fib6.h"
#include "lib/fibrepair.h"
#include "lib/fibrepair_common.h"
#include "lib/route4.h"

/* The items as the trie's routes, each with its next hop's entry. */
static int compile4(struct xr_repair *b, struct xr_fib4 *f,
		    const struct xr_fib4_item *it, size_t n,
		    struct xr_pt_route *rt)
{
	struct xr_nh_key k;
	uint32_t id;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		k = (struct xr_nh_key){ it[i].type, it[i].ifindex,
					{ { it[i].gw, 0, 0, 0 } } };
		if ((err = xr_repair_id(b, &f->nh, &k, it[i].nhg, &id)))
			return err;
		rt[i] = (struct xr_pt_route){ xr_pt_key4(ntohl(it[i].dst)),
			it[i].plen, xr_fib4_entry(it[i].plen, id) };
	}
	return 0;
}

int xr_fib4_reconcile(struct xr_fib4 *f, const struct xr_fib4_item *items,
		      size_t n, int fix, struct xr_fib4_report *r)
{
	struct xr_pt_route *rt = calloc(n + 1, sizeof(*rt));
	struct xr_repair b;
	int err = rt ? 0 : -ENOMEM;

	if (fix)
		xr_repair_forget(&f->pt, &f->nh, &f->nhg);
	if (!err)
		err = xr_repair_init(&b, XR_MAX_NH4, fix, r);
	if (err) {
		free(rt);
		return err;
	}
	err = compile4(&b, f, items, n, rt) ?: xr_repair_trie(&b, &f->pt, rt, n) ?:
	      xr_repair_finish(&b, &f->pt, &f->nh);
	xr_repair_free(&b);
	free(rt);
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
	       r->blocks + r->unsound + r->counts + r->adj_stale +
	       r->nhg_leaked + r->nhg_refcnts + r->nhg_stale;
}

void xr_fib4_report_format(const struct xr_fib4_report *r, char *buf,
			   size_t len)
{
	snprintf(buf, len, "routes %zu locals %zu entries %zu nh_missing %zu "
		 "refcnts %zu nh_leaked %zu blocks %zu "
		 "unsound %zu counts %zu adj_stale %zu nhg_leaked %zu "
		 "nhg_refcnts %zu nhg_stale %zu",
		 r->routes, r->locals, r->entries, r->nh_missing, r->refcnts,
		 r->nh_leaked, r->blocks, r->unsound, r->counts,
		 r->adj_stale, r->nhg_leaked, r->nhg_refcnts, r->nhg_stale);
}
