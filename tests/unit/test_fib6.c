// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 FIB (a Poptrie, lib/fib6.h) on the router's real maps, by
 * itself, then through the route table's API (lib/route6.h): every
 * lookup, the C twin of the fast path's fib6_lookup reading the same
 * arrays, must equal a longest-prefix match done the slow way over the
 * list of routes, and nothing may leak.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/fibrepair.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/addr4.h"
#include "lib/addr6.h"
#include "lib/neigh6.h"
#include "xdp_router.skel.h"

#define MAXR    8192

struct ref_route {
	struct xr_in6 ip;
	uint8_t depth;
	uint32_t id;
};

static struct ref_route *R;
static size_t nr;
static int syncs;
static int (*on_sync)(void);

static int count_sync(void)
{
	syncs++;
	return on_sync ? on_sync() : 0;
}

static void setup(void)
{
	R = calloc(MAXR, sizeof(*R));
	nr = 0;
	syncs = 0;
	on_sync = NULL;
}

static void teardown(void)
{
	free(R);
}

static struct xdp_router_bpf *S;
static struct xr_maps M;

/* The router's maps, made by loading its object with no program (the
 * programs are the bpf suites' business): the FIB mapped as the CLI maps
 * it. */
static void maps_setup(void)
{
	struct bpf_program *p;

	setup();
	S = xdp_router_bpf__open();
	cr_assert(S);
	bpf_object__for_each_program(p, S->obj)
		bpf_program__set_autoload(p, false);
	cr_assert_eq(xdp_router_bpf__load(S), 0);
	cr_assert_eq(xr_maps_from_obj(&M, S->obj), 0);
	cr_assert(M.fib6);
	M.fib6->pt.sync = count_sync;
	M.fib6->nh.sync = count_sync;
}

static void maps_teardown(void)
{
	cr_assert_eq(xr_maps_close_fib(&M), 0);
	xdp_router_bpf__destroy(S);
	teardown();
}

static struct xr_in6 A(const char *s)
{
	struct xr_in6 a;

	cr_assert_eq(inet_pton(AF_INET6, s, &a), 1, "%s", s);
	return a;
}

static struct xr_in6 masked(struct xr_in6 a, int depth)
{
	uint8_t *b = (uint8_t *)a.a;
	int i;

	for (i = 0; i < 16; i++, depth -= 8)
		b[i] &= depth >= 8 ? 0xff : depth <= 0 ? 0 : (uint8_t)(0xff << (8 - depth));
	return a;
}

static int covers(const struct ref_route *r, const struct xr_in6 *ip)
{
	struct xr_in6 m = masked(*ip, r->depth);

	return !memcmp(&m, &r->ip, sizeof(m));
}

/* Longest route covering ip with a prefix of at most maxdepth bits. */
static uint32_t ref_lookup(const struct xr_in6 *ip, int maxdepth)
{
	int best = -1;
	size_t i;

	for (i = 0; i < nr; i++)
		if (R[i].depth <= maxdepth && covers(&R[i], ip) &&
		    (best < 0 || R[i].depth > R[best].depth))
			best = (int)i;
	return best < 0 ? 0 : xr_fib6_entry(R[best].depth, R[best].id);
}

static struct ref_route *ref_find(const struct xr_in6 *ip, uint8_t depth)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (R[i].depth == depth && !memcmp(&R[i].ip, ip, sizeof(*ip)))
			return &R[i];
	return NULL;
}

static int add(struct xr_in6 ip, uint8_t depth, uint32_t id)
{
	struct ref_route *r;
	int err;

	ip = masked(ip, depth);
	err = xr_fib6_add(M.fib6, &ip, depth, id);
	if (err)
		return err;
	r = ref_find(&ip, depth);
	if (!r)
		r = &R[nr++];
	*r = (struct ref_route){ ip, depth, id };
	return 0;
}

static void del(struct xr_in6 ip, uint8_t depth)
{
	struct ref_route *r;

	ip = masked(ip, depth);
	r = ref_find(&ip, depth);
	cr_assert(r);
	cr_assert_eq(xr_fib6_del(M.fib6, &ip, depth,
				depth ? ref_lookup(&ip, depth - 1) : 0), 0);
	*r = R[--nr];
}

static void check(const struct xr_in6 *ip)
{
	uint32_t want = ref_lookup(ip, 128), got = xr_fib6_lookup(M.fib6, ip);
	char s[INET6_ADDRSTRLEN];

	cr_assert_eq(got, want, "%s: FIB 0x%08x, reference 0x%08x",
		     inet_ntop(AF_INET6, ip, s, sizeof(s)), got, want);
}

/* ip plus or minus one (as a 128-bit number). */
static struct xr_in6 step(struct xr_in6 a, int up)
{
	uint8_t *b = (uint8_t *)a.a;
	int i;

	for (i = 15; i >= 0; i--) {
		b[i] += up ? 1 : 0xff;
		if (b[i] != (up ? 0 : 0xff))
			break;
	}
	return a;
}

static struct xr_in6 last_of(const struct ref_route *r)
{
	struct xr_in6 a = r->ip;
	uint8_t *b = (uint8_t *)a.a;
	int i, d = r->depth;

	for (i = 0; i < 16; i++, d -= 8)
		b[i] |= d >= 8 ? 0 : d <= 0 ? 0xff : (uint8_t)(0xff >> d);
	return a;
}

/* Random addresses in the clustered space the routes are drawn from. */
static struct xr_in6 rand_addr(void)
{
	static const uint16_t tops[] = { 0x2001, 0x2a00, 0x2400, 0x0000 };
	static const uint8_t bytes[] = { 0x00, 0x01, 0x80, 0xff, 0x0d, 0xb8 };
	struct xr_in6 a;
	uint8_t *b = (uint8_t *)a.a;
	uint16_t top = tops[random() % 4];
	int i;

	b[0] = top >> 8;
	b[1] = top & 0xff;
	for (i = 2; i < 16; i++)
		b[i] = random() % 4 ? bytes[random() % sizeof(bytes)] :
		       (uint8_t)random();
	return a;
}

/* A route's first and last address and those just outside it. */
static void check_around(const struct ref_route *r)
{
	struct xr_in6 lo = r->ip, hi = last_of(r);

	check(&lo);
	check(&hi);
	lo = step(lo, 0);
	hi = step(hi, 1);
	check(&lo);
	check(&hi);
}

/* Every route's first and last address and their neighbours, and a
 * sample of random addresses near the routes. */
static void check_all(void)
{
	struct xr_in6 lo;
	size_t i;
	int k;

	for (i = 0; i < nr; i++)
		check_around(&R[i]);
	for (k = 0; k < 2000; k++) {
		lo = rand_addr();
		check(&lo);
	}
}

/* Every route gone and what they held released: no block in use, no
 * direct entry left. */
static void assert_empty(void)
{
	const struct xr_fib6 *f = M.fib6;
	uint32_t i;

	cr_assert_eq(xr_pt_release(&M.fib6->pt), 0);
	cr_assert_eq(f->meta->nodes_used, 0, "%llu nodes leaked",
		     (unsigned long long)f->meta->nodes_used);
	cr_assert_eq(f->meta->leaves_used, 0, "%llu leaves leaked",
		     (unsigned long long)f->meta->leaves_used);
	for (i = 0; i < 1u << XR_PT6_DIRECT_BITS; i++)
		cr_assert_eq(f->pt.direct[i], 0, "direct[%u] left 0x%x", i,
			     f->pt.direct[i]);
}

TestSuite(fib6, .init = maps_setup, .fini = maps_teardown);

Test(fib6, empty_table_has_no_route)
{
	struct xr_in6 a = A("::"), b = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), 0);
	cr_assert_eq(xr_fib6_lookup(M.fib6, &b), 0);
}

Test(fib6, entry_layout)
{
	uint32_t e = xr_fib6_entry(128, 77);

	cr_assert_eq(e, XR_FIB6_VALID | 128u << 22 | 77);
	cr_assert_eq(xr_fib6_depth(e), 128);
	cr_assert_eq(e & XR_FIB6_EXT, 0);
}

Test(fib6, a_48_is_a_subtree_of_its_16)
{
	struct xr_in6 a = A("2001:db8:1::");

	cr_assert_eq(add(a, 48, 5), 0);
	cr_assert(M.fib6->pt.direct[0x2001] & XR_FIB6_EXT);
	cr_assert_gt(M.fib6->meta->nodes_used, 0);
	check_all();
	a = A("2001:db8:1:ffff::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), xr_fib6_entry(48, 5));
	a = A("2001:db8:2::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), 0);
	del(A("2001:db8:1::"), 48);
	assert_empty();
}

/* All 129 lengths nested on one address, deleted in random order. */
Test(fib6, nested_prefixes_every_length)
{
	struct xr_in6 a = A("2001:db8:85a3:8d3:1319:8a2e:370:7348"), q;
	uint8_t order[129];
	int d, i;

	for (d = 0; d <= 128; d++)
		cr_assert_eq(add(a, (uint8_t)d, 100u + (uint32_t)d), 0);
	check_all();
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), xr_fib6_entry(128, 228));
	q = a;
	((uint8_t *)q.a)[15] ^= 1;
	cr_assert_eq(xr_fib6_lookup(M.fib6, &q), xr_fib6_entry(127, 227));
	((uint8_t *)q.a)[15] ^= 2;
	cr_assert_eq(xr_fib6_lookup(M.fib6, &q), xr_fib6_entry(126, 226));
	srandom(129);
	for (d = 0; d <= 128; d++)
		order[d] = (uint8_t)d;
	for (d = 128; d > 0; d--) {
		uint8_t t;

		i = (int)(random() % (d + 1));
		t = order[d];
		order[d] = order[i];
		order[i] = t;
	}
	for (d = 0; d <= 128; d++) {
		del(a, order[d]);
		check_all();
	}
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), 0);
	assert_empty();
}

Test(fib6, host_routes)
{
	struct xr_in6 a = A("2001:db8::1"), b = A("2001:db8::2"),
		      c = A("2001:db8:0:1::1");

	cr_assert_eq(add(A("2001:db8::"), 32, 1), 0);
	cr_assert_eq(add(a, 128, 2), 0);
	cr_assert_eq(add(b, 128, 3), 0);
	cr_assert_eq(add(c, 128, 4), 0);
	check_all();
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), xr_fib6_entry(128, 2));
	cr_assert_eq(xr_fib6_lookup(M.fib6, &b), xr_fib6_entry(128, 3));
	del(a, 128);
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), xr_fib6_entry(32, 1));
	del(b, 128);
	del(c, 128);
	check_all();
	del(A("2001:db8::"), 32);
	assert_empty();
}

Test(fib6, replace_is_in_place)
{
	struct xr_in6 p = A("2001:db8:1::"), q = A("2001:db8:1:8000::"), x;

	cr_assert_eq(add(p, 48, 1), 0);
	cr_assert_eq(add(q, 49, 2), 0);
	cr_assert_eq(add(p, 48, 3), 0);
	x = A("2001:db8:1::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &x), xr_fib6_entry(48, 3));
	x = A("2001:db8:1:ffff::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &x), xr_fib6_entry(49, 2));
	check_all();
}

Test(fib6, halves_with_one_next_hop)
{
	/* two /25s of one next hop make one run of leaves, which still
	 * says /25 */
	cr_assert_eq(add(A("2001:db8::"), 25, 5), 0);
	cr_assert_eq(add(A("2001:db8:8000::"), 25, 5), 0);
	cr_assert_eq(add(A("2001:db8:4000::"), 26, 5), 0);
	cr_assert_eq(add(A("2001::"), 16, 6), 0);
	del(A("2001:db8:4000::"), 26);
	check_all();
	del(A("2001:db8::"), 25);
	check_all();
}

static uint8_t rand_len(void)
{
	/* a real table's mix, and every other length now and then */
	static const uint8_t lens[] = { 48, 48, 48, 48, 32, 32, 40, 44, 36,
					29, 56, 64, 64, 128, 127, 16, 19, 24 };

	return random() % 4 ? lens[random() % sizeof(lens)] :
	       (uint8_t)(random() % 129);
}

Test(fib6, random_churn_matches_reference)
{
	int i;

	struct ref_route r;

	srandom(6);
	for (i = 0; i < 6000; i++) {
		if (random() % 10 < 6 || nr == 0) {
			r = (struct ref_route){ rand_addr(), rand_len(),
						1 + (uint32_t)(random() % 50) };
			cr_assert_eq(add(r.ip, r.depth, r.id), 0);
			r.ip = masked(r.ip, r.depth);
		} else {
			r = R[random() % nr];
			del(r.ip, r.depth);
		}
		check_around(&r);     /* what the step changed, at once */
		if (i % 1000 == 0)
			check_all();
	}
	check_all();
	while (nr) {
		del(R[0].ip, R[0].depth);
		if (nr % 500 == 0)
			check_all();
	}
	check_all();
	assert_empty();
}

/* ------------------------------------------ route6 on the real maps */

static struct xr_route6 rt6(const char *dst, uint8_t plen, const char *gw,
			    uint32_t ifindex)
{
	struct xr_route6 r;

	memset(&r, 0, sizeof(r));
	r.dst = masked(A(dst), plen);
	r.plen = plen;
	r.type = XR_RTN_UNICAST;
	r.ifindex = ifindex;
	if (gw)
		r.gw = A(gw);
	return r;
}

/* The fast path's answer for addr: its next hop's gateway and device. */
static void expect_nh(const char *addr, uint8_t plen, const char *gw,
		      uint32_t ifindex)
{
	struct xr_in6 a = A(addr), g = gw ? A(gw) : A("::");
	uint32_t e = xr_fib6_lookup(M.fib6, &a);
	const struct xr_nh6 *nh = &M.fib6->nh.nh6[e & XR_FIB6_ID_MASK];

	cr_assert(e & XR_FIB6_VALID, "%s: no route", addr);
	cr_assert_eq(xr_fib6_depth(e), plen, "%s: /%u", addr, xr_fib6_depth(e));
	cr_assert_eq(nh->type, XR_RTN_UNICAST);
	cr_assert_eq(nh->ifindex, ifindex);
	cr_assert_eq(memcmp(&nh->gw, &g, sizeof(g)), 0, "%s: gateway", addr);
}

TestSuite(route6, .init = maps_setup, .fini = maps_teardown);

Test(route6, add_lookup_replace_delete)
{
	struct xr_route6 r = rt6("2001:db8:3::", 64, "2001:db8:2::2", 5), got;
	struct xr_in6 a;

	cr_assert_eq(xr_route6_update(&M, &r), 0);
	cr_assert_eq(xr_route6_exists(&M, &r.dst, 64), 1);
	cr_assert_eq(xr_route6_exists(&M, &r.dst, 63), 0);
	expect_nh("2001:db8:3::1", 64, "2001:db8:2::2", 5);
	a = A("2001:db8:3:0:ffff::9");
	cr_assert_eq(xr_route6_lookup(&M, &a, &got), 0);
	cr_assert_eq(memcmp(&got, &r, sizeof(r)), 0);
	a = A("2001:db8:4::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), 0);
	/* a link-local gateway: the same address on two links is two
	 * next hops */
	r = rt6("2001:db8:3::", 64, "fe80::2", 6);
	cr_assert_eq(xr_route6_update(&M, &r), 0);
	expect_nh("2001:db8:3::1", 64, "fe80::2", 6);
	r = rt6("2001:db8:5::", 48, "fe80::2", 7);
	cr_assert_eq(xr_route6_update(&M, &r), 0);
	expect_nh("2001:db8:5::1", 48, "fe80::2", 7);
	cr_assert_eq(M.fib6->meta->nh_used, 3, "the replaced one waits");
	cr_assert_eq(xr_fib6_release(M.fib6, 1), 0);
	cr_assert_eq(M.fib6->meta->nh_used, 2);
	a = A("2001:db8:3::");
	cr_assert_eq(xr_route6_delete(&M, &a, 64), 0);
	cr_assert_eq(xr_route6_delete(&M, &a, 64), -ENOENT);
	a = A("2001:db8:3::1");
	cr_assert_eq(xr_fib6_lookup(M.fib6, &a), 0);
	a = A("2001:db8:5::");
	cr_assert_eq(xr_route6_delete(&M, &a, 48), 0);
	cr_assert_eq(xr_fib6_release(M.fib6, 1), 0);
	cr_assert_eq(M.fib6->meta->nh_used, 0);
	cr_assert_eq(xr_pt_release(&M.fib6->pt), 0);
	cr_assert_eq(M.fib6->meta->nodes_used, 0);
}

Test(route6, delete_gives_the_covering_route_back)
{
	struct xr_route6 r[3] = { rt6("::", 0, "2001:db8:2::1", 5),
				  rt6("2001:db8::", 32, "2001:db8:2::2", 5),
				  rt6("2001:db8:7::1", 128, NULL, 6) };
	struct xr_in6 a = A("2001:db8:7::1");
	size_t done;

	cr_assert_eq(xr_route6_update_many(&M, r, 3, &done), 0);
	cr_assert_eq(done, 3);
	expect_nh("2001:db8:7::1", 128, NULL, 6);
	expect_nh("2001:db8:7::2", 32, "2001:db8:2::2", 5);
	expect_nh("2a00::1", 0, "2001:db8:2::1", 5);
	cr_assert_eq(xr_route6_delete(&M, &a, 128), 0);
	expect_nh("2001:db8:7::1", 32, "2001:db8:2::2", 5);
	a = A("2001:db8::");
	cr_assert_eq(xr_route6_delete(&M, &a, 32), 0);
	expect_nh("2001:db8:7::1", 0, "2001:db8:2::1", 5);
}

Test(route6, dump_sorted_by_prefix_then_length)
{
	struct xr_route6 r[4] = { rt6("2001:db8:9::", 48, "fe80::1", 2),
				  rt6("2001:db8::", 32, "fe80::1", 2),
				  rt6("2001:db8::", 48, "fe80::1", 2),
				  rt6("::", 0, "fe80::1", 2) }, *out;
	size_t n, done;

	cr_assert_eq(xr_route6_update_many(&M, r, 4, &done), 0);
	cr_assert_eq(xr_route6_dump(&M, &out, &n), 0);
	cr_assert_eq(n, 4);
	cr_assert_eq(out[0].plen, 0);
	cr_assert_eq(out[1].plen, 32);
	cr_assert_eq(out[2].plen, 48);
	cr_assert_eq(memcmp(&out[3], &r[0], sizeof(r[0])), 0);
	free(out);
}

Test(route6, local_address_over_a_host_route)
{
	struct xr_route6 r = rt6("2001:db8:2::1", 128, NULL, 4);
	struct xr_in6 a = A("2001:db8:2::1");
	uint32_t e;

	cr_assert_eq(xr_route6_update(&M, &r), 0);
	cr_assert_eq(xr_fib6_local_add(&M, &a, 4), 0);
	e = xr_fib6_lookup(M.fib6, &a);
	cr_assert_eq(xr_nh_type(&M.fib6->nh, e & XR_FIB6_ID_MASK), XR_RTN_LOCAL);
	cr_assert_eq(xr_fib6_local_add(&M, &a, 4), 0, "twice is a replace");
	cr_assert_eq(xr_fib6_local_del(&M, &a), 0);
	expect_nh("2001:db8:2::1", 128, NULL, 4);
	cr_assert_eq(xr_fib6_local_del(&M, &a), -ENOENT);
}

/* The other order: the address first, then a /128 route of it. The
 * address stays delivered (the kernel's local table comes first), the
 * check finds nothing, and deleting the route leaves the address. */
Test(route6, host_route_under_a_local_address)
{
	struct xr_route6 r = rt6("2001:db8:2::1", 128, NULL, 4);
	struct xr_in6 a = A("2001:db8:2::1");
	struct xr_fib4_report rep;
	uint32_t e;

	struct xr_addr av = { .ifindex = 4, .type = XR_ADDR_LOCAL, .plen = 64 };

	cr_assert_eq(bpf_map_update_elem(M.addrs6, &a, &av, BPF_ANY), 0);
	cr_assert_eq(xr_fib6_local_add(&M, &a, 4), 0);
	cr_assert_eq(xr_route6_update(&M, &r), 0);
	e = xr_fib6_lookup(M.fib6, &a);
	cr_assert_eq(xr_nh_type(&M.fib6->nh, e & XR_FIB6_ID_MASK), XR_RTN_LOCAL,
		     "after route add: type %u",
		     xr_nh_type(&M.fib6->nh, e & XR_FIB6_ID_MASK));
	cr_assert_eq(xr_fib6_check(&M, &rep), 0);
	cr_assert_eq(xr_fib4_report_problems(&rep), 0, "entries %zu", rep.entries);
	cr_assert_eq(xr_route6_delete(&M, &a, 128), 0);
	e = xr_fib6_lookup(M.fib6, &a);
	cr_assert_eq(xr_nh_type(&M.fib6->nh, e & XR_FIB6_ID_MASK), XR_RTN_LOCAL,
		     "after route del: entry %#x", e);
	cr_assert_eq(xr_route6_update(&M, &r), 0);
	cr_assert_eq(bpf_map_delete_elem(M.addrs6, &a), 0);
	cr_assert_eq(xr_fib6_local_del(&M, &a), 0);
	expect_nh("2001:db8:2::1", 128, NULL, 4);
}

/* IPv4 shares the code: a /32 route over a local address likewise. */
Test(route6, ipv4_host_route_under_a_local_address)
{
	struct xr_route4 r = { .dst = htonl(0xc6120201), .plen = 32,
			       .type = XR_RTN_UNICAST,
			       .proto = XR_RTPROT_STATIC, .ifindex = 4 };
	struct xr_fib4_report rep;
	uint32_t e;

	struct xr_addr av = { .ifindex = 4, .type = XR_ADDR_LOCAL, .plen = 24 };

	cr_assert_eq(bpf_map_update_elem(M.addrs4, &r.dst, &av, BPF_ANY), 0);
	cr_assert_eq(xr_fib4_local_add(&M, r.dst, XR_RTN_LOCAL, 4), 0);
	cr_assert_eq(xr_route4_update(&M, &r), 0);
	e = xr_fib4_lookup(M.fib, ntohl(r.dst));
	cr_assert_eq(M.fib->nh.nh[e & XR_FIB4_ID_MASK].type, XR_RTN_LOCAL);
	cr_assert_eq(xr_fib4_check(&M, &rep), 0);
	cr_assert_eq(xr_fib4_report_problems(&rep), 0, "entries %zu", rep.entries);
	cr_assert_eq(xr_route4_delete(&M, r.dst, 32), 0);
	e = xr_fib4_lookup(M.fib, ntohl(r.dst));
	cr_assert_eq(M.fib->nh.nh[e & XR_FIB4_ID_MASK].type, XR_RTN_LOCAL,
		     "after route del: entry %#x", e);
}

/* n routes in 2001:db8::/32 .. : /48s, /64s under them, /128s, and a few
 * shorter ones, each through one of four gateways. */
static struct xr_route6 *many(size_t n, uint32_t seed)
{
	static const char *const gws[] = { "fe80::1", "fe80::2",
					   "2001:db8:ffff::1", "2001:db8:ffff::2" };
	static const uint8_t lens[] = { 48, 48, 48, 64, 64, 128, 44, 40, 56 };
	struct xr_route6 *r = calloc(n, sizeof(*r));
	size_t i;

	cr_assert(r);
	srandom(seed);
	for (i = 0; i < n; i++) {
		struct xr_in6 a = A("2001:db8::");
		uint8_t len = lens[random() % sizeof(lens)];

		a.a[0] = htonl(0x20010000u | (uint32_t)(random() % 4));
		a.a[1] = htonl((uint32_t)random());
		a.a[2] = htonl((uint32_t)random() % 16);
		a.a[3] = htonl((uint32_t)random());
		r[i] = rt6("::", 0, gws[random() % 4], 3 + (uint32_t)(random() % 2));
		r[i].dst = masked(a, len);
		r[i].plen = len;
	}
	return r;
}

/* The FIB, checked as the next command checks it, and its lookups
 * against the route table's own longest match for every route. */
static void assert_fib_is_table(const struct xr_route6 *r, size_t n)
{
	struct xr_fib4_report rep;
	uint32_t e;
	size_t i;

	cr_assert_eq(xr_fib6_check(&M, &rep), 0);
	cr_assert_eq(xr_fib4_report_problems(&rep), 0,
		     "entries %zu nh_missing %zu refcnts %zu nh_leaked %zu "
		     "blocks %zu unsound %zu counts %zu", rep.entries,
		     rep.nh_missing, rep.refcnts, rep.nh_leaked,
		     rep.blocks, rep.unsound, rep.counts);
	for (i = 0; i < n; i += 7) {
		struct xr_in6 a = r[i].dst;

		a.a[3] ^= htonl(0x1234);
		cr_assert_eq(xr_route6_fib_entry(&M, &a, 128, &e), 0);
		cr_assert_eq(xr_fib6_lookup(M.fib6, &a), e);
	}
}

/* Whether the route table holds r (written by the batch's first chunk). */
static int in_table(const struct xr_route6 *r)
{
	struct xr_route6 got;

	return xr_route6_get(&M, &r->dst, r->plen, &got) == 0;
}

/* Until the child has marked the FIB as its own (10 s at most). */
static void wait_mark(pid_t child)
{
	uint32_t pid = 0;

	for (int w = 0; w < 100000 && pid != (uint32_t)child; w++) {
		xr_fib4_writer_gone(M.fib, &pid);
		usleep(100);
	}
	cr_assert_eq(pid, (uint32_t)child, "the writer never began");
}

/*
 * A writer killed (SIGKILL) in the middle of a batch of IPv6 routes: the
 * next opener finds its mark, the repair makes the IPv6 FIB what the
 * route table compiles to, and a check then finds nothing.
 */
Test(route6, killed_mid_batch_is_repaired, .timeout = 120)
{
	struct xr_route6 *r = NULL;
	int k, damaged = 0;

	for (k = 0; k < 3; k++) {
		uint32_t pid;
		pid_t child;
		size_t done;
		int st;

		free(r);
		r = many(60000, 11 + (uint32_t)k);   /* new routes each time */
		child = fork();
		cr_assert_geq(child, 0);
		if (!child) {      /* writes, and never ends by itself */
			xr_route6_update_many(&M, r, 60000, &done);
			pause();
			_exit(0);
		}
		wait_mark(child);
		/* the first time while the first chunk is in the FIB only,
		 * then once the route table holds some of the batch */
		for (int w = 0; w < 100000 && !(k ? in_table(&r[0]) :
		     !!__atomic_load_n(&M.fib6->meta->nodes_used, __ATOMIC_ACQUIRE));
		     w++)
			usleep(100);
		usleep(1000u * (uint32_t)(1 + 7 * k));
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		cr_assert(WIFSIGNALED(st));
		cr_assert_eq(xr_fib4_writer_gone(M.fib, &pid), 1);
		cr_assert_eq(pid, (uint32_t)child);
		{
			struct xr_fib4_report rep;

			cr_assert_eq(xr_fib6_check(&M, &rep), 0);
			damaged += xr_fib4_report_problems(&rep) > 0;
			cr_log_info("kill %d: routes %zu, %zu problems", k,
				    rep.routes, xr_fib4_report_problems(&rep));
			cr_assert_eq(xr_fib4_repair(&M, &rep), 0);
			cr_assert_eq(xr_fib6_repair(&M, &rep), 0);
		}
		xr_fib4_repaired(M.fib);
		assert_fib_is_table(r, 60000);
	}
	/* a kill between a chunk's FIB writes and its table write leaves
	 * the FIB ahead of the table: this test must have made some */
	cr_assert_gt(damaged, 0, "no kill landed in the middle of a write");
	free(r);
}

/* A neighbour's MAC reaches the next hops through it on its link, and
 * only there: fe80::2 on link 6 is not fe80::2 on link 7. */
Test(route6, neighbour_refreshes_its_next_hops)
{
	struct xr_route6 r[2] = { rt6("2001:db8:6::", 48, "fe80::2", 6),
				  rt6("2001:db8:7::", 48, "fe80::2", 7) };
	struct xr_neigh n = { .mac = { 2, 0, 0, 0, 0, 0x66 },
			      .state = XR_NUD_REACHABLE };
	struct xr_in6 gw = A("fe80::2");
	const struct xr_nh6 *nh6, *nh7;
	uint32_t id6, id7;
	size_t done;

	cr_assert_eq(xr_route6_update_many(&M, r, 2, &done), 0);
	cr_assert_eq(xr_nh6_find(&M.fib6->nh, XR_RTN_UNICAST, 6, &gw, &id6), 0);
	cr_assert_eq(xr_nh6_find(&M.fib6->nh, XR_RTN_UNICAST, 7, &gw, &id7), 0);
	nh6 = &M.fib6->nh.nh6[id6];
	nh7 = &M.fib6->nh.nh6[id7];
	cr_assert_eq(XR_NH6_ADJ(nh6)->flags & XR_ADJ_NEIGH, 0);
	cr_assert_eq(xr_neigh6_update(&M, 6, &gw, &n), 0);
	cr_assert_eq(XR_NH6_ADJ(nh6)->flags & XR_ADJ_NEIGH, XR_ADJ_NEIGH);
	cr_assert_eq(memcmp(XR_NH6_ADJ(nh6)->dmac, n.mac, 6), 0);
	cr_assert_eq(XR_NH6_ADJ(nh7)->flags & XR_ADJ_NEIGH, 0, "another link");
	n.state = XR_NUD_FAILED;
	cr_assert_eq(xr_neigh6_update(&M, 6, &gw, &n), 0);
	cr_assert_eq(XR_NH6_ADJ(nh6)->flags & XR_ADJ_NEIGH, 0, "not NUD_VALID");
	n.state = XR_NUD_PERMANENT;
	cr_assert_eq(xr_neigh6_update(&M, 7, &gw, &n), 0);
	cr_assert_eq(XR_NH6_ADJ(nh7)->flags & XR_ADJ_NEIGH, XR_ADJ_NEIGH);
	cr_assert_eq(xr_neigh6_delete(&M, 7, &gw), 0);
	cr_assert_eq(XR_NH6_ADJ(nh7)->flags & XR_ADJ_NEIGH, 0);
	cr_assert_eq(xr_neigh6_delete(&M, 7, &gw), -ENOENT);
}
