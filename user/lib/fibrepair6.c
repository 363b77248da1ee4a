// SPDX-License-Identifier: GPL-2.0
/*
 * Check and repair of the IPv6 FIB (lib/fibrepair.h), as fibrepair.c
 * does IPv4's: the route table and the addresses compiled into entries,
 * the live trie compared with a scratch one built from them slot by
 * slot, a slot that differs rewritten the way an update writes it
 * (lib/fibrepair_common.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/addr6.h"
#include "lib/fib6.h"
#include "lib/fibrepair_common.h"
#include "lib/route6.h"

/* The items as the trie's routes, each with its next hop's entry. */
static int compile6(struct xr_repair *b, struct xr_fib6 *f,
		    const struct xr_fib6_item *it, size_t n,
		    struct xr_pt_route *rt)
{
	struct xr_nh_key k;
	uint32_t id;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		k = (struct xr_nh_key){ it[i].type, it[i].ifindex, it[i].gw };
		if ((err = xr_repair_id(b, &f->nh, &k, it[i].nhg, &id)))
			return err;
		rt[i] = (struct xr_pt_route){ xr_pt_key6(&it[i].dst), it[i].plen,
			xr_fib6_entry(it[i].plen, id) };
	}
	return 0;
}

int xr_fib6_reconcile(struct xr_fib6 *f, const struct xr_fib6_item *items,
		      size_t n, int fix, struct xr_fib4_report *r)
{
	struct xr_pt_route *rt = calloc(n + 1, sizeof(*rt));
	struct xr_repair b;
	int err = rt ? 0 : -ENOMEM;

	if (fix)
		xr_repair_forget(&f->pt, &f->nh, &f->nhg);
	if (!err)
		err = xr_repair_init(&b, xr_nh_max(&f->nh), fix, r);
	if (err) {
		free(rt);
		return err;
	}
	err = compile6(&b, f, items, n, rt) ?: xr_repair_trie(&b, &f->pt, rt, n) ?:
	      xr_repair_finish(&b, &f->pt, &f->nh);
	xr_repair_free(&b);
	free(rt);
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
