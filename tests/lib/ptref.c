// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "ptref.h"

struct xr_poptrie *pt_new(const struct xr_pt_geom *g)
{
	struct xr_poptrie *t = calloc(1, sizeof(*t));
	size_t np = (g->nnodes + g->nleaves) / XR_PT_PAGE_UNITS;

	if (!t)
		abort();
	xr_pt_init(t, g, calloc(1u << g->direct_bits, sizeof(uint32_t)),
		   calloc(g->nnodes, sizeof(struct xr_pt_node)),
		   calloc(g->nleaves, sizeof(uint32_t)),
		   calloc(np, sizeof(struct xr_pt_page)),
		   calloc(1, sizeof(struct xr_pt_meta)));
	if (!t->direct || !t->nodes || !t->leaves || !t->pages || !t->meta)
		abort();
	xr_pt_format(t);
	return t;
}

void pt_free(struct xr_poptrie *t)
{
	xr_pt_release(t);
	xr_pt_fini(t);
	free(t->direct);
	free(t->nodes);
	free(t->leaves);
	free(t->pages);
	free(t->meta);
	free(t);
}

uint32_t pt_entry(const struct xr_pt_geom *g, unsigned int depth, uint32_t id)
{
	return g->valid | depth << g->depth_shift | (id & g->id_mask);
}

static unsigned __int128 wide(struct xr_pt_key k)
{
	return (unsigned __int128)k.hi << 64 | k.lo;
}

static struct xr_pt_key narrow(unsigned __int128 x)
{
	return (struct xr_pt_key){ (uint64_t)(x >> 64), (uint64_t)x };
}

static unsigned __int128 netmask(unsigned int depth)
{
	return depth ? ~(unsigned __int128)0 << (128 - depth) : 0;
}

struct xr_pt_key pt_mask(struct xr_pt_key key, unsigned int depth)
{
	return narrow(wide(key) & netmask(depth));
}

int pt_under(struct xr_pt_key a, struct xr_pt_key key, unsigned int depth)
{
	return ((wide(a) ^ wide(key)) & netmask(depth)) == 0;
}

struct xr_pt_key pt_last(struct xr_pt_key key, unsigned int depth,
			 unsigned int key_bits)
{
	return narrow((wide(key) | ~netmask(depth)) & netmask(key_bits));
}

struct xr_pt_key pt_step(struct xr_pt_key a, int d, unsigned int key_bits)
{
	unsigned __int128 one = (unsigned __int128)1 << (128 - key_bits);

	return narrow(d < 0 ? wide(a) - one : wide(a) + one);
}

static long ref_find(const struct pt_ref *f, struct xr_pt_key key,
		     unsigned int depth)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->r[i].depth == depth && f->r[i].key.hi == key.hi &&
		    f->r[i].key.lo == key.lo)
			return i;
	return -1;
}

void ref_add(struct pt_ref *f, struct xr_pt_key key, unsigned int depth,
	     uint32_t e)
{
	long i = ref_find(f, key, depth);

	if (i >= 0) {
		f->r[i].e = e;
		return;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 1024;
		f->r = realloc(f->r, f->cap * sizeof(*f->r));
		if (!f->r)
			abort();
	}
	f->r[f->n++] = (struct xr_pt_route){ key, depth, e };
}

/* The longest route but skip under which a lies, shorter than max. */
static uint32_t ref_longest(const struct pt_ref *f, struct xr_pt_key a,
			    unsigned int max)
{
	uint32_t e = 0;
	int best = -1;
	size_t i;

	for (i = 0; i < f->n; i++)
		if ((int)f->r[i].depth > best && f->r[i].depth < max &&
		    pt_under(a, f->r[i].key, f->r[i].depth)) {
			best = f->r[i].depth;
			e = f->r[i].e;
		}
	return e;
}

uint32_t ref_del(struct pt_ref *f, size_t i)
{
	struct xr_pt_route r = f->r[i];

	f->r[i] = f->r[--f->n];
	return ref_longest(f, r.key, r.depth);
}

uint32_t ref_lookup(const struct pt_ref *f, struct xr_pt_key a)
{
	return ref_longest(f, a, 129);
}

void ref_free(struct pt_ref *f)
{
	free(f->r);
	memset(f, 0, sizeof(*f));
}

int pt_ref_add(struct xr_poptrie *t, struct pt_ref *f, struct xr_pt_key key,
	       unsigned int depth, uint32_t e)
{
	int err = xr_pt_add(t, key, depth, e);

	if (!err)
		ref_add(f, key, depth, e);
	return err;
}

int pt_ref_del(struct xr_poptrie *t, struct pt_ref *f, size_t i)
{
	struct xr_pt_route r = f->r[i];
	uint32_t repl;
	int err;

	repl = ref_del(f, i);
	err = xr_pt_del(t, r.key, r.depth, repl);
	if (err)
		ref_add(f, r.key, r.depth, r.e);
	return err;
}

static uint64_t seed_state = 88172645463325252ull;

uint64_t pt_rand(void)
{
	uint64_t x = seed_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return seed_state = x;
}

void pt_srand(uint64_t seed)
{
	seed_state = seed ? seed : 88172645463325252ull;
}
