// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 trie (lib/lpm6.h): rte_lpm6's algorithm with a 16-bit first
 * level. A route of length d is written in the array of its level, on the
 * 2^(level's length - d) entries it covers, each of which takes it when
 * it holds no route or one no longer than d; an entry that names a group
 * takes it throughout that group, recursively. A delete gives the same
 * entries the covering route's entry, and folds back every group left
 * with 256 equal entries of a route that covers it whole.
 */
#include <errno.h>
#include <string.h>
#include "lib/lpm6.h"

#define EXT_ENTRY(g) (XR_FIB6_VALID | XR_FIB6_EXT | (g))

static inline void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline uint8_t byte(const struct xr_in6 *a, unsigned int i)
{
	return ((const uint8_t *)a->a)[i];
}

static inline uint32_t idx16(const struct xr_in6 *a)
{
	return (uint32_t)byte(a, 0) << 8 | byte(a, 1);
}

/* The group level a route of this depth (> 16) is written in. */
static inline int level_of(uint8_t depth)
{
	return (depth - 17) / 8;
}

/* Whether a slot now holding e (not a group) takes a route of depth. */
static inline int takes(uint32_t e, uint8_t depth)
{
	return !(e & XR_FIB6_VALID) || xr_fib6_depth(e) <= depth;
}

static void fill_range(struct xr_lpm6 *t, uint32_t *p, uint32_t n,
		       uint8_t depth, uint32_t e)
{
	uint32_t j, x;

	for (j = 0; j < n; j++) {
		x = load(&p[j]);
		if (x & XR_FIB6_EXT)
			fill_range(t, xr_lpm6_group(t, x & XR_FIB6_ID_MASK), 256,
				   depth, e);
		else if (takes(x, depth))
			store(&p[j], e);
	}
}

static void groups_unalloc(struct xr_lpm6 *t, const uint32_t *g, int n)
{
	while (n-- > 0)
		xr_groups_unalloc(&t->grp, g[n]);
}

/*
 * *p holds cur, no group: the route needs groups from level `from` down
 * to its own level `to`. All are taken first (or none: -ENOSPC), each
 * filled with cur, the deepest given the route, each linked into the one
 * above it; only then does the store into *p make them reachable.
 */
static int add_new(struct xr_lpm6 *t, uint32_t *p, uint32_t cur, int from,
		   int to, const struct xr_in6 *ip, uint8_t depth, uint32_t e)
{
	uint32_t g[XR_FIB6_LEVELS], *grp, n, first, j;
	int k, cnt = to - from + 1;

	for (k = 0; k < cnt; k++) {
		if (xr_groups_alloc(&t->grp, &g[k])) {
			groups_unalloc(t, g, k);
			return -ENOSPC;
		}
		grp = xr_lpm6_group(t, g[k]);
		for (j = 0; j < 256; j++)
			grp[j] = cur;
		if (k)
			xr_lpm6_group(t, g[k - 1])[byte(ip, 2 + from + k - 1)] =
				EXT_ENTRY(g[k]);
	}
	n = 1u << (xr_lpm6_level_len(to) - depth);
	first = byte(ip, 2 + to) & ~(n - 1);
	grp = xr_lpm6_group(t, g[cnt - 1]);
	for (j = first; j < first + n; j++)
		grp[j] = e;
	store(p, EXT_ENTRY(g[0]));
	return 0;
}

int xr_lpm6_add(struct xr_lpm6 *t, const struct xr_in6 *ip, uint8_t depth,
		uint32_t id)
{
	uint32_t e = xr_fib6_entry(depth, id), *p, x = 0, n;
	int level, to;

	if (depth > 128)
		return -EINVAL;
	if (depth <= 16) {
		n = 1u << (16 - depth);
		fill_range(t, &t->tbl16[idx16(ip) & ~(n - 1)], n, depth, e);
		return 0;
	}
	to = level_of(depth);
	p = &t->tbl16[idx16(ip)];
	for (level = 0; level <= to; level++) {
		x = load(p);
		if (!(x & XR_FIB6_EXT))
			return add_new(t, p, x, level, to, ip, depth, e);
		if (level < to)
			p = &xr_lpm6_group(t, x & XR_FIB6_ID_MASK)[byte(ip, 2 + level)];
	}
	n = 1u << (xr_lpm6_level_len(to) - depth);
	fill_range(t, xr_lpm6_group(t, x & XR_FIB6_ID_MASK) +
		   (byte(ip, 2 + to) & ~(n - 1)), n, depth, e);
	return 0;
}

/* Group g of this level, named by *parent: when its 256 entries are one
 * route that covers it whole (or none), *parent takes that route and the
 * group is given up. 1 folded, 0 not, or -errno. */
static int collapse(struct xr_lpm6 *t, uint32_t *parent, uint32_t g,
		    int level)
{
	uint32_t *grp = xr_lpm6_group(t, g), e0 = load(&grp[0]), j;
	int err;

	if ((e0 & XR_FIB6_EXT) || ((e0 & XR_FIB6_VALID) &&
	    xr_fib6_depth(e0) > xr_lpm6_level_len(level) - 8))
		return 0;
	for (j = 1; j < 256; j++)
		if (load(&grp[j]) != e0)
			return 0;
	store(parent, e0);
	err = xr_groups_put(&t->grp, g);
	return err ? err : 1;
}

/* The deleted route's entries take repl (a longer route keeps its own),
 * in the groups below too; sub is the level of the groups p's entries
 * name. */
static int replace_range(struct xr_lpm6 *t, uint32_t *p, uint32_t n,
			 uint8_t depth, uint32_t repl, int sub)
{
	uint32_t j, x, g;
	int err;

	for (j = 0; j < n; j++) {
		x = load(&p[j]);
		if (x & XR_FIB6_EXT) {
			g = x & XR_FIB6_ID_MASK;
			err = replace_range(t, xr_lpm6_group(t, g), 256, depth,
					    repl, sub + 1);
			if (!err)
				err = collapse(t, &p[j], g, sub);
			if (err < 0)
				return err;
		} else if ((x & XR_FIB6_VALID) && xr_fib6_depth(x) <= depth) {
			store(&p[j], repl);
		}
	}
	return 0;
}

int xr_lpm6_del(struct xr_lpm6 *t, const struct xr_in6 *ip, uint8_t depth,
		uint32_t repl)
{
	uint32_t *path[XR_FIB6_LEVELS], g[XR_FIB6_LEVELS], *p, x, n;
	int level, to, err;

	if (depth > 128)
		return -EINVAL;
	if (depth <= 16) {
		n = 1u << (16 - depth);
		return replace_range(t, &t->tbl16[idx16(ip) & ~(n - 1)], n, depth,
				     repl, 0);
	}
	to = level_of(depth);
	p = &t->tbl16[idx16(ip)];
	for (level = 0; level <= to; level++) {
		x = load(p);
		if (!(x & XR_FIB6_EXT))
			return 0;      /* nothing this long here */
		path[level] = p;
		g[level] = x & XR_FIB6_ID_MASK;
		p = &xr_lpm6_group(t, g[level])[byte(ip, 2 + level)];
	}
	n = 1u << (xr_lpm6_level_len(to) - depth);
	err = replace_range(t, xr_lpm6_group(t, g[to]) +
			    (byte(ip, 2 + to) & ~(n - 1)), n, depth, repl, to + 1);
	for (level = to; !err && level >= 0; level--) {
		err = collapse(t, path[level], g[level], level);
		if (err == 1)
			err = 0;        /* folded: the one above may fold too */
		else if (err == 0)
			break;
	}
	return err;
}

uint32_t xr_lpm6_lookup(const struct xr_lpm6 *t, const struct xr_in6 *ip)
{
	uint32_t e = load(&t->tbl16[idx16(ip)]);
	unsigned int i;

	for (i = 0; i < XR_FIB6_LEVELS; i++) {
		if (!(e & XR_FIB6_EXT))
			return e;
		e = load(&xr_lpm6_group(t, e & XR_FIB6_ID_MASK)[byte(ip, 2 + i)]);
	}
	return e & XR_FIB6_EXT ? 0 : e;
}

int xr_lpm6_release(struct xr_lpm6 *t)
{
	return xr_groups_release(&t->grp);
}

void xr_lpm6_fini(struct xr_lpm6 *t)
{
	xr_idlist_free(&t->pending);
}
