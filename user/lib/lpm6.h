/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv6 FIB's multibit trie (include/xdp_router/abi/fib6.h, docs/fib.md
 * "IPv6"): a 16-bit first level, then groups of 256 entries for each
 * further byte, as DPDK's rte_lpm6; kept up to date one route at a time,
 * on memory it is given (the mmapped maps, or plain buffers in tests).
 *
 * The same rules as dir24.h: every write a reader can see is one 32-bit
 * release store, a new group is filled before the entry that points at
 * it, and a group given up is not reused before sync has returned.
 */
#ifndef XR_LPM6_H
#define XR_LPM6_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/dir24.h"
#include "lib/idlist.h"

struct xr_lpm6 {
	uint32_t *tbl16;            /* 1 << 16 entries */
	union {                     /* the groups (dir24.h) */
		struct { XR_GROUPS_FIELDS };
		struct xr_groups grp;
	};
};

static inline uint32_t *xr_lpm6_group(const struct xr_lpm6 *t, uint32_t g)
{
	return xr_groups_at(&t->grp, g);
}

static inline uint32_t xr_fib6_entry(uint8_t depth, uint32_t id)
{
	return XR_FIB6_VALID | (uint32_t)depth << XR_FIB6_DEPTH_SHIFT |
	       (id & XR_FIB6_ID_MASK);
}

static inline uint8_t xr_fib6_depth(uint32_t e)
{
	return (e >> XR_FIB6_DEPTH_SHIFT) & XR_FIB6_DEPTH_MASK;
}

/* The prefix length a level's entries stand for: tbl16 (level -1) /16,
 * group level L (0 .. 13) /(24 + 8L). */
static inline unsigned int xr_lpm6_level_len(int level)
{
	return 24 + 8 * level;
}

/* Addresses in network order, host bits clear; id is the next hop. Add
 * also replaces a route of the same prefix. -ENOSPC when the groups it
 * needs are not free (nothing changed then). */
int xr_lpm6_add(struct xr_lpm6 *t, const struct xr_in6 *ip, uint8_t depth,
		uint32_t id);
/* Remove ip/depth; repl is the entry of the longest route covering it
 * with a shorter prefix (0 if none), which takes its place. */
int xr_lpm6_del(struct xr_lpm6 *t, const struct xr_in6 *ip, uint8_t depth,
		uint32_t repl);
/* The entry the fast path (fib6_lookup) would find for ip (0: none). */
uint32_t xr_lpm6_lookup(const struct xr_lpm6 *t, const struct xr_in6 *ip);
/* Let the groups given up so far be reused: sync, then free them. */
int xr_lpm6_release(struct xr_lpm6 *t);
void xr_lpm6_fini(struct xr_lpm6 *t);

#endif
