// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "benchlib.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

void bench_seed(uint64_t seed)
{
	rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint32_t bench_rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Per mille, about the IPv4 Internet table (CIDR report, APNIC's BGP
 * statistics): /24 60%, /22 13%, /23 10%, /21 5%, /20 4.5%, ... and a
 * thin tail of /8-/15. The 1.2% longer than /24 the Internet filters; a
 * provider's own loopbacks and links are of that kind. */
static uint8_t rnd_plen(void)
{
	static const struct { uint16_t upto; uint8_t lo, n; } mix[] = {
		{ 600, 24, 1 }, { 700, 23, 1 }, { 830, 22, 1 }, { 880, 21, 1 },
		{ 925, 20, 1 }, { 950, 19, 1 }, { 962, 18, 1 }, { 970, 17, 1 },
		{ 983, 16, 1 }, { 988, 8, 8 }, { 1000, 25, 8 },
	};
	uint32_t r = bench_rnd() % 1000;
	size_t i;

	for (i = 0; r >= mix[i].upto; i++)
		;
	return (uint8_t)(mix[i].lo + bench_rnd() % mix[i].n);
}

int bench_reserved4(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 127 || (a >> 28) >= 14 ||
	       (a >> 17) == (0xc612u >> 1) ||   /* 198.18.0.0/15 */
	       (a >> 8) == 0xc00002 ||           /* 192.0.2.0/24 */
	       (a >> 8) == 0xc63364 ||           /* 198.51.100.0/24 */
	       (a >> 8) == 0xcb0071;             /* 203.0.113.0/24 */
}

void bench_random_prefix(uint32_t *addr, uint8_t *plen)
{
	static const uint32_t own[] = { 0xc6120000u, 0xc613ffffu, 0xc0000200u,
					0xc6336400u, 0xcb007100u };
	uint32_t a, mask;
	uint8_t p;
	unsigned int k;

	for (;;) {
		p = rnd_plen();
		mask = ~0u << (32 - p);
		a = bench_rnd() & mask;
		if (bench_reserved4(a) || bench_reserved4(a | ~mask))
			continue;
		for (k = 0; k < sizeof(own) / sizeof(own[0]); k++)
			if ((own[k] & mask) == a)
				break;
		if (k == sizeof(own) / sizeof(own[0]))
			break;  /* covers none of our own nets */
	}
	*addr = a;
	*plen = p;
}

/* ---------------------------------------------------------------- IPv6 */

/* Clear the bits of a beyond plen. */
static void pfx6_clear_host(uint8_t a[16], uint8_t plen)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		int keep = (int)plen - (int)i * 8;

		if (keep <= 0)
			a[i] = 0;
		else if (keep < 8)
			a[i] &= (uint8_t)(0xff00u >> keep);
	}
}

static int parse_pfx6(char *line, struct bench_pfx6 *p)
{
	char *slash = strchr(line, '/'), *end;
	unsigned long len;

	if (!slash)
		return -1;
	*slash = '\0';
	len = strtoul(slash + 1, &end, 10);
	if (end == slash + 1 || (*end && !strchr("\r\n", *end)) || len > 128 ||
	    inet_pton(AF_INET6, line, p->a) != 1)
		return -1;
	p->plen = (uint8_t)len;
	pfx6_clear_host(p->a, p->plen);
	return 0;
}

void bench_read_prefixes6(const char *file, struct bench_pfx6 **out,
			  size_t *n)
{
	FILE *f = fopen(file, "r");
	struct bench_pfx6 *v = NULL;
	size_t cap = 0, cnt = 0, lineno = 0;
	char line[128];

	if (!f) {
		fprintf(stderr, "bench: %s: %s\n", file, strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, ':'))
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 4096;
			v = realloc(v, cap * sizeof(*v));
			if (!v) {
				fprintf(stderr, "bench: out of memory\n");
				exit(1);
			}
		}
		if (parse_pfx6(line, &v[cnt])) {
			fprintf(stderr, "bench: %s:%zu: not an IPv6 prefix\n", file, lineno);
			exit(1);
		}
		cnt++;
	}
	fclose(f);
	if (!cnt) {
		fprintf(stderr, "bench: no IPv6 prefixes in %s\n", file);
		exit(1);
	}
	*out = v;
	*n = cnt;
}

void bench_random_in6(const struct bench_pfx6 *p, uint8_t out[16])
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		int keep = (int)p->plen - (int)i * 8;
		uint8_t r = (uint8_t)bench_rnd();

		if (keep >= 8)
			out[i] = p->a[i];
		else if (keep <= 0)
			out[i] = r;
		else
			out[i] = p->a[i] | (r & (uint8_t)(0xffu >> keep));
	}
}

/* ------------------------------------------------------- prefix sets */

void bench_pset_init(struct bench_pset *s, size_t n)
{
	for (s->cap = 1; s->cap < 2 * n; s->cap <<= 1)
		;
	s->v = calloc(s->cap, sizeof(*s->v));
	s->used = calloc(s->cap, 1);
	if (!s->v || !s->used) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
}

static size_t pfx6_hash(const struct bench_pfx6 *p)
{
	uint64_t h = p->plen;
	unsigned int i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->a[i]) * 0x100000001b3ull;
	return (size_t)(h ^ (h >> 29));
}

int bench_pset_add(struct bench_pset *s, const struct bench_pfx6 *p)
{
	size_t h = pfx6_hash(p) & (s->cap - 1);

	for (; s->used[h]; h = (h + 1) & (s->cap - 1))
		if (s->v[h].plen == p->plen && !memcmp(s->v[h].a, p->a, 16))
			return 0;
	s->used[h] = 1;
	s->v[h] = *p;
	return 1;
}

void bench_pset_free(struct bench_pset *s)
{
	free(s->v);
	free(s->used);
}
