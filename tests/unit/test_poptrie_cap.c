// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie's capacity (issue 17): the tables the FIB must hold, with
 * the real geometries in plain memory. Each is added route by route;
 * every add must succeed, every route must be found at its first
 * address (itself or a longer one), the trie must be what a rebuild
 * from the table gives, and its pages sound. The nodes and leaves used
 * are printed (docs/fib.md "Capacity"); times are printed, never
 * asserted (make bench measures).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include "ptref.h"
#include "ptshape.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The routes added one by one; the first that fails ends the table
 * there (full: -ENOSPC) when to_limit, else fails the test. */
static void add_all(struct xr_poptrie *t, struct pt_table *tb,
		    const char *name, int to_limit)
{
	size_t i;
	int err = 0;

	for (i = 0; i < tb->n && !err; i++) {
		err = xr_pt_add(t, tb->r[i].key, tb->r[i].depth, tb->r[i].e);
		cr_assert(!err || (to_limit && err == -ENOSPC),
			  "%s: route %zu of %zu: %d (nodes %llu of %u, "
			  "leaves %llu of %u)", name, i, tb->n, err,
			  (unsigned long long)t->meta->nodes_used, t->g->nnodes,
			  (unsigned long long)t->meta->leaves_used, t->g->nleaves);
	}
	cr_assert_eq(xr_pt_release(t), 0);
	if (!err)
		return;
	/* full indeed: every page of one array in use */
	cr_assert(t->meta->node_pages == t->g->nnodes / XR_PT_PAGE_UNITS ||
		  t->meta->leaf_pages == t->g->nleaves / XR_PT_PAGE_UNITS,
		  "%s: -ENOSPC with free pages", name);
	printf("%-28s full after %zu of %zu prefixes (-ENOSPC)\n", name, i - 1,
	       tb->n);
	tb->n = i - 1;
}

/* Each route found at its first address: itself, or a longer one. */
static void find_all(const struct xr_poptrie *t, const struct pt_table *tb)
{
	const struct xr_pt_geom *g = t->g;
	uint32_t x;
	size_t i;

	for (i = 0; i < tb->n; i++) {
		x = xr_pt_lookup(t, tb->r[i].key);
		cr_assert(x & g->valid, "route %zu not found", i);
		cr_assert_geq((x >> g->depth_shift) & g->depth_mask,
			      tb->r[i].depth, "route %zu: a shorter one found", i);
		if (((x >> g->depth_shift) & g->depth_mask) == tb->r[i].depth)
			cr_assert_eq(x, tb->r[i].e, "route %zu: wrong entry", i);
	}
}

static void same_as_rebuild(const struct xr_poptrie *t,
			    const struct pt_table *tb, double *secs)
{
	struct xr_poptrie *s = pt_new(t->g);
	double t0 = now();
	uint32_t i;

	cr_assert_eq(xr_pt_rebuild(s, tb->r, tb->n), 0);
	*secs = now() - t0;
	for (i = 0; i < 1u << t->g->direct_bits; i++)
		cr_assert(xr_pt_slot_equal(t, s, i), "slot %u differs", i);
	cr_assert_eq(t->meta->nodes_used, s->meta->nodes_used);
	cr_assert_eq(t->meta->leaves_used, s->meta->leaves_used);
	pt_free(s);
}

static void shape_to(const struct xr_pt_geom *g, struct pt_table tb,
		     const char *name, size_t want, int to_limit)
{
	struct xr_poptrie *t = pt_new(g);
	double t0, add, build;
	uint64_t fixed;

	cr_assert_eq(tb.n, want, "%s: %zu prefixes, not %zu", name, tb.n, want);
	t0 = now();
	add_all(t, &tb, name, to_limit);
	add = now() - t0;
	find_all(t, &tb);
	same_as_rebuild(t, &tb, &build);
	cr_assert_eq(xr_pt_check(t, 0, &fixed), 0);
	cr_assert_eq(fixed, 0);
	printf("%-28s %8zu prefixes: nodes %8llu of %u (%4.1f%%), leaves %8llu "
	       "of %u (%4.1f%%), %6.2f MiB; add %.2f us/route, rebuild %.2f s\n",
	       name, tb.n, (unsigned long long)t->meta->nodes_used, g->nnodes,
	       100.0 * t->meta->nodes_used / g->nnodes,
	       (unsigned long long)t->meta->leaves_used, g->nleaves,
	       100.0 * t->meta->leaves_used / g->nleaves,
	       xr_pt_bytes(t) / 1048576.0, add * 1e6 / tb.n, build);
	fflush(stdout);
	pt_free(t);
	pts_free(&tb);
}

static void shape(const struct xr_pt_geom *g, struct pt_table tb,
		  const char *name, size_t want)
{
	shape_to(g, tb, name, want, 0);
}

Test(poptrie_cap, ipv4_long_over_100k_24s, .timeout = 300)
{
	shape(&xr_pt_geom4, pts_mixed4(1000000, 1), "ipv4 1M, 10% > /24", 1000000);
}

Test(poptrie_cap, ipv4_hosts, .timeout = 300)
{
	shape(&xr_pt_geom4, pts_hosts4(1000000, 2), "ipv4 1M /32", 1000000);
}

Test(poptrie_cap, ipv4_internet, .timeout = 300)
{
	shape(&xr_pt_geom4, pts_real(0), "ipv4 full table", 901899);
}

Test(poptrie_cap, ipv6_long_over_100k_48s, .timeout = 300)
{
	shape(&xr_pt_geom6, pts_mixed6(1000000, 3), "ipv6 1M, 10% > /48", 1000000);
}

/* Without tails 1M random /128s would need about 18M nodes, each on a
 * chain of its own (docs/fib.md "Capacity"). */
Test(poptrie_cap, ipv6_hosts, .timeout = 300)
{
	shape(&xr_pt_geom6, pts_hosts6(1000000, 4), "ipv6 1M /128", 1000000);
}

/* A trie that fills up says so: -ENOSPC with every page of an array in
 * use, and it holds what it took (a tiny geometry). */
static const struct xr_pt_geom small6 = {
	.key_bits = 128, .direct_bits = XR_PT6_DIRECT_BITS,
	.levels = XR_PT6_LEVELS, .nnodes = 1u << 14, .nleaves = 1u << 15,
	.valid = XR_FIB6_VALID, .ext = XR_FIB6_EXT, .id_mask = XR_FIB6_ID_MASK,
	.depth_shift = XR_FIB6_DEPTH_SHIFT, .depth_mask = XR_FIB6_DEPTH_MASK,
};

Test(poptrie_cap, full_says_so, .timeout = 300)
{
	shape_to(&small6, pts_mixed6(100000, 5), "ipv6 small arrays", 100000, 1);
}

Test(poptrie_cap, ipv6_internet, .timeout = 300)
{
	shape(&xr_pt_geom6, pts_real(1), "ipv6 full table", 160147);
}
