/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv6 FIB maps mapped into this process (xr_fib6_dir, _node, _leaf,
 * _page, _ptmeta, _nh): the Poptrie (lib/poptrie.h) and the next-hop
 * table (lib/nexthop.h),
 * written in place, as fib4.h for IPv4. It has no writer mark of its own:
 * IPv4's (fib4.h) covers both families, and committing the IPv4 FIB
 * commits this one too (one grace period for both), before the mark is
 * cleared.
 */
#ifndef XR_FIB6_H
#define XR_FIB6_H

#include <stddef.h>
#include <stdint.h>
#include "lib/fib4.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

struct xr_fib6 {
	struct xr_poptrie pt;
	struct xr_nh_table nh;     /* v6 */
	struct xr_nhg_table nhg;   /* the next-hop groups (xr_fib6_nhg) */
	struct xr_pt_meta *meta;   /* xr_fib6_ptmeta: counts, nh_used */
	void *mem[XR_FIB_MAPS];
	size_t len[XR_FIB_MAPS];
};

/* Map the maps (fds in XR_FIB_* order, lib/fib4.h). */
int xr_fib6_open(struct xr_fib6 **out, const int fd[XR_FIB_MAPS]);
/* As xr_fib4_lookup, add, del (fib4.h); addresses in network order. */
uint32_t xr_fib6_lookup(const struct xr_fib6 *f, const struct xr_in6 *ip);
int xr_fib6_add(struct xr_fib6 *f, const struct xr_in6 *ip, uint8_t depth,
		uint32_t id);
int xr_fib6_del(struct xr_fib6 *f, const struct xr_in6 *ip, uint8_t depth,
		uint32_t repl);
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
