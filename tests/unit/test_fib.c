// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 FIB (a Poptrie, lib/fib4.h) on the router's real maps, and
 * the next-hop table on plain memory: every lookup after every change
 * must equal a longest-prefix match done the slow way over the list of
 * routes, and nothing may leak.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/nexthop.h"
#include "lib/state.h"
#include "xdp_router.skel.h"

struct ref_route {
	uint32_t ip;
	uint8_t depth;
	uint32_t id;
};

static struct xdp_router_bpf *S;
static struct xr_maps M;
static struct xr_fib4 *F;
static struct ref_route *R;
static size_t nr;
static int syncs;

static int count_sync(void)
{
	syncs++;
	return 0;
}

/* The router's maps, made by loading its object with no program: the
 * FIB mapped as the CLI maps it. */
static void setup(void)
{
	struct bpf_program *p;

	S = xdp_router_bpf__open();
	cr_assert(S);
	bpf_object__for_each_program(p, S->obj)
		bpf_program__set_autoload(p, false);
	cr_assert_eq(xdp_router_bpf__load(S), 0);
	cr_assert_eq(xr_maps_from_obj(&M, S->obj), 0);
	F = M.fib;
	F->pt.sync = count_sync;
	R = calloc(4096, sizeof(*R));
	nr = 0;
	syncs = 0;
}

static void teardown(void)
{
	cr_assert_eq(xr_maps_close_fib(&M), 0);
	xdp_router_bpf__destroy(S);
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
	err = xr_fib4_add(F, ip, depth, id);
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
	cr_assert_eq(xr_fib4_del(F, ip, depth,
				 depth ? ref_lookup(ip, depth - 1) : 0), 0);
	*r = R[--nr];
}

static void check(uint32_t ip)
{
	uint32_t want = ref_lookup(ip, 32), got = xr_fib4_lookup(F, ip);

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

/* Every route gone and what they held released: no block in use, no
 * direct entry left. */
static void assert_empty(void)
{
	uint32_t i;

	cr_assert_eq(xr_pt_release(&F->pt), 0);
	cr_assert_eq(F->meta->nodes_used, 0, "%llu nodes leaked",
		     (unsigned long long)F->meta->nodes_used);
	cr_assert_eq(F->meta->leaves_used, 0, "%llu leaves leaked",
		     (unsigned long long)F->meta->leaves_used);
	for (i = 0; i < 1u << XR_PT4_DIRECT_BITS; i++)
		cr_assert_eq(F->pt.direct[i], 0, "direct[%u] left 0x%x", i,
			     F->pt.direct[i]);
}

TestSuite(fib4, .init = setup, .fini = teardown);

Test(fib4, empty_table_has_no_route)
{
	cr_assert_eq(xr_fib4_lookup(F, 0), 0);
	cr_assert_eq(xr_fib4_lookup(F, 0xffffffffu), 0);
}

Test(fib4, entry_layout)
{
	uint32_t e = xr_fib4_entry(25, 77);

	cr_assert_eq(e, XR_FIB4_VALID | 25u << 24 | 77);
	cr_assert_eq(xr_fib4_depth(e), 25);
	cr_assert_eq(e & XR_FIB4_EXT, 0);
}

Test(fib4, nested_prefixes_every_length)
{
	int d;

	/* 10.1.2.3/0 .. /32, each with its own next hop */
	for (d = 0; d <= 32; d++)
		cr_assert_eq(add(0x0a010203, (uint8_t)d, 100u + (uint32_t)d), 0);
	check_all();
	cr_assert_eq(xr_fib4_lookup(F, 0x0a010203), xr_fib4_entry(32, 132));
	cr_assert_eq(xr_fib4_lookup(F, 0x0a010202), xr_fib4_entry(31, 131));
	cr_assert_eq(xr_fib4_lookup(F, 0x0b000000), xr_fib4_entry(7, 107));
	cr_assert_eq(xr_fib4_lookup(F, 0x10000000), xr_fib4_entry(3, 103));
	/* 10.1.0.0/18's slot has a subtree: the three levels below it */
	cr_assert_neq(F->pt.direct[0x0a010203u >> 14] & XR_FIB4_EXT, 0);
	/* remove from the middle out, checking after each */
	for (d = 16; d <= 32; d++) {
		del(0x0a010203, (uint8_t)d);
		check_all();
	}
	cr_assert_eq(xr_fib4_lookup(F, 0x0a010203), xr_fib4_entry(15, 115));
	cr_assert_eq(F->pt.direct[0x0a010203u >> 14], xr_fib4_entry(15, 115),
		     "no longer route: a plain direct entry again");
	for (d = 15; d >= 0; d--) {
		del(0x0a010203, (uint8_t)d);
		check_all();
	}
	cr_assert_eq(xr_fib4_lookup(F, 0x0a010203), 0);
	assert_empty();
}

Test(fib4, replace_is_in_place)
{
	cr_assert_eq(add(0xc6336400, 24, 1), 0);
	cr_assert_eq(add(0xc6336480, 25, 2), 0);
	cr_assert_eq(add(0xc6336400, 24, 3), 0);      /* replace the /24 */
	cr_assert_eq(xr_fib4_lookup(F, 0xc6336401), xr_fib4_entry(24, 3));
	cr_assert_eq(xr_fib4_lookup(F, 0xc63364ff), xr_fib4_entry(25, 2));
	cr_assert_eq(add(0xc6336480, 25, 4), 0);      /* replace the /25 */
	cr_assert_eq(xr_fib4_lookup(F, 0xc63364ff), xr_fib4_entry(25, 4));
	check_all();
}

Test(fib4, halves_with_one_next_hop)
{
	/* two /25s with the same next hop make one run of leaves, which
	 * still says /25 */
	cr_assert_eq(add(0xc0000200, 25, 5), 0);
	cr_assert_eq(add(0xc0000280, 25, 5), 0);
	cr_assert_eq(add(0xc0000240, 26, 5), 0);
	cr_assert_eq(add(0xc0000000, 16, 6), 0);
	del(0xc0000240, 26);
	check_all();
	del(0xc0000200, 25);
	check_all();
	cr_assert_eq(xr_fib4_lookup(F, 0xc0000201), xr_fib4_entry(16, 6));
	cr_assert_eq(xr_fib4_lookup(F, 0xc0000281), xr_fib4_entry(25, 5));
}

Test(fib4, blocks_given_up_wait_for_sync)
{
	uint64_t nodes;

	cr_assert_eq(add(0xc0000280, 25, 2), 0);
	nodes = F->meta->nodes_used;
	cr_assert_gt(nodes, 0);
	del(0xc0000280, 25);
	/* given up, not yet free: a reader may still be in them */
	cr_assert_eq(F->meta->nodes_used, nodes);
	cr_assert_eq(syncs, 0);
	cr_assert_eq(xr_fib4_lookup(F, 0xc0000281), 0);
	assert_empty();
	cr_assert_eq(syncs, 1);
}

Test(fib4, random_churn_matches_reference)
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
				cr_assert_eq(add(ip, d, 1 + (uint32_t)(random() % 50)), 0);
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
	assert_empty();
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
