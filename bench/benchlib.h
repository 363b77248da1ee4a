/* SPDX-License-Identifier: GPL-2.0 */
/* What the two benchmark programs share: the random route tables. */
#ifndef XR_BENCHLIB_H
#define XR_BENCHLIB_H

#include <stdint.h>

void bench_seed(uint64_t seed);
uint32_t bench_rnd(void);
/*
 * A random prefix (host order, host bits clear) with about the length
 * mix of the Internet's table (60% /24; benchlib.c). Never 0/8, 127/8,
 * class D/E, the benchmarking range 198.18.0.0/15 or the documentation
 * nets the tests use, so the table never covers an address of the
 * benchmark's own links.
 */
void bench_random_prefix(uint32_t *addr, uint8_t *plen);

/* An IPv6 prefix: address in network order (host bits clear), length. */
struct bench_pfx6 {
	uint8_t a[16];
	uint8_t plen;
};

/*
 * The IPv6 prefixes of a file, one CIDR a line (lines without ':' are
 * skipped: the IPv4 half of a mixed table), host bits cleared. *out is
 * malloc'd. Exits with a message on a bad line or an empty file.
 */
void bench_read_prefixes6(const char *file, struct bench_pfx6 **out,
			  size_t *n);
/* An open-addressing set of prefixes (IPv4 ones in a[0..3]), no
 * duplicates: init for up to n, add says 1 when added, 0 when there. */
struct bench_pset {
	struct bench_pfx6 *v;
	uint8_t *used;
	size_t cap;
};
void bench_pset_init(struct bench_pset *s, size_t n);
int bench_pset_add(struct bench_pset *s, const struct bench_pfx6 *p);
void bench_pset_free(struct bench_pset *s);

/* Whether the IPv4 address a (host order) is one no random table
 * covers: 0/8, 127/8, class D/E, 198.18.0.0/15, the documentation nets. */
int bench_reserved4(uint32_t a);

/* A random address inside p (its host bits random). */
void bench_random_in6(const struct bench_pfx6 *p, uint8_t out[16]);

#endif
