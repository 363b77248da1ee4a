// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path's FIB lookup (bpf/lib/fib4.h, fib6.h: the Poptrie walked
 * in BPF) against the library's (xr_fib4_lookup, xr_fib6_lookup: the
 * same arrays walked in C), both families: the entry `route get`'s probe
 * reports for a frame (BPF_PROG_TEST_RUN of the XDP path) is the one the
 * library finds for its destination, for thousands of addresses, in a
 * table that reaches every level of the trie (a chain of routes of every
 * length on one address, and random routes clustered so that they
 * nest, and lone long routes, which are tails: abi/poptrie.h), before
 * and after half of the routes go.
 */
#include "test_ecmp_env.h"
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/route4.h"
#include "lib/route6.h"

#define NRAND   1500     /* random routes a family */
#define NPROBE  1500     /* random destinations a round, beyond the routes' */

static void fib_setup(void)
{
	te_setup6(&T);
	probe_load();
	srandom(17);
}

TestSuite(fiblookup, .init = fib_setup, .fini = teardown);

/* ---------------------------------------------------------- addresses */

/* A bit string of 16 bytes, most significant first (IPv4: 4 bytes). */
static void bit_flip(uint8_t *a, unsigned int bit)
{
	a[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
}

static void mask_to(uint8_t *a, unsigned int alen, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < alen; i++, plen = plen > 8 ? plen - 8 : 0)
		a[i] &= plen >= 8 ? 0xff : (uint8_t)(0xff00 >> plen);
}

/* A destination the path looks up: not 0/8, 127/8, 224/4 and above
 * (IPv4), not ::/8 nor ff00::/8 (IPv6). */
static void fix_martian(uint8_t *a, int v6)
{
	if (v6 ? a[0] == 0 || a[0] == 0xff :
		 a[0] == 0 || a[0] == 127 || a[0] >= 224)
		a[0] = v6 ? 0x2a : 100;
}

/* Random bytes, the first kept in one of four clusters most of the
 * time so that routes nest. */
static void rand_addr(uint8_t *a, int v6)
{
	static const uint8_t tops[4] = { 10, 100, 172, 0x2a };
	unsigned int i, alen = v6 ? 16 : 4;

	for (i = 0; i < alen; i++)
		a[i] = (uint8_t)random();
	if (random() % 4) {
		a[0] = tops[random() % 4];
		a[1] &= 0x0f;
	}
	fix_martian(a, v6);
}

/* ------------------------------------------------------------ routes */

struct rt {
	uint8_t a[16];
	uint8_t plen, type;
};

static struct rt R[2][NRAND + 129];
static size_t nr[2];

/* A route of either family through the library, of a type that makes its
 * next hop (and so the entry's id) depend on it. */
static int route_write(const struct rt *r, int v6, int del)
{
	if (v6) {
		struct xr_route6 x = { .plen = r->plen, .type = r->type,
				       .proto = XR_RTPROT_STATIC };

		memcpy(&x.dst, r->a, 16);
		if (del)
			return xr_route6_delete(&T.m, &x.dst, r->plen);
		if (x.type == XR_RTN_UNICAST)
			x.ifindex = T.if_out;
		return xr_route6_update(&T.m, &x);
	} else {
		struct xr_route4 x = { .plen = r->plen, .type = r->type,
				       .proto = XR_RTPROT_STATIC };

		memcpy(&x.dst, r->a, 4);
		if (del)
			return xr_route4_delete(&T.m, x.dst, r->plen);
		if (x.type == XR_RTN_UNICAST)
			x.ifindex = T.if_out;
		return xr_route4_update(&T.m, &x);
	}
}

static void route_add(int v6, const uint8_t *a, uint8_t plen)
{
	static const uint8_t types[] = { XR_RTN_UNICAST, XR_RTN_BLACKHOLE,
					 XR_RTN_UNREACHABLE, XR_RTN_PROHIBIT };
	struct rt *r = &R[v6][nr[v6]], *o;

	memcpy(r->a, a, 16);
	mask_to(r->a, v6 ? 16 : 4, plen);
	r->plen = plen;
	r->type = types[random() % 4];
	cr_assert_eq(route_write(r, v6, 0), 0, "v6 %d /%u", v6, plen);
	for (o = R[v6]; o < r; o++)       /* a replace: listed once */
		if (o->plen == plen && !memcmp(o->a, r->a, 16)) {
			o->type = r->type;
			return;
		}
	nr[v6]++;
}

/* A chain on one address: a route of every length 1 .. 32 (128). Its
 * first byte (10, 0x2a) flipped in any one bit is no martian. */
static void chain(int v6, uint8_t *a)
{
	unsigned int l, bits = v6 ? 128 : 32;

	rand_addr(a, v6);
	a[0] = v6 ? 0x2a : 10;
	for (l = 1; l <= bits; l++)
		route_add(v6, a, (uint8_t)l);
}

static void table(int v6)
{
	uint8_t a[16] = { 0 };
	unsigned int i, bits = v6 ? 128 : 32;

	for (i = 0; i < NRAND; i++) {
		rand_addr(a, v6);
		route_add(v6, a, (uint8_t)(bits / 4 + random() % (bits * 3 / 4 + 1)));
	}
}

/* --------------------------------------------------------- comparing */

static unsigned int depth_of(uint32_t e, int v6)
{
	return v6 ? xr_fib6_depth(e) : xr_fib4_depth(e);
}

/* The probe's entry for destination a, which must be the library's;
 * returned. */
static uint32_t compare(int v6, const uint8_t *a)
{
	struct flow f = flow_n(v6, 0);
	uint32_t want, got;
	char s[64];

	memcpy(f.d, a, v6 ? 16 : 4);
	if (v6) {
		want = xr_fib6_lookup(T.m.fib6, (const struct xr_in6 *)f.d);
	} else {
		uint32_t be;

		memcpy(&be, a, 4);
		want = xr_fib4_lookup(T.m.fib, ntohl(be));
	}
	got = probe(&f).fib_e;
	cr_assert_eq(got, want, "%s: fast path 0x%08x, library 0x%08x",
		     inet_ntop(v6 ? AF_INET6 : AF_INET, a, s, sizeof(s)), got,
		     want);
	return got;
}

/* How many compared destinations took 0, 1, 2 ... nodes below the
 * direct entry (known from their entry's length). */
static unsigned int level_hits[2][XR_PT6_LEVELS + 1];

static void count_level(int v6, uint32_t e)
{
	unsigned int d = depth_of(e, v6), direct = v6 ? XR_PT6_DIRECT_BITS :
						   XR_PT4_DIRECT_BITS;

	if (e)
		level_hits[v6][d <= direct ? 0 : (d - direct - 1) / XR_PT_STRIDE + 1]++;
}

/* Around every route (its first and last address, just outside), and
 * random destinations. */
static void compare_all(int v6)
{
	unsigned int alen = v6 ? 16 : 4, bits = 8 * alen, i, k;
	uint8_t a[16];

	for (i = 0; i < nr[v6]; i++) {
		const struct rt *r = &R[v6][i];

		memcpy(a, r->a, 16);
		fix_martian(a, v6);
		count_level(v6, compare(v6, a));
		for (k = r->plen; k < bits; k++)
			a[k / 8] |= (uint8_t)(0x80 >> (k % 8));   /* the last */
		fix_martian(a, v6);
		count_level(v6, compare(v6, a));
		if (r->plen && r->plen < bits) {
			bit_flip(a, r->plen - 1);                  /* outside */
			fix_martian(a, v6);
			count_level(v6, compare(v6, a));
		}
	}
	for (i = 0; i < NPROBE; i++) {
		rand_addr(a, v6);
		count_level(v6, compare(v6, a));
	}
}

/* The chain alone: flipping bit L of its address leaves the route of
 * length L the longest match, at every length. */
static void compare_chain(int v6, const uint8_t *chained)
{
	unsigned int l, bits = v6 ? 128 : 32;
	uint8_t a[16];
	uint32_t e;

	for (l = 1; l <= bits; l++) {
		memcpy(a, chained, 16);
		if (l < bits)
			bit_flip(a, l);
		e = compare(v6, a);
		count_level(v6, e);
		cr_assert_eq(depth_of(e, v6), l, "chain: /%u found /%u", l,
			     depth_of(e, v6));
	}
}

static void delete_half(int v6)
{
	size_t i, k = 0;

	for (i = 0; i < nr[v6]; i++) {
		if (random() % 2) {
			R[v6][k++] = R[v6][i];
			continue;
		}
		cr_assert_eq(route_write(&R[v6][i], v6, 1), 0);
	}
	nr[v6] = k;
}

/* The tail leaves (EXT in a leaf) under node n. */
static size_t node_tails(const struct xr_poptrie *t, const struct xr_pt_node *n)
{
	size_t i, c = 0;

	for (i = 0; i < (size_t)__builtin_popcountll(n->leafvec); i++)
		c += !!(t->leaves[n->base0 + i] & t->g->ext);
	for (i = 0; i < (size_t)__builtin_popcountll(n->vector); i++)
		c += node_tails(t, &t->nodes[n->base1 + i]);
	return c;
}

static size_t fib_tails(int v6)
{
	const struct xr_poptrie *t = v6 ? &T.m.fib6->pt : &T.m.fib->pt;
	size_t s, c = 0;

	for (s = 0; s < 1u << t->g->direct_bits; s++)
		if (t->direct[s] & t->g->ext)
			c += node_tails(t, &t->nodes[t->direct[s] & t->g->id_mask]);
	return c;
}

static void family(int v6)
{
	unsigned int l, levels = v6 ? XR_PT6_LEVELS : XR_PT4_LEVELS;
	uint8_t chained[16] = { 0 };

	chain(v6, chained);
	compare_chain(v6, chained);
	table(v6);
	cr_assert_eq(xr_fib4_commit(T.m.fib), 0);
	compare_all(v6);
	cr_assert_gt(fib_tails(v6), 0, "v6 %d: no tail compared", v6);
	for (l = 0; l <= levels; l++)
		cr_assert_gt(level_hits[v6][l], 0, "v6 %d: no lookup took %u nodes",
			     v6, l);
	delete_half(v6);
	cr_assert_eq(xr_fib4_commit(T.m.fib), 0);
	compare_all(v6);
}

Test(fiblookup, ipv4_fast_path_equals_library, .timeout = 300)
{
	family(0);
}

Test(fiblookup, ipv6_fast_path_equals_library, .timeout = 300)
{
	family(1);
}
