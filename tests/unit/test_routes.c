// SPDX-License-Identifier: GPL-2.0
/*
 * The route table's bulk writes (routes.c, rtchunk.c): a chunk of routes
 * goes into the LPM trie in address order, a later line of a prefix
 * replaces an earlier one of the same chunk, and a write that stops
 * short leaves the table as the lines before the first one missing made
 * it. Checked through the real maps against a plain list of routes (the
 * last line of a prefix wins), with the FIB checked against the table
 * (xr_fib4_check, xr_fib6_check) after every batch.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include "lib/fibrepair.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/rtchunk.h"
#include "lib/sort64.h"
#include "testenv.h"

/* ------------------------------------------------------------ rtchunk */

static void key4(uint8_t *k, const char *addr, uint32_t plen)
{
	memcpy(k, &plen, 4);
	cr_assert_eq(inet_pton(AF_INET, addr, k + 4), 1);
}

Test(rtchunk, new_by_address_then_replacing_as_they_came)
{
	static const char *const a[] = { "10.9.0.0", "10.1.0.0", "10.9.0.0",
					  "10.1.0.0", "192.0.2.0", "10.0.0.0" };
	static const uint32_t l[] = { 16, 16, 16, 24, 24, 8 };
	static const int8_t had[] = { 0, 0, 1, 0, 1, 0 };
	static const uint32_t want[] = { 5, 1, 3, 0, 2, 4 };
	uint8_t keys[6 * 8];
	uint32_t ord[6];
	int i;

	for (i = 0; i < 6; i++)
		key4(keys + i * 8, a[i], l[i]);
	cr_assert_eq(xr_rtchunk_order(keys, 8, had, 6, ord), 0);
	for (i = 0; i < 6; i++)
		cr_assert_eq(ord[i], want[i], "position %d: %u", i, ord[i]);
}

Test(rtchunk, finds_the_latest_of_a_prefix)
{
	uint8_t keys[4 * 8];
	struct xr_rtchunk c;

	key4(keys, "10.1.0.0", 16);
	key4(keys + 8, "10.1.0.0", 24);
	key4(keys + 16, "10.1.0.0", 16);
	key4(keys + 24, "10.2.0.0", 16);
	cr_assert_eq(xr_rtchunk_init(&c, keys, 8, 4), 0);
	cr_assert_eq(xr_rtchunk_find(&c, keys), -1);
	xr_rtchunk_put(&c, 0);
	xr_rtchunk_put(&c, 1);
	cr_assert_eq(xr_rtchunk_find(&c, keys + 16), 0);
	xr_rtchunk_put(&c, 2);
	cr_assert_eq(xr_rtchunk_find(&c, keys), 2);
	cr_assert_eq(xr_rtchunk_find(&c, keys + 8), 1);
	cr_assert_eq(xr_rtchunk_find(&c, keys + 24), -1);
	xr_rtchunk_fini(&c);
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* By bits 24-63 only, stable: with the index in bits 0-23 the result is
 * what qsort makes of the whole numbers (equal tops in index order). */
Test(sort64, radix_by_the_top_bits_is_stable)
{
	static uint64_t a[20000], b[20000];
	uint64_t x = 88172645463325252ull;
	size_t i;

	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* few distinct tops: many equal keys */
		a[i] = (x % 500) << 40 | (x >> 50) << 24 | i;
		b[i] = a[i];
	}
	cr_assert_eq(xr_sort64(a, 20000, 24, 64), 0);
	qsort(b, 20000, sizeof(b[0]), u64_cmp);
	cr_assert_eq(memcmp(a, b, sizeof(a)), 0);
	cr_assert_eq(xr_sort64(a, 0, 24, 64), 0);
}

/* ------------------------------------------------- through the maps */

static struct xr_testenv T;
static uint32_t seed = 12345;

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void setup(void)
{
	te_setup(&T);
}

static void teardown(void)
{
	te_teardown(&T);
}

TestSuite(routes, .init = setup, .fini = teardown);

/* A random IPv4 route from a small space (prefixes repeat, within a
 * batch and across), unicast via the environment's neighbour or
 * blackhole. */
static struct xr_route4 rand4(void)
{
	struct xr_route4 r;
	uint8_t plen = (uint8_t)(8 + rnd() % 25);

	memset(&r, 0, sizeof(r));
	r.plen = plen;
	r.dst = htonl((10u << 24 | (rnd() % 64) << 16 | (rnd() % 4) << 10) &
		      (uint32_t)(0xffffffffull << (32 - plen)));
	r.proto = XR_RTPROT_STATIC;
	r.type = rnd() % 4 ? XR_RTN_UNICAST : XR_RTN_BLACKHOLE;
	if (r.type == XR_RTN_UNICAST) {
		r.ifindex = T.if_out;
		r.gw = rnd() % 2 ? htonl(0xc6336402) : 0;  /* 198.51.100.2 */
	}
	r.metric = rnd() % 3;
	return r;
}

/* The reference: the routes as the lines left them (the last of a
 * prefix), rsz bytes each, the prefix and its length first. */
struct ref {
	uint8_t *r;
	size_t n, rsz, alen;
};

static void ref_apply(struct ref *ref, const void *rt)
{
	size_t i;

	for (i = 0; i < ref->n; i++)
		if (!memcmp(ref->r + i * ref->rsz, rt, ref->alen + 1))
			break;
	if (i == ref->n) {
		ref->r = realloc(ref->r, ++ref->n * ref->rsz);
		cr_assert(ref->r);
	}
	memcpy(ref->r + i * ref->rsz, rt, ref->rsz);
}

static size_t g_alen;

static int pfx_cmp(const void *a, const void *b)
{
	int c = memcmp(a, b, g_alen);

	return c ? c : (int)((const uint8_t *)a)[g_alen] -
		       (int)((const uint8_t *)b)[g_alen];
}

/* The table dumped is the reference, route for route. */
static void assert_table(struct ref *ref, const void *got, size_t n)
{
	size_t i;

	g_alen = ref->alen;
	qsort(ref->r, ref->n, ref->rsz, pfx_cmp);
	cr_assert_eq(n, ref->n, "the table has %zu routes, want %zu", n, ref->n);
	for (i = 0; i < n; i++)
		cr_assert_eq(memcmp((const uint8_t *)got + i * ref->rsz,
				    ref->r + i * ref->rsz, ref->rsz), 0,
			     "route %zu differs", i);
}

/* The family's FIB against its route table (check: xr_fib4_check or
 * xr_fib6_check), as a command leaves it: committed first. */
static void assert_fib_is_table(int (*check)(const struct xr_maps *,
					     struct xr_fib4_report *))
{
	struct xr_fib4_report rep;

	cr_assert_eq(xr_fib4_commit(T.m.fib), 0);
	cr_assert_eq(check(&T.m, &rep), 0);
	cr_assert_eq(xr_fib4_report_problems(&rep), 0,
		     "the FIB is not the table: entries %zu nh_missing %zu "
		     "refcnts %zu nh_leaked %zu blocks %zu unsound %zu "
		     "counts %zu", rep.entries, rep.nh_missing, rep.refcnts,
		     rep.nh_leaked, rep.blocks, rep.unsound, rep.counts);
}

static void assert_fib4_is_table(void)
{
	assert_fib_is_table(xr_fib4_check);
}

static void assert_fib6_is_table(void)
{
	assert_fib_is_table(xr_fib6_check);
}

/* The environment's own route, out of the way of the reference, which
 * starts as the table is then (the connected routes). */
static void drop_env_route(struct ref *ref)
{
	struct xr_route4 *out;
	size_t n, i;

	cr_assert_eq(xr_route4_delete(&T.m, htonl(0xcb007100), 24), 0);
	cr_assert_eq(xr_route4_dump(&T.m, &out, &n), 0);
	for (i = 0; ref && i < n; i++)
		ref_apply(ref, &out[i]);
	free(out);
}

static void check4(struct ref *ref)
{
	struct xr_route4 *out;
	size_t n;

	cr_assert_eq(xr_fib4_commit(T.m.fib), 0);   /* freed groups released */
	cr_assert_eq(xr_route4_dump(&T.m, &out, &n), 0);
	assert_table(ref, out, n);
	free(out);
	assert_fib4_is_table();
}

/* Batches of 3,000 lines, prefixes repeating within them, and deletes
 * between: the table is the reference, and the FIB the table. */
Test(routes, ipv4_batches_with_repeats_are_the_last_line_of_each_prefix,
     .timeout = 120)
{
	struct ref ref = { NULL, 0, sizeof(struct xr_route4), 4 };
	struct xr_route4 b[3000];
	size_t done, i;
	int round;

	drop_env_route(&ref);
	for (round = 0; round < 5; round++) {
		for (i = 0; i < 3000; i++)
			b[i] = rand4();
		cr_assert_eq(xr_route4_update_many(&T.m, b, 3000, &done), 0);
		cr_assert_eq(done, 3000);
		for (i = 0; i < 3000; i++)
			ref_apply(&ref, &b[i]);
		check4(&ref);
		for (i = 0; i < ref.n; i += 3) {    /* a third goes */
			struct xr_route4 *r = (struct xr_route4 *)ref.r + i;

			cr_assert_eq(xr_route4_delete(&T.m, r->dst, r->plen), 0);
			memcpy(r, (struct xr_route4 *)ref.r + --ref.n, sizeof(*r));
		}
		check4(&ref);
	}
	free(ref.r);
}

static struct xr_route6 rand6(void)
{
	struct xr_route6 r;
	uint8_t plen = (uint8_t)(16 + rnd() % 113), i;

	memset(&r, 0, sizeof(r));
	r.plen = plen;
	r.dst.a[0] = htonl(0x20010db8);
	r.dst.a[1] = htonl((rnd() % 16) << 16);
	r.dst.a[3] = htonl(rnd() % 4);
	for (i = plen; i < 128; i++)       /* host bits clear */
		r.dst.a[i / 32] &= ~htonl(1u << (31 - i % 32));
	r.proto = XR_RTPROT_STATIC;
	r.type = rnd() % 4 ? XR_RTN_UNICAST : XR_RTN_UNREACHABLE;
	if (r.type == XR_RTN_UNICAST) {
		r.ifindex = T.if_out;
		r.gw.a[0] = htonl(0xfe800000);
		r.gw.a[3] = htonl(1 + rnd() % 2);
	}
	return r;
}

Test(routes, ipv6_batches_with_repeats_are_the_last_line_of_each_prefix,
     .timeout = 120)
{
	struct ref ref = { NULL, 0, sizeof(struct xr_route6), 16 };
	struct xr_route6 b[3000], *out;
	size_t done, i, n;
	int round;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3000; i++)
			b[i] = rand6();
		cr_assert_eq(xr_route6_update_many(&T.m, b, 3000, &done), 0);
		cr_assert_eq(done, 3000);
		for (i = 0; i < 3000; i++)
			ref_apply(&ref, &b[i]);
		cr_assert_eq(xr_route6_dump(&T.m, &out, &n), 0);
		assert_table(&ref, out, n);
		free(out);
		assert_fib6_is_table();
	}
	free(ref.r);
}

/* Line i of the short write's 100: lines 0-9 new prefixes low in the
 * address space, 10-19 replace them, 20-69 new ones higher up in
 * decreasing address order, 70-99 replace lines 40-69. */
static struct xr_route4 short_line(size_t i)
{
	struct xr_route4 r = rand4();
	uint32_t third;

	if (i < 20)
		third = (uint32_t)(i % 10);
	else if (i < 70)
		third = (uint32_t)(220 - i);
	else
		third = (uint32_t)(220 - (i - 30));
	r.plen = 24;
	r.dst = htonl(0x0a000000 | third << 8);
	r.type = i < 10 || (i >= 20 && i < 70) ? XR_RTN_BLACKHOLE :
						   XR_RTN_UNREACHABLE;
	r.ifindex = 0;
	r.gw = 0;
	return r;
}

/*
 * A route table that takes 40 routes, and the 100 lines of short_line:
 * 60 new prefixes. In address order the write takes lines 0-9 and the
 * 30 highest of 20-69 (lines 69 down to 40), then stops: the first line
 * missing is 20. What stays must be lines 0-19 exactly (their
 * replacements written after the stop, lines 40-69 taken out again),
 * done says 20, and the FIB follows the table.
 */
Test(routes, a_write_that_stops_short_keeps_the_lines_before_it)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_NO_PREALLOC);
	struct ref ref = { NULL, 0, sizeof(struct xr_route4), 4 };
	int real = T.m.routes4, tiny;
	struct xr_route4 b[100];
	size_t done, i;
	int err;

	drop_env_route(&ref);        /* the connected routes: 40 more fit */
	tiny = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "xr_test_rt", 8,
			      sizeof(struct xr_route4), (__u32)ref.n + 40, &o);
	cr_assert_geq(tiny, 0);
	for (i = 0; i < ref.n; i++) {
		struct xr_route4 *r = (struct xr_route4 *)ref.r + i;
		struct xr_route4_key k = { r->plen, r->dst };

		cr_assert_eq(bpf_map_update_elem(tiny, &k, r, BPF_ANY), 0);
	}
	T.m.routes4 = tiny;
	for (i = 0; i < 100; i++)
		b[i] = short_line(i);
	err = xr_route4_update_many(&T.m, b, 100, &done);
	cr_assert_neq(err, 0, "40 routes cannot hold 60");
	cr_assert_eq(done, 20, "done %zu (%d)", done, err);
	for (i = 0; i < done; i++)
		ref_apply(&ref, &b[i]);
	check4(&ref);
	T.m.routes4 = real;
	close(tiny);
	free(ref.r);
}
