/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a family's FIB takes (`xdp-router state show`, make bench): the
 * bytes the fast path can read (xr_pt_bytes: the direct array and the
 * blocks in use), and the node and leaf units in use of the arrays'.
 * Read from the pinned meta map, without the lock: a snapshot.
 */
#ifndef XR_FIBSTAT_H
#define XR_FIBSTAT_H

#include <stdint.h>

struct xr_fib_stat {
	uint64_t bytes;
	uint64_t nodes, nodes_total;
	uint64_t leaves, leaves_total;
};

/* The family's (v6: IPv6) in the state directory dir_fd: 0, or -errno
 * (-ENOENT: no Poptrie there, a state of another build). */
int xr_fib_stat(int dir_fd, int v6, struct xr_fib_stat *s);

#endif
