// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/dir24.h"

static inline void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

int xr_groups_alloc(struct xr_groups *p, uint32_t *out)
{
	uint32_t i, g;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->ngroups; i++) {
			g = (p->cursor + i) % p->ngroups;
			if (p->bitmap[g / 64] == ~0ull) {
				i += 63 - g % 64;  /* skip the rest of a full word */
				continue;
			}
			if (!xr_bit_test(p->bitmap, g)) {
				xr_bit_set(p->bitmap, g, 1);
				(*p->groups_used)++;
				p->cursor = g + 1;
				*out = g;
				return 0;
			}
		}
		/* Full: groups given up earlier become free after a sync. */
		if (!p->pending.n || xr_groups_release(p))
			break;
	}
	return -ENOSPC;
}

int xr_groups_put(struct xr_groups *p, uint32_t g)
{
	return xr_idlist_push(&p->pending, g);
}

void xr_groups_unalloc(struct xr_groups *p, uint32_t g)
{
	memset(xr_groups_at(p, g), 0, 256 * sizeof(uint32_t));
	xr_bit_set(p->bitmap, g, 0);
	(*p->groups_used)--;
}

int xr_groups_release(struct xr_groups *p)
{
	size_t i;
	int err;

	if (!p->pending.n)
		return 0;
	if (p->sync) {
		err = p->sync();
		if (err)
			return err;
	}
	for (i = 0; i < p->pending.n; i++)
		xr_groups_unalloc(p, p->pending.v[i]);
	p->pending.n = 0;
	return 0;
}

int xr_dir24_release(struct xr_dir24 *d)
{
	return xr_groups_release(&d->grp);
}

void xr_dir24_fini(struct xr_dir24 *d)
{
	xr_idlist_free(&d->pending);
}

/* Whether a slot now holding e should take a route of this depth. */
static inline int takes(uint32_t e, uint8_t depth)
{
	return !(e & XR_FIB4_VALID) || xr_fib4_depth(e) <= depth;
}

static void group_fill(uint32_t *grp, uint32_t first, uint32_t n,
		       uint8_t depth, uint32_t e)
{
	uint32_t j;

	for (j = first; j < first + n; j++)
		if (takes(load(&grp[j]), depth))
			store(&grp[j], e);
}

int xr_dir24_add(struct xr_dir24 *d, uint32_t ip, uint8_t depth, uint32_t id)
{
	uint32_t e = xr_fib4_entry(depth, id);
	uint32_t i, first, n, cur, g, *grp;

	if (depth > 32)
		return -EINVAL;
	if (depth <= 24) {
		first = ip >> 8;
		n = 1u << (24 - depth);
		for (i = first; i < first + n; i++) {
			cur = load(&d->tbl24[i]);
			if (!(cur & XR_FIB4_EXT)) {
				if (takes(cur, depth))
					store(&d->tbl24[i], e);
			} else {
				group_fill(xr_dir24_group(d, cur & XR_FIB4_ID_MASK),
					   0, 256, depth, e);
			}
		}
		return 0;
	}

	i = ip >> 8;
	first = ip & 0xff;
	n = 1u << (32 - depth);
	cur = load(&d->tbl24[i]);
	if (cur & XR_FIB4_EXT) {
		group_fill(xr_dir24_group(d, cur & XR_FIB4_ID_MASK), first, n,
			   depth, e);
		return 0;
	}
	/* A new group: the /24's route everywhere, this route on its part,
	 * and only then the tbl24 entry that makes readers look at it. */
	if (xr_groups_alloc(&d->grp, &g))
		return -ENOSPC;
	grp = xr_dir24_group(d, g);
	for (i = 0; i < 256; i++)
		grp[i] = cur;
	for (i = first; i < first + n; i++)
		grp[i] = e;
	store(&d->tbl24[ip >> 8], XR_FIB4_VALID | XR_FIB4_EXT | g);
	return 0;
}

/* A group whose 256 entries are one route of /24 or shorter (or none)
 * goes back to being a plain tbl24 entry. */
static int group_collapse(struct xr_dir24 *d, uint32_t i24, uint32_t g)
{
	uint32_t *grp = xr_dir24_group(d, g), e0 = load(&grp[0]), j;

	if ((e0 & XR_FIB4_VALID) && xr_fib4_depth(e0) > 24)
		return 0;
	for (j = 1; j < 256; j++)
		if (load(&grp[j]) != e0)
			return 0;
	store(&d->tbl24[i24], e0);
	return xr_groups_put(&d->grp, g);
}

/* The deleted route's slots take repl; a longer route keeps its own. */
static void slots_replace(uint32_t *p, uint32_t n, uint8_t depth,
			  uint32_t repl)
{
	uint32_t j, x;

	for (j = 0; j < n; j++) {
		x = load(&p[j]);
		if (!(x & XR_FIB4_EXT) && (x & XR_FIB4_VALID) &&
		    xr_fib4_depth(x) <= depth)
			store(&p[j], repl);
	}
}

int xr_dir24_del(struct xr_dir24 *d, uint32_t ip, uint8_t depth, uint32_t repl)
{
	uint32_t i, first, n, cur, g;
	int err;

	if (depth > 32)
		return -EINVAL;
	if (depth <= 24) {
		first = ip >> 8;
		n = 1u << (24 - depth);
		slots_replace(&d->tbl24[first], n, depth, repl);
		for (i = first; i < first + n; i++) {
			cur = load(&d->tbl24[i]);
			if (!(cur & XR_FIB4_EXT))
				continue;
			g = cur & XR_FIB4_ID_MASK;
			slots_replace(xr_dir24_group(d, g), 256, depth, repl);
			err = group_collapse(d, i, g);
			if (err)
				return err;
		}
		return 0;
	}

	i = ip >> 8;
	cur = load(&d->tbl24[i]);
	if (!(cur & XR_FIB4_EXT))
		return 0;      /* nothing longer than /24 here */
	g = cur & XR_FIB4_ID_MASK;
	slots_replace(xr_dir24_group(d, g) + (ip & 0xff), 1u << (32 - depth),
		      depth, repl);
	return group_collapse(d, i, g);
}

uint32_t xr_dir24_lookup(const struct xr_dir24 *d, uint32_t ip)
{
	uint32_t e = load(&d->tbl24[ip >> 8]);

	if (e & XR_FIB4_EXT)
		e = load(&xr_dir24_group(d, e & XR_FIB4_ID_MASK)[ip & 0xff]);
	return e;
}
