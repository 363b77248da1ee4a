/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Poptrie (include/xdp_router/abi/poptrie.h, docs/fib.md): the FIB of
 * both families, kept up to date one route at a time on memory it is
 * given: the mmapped maps in the router (user/lib/fib4.c, fib6.c), plain
 * buffers in the unit tests. One code for IPv4 and IPv6; the geometry
 * (struct xr_pt_geom) says which.
 *
 * The rules of every FIB here (as DIR-24-8's were): a reader racing an
 * update finds the old route or the new one, never no route and never a
 * stray one. Nothing a reader may be reading is written: the nodes an
 * update changes, and every node on the path up to the slot's root, are
 * written anew in free blocks, then one aligned 32-bit release store of
 * the direct entry switches the slot; the blocks given up are freed only
 * after sync (a grace period) has returned.
 *
 * Entries are the u32 FIB entries of abi/fib4.h / fib6.h: VALID, the
 * prefix length of the route they come from, the next hop (or group).
 * The caller makes them; the trie reads only VALID and the depth.
 */
#ifndef XR_POPTRIE_H
#define XR_POPTRIE_H
#include <stddef.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/idlist.h"

/* An address, most significant bit first: IPv6's 128 bits as two host
 * order words; IPv4's 32 bits in the top half of hi (lo 0). */
struct xr_pt_key {
	uint64_t hi, lo;
};

/* What a family's trie looks like (xr_pt_geom4, xr_pt_geom6). */
struct xr_pt_geom {
	unsigned int key_bits;        /* 32 or 128 */
	unsigned int direct_bits;     /* 18 or 16 */
	unsigned int levels;          /* nodes below a direct entry, at most */
	uint32_t nnodes, nleaves;     /* the arrays' sizes, in units */
	uint32_t valid, ext, id_mask; /* entry bits */
	unsigned int depth_shift;
	uint32_t depth_mask;
};
extern const struct xr_pt_geom xr_pt_geom4, xr_pt_geom6;

struct xr_pt_alloc;                   /* this process's index of free blocks */

struct xr_poptrie {
	const struct xr_pt_geom *g;
	uint32_t *direct;             /* 1 << direct_bits entries */
	struct xr_pt_node *nodes;     /* g->nnodes */
	uint32_t *leaves;             /* g->nleaves */
	struct xr_pt_page *pages;     /* node pages, then leaf pages */
	struct xr_pt_meta *meta;
	/* Blocks given up here, still marked in use until sync returns
	 * (encoded by poptrie_alloc.c). */
	struct xr_idlist pending;
	/* Waits until no reader holds anything read before the call
	 * (membarrier: synchronize_rcu). NULL: no concurrent readers. */
	int (*sync)(void);
	struct xr_pt_alloc *alloc;    /* built on first use */
};

static inline struct xr_pt_key xr_pt_key4(uint32_t ip_host)
{
	return (struct xr_pt_key){ (uint64_t)ip_host << 32, 0 };
}
struct xr_in6;
struct xr_pt_key xr_pt_key6(const struct xr_in6 *a);   /* network order in */

/* Wire t to its memory (sizes from g); the memory of a new state is all
 * zero, which is an empty trie, except the pages: xr_pt_format. */
void xr_pt_init(struct xr_poptrie *t, const struct xr_pt_geom *g,
		uint32_t *direct, struct xr_pt_node *nodes, uint32_t *leaves,
		struct xr_pt_page *pages, struct xr_pt_meta *meta);
/* Make t empty: every direct entry 0, every page free, the counts 0
 * (no reader may be using it: a new state, or a rebuild's scratch). */
void xr_pt_format(struct xr_poptrie *t);

/* key/depth with the host bits of key clear; e the route's entry (VALID,
 * depth, id). Add also replaces a route of the same prefix. -ENOSPC when
 * the node or leaf array is full (nothing changed then: the limit is
 * memory, docs/fib.md "Capacity"). */
int xr_pt_add(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t e);
/* Remove key/depth; repl is the entry of the longest route that covers
 * it with a shorter prefix (0 if none), which takes its place. -ENOSPC as
 * add (a removal may split a run of leaves). */
int xr_pt_del(struct xr_poptrie *t, struct xr_pt_key key, unsigned int depth,
	      uint32_t repl);
/* The entry the fast path would find for key (0: no route). */
uint32_t xr_pt_lookup(const struct xr_poptrie *t, struct xr_pt_key key);

/* Let the blocks given up so far be reused: sync, then free them. */
int xr_pt_release(struct xr_poptrie *t);
/* Free this process's memory (after release). */
void xr_pt_fini(struct xr_poptrie *t);

/* Bytes the fast path can read: the direct array and the blocks in use. */
uint64_t xr_pt_bytes(const struct xr_poptrie *t);

/*
 * Check and repair (lib/fibrepair.h): walk every slot from its direct
 * entry, refusing what a write cut short could leave (an index out of
 * the arrays, a block not marked in use, a node reached twice); then
 * make the allocator's pages say exactly which blocks are reachable
 * (blocks a dead writer allocated and never linked become free).
 * Returns 0 when the structure is sound (*fixed: pages changed), or
 * -EUCLEAN when it is not (the caller rebuilds from the route table).
 */
int xr_pt_check(struct xr_poptrie *t, int fix, uint64_t *fixed);

/*
 * Rebuild from the route table: every slot's subtree built anew from
 * routes (sorted or not; the same prefix at most once), written into
 * free blocks and switched in slot by slot, so readers see the old FIB
 * or the new one per slot, never none. Used by repair and by upgrade
 * (a state of layout 2 gets an empty trie to fill).
 */
struct xr_pt_route {
	struct xr_pt_key key;
	unsigned int depth;
	uint32_t e;
};
int xr_pt_rebuild(struct xr_poptrie *t, const struct xr_pt_route *r, size_t n);

/* Slots (direct entries): 1 << g->direct_bits of them. Whether slot s
 * of a and of b give the same entry for every address (their blocks may
 * differ; a and b have one geometry). */
int xr_pt_slot_equal(const struct xr_poptrie *a, const struct xr_poptrie *b,
		     uint32_t s);
/* Make slot s of t what it is in src (a scratch trie built by
 * xr_pt_rebuild in plain memory): src's subtree written into t's free
 * blocks, switched in with one store, t's old blocks given up. */
int xr_pt_slot_copy(struct xr_poptrie *t, const struct xr_poptrie *src,
		    uint32_t s);

#endif
