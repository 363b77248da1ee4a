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
#include "lib/poptrie_int.h"
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

/* ------------------------------------------------------------------ */
/* Canonical form: whatever the order of the changes, every slot is    */
/* what a rebuild from the routes gives, and so is the memory used.    */

static void check_canonical(void)
{
	struct xr_poptrie *s = pt_new(T->g);
	uint32_t i;

	cr_assert_eq(xr_pt_rebuild(s, F.r, F.n), 0);
	cr_assert_eq(xr_pt_release(T), 0);
	for (i = 0; i < 1u << T->g->direct_bits; i++)
		cr_assert(xr_pt_slot_equal(T, s, i), "slot %u differs", i);
	cr_assert_eq(T->meta->nodes_used, s->meta->nodes_used);
	cr_assert_eq(T->meta->leaves_used, s->meta->leaves_used);
	pt_free(s);
}

static void canonical_run(const struct xr_pt_geom *g, uint64_t seed)
{
	size_t i;

	hot_init(g, seed);
	T = pt_new(g);
	for (i = 0; i < 4000; i++) {
		random_op(300);
		if (i % 400 == 399)
			check_canonical();
	}
}

Test(poptrie, canonical4)
{
	canonical_run(&xr_pt_geom4, 6);
}

Test(poptrie, canonical6)
{
	canonical_run(&xr_pt_geom6, 7);
}

/* A rebuild gives the reference's answers, also over a trie in use. */
Test(poptrie, rebuild_over_live)
{
	struct xr_pt_route *r;
	size_t n;

	random_run(&xr_pt_geom4, 8, 1500, 300, 500);
	n = F.n;
	r = malloc(n * sizeof(*r));
	memcpy(r, F.r, n * sizeof(*r));
	while (F.n > n / 2)       /* the trie has more than the table */
		ref_del(&F, pt_rand() % F.n);
	cr_assert_eq(xr_pt_rebuild(T, F.r, F.n), 0);
	check_all();
	check_canonical();
	cr_assert_eq(xr_pt_rebuild(T, r, n), 0);
	ref_free(&F);
	for (size_t i = 0; i < n; i++)
		ref_add(&F, r[i].key, r[i].depth, r[i].e);
	check_all();
	check_canonical();
	free(r);
}

/* ------------------------------------------------------------------ */
/* Readers: after a change, before release, a reader that took the      */
/* direct entries before it still finds the old answers.                */

#define PROBES 256

Test(poptrie, readers_keep_old_answers)
{
	const struct xr_pt_geom *g = &xr_pt_geom4;
	size_t nd = 1u << g->direct_bits, i, j;
	uint32_t *old = malloc(nd * sizeof(uint32_t)), want[PROBES];
	struct xr_pt_key a[PROBES];
	struct xr_poptrie view;

	hot_init(g, 9);
	T = pt_new(g);
	for (i = 0; i < 600; i++) {
		for (j = 0; j < PROBES; j++) {
			a[j] = j < PROBES / 2 && F.n ?
				pt_last(F.r[pt_rand() % F.n].key, 32, 32) :
				rand_addr(g);
			want[j] = ref_lookup(&F, a[j]);
		}
		memcpy(old, T->direct, nd * sizeof(uint32_t));
		random_op(150);
		view = *T;
		view.direct = old;
		for (j = 0; j < PROBES; j++)
			cr_assert_eq(xr_pt_lookup(&view, a[j]), want[j],
				     "op %zu: an old reader's answer changed", i);
		if (i % 7 == 6)
			cr_assert_eq(xr_pt_release(T), 0);
	}
	free(old);
}

/* ------------------------------------------------------------------ */
/* A full trie: -ENOSPC, and then nothing changed.                      */

static const struct xr_pt_geom tiny4 = {
	.key_bits = 32, .direct_bits = XR_PT4_DIRECT_BITS,
	.levels = XR_PT4_LEVELS, .nnodes = 256, .nleaves = 512,
	.valid = XR_FIB4_VALID, .ext = XR_FIB4_EXT, .id_mask = XR_FIB4_ID_MASK,
	.depth_shift = XR_FIB4_DEPTH_SHIFT, .depth_mask = XR_FIB4_DEPTH_MASK,
};

struct snap {
	void *p[5];
	size_t len[5];
};

static void snap_take(struct snap *s)
{
	void *src[5] = { T->direct, T->nodes, T->leaves, T->pages, T->meta };
	size_t i;

	s->len[0] = sizeof(uint32_t) << T->g->direct_bits;
	s->len[1] = T->g->nnodes * sizeof(struct xr_pt_node);
	s->len[2] = T->g->nleaves * sizeof(uint32_t);
	s->len[3] = (T->g->nnodes + T->g->nleaves) / XR_PT_PAGE_UNITS *
		    sizeof(struct xr_pt_page);
	s->len[4] = sizeof(struct xr_pt_meta);
	for (i = 0; i < 5; i++) {
		s->p[i] = malloc(s->len[i]);
		memcpy(s->p[i], src[i], s->len[i]);
	}
}

/* Whether the units of page p's blocks in use are as in s. */
static int page_same(const struct snap *s, uint32_t p)
{
	const struct xr_pt_page *pg = &T->pages[p];
	uint32_t u, nodep = T->g->nnodes / XR_PT_PAGE_UNITS;
	int leaves = p >= nodep;
	size_t sz = leaves ? sizeof(uint32_t) : sizeof(struct xr_pt_node);
	size_t base = (size_t)(p - (leaves ? nodep : 0)) * XR_PT_PAGE_UNITS;
	const char *was = s->p[leaves ? 2 : 1];
	const char *now = leaves ? (const char *)T->leaves :
				   (const char *)T->nodes;

	for (u = 0; u < XR_PT_PAGE_UNITS; u++)
		if ((pg->used >> (u >> pg->order) & 1) &&
		    memcmp(was + (base + u) * sz, now + (base + u) * sz, sz))
			return 0;
	return 1;
}

static int used_same(const struct snap *s)
{
	uint32_t p, np = (T->g->nnodes + T->g->nleaves) / XR_PT_PAGE_UNITS;

	for (p = 0; p < np; p++)
		if (T->pages[p].order != XR_PT_ORDER_FREE && !page_same(s, p))
			return 0;
	return 1;
}

/* Nothing a reader or the allocator sees changed: the direct array,
 * the pages, the counts, the blocks in use (free blocks may have been
 * written: no one reads them). */
static void snap_same(struct snap *s)
{
	void *now[5] = { T->direct, T->nodes, T->leaves, T->pages, T->meta };
	size_t i;

	for (i = 0; i < 5; i += i == 0 ? 3 : 1)
		cr_assert(!memcmp(s->p[i], now[i], s->len[i]),
			  "memory %zu changed by a failed change", i);
	cr_assert(used_same(s), "a block in use changed by a failed change");
	for (i = 0; i < 5; i++)
		free(s->p[i]);
}

Test(poptrie, full_changes_nothing)
{
	size_t i, nospc = 0;
	struct xr_pt_route r;
	struct snap s;
	int err;

	hot_init(&tiny4, 10);
	T = pt_new(&tiny4);
	for (i = 0; i < 3000; i++) {
		cr_assert_eq(xr_pt_release(T), 0);
		snap_take(&s);
		if (F.n > 40 && pt_rand() % 3 == 0) {
			err = pt_ref_del(T, &F, pt_rand() % F.n);
		} else {
			r.depth = tiny4.direct_bits + 1 + pt_rand() % 14;
			r.key = pt_mask(rand_addr(&tiny4), r.depth);
			r.e = pt_entry(&tiny4, r.depth, 1 + pt_rand() % 4);
			err = pt_ref_add(T, &F, r.key, r.depth, r.e);
		}
		cr_assert(err == 0 || err == -ENOSPC, "err %d", err);
		if (err) {
			nospc++;
			snap_same(&s);
		} else {
			for (size_t k = 0; k < 5; k++)
				free(s.p[k]);
		}
		check_some(4);
	}
	cr_assert_gt(nospc, 100, "the tiny trie never filled (%zu)", nospc);
	check_all();
}

/* ------------------------------------------------------------------ */
/* Check and repair.                                                    */

static void random_table(uint64_t seed)
{
	random_run(&xr_pt_geom4, seed, 1200, 400, 1200);
	cr_assert_eq(xr_pt_release(T), 0);
}

Test(poptrie, check_sound_and_pending)
{
	uint64_t fixed = 1;

	random_table(11);
	cr_assert_eq(xr_pt_check(T, 0, &fixed), 0);
	cr_assert_eq(fixed, 0);
	random_op(400);
	random_op(400);
	if (!T->pending.n)      /* a change that gave nothing up: one more */
		random_op(400);
	cr_assert_eq(xr_pt_check(T, 0, &fixed), 0);
	cr_assert_gt(fixed, 0, "pending blocks are not reachable");
	cr_assert_eq(xr_pt_check(T, 1, &fixed), 0);
	cr_assert_eq(T->pending.n, 0);
	cr_assert_eq(xr_pt_check(T, 0, &fixed), 0);
	cr_assert_eq(fixed, 0);
	check_all();
}

Test(poptrie, check_frees_leaked_blocks)
{
	struct xr_pt_txn x = { 0 };
	uint64_t nodes, leaves, fixed;
	uint32_t u;
	int i;

	random_table(12);
	nodes = T->meta->nodes_used;
	leaves = T->meta->leaves_used;
	for (i = 0; i < 7; i++) {      /* a writer that died before linking */
		cr_assert_eq(xr_pt_alloc(T, &x, i & 1, i % 7, &u), 0);
	}
	xr_pt_txn_free(&x);
	cr_assert_gt(T->meta->nodes_used, nodes);
	cr_assert_eq(xr_pt_check(T, 1, &fixed), 0);
	cr_assert_gt(fixed, 0);
	cr_assert_eq(T->meta->nodes_used, nodes);
	cr_assert_eq(T->meta->leaves_used, leaves);
	cr_assert_eq(xr_pt_check(T, 0, &fixed), 0);
	cr_assert_eq(fixed, 0);
	random_op(400);                /* the allocator goes on from the pages */
	check_all();
	check_canonical();
}

/* The first slot with a subtree, and its root node. */
static struct xr_pt_node *first_root(void)
{
	uint32_t s;

	for (s = 0; s < 1u << T->g->direct_bits; s++)
		if (T->direct[s] & T->g->ext)
			return &T->nodes[T->direct[s] & T->g->id_mask];
	cr_assert_fail("no subtree");
	return NULL;
}

static void expect_unclean(void)
{
	uint64_t fixed;

	cr_assert_eq(xr_pt_check(T, 1, &fixed), -EUCLEAN);
}

Test(poptrie, check_refuses_bad_root)
{
	uint32_t s;

	random_table(13);
	for (s = 0; !(T->direct[s] & T->g->ext); s++)
		;
	T->direct[s] = xr_pt_root_entry(T->g, T->g->nnodes + 5);
	expect_unclean();
}

Test(poptrie, check_refuses_unallocated_children)
{
	struct xr_pt_node *n;

	random_table(14);
	n = first_root();
	n->vector |= 1;         /* one more child: past its block, or a new one */
	n->leafvec &= ~1ull;
	n->base1 = T->g->nnodes - 64;
	expect_unclean();
}

Test(poptrie, check_refuses_shared_block)
{
	uint32_t s, first = UINT32_MAX;

	random_table(15);
	for (s = 0; s < 1u << T->g->direct_bits; s++) {
		if (!(T->direct[s] & T->g->ext))
			continue;
		if (first == UINT32_MAX) {
			first = T->direct[s];
			continue;
		}
		T->direct[s] = first;   /* one root reached twice */
		break;
	}
	expect_unclean();
}

Test(poptrie, check_refuses_bad_leafvec)
{
	struct xr_pt_node *n;

	random_table(16);
	n = first_root();
	n->leafvec = 0;
	n->vector &= ~1ull;     /* a leaf position that no run starts */
	expect_unclean();
}

/* ------------------------------------------------------------------ */
/* Slot copy: a slot gone wrong made the rebuilt one's copy.           */

Test(poptrie, slot_copy_repairs)
{
	struct xr_poptrie *s;
	uint64_t nodes, fixed;
	uint32_t i, bad = 0;

	random_table(17);
	nodes = T->meta->nodes_used;
	s = pt_new(T->g);
	cr_assert_eq(xr_pt_rebuild(s, F.r, F.n), 0);
	for (i = 0; i < 1u << T->g->direct_bits && bad < 3; i++) {
		if (!(T->direct[i] & T->g->ext))
			continue;
		T->leaves[T->nodes[T->direct[i] & T->g->id_mask].base0] ^= 1;
		cr_assert(!xr_pt_slot_equal(T, s, i));
		cr_assert_eq(xr_pt_slot_copy(T, s, i), 0);
		cr_assert(xr_pt_slot_equal(T, s, i));
		bad++;
	}
	cr_assert_eq(bad, 3);
	for (i = 0; T->direct[i] & T->g->ext; i++)
		;
	T->direct[i] ^= 1;
	cr_assert(!xr_pt_slot_equal(T, s, i));
	cr_assert_eq(xr_pt_slot_copy(T, s, i), 0);
	cr_assert_eq(xr_pt_release(T), 0);
	cr_assert_eq(T->meta->nodes_used, nodes);
	cr_assert_eq(xr_pt_check(T, 0, &fixed), 0);
	cr_assert_eq(fixed, 0);
	check_all();
	pt_free(s);
}
