/* SPDX-License-Identifier: GPL-2.0 */
/* make bench, part 1 (bench.c, bench6.c): what the IPv6 cases share with
 * the IPv4 ones. */
#ifndef XR_BENCH_H
#define XR_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include "testenv.h"

#define REPEAT 2000000u
#define RUNS 5

struct bench_bpf;
extern struct bench_bpf *skel;
extern struct xr_testenv T;

/* What xdp_bench_fwd* puts back in frame before each repetition: its
 * own destination MAC, TTL or hop limit, checksum. */
void bench_restore_for(const uint8_t *frame);
/* ns per repetition of one run of prog_fd on frame, repeat times, its
 * restore values set first; exits when the verdict is not want */
uint32_t bench_run(int prog_fd, const uint8_t *frame, size_t len,
		   uint32_t repeat, int want);
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
/* A 64-byte UDP/IPv6 frame from the peer on in0 to dst with hop limit
 * hlim, its UDP checksum valid; its length. */
size_t bench_frame6(uint8_t *f, const char *dst, uint8_t hlim);

/* benchecmp.c (`bench ecmp`): a route via 1 next hop against a group
 * of 4, IPv4 and IPv6, many flows; its table */
void bench_ecmp(void);

#endif
