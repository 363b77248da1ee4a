// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench prefixes6 N SEED TABLE: an IPv6 route table of N prefixes
 * grown from a real one (TABLE: one CIDR a line; IPv4 lines skipped).
 *
 * Lengths alone do not make a realistic IPv6 table for a multibit trie:
 * what a trie costs (its groups, the memory a lookup walks) depends on
 * how the prefixes cluster. The 2024 table's 160,147 prefixes take
 * 38,155 groups of 256 entries; 200,000 random addresses with the same
 * lengths would take about 493,000, a table no router sees. So the table
 * grows the way real ones do, inside existing allocations: all of
 * TABLE's prefixes first, then, until there are N, the sibling of a
 * random one of them: the same length, the same parent 8 bits up (never
 * above its /16), the last up to 8 bits of the prefix random. The length
 * mix is TABLE's by construction. With N under TABLE's size, a random N
 * of TABLE. Never a prefix that overlaps 2001:db8::/32, the benchmark's
 * own links. Printed in prefix order (address, then length), as a table
 * dump or a full feed comes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "benchlib.h"
#include "fwdbench.h"

static int overlaps(const struct bench_pfx6 *x, const struct bench_pfx6 *y)
{
	unsigned int m = x->plen < y->plen ? x->plen : y->plen, i;

	for (i = 0; i < m; i++)
		if (((x->a[i / 8] ^ y->a[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

/* p with its bits [max(16, plen - 8), plen) random */
static struct bench_pfx6 sibling(const struct bench_pfx6 *p)
{
	struct bench_pfx6 s = *p;
	unsigned int lo = p->plen > 24 ? p->plen - 8u : 16u, i;

	for (i = lo; i < p->plen; i++) {
		uint8_t bit = (uint8_t)(0x80u >> (i % 8));

		s.a[i / 8] = (uint8_t)((s.a[i / 8] & ~bit) |
				       (bench_rnd() & 1 ? bit : 0));
	}
	return s;
}

static int cmp_pfx6(const void *x, const void *y)
{
	const struct bench_pfx6 *a = x, *b = y;
	int c = memcmp(a->a, b->a, 16);

	return c ? c : a->plen - b->plen;
}

/* the n prefixes of v, in prefix order */
static void print_sorted(struct bench_pfx6 *v, size_t n)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	qsort(v, n, sizeof(*v), cmp_pfx6);
	for (i = 0; i < n; i++) {
		inet_ntop(AF_INET6, v[i].a, buf, sizeof(buf));
		printf("%s/%u\n", buf, v[i].plen);
	}
}

void cmd_prefixes6(int argc, char **argv)
{
	static const struct bench_pfx6 own = {
		.a = { 0x20, 0x01, 0x0d, 0xb8 }, .plen = 32 };
	struct bench_pfx6 *t, p, *out;
	struct bench_pset set = { 0 };
	size_t n, nt, i, nout = 0;

	if (argc != 5)
		die("usage: fwdbench prefixes6 N SEED TABLE");
	n = strtoul(argv[2], NULL, 10);
	bench_seed(strtoull(argv[3], NULL, 10));
	bench_read_prefixes6(argv[4], &t, &nt);
	bench_pset_init(&set, n > nt ? n : nt);
	out = calloc(n, sizeof(*out));
	if (!out)
		die("out of memory");
	for (i = 0; n < nt && i < n; i++) {   /* a random n of the table */
		size_t k = i + bench_rnd() % (nt - i);

		p = t[k];
		t[k] = t[i];
		t[i] = p;
	}
	for (i = 0; i < nt && nout < n; i++)
		if (!overlaps(&t[i], &own) && bench_pset_add(&set, &t[i]))
			out[nout++] = t[i];
	while (nout < n) {
		p = sibling(&t[bench_rnd() % nt]);
		if (!overlaps(&p, &own) && bench_pset_add(&set, &p))
			out[nout++] = p;
	}
	print_sorted(out, n);
	free(out);
	bench_pset_free(&set);
	free(t);
}
