/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 64-bit keys sorted by a run of their bits, least significant byte
 * first (LSD radix): a million in a few passes over memory where qsort
 * calls its comparison twenty million times (route show's order, a
 * route chunk's order: routes.c, rtchunk.c).
 */
#ifndef XR_SORT64_H
#define XR_SORT64_H

#include <stddef.h>
#include <stdint.h>

/* a[0..n) in increasing order of bits [lo, hi) (lo a multiple of 8),
 * stable, the others ignored; 0 or -ENOMEM. */
int xr_sort64(uint64_t *a, size_t n, unsigned int lo, unsigned int hi);

#endif
