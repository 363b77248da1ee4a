/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Route tables of the shapes the FIB must hold (issue 17), for the
 * Poptrie's capacity suite and bench/ptbench: each an array of routes
 * (malloc) in random order, no prefix twice, next hops 1 .. 8 spread by
 * a hash of the prefix.
 */
#ifndef XR_TEST_PTSHAPE_H
#define XR_TEST_PTSHAPE_H
#include <stddef.h>
#include "lib/poptrie.h"

struct pt_table {
	struct xr_pt_route *r;
	size_t n;
};

/* IPv4: n prefixes of the Internet's length mix, 10% of them longer than
 * /24, each in a /24 of its own (IPv6: /48 for /24, the long ones up to
 * /128). */
struct pt_table pts_mixed4(size_t n, uint64_t seed);
struct pt_table pts_mixed6(size_t n, uint64_t seed);
/* n prefixes of the Internet's length mix (IPv4: none longer than /24;
 * IPv6: none longer than /48). */
struct pt_table pts_internet4(size_t n, uint64_t seed);
struct pt_table pts_internet6(size_t n, uint64_t seed);
/* n host routes (/32, /128) spread over the whole space. */
struct pt_table pts_hosts4(size_t n, uint64_t seed);
struct pt_table pts_hosts6(size_t n, uint64_t seed);
/* The real table (a file of "prefix ..." lines, gzip or not): the
 * family's prefixes. XR_FULL_TABLE names the file, else
 * ../shared/data/full-table-2024.txt.gz. .n is 0 when it cannot be read. */
struct pt_table pts_real(int family6);
void pts_free(struct pt_table *t);

#endif
