// SPDX-License-Identifier: GPL-2.0
/*
 * The DIR-24-8 FIB and the next-hop table, on plain memory: every lookup
 * after every change must equal a longest-prefix match done the slow way
 * over the list of routes, and nothing may leak.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/dir24.h"
#include "lib/nexthop.h"

#define NGROUPS 64

struct ref_route {
	uint32_t ip;
	uint8_t depth;
	uint32_t id;
};

static struct xr_dir24 D;
static __u32 used;
static struct ref_route *R;
static size_t nr;
static int syncs;

static int count_sync(void)
{
	syncs++;
	return 0;
}

static void setup(void)
{
	memset(&D, 0, sizeof(D));
	D.tbl24 = calloc(1u << 24, sizeof(uint32_t));
	D.tbl8 = calloc(NGROUPS * 256, sizeof(uint32_t));
	D.bitmap = calloc(NGROUPS / 64, sizeof(__u64));
	cr_assert(D.tbl24 && D.tbl8 && D.bitmap);
	used = 0;
	D.groups_used = &used;
	D.ngroups = NGROUPS;
	D.sync = count_sync;
	R = calloc(4096, sizeof(*R));
	nr = 0;
	syncs = 0;
}

static void teardown(void)
{
	xr_dir24_fini(&D);
	free(D.tbl24);
	free(D.tbl8);
	free(D.bitmap);
	free(R);
}

static uint32_t mask(uint8_t depth)
{
	return depth ? ~0u << (32 - depth) : 0;
}

/* Longest route covering ip with a prefix of at most maxdepth bits. */
static uint32_t ref_lookup(uint32_t ip, int maxdepth)
{
	int best = -1;
	size_t i;

	for (i = 0; i < nr; i++)
		if (R[i].depth <= maxdepth && (ip & mask(R[i].depth)) == R[i].ip &&
		    (best < 0 || R[i].depth > R[best].depth))
			best = (int)i;
	return best < 0 ? 0 : xr_fib4_entry(R[best].depth, R[best].id);
}

static struct ref_route *ref_find(uint32_t ip, uint8_t depth)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (R[i].ip == ip && R[i].depth == depth)
			return &R[i];
	return NULL;
}

static int add(uint32_t ip, uint8_t depth, uint32_t id)
{
	struct ref_route *r;
	int err;

	ip &= mask(depth);
	err = xr_dir24_add(&D, ip, depth, id);
	if (err)
		return err;
	r = ref_find(ip, depth);
	if (!r)
		r = &R[nr++];
	*r = (struct ref_route){ ip, depth, id };
	return 0;
}

static void del(uint32_t ip, uint8_t depth)
{
	struct ref_route *r;

	ip &= mask(depth);
	r = ref_find(ip, depth);
	cr_assert(r);
	cr_assert_eq(xr_dir24_del(&D, ip, depth,
				  depth ? ref_lookup(ip, depth - 1) : 0), 0);
	*r = R[--nr];
}

static void check(uint32_t ip)
{
	uint32_t want = ref_lookup(ip, 32), got = xr_dir24_lookup(&D, ip);

	cr_assert_eq(got, want, "%u.%u.%u.%u: FIB 0x%08x, reference 0x%08x",
		     ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255,
		     got, want);
}

/* Every route's first and last address and their neighbours, and a
 * sample of random addresses near the routes. */
static void check_all(void)
{
	size_t i;
	int k;

	for (i = 0; i < nr; i++) {
		uint32_t lo = R[i].ip, hi = R[i].ip | ~mask(R[i].depth);

		check(lo);
		check(hi);
		check(lo - 1);
		check(hi + 1);
		check(lo + (hi - lo) / 2);
	}
	for (k = 0; k < 2000; k++)
		check((uint32_t)random() & 0x0a0fffffu);
}

TestSuite(dir24, .init = setup, .fini = teardown);

Test(dir24, empty_table_has_no_route)
{
	cr_assert_eq(xr_dir24_lookup(&D, 0), 0);
	cr_assert_eq(xr_dir24_lookup(&D, 0xffffffffu), 0);
}

Test(dir24, entry_layout)
{
	uint32_t e = xr_fib4_entry(25, 77);

	cr_assert_eq(e, XR_FIB4_VALID | 25u << 24 | 77);
	cr_assert_eq(xr_fib4_depth(e), 25);
	cr_assert_eq(e & XR_FIB4_EXT, 0);
}

Test(dir24, nested_prefixes_every_length)
{
	int d;

	/* 10.1.2.3/0 .. /32, each with its own next hop */
	for (d = 0; d <= 32; d++)
		cr_assert_eq(add(0x0a010203, (uint8_t)d, 100u + (uint32_t)d), 0);
	check_all();
	cr_assert_eq(xr_dir24_lookup(&D, 0x0a010203), xr_fib4_entry(32, 132));
	cr_assert_eq(xr_dir24_lookup(&D, 0x0a010202), xr_fib4_entry(31, 131));
	cr_assert_eq(xr_dir24_lookup(&D, 0x0b000000), xr_fib4_entry(7, 107));
	cr_assert_eq(xr_dir24_lookup(&D, 0x10000000), xr_fib4_entry(3, 103));
	cr_assert_eq(used, 1);
	/* remove from the middle out, checking after each */
	for (d = 16; d <= 32; d++) {
		del(0x0a010203, (uint8_t)d);
		check_all();
	}
	cr_assert_eq(xr_dir24_lookup(&D, 0x0a010203), xr_fib4_entry(15, 115));
	for (d = 15; d >= 0; d--) {
		del(0x0a010203, (uint8_t)d);
		check_all();
	}
	cr_assert_eq(xr_dir24_lookup(&D, 0x0a010203), 0);
	cr_assert_eq(xr_dir24_release(&D), 0);
	cr_assert_eq(used, 0, "%u tbl8 groups leaked", used);
}

Test(dir24, replace_is_in_place)
{
	cr_assert_eq(add(0xc6336400, 24, 1), 0);
	cr_assert_eq(add(0xc6336480, 25, 2), 0);
	cr_assert_eq(add(0xc6336400, 24, 3), 0);      /* replace the /24 */
	cr_assert_eq(xr_dir24_lookup(&D, 0xc6336401), xr_fib4_entry(24, 3));
	cr_assert_eq(xr_dir24_lookup(&D, 0xc63364ff), xr_fib4_entry(25, 2));
	cr_assert_eq(add(0xc6336480, 25, 4), 0);      /* replace the /25 */
	cr_assert_eq(xr_dir24_lookup(&D, 0xc63364ff), xr_fib4_entry(25, 4));
	cr_assert_eq(used, 1);
	check_all();
}

Test(dir24, group_collapses_when_longer_routes_go)
{
	cr_assert_eq(add(0xc0000200, 24, 1), 0);
	cr_assert_eq(add(0xc0000280, 26, 2), 0);
	cr_assert_eq(add(0xc0000201, 32, 3), 0);
	cr_assert_neq(D.tbl24[0xc00002] & XR_FIB4_EXT, 0);
	del(0xc0000280, 26);
	cr_assert_neq(D.tbl24[0xc00002] & XR_FIB4_EXT, 0);
	del(0xc0000201, 32);
	/* back to a plain entry; the group waits for a sync */
	cr_assert_eq(D.tbl24[0xc00002], xr_fib4_entry(24, 1));
	cr_assert_eq(used, 1);
	cr_assert_eq(syncs, 0);
	cr_assert_eq(xr_dir24_release(&D), 0);
	cr_assert_eq(syncs, 1);
	cr_assert_eq(used, 0);
	check_all();
}

Test(dir24, group_of_an_unrouted_24_collapses_to_nothing)
{
	cr_assert_eq(add(0xc0000280, 25, 2), 0);
	cr_assert_eq(xr_dir24_lookup(&D, 0xc0000201), 0);
	cr_assert_eq(xr_dir24_lookup(&D, 0xc0000281), xr_fib4_entry(25, 2));
	del(0xc0000280, 25);
	cr_assert_eq(D.tbl24[0xc00002], 0);
	check_all();
}

Test(dir24, halves_with_one_next_hop_keep_their_group)
{
	/* two /25s with the same next hop fill the group with one entry,
	 * which is still a longer route than a /24 entry can say */
	cr_assert_eq(add(0xc0000200, 25, 5), 0);
	cr_assert_eq(add(0xc0000280, 25, 5), 0);
	cr_assert_eq(add(0xc0000240, 26, 5), 0);
	cr_assert_eq(add(0xc0000000, 16, 6), 0);
	del(0xc0000240, 26);
	check_all();
	del(0xc0000200, 25);
	check_all();
	cr_assert_eq(xr_dir24_lookup(&D, 0xc0000201), xr_fib4_entry(16, 6));
	cr_assert_eq(xr_dir24_lookup(&D, 0xc0000281), xr_fib4_entry(25, 5));
}

Test(dir24, freed_group_is_not_reused_before_sync)
{
	uint32_t g1, g2;

	cr_assert_eq(add(0xc0000280, 25, 2), 0);
	g1 = D.tbl24[0xc00002] & XR_FIB4_ID_MASK;
	del(0xc0000280, 25);
	cr_assert_eq(add(0xc0000380, 25, 3), 0);
	g2 = D.tbl24[0xc00003] & XR_FIB4_ID_MASK;
	cr_assert_neq(g1, g2, "a group was reused while a reader may hold it");
	/* the old group is still reserved, and a late reader of it finds
	 * what tbl24 says now: no route */
	cr_assert_eq((D.bitmap[g1 / 64] >> (g1 % 64)) & 1, 1);
	cr_assert_eq(used, 2);
	cr_assert_eq(D.tbl8[g1 * 256 + 0x81], 0);
	cr_assert_eq(xr_dir24_release(&D), 0);
	cr_assert_eq(used, 1);
}

Test(dir24, full_tbl8_is_enospc_and_changes_nothing)
{
	uint32_t i, before24;

	for (i = 0; i < NGROUPS; i++)
		cr_assert_eq(add(0x0b000080 + (i << 8), 25, 1), 0);
	cr_assert_eq(used, NGROUPS);
	before24 = D.tbl24[0x0c0000];
	cr_assert_eq(xr_dir24_add(&D, 0x0c000080, 25, 9), -ENOSPC);
	cr_assert_eq(D.tbl24[0x0c0000], before24);
	/* a freed group becomes available after the sync the allocator runs */
	del(0x0b000080, 25);
	cr_assert_eq(add(0x0c000080, 25, 9), 0);
	cr_assert_eq(syncs, 1);
	check_all();
}

Test(dir24, random_churn_matches_reference)
{
	int step;

	srandom(12345);
	for (step = 0; step < 3000; step++) {
		int op = (int)(random() % 10);

		if (op < 6 || nr == 0) {
			/* lengths biased like a real table, in a small space
			 * so that routes overlap a lot */
			static const uint8_t lens[] = { 8, 12, 16, 19, 20, 22, 23,
							24, 24, 24, 25, 26, 28,
							30, 31, 32 };
			uint8_t d = lens[random() % sizeof(lens)];
			uint32_t ip = (uint32_t)random() & 0x0a0fffffu;

			if (nr < 4000)
				add(ip, d, 1 + (uint32_t)(random() % 50));
		} else {
			struct ref_route r = R[random() % nr];

			del(r.ip, r.depth);
		}
		if (step % 500 == 0)
			check_all();
	}
	check_all();
	while (nr)
		del(R[0].ip, R[0].depth);
	check_all();
	cr_assert_eq(xr_dir24_release(&D), 0);
	cr_assert_eq(used, 0, "%u tbl8 groups leaked", used);
	for (uint32_t i = 0; i < (1u << 24); i++)
		cr_assert_eq(D.tbl24[i], 0, "tbl24[%u] left 0x%x", i, D.tbl24[i]);
}

/* ------------------------------------------------------------ nexthop */

static struct xr_nh_table N;
static struct xr_nh4 *slots;
static __u32 nh_used;

static void nh_setup(void)
{
	memset(&N, 0, sizeof(N));
	slots = calloc(XR_MAX_NH4, sizeof(*slots));
	cr_assert(slots);
	nh_used = 0;
	N.nh = slots;
	N.nh_used = &nh_used;
	N.sync = count_sync;
	syncs = 0;
}

static void nh_teardown(void)
{
	xr_nh_fini(&N);
	free(slots);
}

TestSuite(nexthop, .init = nh_setup, .fini = nh_teardown);

Test(nexthop, shared_and_counted)
{
	uint32_t a, b, c;

	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 3, 0x0102a8c0, &a), 0);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 3, 0x0102a8c0, &b), 0);
	cr_assert_eq(a, b);
	cr_assert_neq(a, 0, "id 0 means no next hop");
	cr_assert_eq(slots[a].refcnt, 2);
	cr_assert_eq(slots[a].ifindex, 3);
	cr_assert_eq(slots[a].gw, 0x0102a8c0);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 4, 0x0102a8c0, &c), 0);
	cr_assert_neq(a, c);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_BLACKHOLE, 0, 0, &c), 0);
	cr_assert_eq(slots[c].type, XR_RTN_BLACKHOLE);
	cr_assert_eq(nh_used, 3);
	cr_assert_eq(xr_nh_get(&N, 0, 0, 0, &c), -EINVAL);
}

Test(nexthop, last_put_frees_after_sync_only)
{
	uint32_t a, b;

	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 3, 0x0102a8c0, &a), 0);
	cr_assert_eq(xr_nh_put(&N, a), 0);
	/* given up: still readable, not reused */
	cr_assert_eq(slots[a].type, XR_RTN_UNICAST);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 5, 0x0102a8c0, &b), 0);
	cr_assert_neq(a, b);
	cr_assert_eq(xr_nh_release(&N), 0);
	cr_assert_eq(syncs, 1);
	cr_assert_eq(slots[a].type, 0);
	cr_assert_eq(nh_used, 1);
	cr_assert_eq(xr_nh_find(&N, XR_RTN_UNICAST, 3, 0x0102a8c0, &a), -ENOENT);
	cr_assert_eq(xr_nh_find(&N, XR_RTN_UNICAST, 5, 0x0102a8c0, &a), 0);
	cr_assert_eq(a, b);
	cr_assert_eq(xr_nh_put(&N, 0), -EINVAL);
}

Test(nexthop, taken_again_before_release_survives)
{
	uint32_t a, b;

	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 3, 7, &a), 0);
	cr_assert_eq(xr_nh_put(&N, a), 0);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 3, 7, &b), 0);
	cr_assert_eq(a, b);
	cr_assert_eq(xr_nh_release(&N), 0);
	cr_assert_eq(slots[a].type, XR_RTN_UNICAST);
	cr_assert_eq(slots[a].refcnt, 1);
	cr_assert_eq(nh_used, 1);
}

Test(nexthop, table_full)
{
	uint32_t id, i;

	for (i = 1; i < XR_MAX_NH4; i++)
		cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 1, i, &id), 0);
	cr_assert_eq(xr_nh_get(&N, XR_RTN_UNICAST, 2, 1, &id), -ENOSPC);
	cr_assert_eq(nh_used, XR_MAX_NH4 - 1);
}
