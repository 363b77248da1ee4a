/* SPDX-License-Identifier: GPL-2.0 */
/* make bench, part 1 (bench.c, bench6.c): what the IPv6 cases share with
 * the IPv4 ones. */
#ifndef XR_BENCH_H
#define XR_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include "testenv.h"

struct bench_bpf;
extern struct bench_bpf *skel;
extern struct xr_testenv T;

/* ns per run of prog_fd on frame, the median of RUNS runs; exits when
 * the verdict is not want */
uint32_t measure(int prog_fd, uint8_t *frame, size_t len, int want);
/* one row of the table */
void row(const char *name, const char *routes, uint32_t ns, uint32_t restore);

/* bench6.c: the IPv6 route and neighbour (and the baseline row); the
 * table of file loaded (timed: the LOAD6 line), its size returned; the
 * IPv6 rows */
void bench6_setup(void);
size_t bench6_load(const char *file);
void bench6_cases(const char *routes);

#endif
