// SPDX-License-Identifier: GPL-2.0
/*
 * A family's trie against its route table (lib/fibrepair_common.h): the
 * structure and the allocator checked by xr_pt_check, then every slot
 * compared with a scratch trie that xr_pt_rebuild makes from the routes
 * in plain memory, and a slot that differs made again in the live trie
 * the way an update makes it (new blocks, one store).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/fibrepair_common.h"

/* A route and where it was in the list: of two of one prefix, the
 * later wins. */
struct ranked {
	struct xr_pt_route r;
	size_t i;
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->r.key.hi != b->r.key.hi)
		return a->r.key.hi < b->r.key.hi ? -1 : 1;
	if (a->r.key.lo != b->r.key.lo)
		return a->r.key.lo < b->r.key.lo ? -1 : 1;
	if (a->r.depth != b->r.depth)
		return a->r.depth < b->r.depth ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int same_prefix(const struct xr_pt_route *a, const struct xr_pt_route *b)
{
	return a->key.hi == b->key.hi && a->key.lo == b->key.lo &&
	       a->depth == b->depth;
}

/* rt sorted, each prefix once (its last entry): *n shrinks. */
static int routes_unique(struct xr_pt_route *rt, size_t *n)
{
	struct ranked *v = malloc((*n + 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < *n; i++)
		v[i] = (struct ranked){ rt[i], i };
	qsort(v, *n, sizeof(*v), ranked_cmp);
	for (i = 0; i < *n; i++) {
		if (k && same_prefix(&rt[k - 1], &v[i].r))
			k--;
		rt[k++] = v[i].r;
	}
	*n = k;
	free(v);
	return 0;
}

/* A trie of geometry g in plain memory, empty; no concurrent readers. */
struct scratch {
	struct xr_poptrie t;
	void *mem[5];
};

static void scratch_free(struct scratch *s)
{
	int i;

	if (s->t.g)
		xr_pt_fini(&s->t);
	for (i = 0; i < 5; i++)
		free(s->mem[i]);
}

static int scratch_init(struct scratch *s, const struct xr_pt_geom *g)
{
	size_t units = (size_t)g->nnodes + g->nleaves;
	int i;

	memset(s, 0, sizeof(*s));
	s->mem[0] = calloc((size_t)1 << g->direct_bits, sizeof(uint32_t));
	s->mem[1] = calloc(g->nnodes, sizeof(struct xr_pt_node));
	s->mem[2] = calloc(g->nleaves, sizeof(uint32_t));
	s->mem[3] = calloc(units / XR_PT_PAGE_UNITS, sizeof(struct xr_pt_page));
	s->mem[4] = calloc(1, sizeof(struct xr_pt_meta));
	for (i = 0; i < 5; i++)
		if (!s->mem[i]) {
			scratch_free(s);
			return -ENOMEM;
		}
	xr_pt_init(&s->t, g, s->mem[0], s->mem[1], s->mem[2], s->mem[3],
		   s->mem[4]);
	s->t.sync = NULL;
	xr_pt_format(&s->t);
	return 0;
}

/* Every slot of live that differs from the scratch's: counted, and with
 * fix copied from it. */
static int slots_compare(struct xr_repair *b, struct xr_poptrie *live,
			 const struct xr_poptrie *want)
{
	uint32_t s, n = 1u << live->g->direct_bits;
	int err;

	for (s = 0; s < n; s++) {
		if (xr_pt_slot_equal(live, want, s))
			continue;
		b->r->entries++;
		if (b->fix && (err = xr_pt_slot_copy(live, want, s)))
			return err;
	}
	return 0;
}

/* A structure xr_pt_check refused: built anew from the routes, what it
 * held freed after the grace period, the allocator derived again. */
static int trie_rebuild(struct xr_poptrie *live, const struct xr_pt_route *rt,
			size_t n)
{
	uint64_t fixed;
	int err;

	if ((err = xr_pt_rebuild(live, rt, n)) || (err = xr_pt_release(live)))
		return err;
	return xr_pt_check(live, 1, &fixed);
}

static int trie_compare(struct xr_repair *b, struct xr_poptrie *live,
			const struct xr_pt_route *rt, size_t n)
{
	struct scratch s;
	int err;

	if ((err = scratch_init(&s, live->g)))
		return err;
	err = xr_pt_rebuild(&s.t, rt, n);
	if (!err)
		err = slots_compare(b, live, &s.t);
	scratch_free(&s);
	return err;
}

int xr_repair_trie(struct xr_repair *b, struct xr_poptrie *live,
		   struct xr_pt_route *rt, size_t n)
{
	uint64_t fixed = 0;
	int err;

	if ((err = routes_unique(rt, &n)))
		return err;
	err = xr_pt_check(live, b->fix, &fixed);
	b->r->blocks += fixed;
	if (err == -EUCLEAN) {
		b->r->unsound++;
		return b->fix ? trie_rebuild(live, rt, n) : 0;
	}
	return err ? err : trie_compare(b, live, rt, n);
}
