// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench shape KIND N SEED: the capacity shapes of issue 17, N distinct
 * prefixes a line, in the order made (make bench, section 10):
 *
 *   deep4   10% (N/10) longer than /24 (/25-/32, uniform), each in its
 *           own /24 (so N/10 different /24s: 100,000 for a million),
 *           the other 90% random prefixes of /24 or shorter with the
 *           Internet's mix (benchlib.c)
 *   hosts4  N /32 host routes spread uniformly over the unicast space
 *   deep6   the same for IPv6: N/10 longer than /48 (/49-/128, uniform)
 *           each in its own /48, the rest /48 or shorter with about the
 *           real table's mix, in 2000::/3
 *   hosts6  N /128 spread uniformly over 2000::/3
 *
 * Never a prefix that covers or falls in the benchmark's own nets
 * (198.18.0.0/15, the documentation nets, 2001:db8::/32).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "benchlib.h"
#include "fwdbench.h"

struct shape {
	int v6;
	struct bench_pset set, outer;   /* the prefixes; the /24s (/48s) */
	struct bench_pfx6 *out;
	size_t n;
};

/* bits [from, 128) of p random, then those from plen on cleared */
static void random_from(struct bench_pfx6 *p, unsigned int from)
{
	unsigned int i;

	for (i = from; i < 128; i++) {
		uint8_t bit = (uint8_t)(0x80u >> (i % 8));

		p->a[i / 8] = (uint8_t)((p->a[i / 8] & ~bit) |
					(i < p->plen && bench_rnd() & 1 ? bit : 0));
	}
}

/* whether the first bits bits of x and y are equal */
static int same_bits(const uint8_t *x, const uint8_t *y, unsigned int bits)
{
	unsigned int i;

	for (i = 0; i < bits; i++)
		if (((x[i / 8] ^ y[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

/* whether p may be routed: it covers none of our nets, nor sits in one
 * (IPv4: each address of the shapes is checked at /24 or longer, or comes
 * from bench_random_prefix, which checks the rest) */
static int usable(const struct shape *s, const struct bench_pfx6 *p)
{
	static const uint8_t doc6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	uint32_t a, last;

	if (s->v6)   /* 2000::/3 less 2001:db8::/32 */
		return (p->a[0] & 0xe0) == 0x20 &&
		       !same_bits(p->a, doc6, p->plen < 32 ? p->plen : 32);
	a = (uint32_t)p->a[0] << 24 | p->a[1] << 16 | p->a[2] << 8 | p->a[3];
	last = p->plen >= 32 ? a : a | (~0u >> p->plen);
	return p->plen >= 8 && !bench_reserved4(a) && !bench_reserved4(last);
}

static void keep(struct shape *s, const struct bench_pfx6 *p)
{
	if (usable(s, p) && bench_pset_add(&s->set, p))
		s->out[s->n++] = *p;
}

/* a random prefix of length plen: IPv6 ones in 2000::/3 */
static struct bench_pfx6 random_pfx(int v6, unsigned int plen)
{
	struct bench_pfx6 p = { .plen = (uint8_t)plen };

	random_from(&p, 0);
	if (v6)
		p.a[0] = (uint8_t)(0x20 | (p.a[0] & 0x1f));
	return p;
}

/* IPv6 lengths up to /48, per mille, about the 2024 table's */
static unsigned int plen6_short(void)
{
	static const struct { uint16_t upto; uint8_t len; } mix[] = {
		{ 520, 48 }, { 680, 32 }, { 780, 44 }, { 870, 40 }, { 910, 36 },
		{ 940, 29 }, { 970, 46 }, { 1000, 47 },
	};
	uint32_t r = bench_rnd() % 1000;
	size_t i;

	for (i = 0; r >= mix[i].upto; i++)
		;
	return mix[i].len;
}

/* N/10 longer than OUTER bits, one in each of N/10 distinct /OUTER,
 * then short ones up to N */
static void make_deep(struct shape *s, size_t n)
{
	unsigned int outer = s->v6 ? 48 : 24, hi = s->v6 ? 128 : 32;
	struct bench_pfx6 p;
	uint32_t a;
	uint8_t l;

	while (s->n < n / 10) {
		p = random_pfx(s->v6, outer);
		if (!usable(s, &p) || !bench_pset_add(&s->outer, &p))
			continue;
		p.plen = (uint8_t)(outer + 1 + bench_rnd() % (hi - outer));
		random_from(&p, outer);
		keep(s, &p);
	}
	while (s->n < n) {
		if (s->v6) {
			p = random_pfx(1, plen6_short());
		} else {
			bench_random_prefix(&a, &l);
			if (l > 24)
				continue;
			memset(&p, 0, sizeof(p));
			a = htonl(a);
			memcpy(p.a, &a, 4);
			p.plen = l;
		}
		keep(s, &p);
	}
}

static void print_all(const struct shape *s)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < s->n; i++) {
		inet_ntop(s->v6 ? AF_INET6 : AF_INET, s->out[i].a, buf, sizeof(buf));
		printf("%s/%u\n", buf, s->out[i].plen);
	}
}

void cmd_shape(int argc, char **argv)
{
	struct shape s = { 0 };
	const char *kind = argc == 5 ? argv[2] : "";
	int deep = !strncmp(kind, "deep", 4);
	size_t n;

	if (strcmp(kind, "deep4") && strcmp(kind, "deep6") &&
	    strcmp(kind, "hosts4") && strcmp(kind, "hosts6"))
		die("usage: fwdbench shape deep4|hosts4|deep6|hosts6 N SEED");
	s.v6 = kind[strlen(kind) - 1] == '6';
	n = strtoul(argv[3], NULL, 10);
	bench_seed(strtoull(argv[4], NULL, 10));
	bench_pset_init(&s.set, n);
	bench_pset_init(&s.outer, n / 10 + 1);
	s.out = calloc(n + 1, sizeof(*s.out));
	if (!s.out)
		die("out of memory");
	if (deep)
		make_deep(&s, n);
	while (s.n < n) {
		struct bench_pfx6 p = random_pfx(s.v6, s.v6 ? 128 : 32);

		keep(&s, &p);
	}
	print_all(&s);
	free(s.out);
	bench_pset_free(&s.set);
	bench_pset_free(&s.outer);
}
