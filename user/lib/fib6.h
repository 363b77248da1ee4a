/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv6 FIB maps mapped into this process (xr_fib6_tbl16, _tbl8, _nh,
 * _meta): the trie (lib/lpm6.h) and the next-hop table (lib/nexthop.h),
 * written in place, as fib4.h for IPv4. It has no writer mark of its own:
 * IPv4's (fib4.h) covers both families, and committing the IPv4 FIB
 * commits this one too (one grace period for both), before the mark is
 * cleared.
 */
#ifndef XR_FIB6_H
#define XR_FIB6_H

#include <stddef.h>
#include <stdint.h>
#include "lib/lpm6.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

struct xr_fib6 {
	struct xr_lpm6 trie;
	struct xr_nh_table nh;     /* v6 */
	struct xr_nhg_table nhg;   /* the next-hop groups (xr_fib6_nhg) */
	struct xr_fib6_meta *meta;
	void *mem[4];
	size_t len[4];
};

/* Map the four maps (fds of xr_fib6_tbl16, _tbl8, _nh, _meta). */
int xr_fib6_open(struct xr_fib6 **out, int tbl16, int tbl8, int nh, int meta);
/* Release what was given up (sync first unless nosync: the caller has
 * waited), without touching the mark. */
int xr_fib6_release(struct xr_fib6 *f, int nosync);
/* Whether anything given up waits for a grace period. */
int xr_fib6_pending(const struct xr_fib6 *f);
/* Release, then unmap. */
int xr_fib6_close(struct xr_fib6 *f);

struct xr_maps;
/* Before a write to the IPv6 FIB: the writer mark (fib4.h), or -EBADF
 * when the IPv6 FIB is not mapped. */
int xr_maps_fib6_begin(const struct xr_maps *m);
/* A link changed (attached, detached, MAC, MTU, up/down): the rewrites
 * of both families' next hops through it. */
int xr_maps_link_changed(const struct xr_maps *m, uint32_t ifindex);

#endif
