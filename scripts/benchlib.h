/* SPDX-License-Identifier: GPL-2.0 */
/* What the two benchmark programs share: the random route table. */
#ifndef XR_BENCHLIB_H
#define XR_BENCHLIB_H

#include <stdint.h>

void bench_seed(uint64_t seed);
uint32_t bench_rnd(void);
/*
 * A random prefix (host order, host bits clear) with about the length
 * mix of an Internet table: 57% /24, 15% /22-/23, 20% /16-/21, 7%
 * /8-/15, and 1% /25-/32 (the Internet has none; a provider's own
 * loopbacks and links are of that kind). Never 0/8, 127/8, class D/E, the benchmarking range
 * 198.18.0.0/15 or the documentation nets the tests use, so the table
 * never covers an address of the benchmark's own links.
 */
void bench_random_prefix(uint32_t *addr, uint8_t *plen);

#endif
