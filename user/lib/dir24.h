/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DIR-24-8 (Gupta, Lin, McKeown 1998; DPDK's rte_lpm): the FIB the fast
 * path reads, kept up to date one route at a time. This file is the
 * algorithm only, on memory it is given: the mmapped maps in the router
 * (user/lib/fib4.c), plain buffers in the unit tests.
 *
 * Entries are the u32 of include/xdp_router/abi.h (XR_FIB4_*). Every
 * write a reader can see is one 32-bit release store, and a tbl8 group is
 * filled before the tbl24 entry that points at it; a group given up is
 * not reused before every reader that may still hold it has finished
 * (sync, below). So a lookup racing an update finds the old route or the
 * new one, never no route and never a stray one.
 */
#ifndef XR_DIR24_H
#define XR_DIR24_H

#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/idlist.h"

/* A pool of groups of 256 entries, shared by both families' tries
 * (dir24 here, lpm6.h): which are in use, and those given up. */
#define XR_GROUPS_FIELDS                                                 \
	uint32_t *tbl8;             /* ngroups * 256 entries */           \
	__u64 *bitmap;              /* ngroups bits: group in use */      \
	uint32_t *groups_used;      /* count of set bits */               \
	uint32_t ngroups;                                                 \
	uint32_t cursor;            /* where the next free group is sought */ \
	/* Groups given up here, still marked in use until sync returns. */ \
	struct xr_idlist pending;                                         \
	/* Waits until no reader holds anything read before the call     \
	 * (membarrier: synchronize_rcu). NULL: no concurrent readers. */ \
	int (*sync)(void);

struct xr_groups {
	XR_GROUPS_FIELDS
};

struct xr_dir24 {
	uint32_t *tbl24;            /* 1 << 24 entries */
	union {                     /* the fields, or all of them as a pool */
		struct { XR_GROUPS_FIELDS };
		struct xr_groups grp;
	};
};

/* A free group, marked in use (after a sync that frees those given up,
 * when none is free): -ENOSPC when there is none. Its entries are 0. */
int xr_groups_alloc(struct xr_groups *p, uint32_t *g);
/* Give group g up: freed by the next release. */
int xr_groups_put(struct xr_groups *p, uint32_t g);
/* Give back at once a group no reader has seen (just allocated). */
void xr_groups_unalloc(struct xr_groups *p, uint32_t g);
/* Let the groups given up so far be reused: sync, then free them. */
int xr_groups_release(struct xr_groups *p);

/* Bit g of a bitmap of groups (in use, reachable, ...). */
static inline int xr_bit_test(const __u64 *b, uint32_t g)
{
	return (b[g / 64] >> (g % 64)) & 1;
}

static inline void xr_bit_set(__u64 *b, uint32_t g, int on)
{
	if (on)
		b[g / 64] |= 1ull << (g % 64);
	else
		b[g / 64] &= ~(1ull << (g % 64));
}

/* The 256 entries of tbl8 group g. */
static inline uint32_t *xr_groups_at(const struct xr_groups *p, uint32_t g)
{
	return p->tbl8 + (size_t)g * 256;
}

static inline uint32_t *xr_dir24_group(const struct xr_dir24 *d, uint32_t g)
{
	return xr_groups_at(&d->grp, g);
}

static inline uint32_t xr_fib4_entry(uint8_t depth, uint32_t id)
{
	return XR_FIB4_VALID | (uint32_t)depth << XR_FIB4_DEPTH_SHIFT |
	       (id & XR_FIB4_ID_MASK);
}

static inline uint8_t xr_fib4_depth(uint32_t e)
{
	return (e >> XR_FIB4_DEPTH_SHIFT) & XR_FIB4_DEPTH_MASK;
}

/* Addresses in host byte order, host bits of ip clear; id is the next
 * hop. Add also replaces a route of the same prefix. -ENOSPC when a
 * tbl8 group is needed and none is free (nothing changed then). */
int xr_dir24_add(struct xr_dir24 *d, uint32_t ip, uint8_t depth, uint32_t id);
/* Remove the route ip/depth; repl is the entry of the longest route that
 * covers it with a shorter prefix (0 if none), which takes its place. */
int xr_dir24_del(struct xr_dir24 *d, uint32_t ip, uint8_t depth, uint32_t repl);
/* The entry the fast path would find for ip (0: no route). */
uint32_t xr_dir24_lookup(const struct xr_dir24 *d, uint32_t ip);
/* Let the groups given up so far be reused: sync, then free them. */
int xr_dir24_release(struct xr_dir24 *d);
/* Free the pending list itself (after release). */
void xr_dir24_fini(struct xr_dir24 *d);

#endif
