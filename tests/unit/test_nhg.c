// SPDX-License-Identifier: GPL-2.0
/*
 * Next-hop groups (lib/nhg.h) on the router's real maps, both families:
 * slots found or made by member set and counted by the routes using
 * them, routes with a group in the FIB (XR_FIB_NHG), replaced and
 * deleted cleanly, slots reused only after a grace period; the buckets:
 * weights to counts, and the resilient balance as members' rewrites
 * change (only a failed member's buckets move, all of them come back).
 * The rewrites come from a fake adj_fill whose flags the tests set per
 * gateway, through the library's own refresh (the hook every rewrite
 * change goes through).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/nhg.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "xdp_router.skel.h"

#define OK (XR_ADJ_TX | XR_ADJ_UP | XR_ADJ_NEIGH)

static struct xdp_router_bpf *S;
static struct xr_maps M;
static uint16_t gw_flags[256];   /* the rewrite's flags, by gateway */
static int syncs;

static int count_sync(void)
{
	syncs++;
	return 0;
}

static void fill4(void *arg, const struct xr_nh4 *nh, struct xr_adj *adj)
{
	memset(adj, 0, sizeof(*adj));
	adj->flags = gw_flags[ntohl(nh->gw) & 0xff];
	adj->mtu = 1500;
}

static void fill6(void *arg, const struct xr_nh6 *nh, struct xr_adj *adj)
{
	memset(adj, 0, sizeof(*adj));
	adj->flags = gw_flags[ntohl(nh->gw.a[3]) & 0xff];
	adj->mtu = 1500;
}

static void setup(void)
{
	struct bpf_program *p;

	for (int i = 0; i < 256; i++)
		gw_flags[i] = OK;
	S = xdp_router_bpf__open();
	cr_assert(S);
	bpf_object__for_each_program(p, S->obj)
		bpf_program__set_autoload(p, false);
	cr_assert_eq(xdp_router_bpf__load(S), 0);
	cr_assert_eq(xr_maps_from_obj(&M, S->obj), 0);
	cr_assert(M.fib && M.fib6 && M.fib->nhg.g && M.fib6->nhg.g);
	M.fib->nh.adj_fill = fill4;
	M.fib6->nh.adj_fill6 = fill6;
	M.fib->nh.sync = M.fib6->nh.sync = count_sync;
	M.fib->dir.sync = M.fib6->trie.sync = count_sync;
	syncs = 0;
}

static void teardown(void)
{
	cr_assert_eq(xr_maps_close_fib(&M), 0);
	xdp_router_bpf__destroy(S);
}

TestSuite(nhg, .init = setup, .fini = teardown);

/* ---- either family ---- */

static struct xr_nh_table *nht(int v6)
{
	return v6 ? &M.fib6->nh : &M.fib->nh;
}

static struct xr_nhg_table *ngt(int v6)
{
	return v6 ? &M.fib6->nhg : &M.fib->nhg;
}

/* Gateway n of the family: 10.0.0.n, 2001:db8::n. */
static struct xr_in6 gw(int v6, int n)
{
	struct xr_in6 a = { { 0 } };

	if (v6) {
		a.a[0] = htonl(0x20010db8);
		a.a[3] = htonl((uint32_t)n);
	} else {
		a.a[0] = htonl(0x0a000000u | (uint32_t)n);
	}
	return a;
}

static struct xr_nhg_spec spec(int v6, int n, uint16_t weight)
{
	return (struct xr_nhg_spec){ .ifindex = 2 + (uint32_t)n % 3,
				     .gw = gw(v6, n), .weight = weight };
}

/* A group of members gateways 1..n, weights w (NULL: all 1). */
static uint32_t group(int v6, unsigned int n, const uint16_t *w)
{
	struct xr_nhg_spec s[XR_NHG_MAX_MEMBERS];
	uint32_t gid = 0;

	for (unsigned int i = 0; i < n; i++)
		s[i] = spec(v6, (int)i + 1, w ? w[i] : 1);
	cr_assert_eq(xr_nhg_get(&M, v6, s, n, &gid), 0);
	cr_assert(gid > 0 && gid < XR_MAX_NHG);
	return gid;
}

static struct xr_nhg *slot(int v6, uint32_t gid)
{
	return &ngt(v6)->g[gid];
}

/* The route 198.18.100.0/24 or 2001:db8:100::/48 through group gid (0:
 * through gateway 9 alone). */
static int route_set(int v6, uint32_t gid)
{
	struct xr_in6 g9 = gw(v6, 9);

	if (v6) {
		struct xr_route6 r = { .plen = 48, .type = XR_RTN_UNICAST,
				       .nhg = gid };

		r.dst.a[0] = htonl(0x20010db8);
		r.dst.a[1] = htonl(0x01000000);
		if (!gid) {
			r.ifindex = 7;
			r.gw = g9;
		}
		return xr_route6_update(&M, &r);
	}
	struct xr_route4 r = { .dst = htonl(0xc6126400), .plen = 24,
			       .type = XR_RTN_UNICAST, .nhg = gid };

	if (!gid) {
		r.ifindex = 7;
		r.gw = g9.a[0];
	}
	return xr_route4_update(&M, &r);
}

static int route_del(int v6)
{
	struct xr_in6 d = { { htonl(0x20010db8), htonl(0x01000000), 0, 0 } };

	return v6 ? xr_route6_delete(&M, &d, 48) :
		    xr_route4_delete(&M, htonl(0xc6126400), 24);
}

/* The FIB entry of an address inside that route. */
static uint32_t fib_at(int v6)
{
	struct xr_in6 a = { { htonl(0x20010db8), htonl(0x01000000), 0,
			      htonl(5) } };

	return v6 ? xr_lpm6_lookup(&M.fib6->trie, &a) :
		    xr_dir24_lookup(&M.fib->dir, 0xc6126405);
}

static uint32_t fib_id(int v6, uint32_t e)
{
	return e & (v6 ? XR_FIB6_ID_MASK : XR_FIB4_ID_MASK);
}

static uint32_t nh_used(int v6)
{
	return v6 ? M.fib6->meta->nh_used : M.fib->meta->nh_used;
}

/* The references on gateway k's next hop (0 when it has no slot). */
static uint32_t refs(int v6, int k)
{
	struct xr_nh_key key = { XR_RTN_UNICAST, spec(v6, k, 1).ifindex,
				 gw(v6, k) };
	uint32_t id;

	if (xr_nh_key_find(nht(v6), &key, &id))
		return 0;
	return *xr_nh_refcnt(nht(v6), id);
}

static void release(void)
{
	cr_assert_eq(xr_fib4_commit(M.fib), 0);
}

/* ---- slots and routes ---- */

static void get_put_read(int v6)
{
	struct xr_nhg_spec s[2] = { spec(v6, 2, 3), spec(v6, 1, 1) };
	struct xr_nhg_info info[4];
	unsigned int n = 4;
	uint32_t gid = group(v6, 2, (uint16_t[]){ 1, 3 }), again;

	cr_assert_eq(slot(v6, gid)->refcnt, 1);
	cr_assert_eq(nh_used(v6), 2);
	/* the same members in another order: the same group */
	cr_assert_eq(xr_nhg_get(&M, v6, s, 2, &again), 0);
	cr_assert_eq(again, gid);
	cr_assert_eq(slot(v6, gid)->refcnt, 2);
	cr_assert_eq(*xr_nh_refcnt(nht(v6), slot(v6, gid)->memb[0].nh), 1,
		     "a group holds each member once");
	cr_assert_eq(xr_nhg_read(&M, v6, gid, info, &n), 0);
	cr_assert_eq(n, 2);
	for (unsigned int i = 0; i < 2; i++) {
		int k = info[i].spec.weight == 1 ? 1 : 2;
		struct xr_in6 g = gw(v6, k);

		cr_assert_eq(info[i].spec.ifindex, spec(v6, k, 1).ifindex);
		cr_assert_eq(memcmp(&info[i].spec.gw, &g, sizeof(g)), 0);
		cr_assert(info[i].usable);
		cr_assert_eq(info[i].buckets, k == 1 ? 32 : 96);
	}
	n = 1;
	cr_assert_eq(xr_nhg_read(&M, v6, gid, info, &n), -ENOSPC);
	cr_assert_eq(n, 2);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), -EINVAL, "no reference left");
	cr_assert(slot(v6, gid)->nmemb, "freed only after a grace period");
	release();
	cr_assert_eq(slot(v6, gid)->nmemb, 0);
	cr_assert_eq(nh_used(v6), 0, "the members went with it");
	cr_assert_eq(xr_nhg_read(&M, v6, gid, info, &n), -ENOENT);
}

Test(nhg, get_put_read) { get_put_read(0); }
Test(nhg, get_put_read6) { get_put_read(1); }

static void route_add_replace_delete(int v6)
{
	uint32_t gid = group(v6, 3, NULL), e;

	cr_assert_eq(route_set(v6, gid), 0);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);      /* the get's */
	e = fib_at(v6);
	cr_assert_eq(fib_id(v6, e), XR_FIB_NHG | gid, "FIB id 0x%x", e);
	cr_assert_eq(slot(v6, gid)->refcnt, 1, "the route's reference");
	/* replaced by itself: still one reference */
	cr_assert_eq(xr_nhg_hold(&M, v6, gid), 0);
	cr_assert_eq(route_set(v6, gid), 0);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);
	cr_assert_eq(slot(v6, gid)->refcnt, 1);
	/* replaced by one next hop: the group is given up */
	cr_assert_eq(route_set(v6, 0), 0);
	cr_assert_eq(slot(v6, gid)->refcnt, 0);
	cr_assert_eq(xr_nh_type(nht(v6), fib_id(v6, fib_at(v6))),
		     XR_RTN_UNICAST);
	cr_assert_eq(fib_id(v6, fib_at(v6)) & XR_FIB_NHG, 0);
	release();
	cr_assert_eq(slot(v6, gid)->nmemb, 0);
	cr_assert_eq(nh_used(v6), 1, "gateway 9 alone");
	/* and back to a group, then deleted */
	gid = group(v6, 2, NULL);
	cr_assert_eq(route_set(v6, gid), 0);
	cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);
	cr_assert_eq(fib_id(v6, fib_at(v6)), XR_FIB_NHG | gid);
	cr_assert_eq(route_del(v6), 0);
	cr_assert_eq(fib_at(v6), 0);
	release();
	cr_assert_eq(slot(v6, gid)->nmemb, 0);
	cr_assert_eq(nh_used(v6), 0);
}

Test(nhg, route_add_replace_delete) { route_add_replace_delete(0); }
Test(nhg, route_add_replace_delete6) { route_add_replace_delete(1); }

static void bad_input(int v6)
{
	struct xr_nhg_spec s[2] = { spec(v6, 1, 1), spec(v6, 1, 2) };
	uint32_t gid;

	cr_assert_eq(xr_nhg_get(&M, v6, s, 2, &gid), -EINVAL, "duplicate");
	s[1] = spec(v6, 2, 0);
	cr_assert_eq(xr_nhg_get(&M, v6, s, 2, &gid), -EINVAL, "weight 0");
	s[1] = spec(v6, 2, XR_NHG_WEIGHT_MAX + 1);
	cr_assert_eq(xr_nhg_get(&M, v6, s, 2, &gid), -EINVAL, "weight 257");
	cr_assert_eq(xr_nhg_get(&M, v6, s, 0, &gid), -EINVAL, "empty");
	for (int k = 1; k <= 2; k++)
		cr_assert_eq(refs(v6, k), 0, "nothing held after a refusal");
	cr_assert_eq(xr_nhg_hold(&M, v6, 5), -EINVAL, "free slot");
	cr_assert_eq(route_set(v6, 5), -EINVAL, "a route on a free slot");
	cr_assert_eq(fib_at(v6), 0);
	release();
	cr_assert_eq(nh_used(v6), 0);
}

Test(nhg, bad_input) { bad_input(0); }
Test(nhg, bad_input6) { bad_input(1); }
