/* SPDX-License-Identifier: GPL-2.0 */
/* What the two benchmark programs share: the random route table. */
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

#endif
