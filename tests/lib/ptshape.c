// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "ptref.h"
#include "ptshape.h"

static uint32_t nh_of(struct xr_pt_key k, unsigned int depth)
{
	uint64_t h = (k.hi ^ k.lo * 0x9e3779b97f4a7c15ull ^ depth) *
		     0xff51afd7ed558ccdull;

	return 1 + (h >> 61);
}

static void put(struct pt_table *t, const struct xr_pt_geom *g,
		struct xr_pt_key k, unsigned int depth)
{
	k = pt_mask(k, depth);
	t->r[t->n++] = (struct xr_pt_route){ k, depth,
					     pt_entry(g, depth, nh_of(k, depth)) };
}

static void sort_uniq(struct pt_table *t)
{
	size_t i, n = 0;

	qsort(t->r, t->n, sizeof(*t->r), xr_pt_route_cmp);
	for (i = 0; i < t->n; i++)
		if (!n || xr_pt_route_cmp(&t->r[n - 1], &t->r[i]))
			t->r[n++] = t->r[i];
	t->n = n;
}

static void shuffle(struct pt_table *t)
{
	struct xr_pt_route x;
	size_t i, j;

	for (i = t->n; i > 1; i--) {
		j = pt_rand() % i;
		x = t->r[i - 1];
		t->r[i - 1] = t->r[j];
		t->r[j] = x;
	}
}

/* A random prefix of a shape: its key and length. */
typedef struct xr_pt_key (*pt_gen)(unsigned int *depth);

/* t filled to n different prefixes of gen (t->r holds n). */
static void fill(struct pt_table *t, const struct xr_pt_geom *g, size_t n,
		 pt_gen gen)
{
	unsigned int d;

	while (t->n < n) {
		while (t->n < n) {
			struct xr_pt_key k = gen(&d);

			put(t, g, k, d);
		}
		sort_uniq(t);
	}
}

static struct pt_table table_new(size_t n)
{
	struct pt_table t = { malloc((n ? n : 1) * sizeof(struct xr_pt_route)), 0 };

	if (!t.r)
		abort();
	return t;
}

void pts_free(struct pt_table *t)
{
	free(t->r);
	t->r = NULL;
	t->n = 0;
}

/* The Internet's IPv4 lengths up to /24 (the real table: 60% /24). */
static struct xr_pt_key short4(unsigned int *depth)
{
	static const struct { uint16_t upto; uint8_t lo, n; } mix[] = {
		{ 600, 24, 1 }, { 710, 23, 1 }, { 830, 22, 1 }, { 886, 21, 1 },
		{ 933, 20, 1 }, { 955, 19, 1 }, { 968, 18, 1 }, { 975, 17, 1 },
		{ 990, 16, 1 }, { 1000, 8, 8 },
	};
	uint32_t r = pt_rand() % 1000;
	size_t i;

	for (i = 0; r >= mix[i].upto; i++)
		;
	*depth = mix[i].lo + pt_rand() % mix[i].n;
	return xr_pt_key4((uint32_t)pt_rand());
}

/* A random IPv6 key in 2000::/3 (global unicast). */
static struct xr_pt_key global6(void)
{
	return (struct xr_pt_key){ (pt_rand() >> 3) | 1ull << 61, pt_rand() };
}

/* IPv6's lengths up to /48: 45% /48, 15% /32, the rest /29 - /47 and
 * /16 - /28. */
static struct xr_pt_key short6(unsigned int *depth)
{
	uint32_t r = pt_rand() % 100;

	*depth = r < 45 ? 48 : r < 60 ? 32 : r < 97 ? 29 + pt_rand() % 19 :
		 16 + pt_rand() % 13;
	return global6();
}

static struct xr_pt_key split4(unsigned int *depth)
{
	*depth = 24;
	return xr_pt_key4((uint32_t)pt_rand());
}

static struct xr_pt_key split6(unsigned int *depth)
{
	*depth = 48;
	return global6();
}

static struct xr_pt_key host4(unsigned int *depth)
{
	*depth = 32;
	return xr_pt_key4((uint32_t)pt_rand());
}

static struct xr_pt_key host6(unsigned int *depth)
{
	*depth = 128;
	return (struct xr_pt_key){ pt_rand(), pt_rand() };
}

/* n prefixes: n / 10 longer than /split, each in a /split of its own,
 * the rest no longer than /split. */
static struct pt_table mixed(const struct xr_pt_geom *g, size_t n,
			     pt_gen shortgen, pt_gen splitgen, uint64_t seed)
{
	struct pt_table t = table_new(n), cells = table_new(n / 10);
	struct xr_pt_key ones = { ~0ull, ~0ull }, net, k;
	unsigned int split, d;
	size_t i;

	pt_srand(seed);
	fill(&cells, g, n / 10, splitgen);
	split = cells.r[0].depth;
	net = pt_mask(ones, split);
	for (i = 0; i < cells.n; i++) {
		d = split + 1 + pt_rand() % (g->key_bits - split);
		k.hi = cells.r[i].key.hi | (pt_rand() & ~net.hi);
		k.lo = cells.r[i].key.lo | (pt_rand() & ~net.lo);
		put(&t, g, k, d);
	}
	fill(&t, g, n, shortgen);
	shuffle(&t);
	pts_free(&cells);
	return t;
}

struct pt_table pts_mixed4(size_t n, uint64_t seed)
{
	return mixed(&xr_pt_geom4, n, short4, split4, seed);
}

struct pt_table pts_mixed6(size_t n, uint64_t seed)
{
	return mixed(&xr_pt_geom6, n, short6, split6, seed);
}

/* n different prefixes of gen, in random order. */
static struct pt_table hosts(const struct xr_pt_geom *g, size_t n,
			     pt_gen gen, uint64_t seed)
{
	struct pt_table t = table_new(n);

	pt_srand(seed);
	fill(&t, g, n, gen);
	shuffle(&t);
	return t;
}

struct pt_table pts_hosts4(size_t n, uint64_t seed)
{
	return hosts(&xr_pt_geom4, n, host4, seed);
}

struct pt_table pts_internet4(size_t n, uint64_t seed)
{
	return hosts(&xr_pt_geom4, n, short4, seed);
}

struct pt_table pts_internet6(size_t n, uint64_t seed)
{
	return hosts(&xr_pt_geom6, n, short6, seed);
}

struct pt_table pts_hosts6(size_t n, uint64_t seed)
{
	return hosts(&xr_pt_geom6, n, host6, seed);
}

/* One line's prefix, if of the family: 1, else 0. */
static int parse_line(char *line, int six, struct xr_pt_key *k,
		      unsigned int *depth)
{
	char *slash = strchr(line, '/'), *end;
	struct in6_addr a6;
	struct in_addr a4;

	if (!slash || !!strchr(line, ':') != six)
		return 0;
	*slash = 0;
	*depth = strtoul(slash + 1, &end, 10);
	if (six && inet_pton(AF_INET6, line, &a6) == 1 && *depth <= 128) {
		*k = xr_pt_key6((const struct xr_in6 *)&a6);
		return 1;
	}
	if (!six && inet_pton(AF_INET, line, &a4) == 1 && *depth <= 32) {
		*k = xr_pt_key4(ntohl(a4.s_addr));
		return 1;
	}
	return 0;
}

struct pt_table pts_real(int six)
{
	const char *path = getenv("XR_FULL_TABLE");
	const struct xr_pt_geom *g = six ? &xr_pt_geom6 : &xr_pt_geom4;
	struct pt_table t = table_new(1u << 21);
	unsigned int depth;
	struct xr_pt_key k;
	char line[256];
	gzFile f;

	f = gzopen(path ? path : "../shared/data/full-table-2024.txt.gz", "r");
	while (f && t.n < 1u << 21 && gzgets(f, line, sizeof(line)))
		if (parse_line(line, six, &k, &depth))
			put(&t, g, k, depth);
	if (f)
		gzclose(f);
	sort_uniq(&t);
	pt_srand(1);
	shuffle(&t);
	return t;
}
