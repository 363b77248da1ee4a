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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <arpa/inet.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/fibrepair.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/nhg.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/state.h"
#include "lib/upgrade.h"
#include "pkt.h"
#include "slowpath/slowpath.h"
#include "testenv.h"
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

	return v6 ? xr_fib6_lookup(M.fib6, &a) :
		    xr_fib4_lookup(M.fib, 0xc6126405);
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

/* ---- buckets ---- */

static unsigned int count_of(const struct xr_nhg *g, uint32_t nh)
{
	unsigned int b, c = 0;

	for (b = 0; b < XR_NHG_BUCKETS; b++)
		c += g->bucket[b] == nh;
	return c;
}

static int by_weight(const void *a, const void *b)
{
	return (int)((const struct xr_nhg_member *)a)->weight -
	       (int)((const struct xr_nhg_member *)b)->weight;
}

/* The exact shares among the usable members (use: a bitmask by member
 * index; all when ~0): every usable member has at least one bucket, so
 * the lightest ones, while their share of what is left is below 1, get
 * one each, and the others share the rest by weight. */
static void exact_shares(const struct xr_nhg *g, uint64_t use, double *exact)
{
	struct xr_nhg_member m[XR_NHG_MAX_MEMBERS];
	unsigned int i, n = 0, w = 0, left = XR_NHG_BUCKETS, floor_w = 0;

	for (i = 0; i < g->nmemb; i++)
		if (use >> i & 1) {
			m[n++] = g->memb[i];
			w += g->memb[i].weight;
		}
	qsort(m, n, sizeof(m[0]), by_weight);
	for (i = 0; i < n && left * m[i].weight < w; i++) {
		left--;
		w -= m[i].weight;
		floor_w = m[i].weight;   /* weights up to this one: pinned */
	}
	for (i = 0; i < g->nmemb; i++)
		exact[i] = !(use >> i & 1) ? 0 :
			   g->memb[i].weight <= floor_w ? 1 :
			   (double)left * g->memb[i].weight / w;
}

/* Each usable member has at least one bucket and is within one of its
 * exact share (above) among the members usable. */
static void expect_shares(const struct xr_nhg *g, uint64_t use)
{
	double exact[XR_NHG_MAX_MEMBERS];
	unsigned int i, total = 0;

	exact_shares(g, use, exact);
	for (i = 0; i < g->nmemb; i++) {
		unsigned int c = count_of(g, g->memb[i].nh);

		total += c;
		cr_assert(c >= exact[i] - 1 && c <= exact[i] + 1,
			  "member %u (weight %u): %u buckets, exact %.2f", i,
			  g->memb[i].weight, c, exact[i]);
		cr_assert(!(use >> i & 1) || c >= 1, "member %u usable: "
			  "no bucket (weight %u)", i, g->memb[i].weight);
	}
	cr_assert_eq(total, XR_NHG_BUCKETS);
}

static void weights_to_counts(int v6)
{
	static const uint16_t sets[][8] = {
		{ 1, 1 }, { 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 2, 3 },
		{ 1, 256 }, { 5, 7, 11, 13, 17, 19, 23, 29 }, { 256, 255, 1 },
	};
	static const unsigned int n[] = { 2, 3, 4, 3, 2, 8, 3 };
	uint16_t w64[XR_NHG_MAX_MEMBERS];

	for (unsigned int k = 0; k < sizeof(n) / sizeof(n[0]); k++) {
		uint32_t gid = group(v6, n[k], sets[k]);
		const struct xr_nhg *g = slot(v6, gid);

		expect_shares(g, ~0ull);
		for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
			cr_assert_eq(g->bucket[b], g->memb[g->ideal[b]].nh,
				     "all usable: the ideal owners");
		cr_assert_eq(xr_nhg_put(&M, v6, gid), 0);
	}
	for (unsigned int i = 0; i < XR_NHG_MAX_MEMBERS; i++)
		w64[i] = (uint16_t)(1 + (i * 37) % 256);
	expect_shares(slot(v6, group(v6, XR_NHG_MAX_MEMBERS, w64)), ~0ull);
}

/* A usable member never has zero buckets, however small its weight:
 * it gets one, the others share the rest (route show calls it alive,
 * so it must carry flows). */
static void small_weight_gets_a_bucket(int v6)
{
	static const uint16_t w2[] = { 1, 256 };
	uint16_t w64[XR_NHG_MAX_MEMBERS];
	const struct xr_nhg *g = slot(v6, group(v6, 2, w2));

	for (unsigned int i = 0; i < 2; i++)
		cr_assert_eq(count_of(g, g->memb[i].nh),
			     g->memb[i].weight == 1 ? 1 : 127, "of 257");
	expect_shares(g, ~0ull);
	w64[0] = 256;
	for (unsigned int i = 1; i < XR_NHG_MAX_MEMBERS; i++)
		w64[i] = 1;
	g = slot(v6, group(v6, XR_NHG_MAX_MEMBERS, w64));
	for (unsigned int i = 0; i < XR_NHG_MAX_MEMBERS; i++)
		cr_assert_eq(count_of(g, g->memb[i].nh),
			     g->memb[i].weight == 1 ? 1 : 128 - 63, "member %u", i);
	w64[1] = 5;     /* 5 * 65 / 261 >= 1: shares the rest, not pinned */
	expect_shares(slot(v6, group(v6, XR_NHG_MAX_MEMBERS, w64)), ~0ull);
}

Test(nhg, small_weight_gets_a_bucket) { small_weight_gets_a_bucket(0); }
Test(nhg, small_weight_gets_a_bucket6) { small_weight_gets_a_bucket(1); }

Test(nhg, weights_to_counts) { weights_to_counts(0); }
Test(nhg, weights_to_counts6) { weights_to_counts(1); }

Test(nhg, ideal_is_interleaved)
{
	const struct xr_nhg *g = slot(0, group(0, 2, NULL));

	/* two equal members: no run longer than one */
	for (unsigned int b = 1; b < XR_NHG_BUCKETS; b++)
		cr_assert_neq(g->ideal[b], g->ideal[b - 1], "bucket %u", b);
}

/* Gateway k's rewrite flags set, through the library's refresh. */
static void member_set(int v6, int k, uint16_t flags)
{
	struct xr_nhg_spec s = spec(v6, k, 1);

	gw_flags[k] = flags;
	if (v6)
		cr_assert_eq(xr_nh6_refresh(nht(v6), s.ifindex, &s.gw, 0), 0);
	else
		cr_assert_eq(xr_nh_refresh(nht(v6), s.ifindex, s.gw.a[0], 0), 0);
}

/* The index in g of gateway k's next hop. */
static int member_index(int v6, const struct xr_nhg *g, int k)
{
	struct xr_nh_key key = { XR_RTN_UNICAST, spec(v6, k, 1).ifindex,
				 gw(v6, k) };
	uint32_t id;

	cr_assert_eq(xr_nh_key_find(nht(v6), &key, &id), 0);
	for (int i = 0; i < g->nmemb; i++)
		if (g->memb[i].nh == id)
			return i;
	cr_assert_fail("gateway %d is no member", k);
	return -1;
}

/* Between two snapshots, only buckets b with moved(b) changed. */
static void expect_only(const uint32_t *before, const struct xr_nhg *g,
			int (*moved)(const struct xr_nhg *, const uint32_t *,
				     unsigned int, int), int arg)
{
	for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
		if (!moved(g, before, b, arg))
			cr_assert_eq(g->bucket[b], before[b], "bucket %u moved", b);
}

/* Bucket b was held by member index arg before. */
static int held_by(const struct xr_nhg *g, const uint32_t *before,
		   unsigned int b, int arg)
{
	return before[b] == g->memb[arg].nh;
}

/* Bucket b's ideal owner is member index arg. */
static int owned_by(const struct xr_nhg *g, const uint32_t *before,
		    unsigned int b, int arg)
{
	return g->ideal[b] == arg;
}

#define DOWN (XR_ADJ_TX | XR_ADJ_NEIGH)                 /* link down */
#define FAILED (XR_ADJ_TX | XR_ADJ_UP | XR_ADJ_FAILED)  /* neighbour FAILED */
#define UNRESOLVED (XR_ADJ_TX | XR_ADJ_UP)              /* no neighbour yet */

/* Member k taken out by flags: only its buckets moved, none left to it,
 * the others within one of their shares; then back: exactly the ideal. */
static void out_and_back(int v6, struct xr_nhg *g, int k, uint16_t flags)
{
	uint32_t ideal[XR_NHG_BUCKETS];
	int i = member_index(v6, g, k);

	memcpy(ideal, g->bucket, sizeof(ideal));
	member_set(v6, k, flags);
	expect_only(ideal, g, held_by, i);
	cr_assert_eq(count_of(g, g->memb[i].nh), 0);
	expect_shares(g, ((1ull << g->nmemb) - 1) & ~(1ull << i));
	member_set(v6, k, OK);
	cr_assert_eq(memcmp(g->bucket, ideal, sizeof(ideal)), 0,
		     "back: exactly the ideal");
}

static void member_down_and_up(int v6)
{
	struct xr_nhg *g = slot(v6, group(v6, 4, (uint16_t[]){ 1, 2, 3, 4 }));
	uint32_t ideal[XR_NHG_BUCKETS];

	memcpy(ideal, g->bucket, sizeof(ideal));
	out_and_back(v6, g, 2, DOWN);
	out_and_back(v6, g, 4, FAILED);
	out_and_back(v6, g, 1, 0);                      /* detached */
	member_set(v6, 3, UNRESOLVED);
	cr_assert_eq(memcmp(g->bucket, ideal, sizeof(ideal)), 0,
		     "an unresolved neighbour keeps its buckets");
}

Test(nhg, member_down_and_up) { member_down_and_up(0); }
Test(nhg, member_down_and_up6) { member_down_and_up(1); }

static void two_down_then_one_up(int v6)
{
	struct xr_nhg *g = slot(v6, group(v6, 4, NULL));
	int i1 = member_index(v6, g, 1), i2 = member_index(v6, g, 2);
	uint32_t s1[XR_NHG_BUCKETS], s2[XR_NHG_BUCKETS];

	member_set(v6, 1, DOWN);
	memcpy(s1, g->bucket, sizeof(s1));
	member_set(v6, 2, DOWN);
	expect_only(s1, g, held_by, i2);    /* its own and those it borrowed */
	cr_assert_eq(count_of(g, g->memb[i1].nh) + count_of(g, g->memb[i2].nh), 0);
	expect_shares(g, 0xf & ~(1ull << i1 | 1ull << i2));
	memcpy(s2, g->bucket, sizeof(s2));
	member_set(v6, 1, OK);
	expect_only(s2, g, owned_by, i1);   /* only its own come back */
	for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
		if (g->ideal[b] == i1)
			cr_assert_eq(g->bucket[b], g->memb[i1].nh);
	member_set(v6, 2, OK);
	for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
		cr_assert_eq(g->bucket[b], g->memb[g->ideal[b]].nh);
}

Test(nhg, two_down_then_one_up) { two_down_then_one_up(0); }
Test(nhg, two_down_then_one_up6) { two_down_then_one_up(1); }

static void all_down(int v6)
{
	struct xr_nhg *g = slot(v6, group(v6, 3, NULL));
	int i3 = member_index(v6, g, 3);

	for (int k = 1; k <= 3; k++)
		member_set(v6, k, DOWN);
	for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
		cr_assert_eq(g->bucket[b], g->memb[g->ideal[b]].nh,
			     "none usable: the ideal owners");
	member_set(v6, 3, OK);
	cr_assert_eq(count_of(g, g->memb[i3].nh), XR_NHG_BUCKETS,
		     "one usable: all of them");
	member_set(v6, 1, OK);
	member_set(v6, 2, OK);
	for (unsigned int b = 0; b < XR_NHG_BUCKETS; b++)
		cr_assert_eq(g->bucket[b], g->memb[g->ideal[b]].nh);
}

Test(nhg, all_down) { all_down(0); }
Test(nhg, all_down6) { all_down(1); }

/* ---- slots: grace period, exhaustion ---- */

/* Group number i of 4095 distinct pairs of gateways 1..91. */
static int pair_get(int v6, unsigned int i, uint32_t *gid)
{
	struct xr_nhg_spec s[2];
	unsigned int a = 1, b;

	while (i >= 91 - a) {      /* pairs (a, b), a < b <= 91 */
		i -= 91 - a;
		a++;
	}
	b = a + 1 + i;
	s[0] = spec(v6, (int)a, 1);
	s[1] = spec(v6, (int)b, 1);
	return xr_nhg_get(&M, v6, s, 2, gid);
}

static void slots_exhausted_then_reused_after_grace(int v6)
{
	uint32_t gid, freed = 0, nh_before;
	int before;

	for (unsigned int i = 0; i < XR_MAX_NHG - 1; i++) {
		cr_assert_eq(pair_get(v6, i, &gid), 0, "group %u", i);
		if (i == 1000)
			freed = gid;
	}
	nh_before = nh_used(v6);
	cr_assert_eq(nh_before, 91);
	/* past the last pair: gateways 92 and 93, new */
	cr_assert_eq(pair_get(v6, 4095, &gid), -ENOSPC);
	for (int k = 92; k <= 93; k++)
		cr_assert_eq(refs(v6, k), 0, "nothing taken by the refusal");
	cr_assert_eq(xr_nhg_put(&M, v6, freed), 0);
	before = syncs;
	cr_assert_eq(pair_get(v6, 4095, &gid), 0);
	cr_assert_eq(gid, freed, "the only slot, after its grace period");
	cr_assert(syncs > before, "readers were waited for");
	cr_assert_eq(nh_used(v6), nh_before + 2);
	cr_assert_eq(refs(v6, 92), 1);
}

Test(nhg, slots_exhausted_then_reused_after_grace, .timeout = 60)
{
	slots_exhausted_then_reused_after_grace(0);
}

Test(nhg, slots_exhausted_then_reused_after_grace6, .timeout = 60)
{
	slots_exhausted_then_reused_after_grace(1);
}

Test(nhg, given_up_is_not_reused_before_a_grace_period)
{
	uint32_t a = group(0, 2, NULL), b;

	cr_assert_eq(xr_nhg_put(&M, 0, a), 0);
	b = group(0, 3, NULL);
	cr_assert_neq(b, a, "a slot readers may hold is not taken");
	/* the same members again before the grace period: taken back */
	cr_assert_eq(group(0, 2, NULL), a);
	cr_assert_eq(slot(0, a)->refcnt, 1);
	release();
	cr_assert_eq(slot(0, a)->nmemb, 2, "held again: not freed");
}

/* ---- crash repair ---- */

static struct xr_fib4_report check(int v6, int fix)
{
	struct xr_fib4_report r;

	memset(&r, 0, sizeof(r));
	if (v6)
		cr_assert_eq(fix ? xr_fib6_repair(&M, &r) : xr_fib6_check(&M, &r), 0);
	else
		cr_assert_eq(fix ? xr_fib4_repair(&M, &r) : xr_fib4_check(&M, &r), 0);
	return r;
}

static void expect_clean(int v6)
{
	struct xr_fib4_report r = check(v6, 0);
	char line[512];

	xr_fib4_report_format(&r, line, sizeof(line));
	cr_assert_eq(xr_fib4_report_problems(&r), 0, "%s", line);
}

/* A writer killed between a route's update and the put of its get
 * (the group's count one too high), a group made and never used, a
 * bucket torn: the check sees each, the repair fixes each. */
static void repair_groups(int v6)
{
	uint32_t used = group(v6, 3, NULL), leaked = group(v6, 2, NULL);
	struct xr_nhg *g = slot(v6, used);
	struct xr_fib4_report r;
	uint32_t saved = g->bucket[5];

	cr_assert_eq(route_set(v6, used), 0);
	g->bucket[5] = g->memb[(g->ideal[5] + 1) % 3].nh;
	g->ideal[9] = (g->ideal[9] + 1) % 3;
	for (int fix = 0; fix < 2; fix++) {
		r = check(v6, fix);
		cr_assert_eq(r.nhg_refcnts, 1);
		cr_assert_eq(r.nhg_leaked, 1);
		cr_assert_eq(r.nhg_stale, 2, "a bucket and an ideal owner");
		cr_assert_eq(r.refcnts, 2, "gateways 1 and 2, held by both");
		cr_assert_eq(r.entries, 0);
	}
	cr_assert_eq(slot(v6, leaked)->nmemb, 0);
	cr_assert_eq(g->refcnt, 1);
	cr_assert_eq(g->bucket[5], saved);
	cr_assert_eq(refs(v6, 1), 1);
	expect_clean(v6);
	cr_assert_eq(route_del(v6), 0);
	release();
	cr_assert_eq(nh_used(v6), 0, "every count exact after the repair");
	expect_clean(v6);
}

Test(nhg, repair_groups) { repair_groups(0); }
Test(nhg, repair_groups6) { repair_groups(1); }

Test(nhg, route_on_a_freed_group_cannot_be_repaired)
{
	struct xr_route4_key k = { 24, htonl(0xc6126400) };
	struct xr_route4 rt = { .dst = k.addr, .plen = 24,
				.type = XR_RTN_UNICAST, .nhg = 77 };
	struct xr_fib4_report r;

	cr_assert_eq(bpf_map_update_elem(M.routes4, &k, &rt, BPF_ANY), 0);
	memset(&r, 0, sizeof(r));
	cr_assert_eq(xr_fib4_check(&M, &r), -EUCLEAN);
}

/* ---- the real rewrites: a FAILED neighbour, a link down ---- */

static void iface_put(uint32_t ifindex, uint16_t flags)
{
	struct xr_iface v = { .mac = { 2, 0, 0, 0, 0, (uint8_t)ifindex },
			      .flags = flags, .mtu = 1500 };

	cr_assert_eq(bpf_map_update_elem(M.ifaces, &ifindex, &v, BPF_ANY), 0);
	cr_assert_eq(xr_maps_link_changed(&M, ifindex), 0);
}

static void neigh_put(int v6, int k, uint8_t state)
{
	struct xr_neigh n = { .mac = { 2, 0, 0, 0, 1, (uint8_t)k },
			      .state = state };
	struct xr_nhg_spec s = spec(v6, k, 1);

	if (v6)
		cr_assert_eq(xr_neigh6_update(&M, s.ifindex, &s.gw, &n), 0);
	else
		cr_assert_eq(xr_neigh4_update(&M, s.ifindex, s.gw.a[0], &n), 0);
}

static void real_rewrites(int v6)
{
	struct xr_nhg *g;
	uint32_t ideal[XR_NHG_BUCKETS];
	int i1, i2;

	M.fib->nh.adj_fill = xr_adj4_fill;      /* as the state opens it */
	M.fib6->nh.adj_fill6 = xr_adj6_fill;
	for (uint32_t ifindex = 2; ifindex <= 4; ifindex++)
		iface_put(ifindex, XR_IF_ATTACHED | XR_IF_UP);
	g = slot(v6, group(v6, 2, NULL));        /* gateways on links 3, 4 */
	i1 = member_index(v6, g, 1);
	i2 = member_index(v6, g, 2);
	memcpy(ideal, g->bucket, sizeof(ideal));
	cr_assert_eq(count_of(g, g->memb[i1].nh), 64, "unresolved: usable");
	neigh_put(v6, 1, XR_NUD_REACHABLE);
	neigh_put(v6, 2, XR_NUD_REACHABLE);
	neigh_put(v6, 1, XR_NUD_FAILED);
	cr_assert_eq(xr_nh_adj(nht(v6), g->memb[i1].nh)->flags & XR_ADJ_FAILED,
		     XR_ADJ_FAILED);
	cr_assert_eq(count_of(g, g->memb[i2].nh), XR_NHG_BUCKETS,
		     "a FAILED neighbour's buckets lent");
	neigh_put(v6, 1, XR_NUD_STALE);
	cr_assert_eq(memcmp(g->bucket, ideal, sizeof(ideal)), 0);
	iface_put(4, XR_IF_ATTACHED);            /* gateway 2's link down */
	cr_assert_eq(count_of(g, g->memb[i1].nh), XR_NHG_BUCKETS);
	iface_put(4, XR_IF_ATTACHED | XR_IF_UP);
	cr_assert_eq(memcmp(g->bucket, ideal, sizeof(ideal)), 0);
}

Test(nhg, real_rewrites) { real_rewrites(0); }
Test(nhg, real_rewrites6) { real_rewrites(1); }

/* ---- the hash, the settings ---- */

/* abi/nhg.h's hash, spelt out: the sum of word i times K[i] from the
 * seed, then the fold and the multiply. */
static uint32_t words_hash(uint32_t seed, const uint32_t *w, uint32_t n)
{
	static const uint64_t K[10] = {
		0x9e3779b97f4a7c15ull, 0xbf58476d1ce4e5b9ull,
		0x94d049bb133111ebull, 0xd6e8feb86659fd93ull,
		0xa0761d6478bd642full, 0xe7037ed1a0b428dbull,
		0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull,
		0x1d8e4e27c47d124full, 0xc2b2ae3d27d4eb4full,
	};
	uint64_t acc = seed;

	for (uint32_t i = 0; i < n; i++)
		acc += w[i] * K[i];
	acc ^= acc >> 29;
	acc *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(acc >> 32);
}

/* The words of f, the lower address first (its port first with it). */
static void flow_words(const struct xr_mp_flow *f, int l4, uint32_t *w,
		       uint32_t *n, int swap)
{
	const struct xr_in6 *lo = swap ? &f->daddr : &f->saddr;
	const struct xr_in6 *hi = swap ? &f->saddr : &f->daddr;
	uint32_t na = f->v6 ? 4 : 1, k = 0;
	uint16_t p1 = swap ? f->dport : f->sport, p2 = swap ? f->sport : f->dport;

	for (uint32_t i = 0; i < na; i++)
		w[k++] = lo->a[i];
	for (uint32_t i = 0; i < na; i++)
		w[k++] = hi->a[i];
	if (l4) {
		w[k++] = f->proto;
		w[k++] = (uint32_t)p1 << 16 | p2;
	} else if (f->v6) {
		w[k++] = f->flowlabel | (uint32_t)f->proto << 24;
	}
	*n = k;
}

static uint32_t flow_hash(uint32_t seed, const struct xr_mp_flow *f, int l4,
			  int swap)
{
	uint32_t w[10], n;

	flow_words(f, l4, w, &n, swap);
	return words_hash(seed, w, n);
}

/* f with its ends swapped: the flow's reverse direction. */
static struct xr_mp_flow reverse(const struct xr_mp_flow *f)
{
	struct xr_mp_flow r = *f;

	r.saddr = f->daddr;
	r.daddr = f->saddr;
	r.sport = f->dport;
	r.dport = f->sport;
	return r;
}

static void check_hash(uint32_t seed, struct xr_mp_flow *f, int swap)
{
	struct xr_mp_flow r = reverse(f);

	for (int l4 = 0; l4 < 2; l4++) {
		cr_assert_eq(xr_mp_hash(seed, l4, f), flow_hash(seed, f, l4, swap),
			     "v6 %d l4 %d swap %d", f->v6, l4, swap);
		cr_assert_eq(xr_mp_hash(seed, l4, &r), xr_mp_hash(seed, l4, f),
			     "symmetric: v6 %d l4 %d", f->v6, l4);
		cr_assert_neq(xr_mp_hash(seed + 1, l4, f),
			      flow_hash(seed, f, l4, swap));
	}
}

Test(nhg, hash_words)
{
	struct xr_mp_flow f = { .proto = 6, .sport = 1234, .dport = 80,
				.flowlabel = 0xabcde };
	uint32_t seed = 0x5eed1234;

	f.saddr.a[0] = htonl(0xc0000201);
	f.daddr.a[0] = htonl(0xc6126405);
	check_hash(seed, &f, f.saddr.a[0] > f.daddr.a[0]);
	f.saddr.a[0] = f.daddr.a[0];              /* equal: lower port first */
	check_hash(seed, &f, 1);
	f.v6 = 1;
	for (int i = 0; i < 4; i++) {
		f.saddr.a[i] = htonl(0x20010db8u + (uint32_t)i);
		f.daddr.a[i] = htonl(0x20010db8u + 16 + (uint32_t)i);
	}
	check_hash(seed, &f, f.saddr.a[0] > f.daddr.a[0]);
	f.daddr.a[0] = f.saddr.a[0];              /* the second word decides */
	check_hash(seed, &f, f.saddr.a[1] > f.daddr.a[1]);
	f.daddr = f.saddr;
	f.sport = 80;
	f.dport = 1234;
	check_hash(seed, &f, 0);
}

/* The bucket is the hash's top 7 bits. */
Test(nhg, bucket_top_bits)
{
	cr_assert_eq(xr_mp_bucket(0xffffffffu), 127);
	cr_assert_eq(xr_mp_bucket(0x01ffffffu), 0);
	cr_assert_eq(xr_mp_bucket(0x02000000u), 1);
	cr_assert_eq(xr_mp_bucket(0x80000000u), 64);
}

/* A datagram header with no payload (no ports: L3 under either policy)
 * from source number i; its length. */
static size_t l3_only(int v6, uint32_t i, uint8_t *ip)
{
	__be32 src = htonl(0x0a000000 + i);

	memset(ip, 0, 40);
	if (v6) {
		ip[0] = 0x60;
		ip[6] = IPPROTO_UDP;
		memcpy(ip + 8, &src, 4);
		return 40;
	}
	ip[0] = 0x45;
	ip[3] = 20;
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &src, 4);
	return 20;
}

static void resolve_picks_the_bucket(int v6)
{
	uint32_t gid = group(v6, 4, NULL), hits[4] = { 0 };
	struct xr_nhg *g = slot(v6, gid);
	struct xr_mp_cfg cfg;
	uint8_t ip[40];
	size_t len = l3_only(v6, 0, ip);

	cr_assert_eq(xr_mp_cfg_get(&M, &cfg), 0);
	cr_assert_eq(xr_nhg_resolve_pkt(&M, v6, 77, ip, len), 77,
		     "a next hop as it is");
	cr_assert_eq(xr_nhg_resolve_pkt(&M, v6, XR_FIB_NHG | 4000, ip, len), 0);
	for (uint32_t i = 0; i < 4000; i++) {
		uint32_t nh;
		int k;

		len = l3_only(v6, i, ip);
		nh = xr_nhg_resolve_pkt(&M, v6, XR_FIB_NHG | gid, ip, len);
		cr_assert_eq(nh, g->bucket[xr_mp_hash_pkt(&cfg, v6, ip, len) >> 25]);
		for (k = 0; k < 4 && g->memb[k].nh != nh; k++)
			;
		cr_assert_lt(k, 4);
		hits[k]++;
	}
	for (int k = 0; k < 4; k++)
		cr_assert(hits[k] > 800 && hits[k] < 1200, "member %d: %u of 4000",
			  k, hits[k]);
}

Test(nhg, resolve_picks_the_bucket) { resolve_picks_the_bucket(0); }
Test(nhg, resolve_picks_the_bucket6) { resolve_picks_the_bucket(1); }

Test(nhg, mp_cfg_seed_and_policy)
{
	struct xr_mp_cfg c, d;

	cr_assert_eq(xr_mp_cfg_get(&M, &c), 0);
	cr_assert_eq(c.seeded, 0, "a map just made");
	cr_assert_eq(c.policy4, XR_MP_L3);
	cr_assert_eq(xr_mp_cfg_seed(&M), 0);
	cr_assert_eq(xr_mp_cfg_get(&M, &c), 0);
	cr_assert_eq(c.seeded, 1);
	cr_assert_eq(xr_mp_cfg_seed(&M), 0);
	cr_assert_eq(xr_mp_cfg_get(&M, &d), 0);
	cr_assert_eq(d.seed, c.seed, "drawn once");
	cr_assert_eq(xr_mp_cfg_set_policy(&M, 0, XR_MP_L4), 0);
	cr_assert_eq(xr_mp_cfg_set_policy(&M, 1, 2), -EINVAL);
	cr_assert_eq(xr_mp_cfg_get(&M, &d), 0);
	cr_assert_eq(d.policy4, XR_MP_L4);
	cr_assert_eq(d.policy6, XR_MP_L3, "bad input changed nothing");
	cr_assert_eq(d.seed, c.seed);
	cr_assert_eq(xr_mp_cfg_set_policy(&M, 1, XR_MP_L4), 0);
	cr_assert_eq(xr_mp_cfg_get(&M, &d), 0);
	cr_assert_eq(d.policy6, XR_MP_L4);
}

/* A state made by xr_state_open has its seed drawn, different each
 * time (two states: 1 in 2^32 to be equal). */
static uint32_t new_state_seed(const char *base)
{
	struct xr_state st;
	struct xr_mp_cfg c;

	cr_assert_eq(xr_state_open(&st, XR_STATE_CREATE | XR_STATE_LOCK_EX), 0);
	cr_assert_eq(xr_mp_cfg_get(&st.m, &c), 0);
	cr_assert_eq(c.seeded, 1);
	cr_assert_eq(xr_state_destroy(&st), 0);
	xr_state_close(&st);
	return c.seed;
}

/* A state from before xr_mp_cfg (its pin removed) upgraded: the map is
 * made and seeded. */
static void upgrade_draws_the_seed(void)
{
	struct xr_state st;
	struct xr_mp_cfg c;
	char path[PATH_MAX + 16];

	cr_assert_eq(xr_state_open(&st, XR_STATE_CREATE | XR_STATE_LOCK_EX), 0);
	snprintf(path, sizeof(path), "%s/xr_mp_cfg", st.dir);
	xr_state_close(&st);
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(xr_state_locate(&st), 0);
	cr_assert_eq(xr_state_upgrade(st.dir, 1), 0);
	xr_state_close(&st);
	cr_assert_eq(xr_state_open(&st, XR_STATE_LOCK_EX), 0);
	cr_assert_eq(xr_mp_cfg_get(&st.m, &c), 0);
	cr_assert_eq(c.seeded, 1);
	cr_assert_eq(xr_state_destroy(&st), 0);
	xr_state_close(&st);
}

Test(nhg, state_creation_and_upgrade_draw_the_seed)
{
	char base[] = "/tmp/xr-nhg-lib-XXXXXX";

	cr_assert(mkdtemp(base));
	cr_assert_eq(mount("bpf", base, "bpf", 0, "mode=0700"), 0);
	setenv("XDP_ROUTER_BPFFS", base, 1);
	uint32_t a = new_state_seed(base), b = new_state_seed(base);

	upgrade_draws_the_seed();
	umount2(base, MNT_DETACH);
	rmdir(base);
	cr_assert_neq(a, b);
}

/* ---- kill -9 ---- */

/* Route number i of the family through group gid: 10.i.i.0/24 or
 * 2001:db8:i::/48. */
static int route_at(int v6, uint32_t i, uint32_t gid)
{
	if (v6) {
		struct xr_route6 r = { .plen = 48, .type = XR_RTN_UNICAST,
				       .nhg = gid };

		r.dst.a[0] = htonl(0x20010db8);
		r.dst.a[1] = htonl(i << 16);
		return xr_route6_update(&M, &r);
	}
	struct xr_route4 r = { .dst = htonl(0x0a000000 | i << 8), .plen = 24,
			       .type = XR_RTN_UNICAST, .nhg = gid };

	return xr_route4_update(&M, &r);
}

/* The child: 200 routes at a time moved to another group, the get's
 * reference held across them, then the groups left behind released,
 * as a command does; forever. */
static void churn(int v6, uint32_t base)
{
	for (uint32_t round = 0;; round++) {
		uint32_t gid = group(v6, 2 + round % 3, NULL);

		for (uint32_t i = 0; i < 200; i++)
			route_at(v6, base + i, gid);
		xr_nhg_put(&M, v6, gid);
		xr_fib4_commit(M.fib);      /* the groups left behind freed */
	}
}

/* Whether route number i is in the route table. */
static int route_there(int v6, uint32_t i)
{
	struct xr_in6 d = { { htonl(0x20010db8), htonl(i << 16), 0, 0 } };

	return v6 ? xr_route6_exists(&M, &d, 48) == 1 :
		    xr_route4_exists(&M, htonl(0x0a000000 | i << 8), 24) == 1;
}

/* At least 4 kills, and on until one has landed while a group was held
 * (a loaded machine may stop the writer between two commands several
 * times running), 16 at most. */
static void killed_writer_is_repaired(int v6)
{
	int damaged = 0;

	for (int k = 0; k < 16 && (k < 4 || !damaged); k++) {
		struct xr_fib4_report r;
		uint32_t pid;
		pid_t child = fork();
		int st;

		cr_assert_geq(child, 0);
		if (!child)      /* routes of its own each time */
			churn(v6, 1000u * (uint32_t)k);
		/* once it writes routes (10 s at most), at a few points */
		for (int w = 0; w < 100000 && !route_there(v6, 1000u * (uint32_t)k); w++)
			usleep(100);
		cr_assert(route_there(v6, 1000u * (uint32_t)k),
			  "the writer wrote no route");
		usleep(1000u + 3000u * (uint32_t)(k % 4));
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		cr_assert(WIFSIGNALED(st));
		if (!xr_fib4_writer_gone(M.fib, &pid)) {
			expect_clean(v6);   /* killed between two commands */
			continue;
		}
		cr_assert_eq(pid, (uint32_t)child);
		r = check(v6, 0);
		damaged += r.nhg_refcnts + r.nhg_leaked > 0;
		check(v6, 1);
		xr_fib4_repaired(M.fib);
		expect_clean(v6);
	}
	cr_assert_gt(damaged, 0, "no kill landed while a group was held");
}

Test(nhg, killed_writer_is_repaired, .timeout = 180)
{
	killed_writer_is_repaired(0);
}

Test(nhg, killed_writer_is_repaired6, .timeout = 180)
{
	killed_writer_is_repaired(1);
}

/* ---- the slow path: an error sent back through a group ---- */

static struct xr_testenv T;
static struct xr_sp SP;
static struct xr_slow_stats ST;
static uint64_t sp_now = 1000000000000ull;
static struct { uint32_t ifindex; size_t len; uint8_t f[2048]; } sent;
static int nsent;
static const uint8_t MAC3[6] = { 2, 0, 0, 0, 0, 0xb3 };
static uint32_t sp_gid;

static int cap_xmit(void *arg, uint32_t ifindex, const uint8_t *f, size_t len)
{
	cr_assert_lt(len, sizeof(sent.f));
	sent.ifindex = ifindex;
	sent.len = len;
	memcpy(sent.f, f, len);
	nsent++;
	return 0;
}

static uint64_t sp_clock(void) { return sp_now; }

/* An address of the router in xr_addrs6 (te_setup6 makes only their FIB
 * entries), for the slow path's source selection. */
static void sp_addr6(const char *text, uint32_t ifindex)
{
	struct xr_addr v = { .ifindex = ifindex, .type = XR_ADDR_LOCAL,
			     .plen = 64 };
	struct xr_in6 a;

	cr_assert_eq(pkt_addr6(text, &a), 0);
	cr_assert_eq(bpf_map_update_elem(T.m.addrs6, &a, &v, BPF_ANY), 0);
}

static void sp_setup(void)
{
	struct xr_sp_parms p;

	te_setup6(&T);
	sp_addr6("2001:db8:1::1", T.if_in);
	sp_addr6("2001:db8:2::1", T.if_out);
	xr_sp_parms_default(&p);
	cr_assert_eq(xr_sp_init(&SP, NULL, &T.m, &ST, &p, cap_xmit, NULL), 0);
	SP.clock = sp_clock;
	cr_assert_eq(xr_sp_sync(&SP), 0);      /* the addresses just made */
	cr_assert_eq(xr_mp_cfg_seed(&T.m), 0);
}

static void sp_teardown(void)
{
	xr_sp_fini(&SP);
	te_teardown(&T);
}

/* Gateways .2 (MAC b2) and .3 (MAC b3) on out0 as one group, the route
 * to the senders' prefix through it. */
static void sp_group(int v6)
{
	struct xr_nhg_spec s[2] = { { .ifindex = T.if_out, .weight = 1 },
				    { .ifindex = T.if_out, .weight = 1 } };
	uint32_t gid;

	if (v6) {
		te_neigh6(&T, T.if_out, "2001:db8:2::3", MAC3, XR_NUD_PERMANENT);
		pkt_addr6("2001:db8:2::2", &s[0].gw);
		pkt_addr6("2001:db8:2::3", &s[1].gw);
	} else {
		te_neigh(&T, T.if_out, "198.51.100.3", MAC3, XR_NUD_PERMANENT);
		s[0].gw.a[0] = pkt_addr("198.51.100.2");
		s[1].gw.a[0] = pkt_addr("198.51.100.3");
	}
	cr_assert_eq(xr_nhg_get(&T.m, v6, s, 2, &gid), 0);
	if (v6) {
		struct xr_route6 r = { .plen = 64, .type = XR_RTN_UNICAST,
				       .nhg = gid };

		pkt_addr6("2001:db8:9::", &r.dst);
		cr_assert_eq(xr_route6_update(&T.m, &r), 0);
	} else {
		struct xr_route4 r = { .dst = pkt_addr("10.9.9.0"), .plen = 24,
				       .type = XR_RTN_UNICAST, .nhg = gid };

		cr_assert_eq(xr_route4_update(&T.m, &r), 0);
	}
	cr_assert_eq(xr_nhg_put(&T.m, v6, gid), 0);
	sp_gid = gid;
}

/* A datagram from sender n with no hop left, as the fast path punts it;
 * its IP header. */
static const uint8_t *sp_expire(int v6, int n)
{
	struct xr_punt_meta m = { .magic = XR_PUNT_MAGIC,
				  .reason = XR_REASON_TtlExceeded,
				  .rt_type = XR_RTN_UNICAST, .ifindex = T.if_in };
	static uint8_t in[2048];
	char src[64];
	size_t len;

	if (v6) {
		struct pkt6_spec s = te_spec6();

		snprintf(src, sizeof(src), "2001:db8:9::%x", n);
		s.saddr = src;
		s.hop_limit = 1;
		len = pkt6_build(in, &s);
	} else {
		struct pkt_spec s = te_spec();

		snprintf(src, sizeof(src), "10.9.9.%d", n);
		s.saddr = src;
		s.ttl = 1;
		len = pkt_build(in, &s);
	}
	nsent = 0;
	sp_now += 1000000000ull;       /* past every rate limit */
	(v6 ? xr_sp_handle6 : xr_sp_handle)(&SP, in, len, &m);
	return in + 14;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* The MAC of the member the hash of the offending datagram at ip (a UDP
 * one: its words read here from its bytes) picks under the family's
 * policy, as Linux's icmp_route_lookup / icmp6_send route an error by
 * the hash of the skb it is about, not by the reply's own addresses. */
static const uint8_t *expected_mac(int v6, const uint8_t *ip)
{
	struct xr_mp_flow f = { .v6 = v6 };
	const uint8_t *udp = ip + (v6 ? 40 : 20);
	struct xr_mp_cfg cfg;
	uint32_t nh;

	cr_assert_eq(xr_mp_cfg_get(&T.m, &cfg), 0);
	cr_assert_eq(ip[v6 ? 6 : 9], 17);
	f.proto = 17;
	f.sport = get16(udp);
	f.dport = get16(udp + 2);
	if (v6) {
		memcpy(&f.saddr, ip + 8, 16);
		memcpy(&f.daddr, ip + 24, 16);
		f.flowlabel = (uint32_t)(ip[1] & 0xf) << 16 | get16(ip + 2);
	} else {
		memcpy(&f.saddr.a[0], ip + 12, 4);
		memcpy(&f.daddr.a[0], ip + 16, 4);
	}
	nh = xr_nhg_member(&T.m, v6, sp_gid,
			   xr_mp_hash(cfg.seed, (v6 ? cfg.policy6 : cfg.policy4) ==
						XR_MP_L4, &f));
	if (v6)
		return ntohl(T.m.fib6->nh.nh6[nh].gw.a[3]) == 2 ? TE_MAC_NH : MAC3;
	return T.m.fib->nh.nh[nh].gw == pkt_addr("198.51.100.2") ? TE_MAC_NH : MAC3;
}

/* The error's bytes: out0, the member's MAC, back to sender n. */
static void check_error(int v6, int n, const uint8_t *want)
{
	const uint8_t *f = sent.f, *ip = f + 14;
	uint8_t dst[16];
	char a[64];

	cr_assert_eq(nsent, 1, "sender %d: %d frames", n, nsent);
	cr_assert_eq(sent.ifindex, T.if_out);
	cr_assert(!memcmp(f, want, 6), "sender %d: not the member the hash picks", n);
	cr_assert(!memcmp(f + 6, TE_MAC_OUT, 6));
	if (v6) {
		snprintf(a, sizeof(a), "2001:db8:9::%x", n);
		pkt_addr6(a, dst);
		cr_assert_eq(get16(f + 12), 0x86dd);
		cr_assert_eq(ip[6], 58);
		cr_assert_eq(ip[40], 3, "time exceeded");
		cr_assert(!memcmp(ip + 24, dst, 16));
		cr_assert(pkt_icmp6_csum_ok(ip));
		return;
	}
	cr_assert_eq(get16(f + 12), 0x0800);
	cr_assert_eq(ip[9], 1);
	cr_assert_eq(ip[20], 11, "time exceeded");
	snprintf(a, sizeof(a), "10.9.9.%d", n);
	cr_assert_eq(*(const uint32_t *)(ip + 12), pkt_addr("192.0.2.1"));
	cr_assert_eq(*(const uint32_t *)(ip + 16), pkt_addr(a));
	cr_assert_eq(pkt_ip_csum_recompute(f), get16(ip + 10), "IP checksum");
	cr_assert_eq(pkt_csum(ip + 20, get16(ip + 2) - 20u), 0, "ICMP checksum");
}

static void error_takes_the_member_the_hash_picks(int v6, uint8_t policy)
{
	int b2 = 0, b3 = 0;

	sp_group(v6);
	cr_assert_eq(xr_mp_cfg_set_policy(&T.m, v6, policy), 0);
	for (int n = 1; n <= 24; n++) {
		const uint8_t *want, *ip = sp_expire(v6, n);

		cr_assert_eq(nsent, 1, "sender %d: %d frames", n, nsent);
		want = expected_mac(v6, ip);
		check_error(v6, n, want);
		b2 += want == TE_MAC_NH;
		b3 += want == MAC3;
	}
	cr_assert(b2 && b3, "both members carry errors (%d, %d)", b2, b3);
}

Test(nhg_sp, error_takes_the_member_the_hash_picks, .init = sp_setup,
     .fini = sp_teardown)
{
	error_takes_the_member_the_hash_picks(0, XR_MP_L3);
}

Test(nhg_sp, error_takes_the_member_the_hash_picks_l4, .init = sp_setup,
     .fini = sp_teardown)
{
	error_takes_the_member_the_hash_picks(0, XR_MP_L4);
}

Test(nhg_sp, error_takes_the_member_the_hash_picks6, .init = sp_setup,
     .fini = sp_teardown)
{
	error_takes_the_member_the_hash_picks(1, XR_MP_L3);
}

Test(nhg_sp, error_takes_the_member_the_hash_picks6_l4, .init = sp_setup,
     .fini = sp_teardown)
{
	error_takes_the_member_the_hash_picks(1, XR_MP_L4);
}
