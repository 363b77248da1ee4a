// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie (lib/poptrie.h) on plain memory, both families: after
 * random adds and deletes, every lookup equals the longest match found
 * the slow way over the list of routes (tests/lib/ptref.c), at random
 * addresses and at the edges of every route.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "ptref.h"

#define HOT 4

static struct xr_poptrie *T;
static struct pt_ref F;
static struct xr_pt_key hot[HOT];

static void fini(void)
{
	if (T)
		pt_free(T);
	T = NULL;
	ref_free(&F);
}

TestSuite(poptrie, .fini = fini);

static unsigned __int128 w128(struct xr_pt_key k)
{
	return (unsigned __int128)k.hi << 64 | k.lo;
}

static struct xr_pt_key k128(unsigned __int128 x)
{
	return (struct xr_pt_key){ (uint64_t)(x >> 64), (uint64_t)x };
}

/* A random address of the key's width, near one of the hot ones: its
 * bits from a random point on flipped at random. */
static struct xr_pt_key rand_addr(const struct xr_pt_geom *g)
{
	unsigned __int128 r = (unsigned __int128)pt_rand() << 64 | pt_rand();
	unsigned int from = pt_rand() % (g->key_bits + 1);
	unsigned __int128 keep = from ? ~(unsigned __int128)0 << (128 - from) : 0;
	struct xr_pt_key h = hot[pt_rand() % HOT];

	if (pt_rand() % 8 == 0)
		keep = 0;          /* anywhere */
	return pt_mask(k128((w128(h) & keep) | (r & ~keep)), g->key_bits);
}

/* A random depth: a quarter of them in the direct array's reach. */
static unsigned int rand_depth(const struct xr_pt_geom *g)
{
	unsigned int db = g->direct_bits;

	if (pt_rand() % 4 == 0)
		return pt_rand() % (db + 1);
	return db + 1 + pt_rand() % (g->key_bits - db);
}

static void hot_init(const struct xr_pt_geom *g, uint64_t seed)
{
	int i;

	pt_srand(seed);
	for (i = 0; i < HOT; i++)
		hot[i] = pt_mask((struct xr_pt_key){ pt_rand(), pt_rand() },
				 g->key_bits);
}

static void check_addr(struct xr_pt_key a)
{
	uint32_t want = ref_lookup(&F, a), got = xr_pt_lookup(T, a);

	cr_assert_eq(got, want, "%016lx:%016lx: trie %08x, reference %08x "
		     "(%zu routes)", a.hi, a.lo, got, want, F.n);
}

/* The first and last address of a route, and one on either side. */
static void check_edges(const struct xr_pt_route *r)
{
	unsigned int kb = T->g->key_bits;
	struct xr_pt_key last = pt_last(r->key, r->depth, kb);

	check_addr(r->key);
	check_addr(last);
	check_addr(pt_step(r->key, -1, kb));
	check_addr(pt_step(last, 1, kb));
}

static void check_some(size_t nrand)
{
	size_t i;

	for (i = 0; i < nrand; i++)
		check_addr(rand_addr(T->g));
	for (i = 0; i < 8 && F.n; i++)
		check_edges(&F.r[pt_rand() % F.n]);
}

static void check_all(void)
{
	size_t i;

	for (i = 0; i < F.n; i++)
		check_edges(&F.r[i]);
	check_some(256);
}

/* One random change: an add, or (more often as the table grows) the
 * delete of a route there is. The route changed is checked at its edges. */
static void random_op(size_t target)
{
	const struct xr_pt_geom *g = T->g;
	struct xr_pt_route r;
	size_t i;

	if (F.n && pt_rand() % (2 * target) < F.n) {
		i = pt_rand() % F.n;
		r = F.r[i];
		cr_assert_eq(pt_ref_del(T, &F, i), 0);
	} else {
		r.depth = rand_depth(g);
		r.key = pt_mask(rand_addr(g), r.depth);
		r.e = pt_entry(g, r.depth, 1 + pt_rand() % 4);
		cr_assert_eq(pt_ref_add(T, &F, r.key, r.depth, r.e), 0);
	}
	check_edges(&r);
}

static void random_run(const struct xr_pt_geom *g, uint64_t seed,
		       size_t ops, size_t target, size_t every)
{
	size_t i;

	hot_init(g, seed);
	T = pt_new(g);
	for (i = 0; i < ops; i++) {
		random_op(target);
		check_some(8);
		if (i % every == every - 1) {
			check_all();
			cr_assert_eq(xr_pt_release(T), 0);
		}
	}
	check_all();
}

Test(poptrie, random4_every_op)
{
	random_run(&xr_pt_geom4, 1, 3000, 120, 100);
}

Test(poptrie, random6_every_op)
{
	random_run(&xr_pt_geom6, 2, 3000, 120, 100);
}

/* Deleting every route leaves the trie empty: no entry, no block. */
Test(poptrie, all_deleted_is_empty)
{
	size_t s;

	random_run(&xr_pt_geom4, 3, 1000, 200, 250);
	while (F.n)
		cr_assert_eq(pt_ref_del(T, &F, pt_rand() % F.n), 0);
	cr_assert_eq(xr_pt_release(T), 0);
	for (s = 0; s < 1u << T->g->direct_bits; s++)
		cr_assert_eq(T->direct[s], 0, "slot %zu", s);
	cr_assert_eq(T->meta->nodes_used, 0);
	cr_assert_eq(T->meta->leaves_used, 0);
	cr_assert_eq(T->meta->node_pages + T->meta->leaf_pages, 0);
}

/* Larger tables, checked after batches. */
static void batch_run(const struct xr_pt_geom *g, uint64_t seed)
{
	size_t i;

	hot_init(g, seed);
	T = pt_new(g);
	for (i = 0; i < 20000; i++) {
		random_op(4000);
		if (i % 5000 == 4999)
			check_all();
	}
}

Test(poptrie, random4_batches)
{
	batch_run(&xr_pt_geom4, 4);
}

Test(poptrie, random6_batches)
{
	batch_run(&xr_pt_geom6, 5);
}
