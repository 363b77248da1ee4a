/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Poptrie internals (lib/poptrie.h), shared by its files: poptrie.c
 * (lookup, add, delete), poptrie_node.c (a node spread out over its 64
 * positions, and written back), poptrie_alloc.c (blocks), poptrie_build.c
 * (rebuild), poptrie_check.c (check and repair), poptrie_slot.c (slots).
 */
#ifndef XR_POPTRIE_INT_H
#define XR_POPTRIE_INT_H
#include "lib/poptrie.h"

/* A block: its first unit over both arrays (the node array's units, then
 * the leaf array's: unit / 64 is its page) and its order. */
#define XR_PT_BLK(unit, order)  ((uint32_t)(unit) | (uint32_t)(order) << 24)
#define XR_PT_BLK_UNIT(b)       ((b) & 0xffffffu)
#define XR_PT_BLK_ORDER(b)      ((b) >> 24)
#define XR_PT_NONE              UINT32_MAX

/* A node spread out: each position a child (bit in kids) or a leaf. */
struct xr_pt_wide {
	uint64_t kids;
	uint32_t leaf[XR_PT_FANOUT];
	struct xr_pt_node kid[XR_PT_FANOUT];
};

/* What one change allocates (given back if it fails) and gives up (put
 * on pending once it is switched in). */
struct xr_pt_txn {
	struct xr_idlist fresh, old;
};

static inline uint32_t xr_pt_load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void xr_pt_store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* The smallest order whose blocks hold n units (n <= 64). */
static inline unsigned int xr_pt_order(unsigned int n)
{
	return n <= 1 ? 0 : 64 - __builtin_clzll(n - 1);
}

static inline unsigned int xr_pt_depth(const struct xr_pt_geom *g, uint32_t e)
{
	return (e >> g->depth_shift) & g->depth_mask;
}

/* The n bits of key from bit `from` (0: the most significant), the bits
 * past the end of the key 0. */
static inline unsigned int xr_pt_bits(struct xr_pt_key k, unsigned int from,
				      unsigned int n)
{
	unsigned __int128 x = (unsigned __int128)k.hi << 64 | k.lo;

	if (from >= 128)
		return 0;
	x <<= from;
	return (unsigned int)(x >> (128 - n));
}

/* The first bit a node of this level consumes. */
static inline unsigned int xr_pt_off(const struct xr_pt_geom *g,
				     unsigned int level)
{
	return g->direct_bits + XR_PT_STRIDE * level;
}

static inline uint32_t xr_pt_root_entry(const struct xr_pt_geom *g,
					uint32_t id)
{
	return g->valid | g->ext | id;
}

/* poptrie_node.c */
/* The positions of a node of this level that key/depth covers; 1 when
 * it goes below them (one position, *n 1). */
int xr_pt_span(const struct xr_pt_geom *g, struct xr_pt_key key,
	       unsigned int depth, unsigned int level, unsigned int *first,
	       unsigned int *n);
void xr_pt_wide_leaf(struct xr_pt_wide *w, uint32_t e);
void xr_pt_wide_read(const struct xr_poptrie *t, const struct xr_pt_node *n,
		     struct xr_pt_wide *w);
/* 1 when the 64 positions are one leaf (*e), 0 when not. */
int xr_pt_wide_uniform(const struct xr_pt_wide *w, uint32_t *e);
/* Write w's children and leaves into fresh blocks (old: the node w was
 * read from, whose leaf block is kept when the leaves did not change; NULL
 * if none): *out is the node. 0 or -ENOSPC. */
int xr_pt_wide_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, const struct xr_pt_node *old,
		     struct xr_pt_node *out);
/* The blocks of node n (children and leaves), on l; all of them below
 * too when deep. */
int xr_pt_node_blocks(const struct xr_poptrie *t, const struct xr_pt_node *n,
		      int deep, struct xr_idlist *l);
uint32_t xr_pt_kids_blk(const struct xr_poptrie *t, const struct xr_pt_node *n);
uint32_t xr_pt_leaves_blk(const struct xr_poptrie *t, const struct xr_pt_node *n);
/* The entry of position v of node n. */
uint32_t xr_pt_node_leaf(const struct xr_poptrie *t, const struct xr_pt_node *n,
			 unsigned int v);

/* w made a leaf (*e) when its positions are one, else a node (*n) of
 * fresh blocks: 0 a leaf, 1 a node, -errno. */
int xr_pt_wide_finish(struct xr_poptrie *t, struct xr_pt_txn *x,
		      const struct xr_pt_wide *w, const struct xr_pt_node *old,
		      uint32_t *e, struct xr_pt_node *n);
/* The same for a slot: a node becomes a root in a block of its own and
 * *e the direct entry naming it. */
int xr_pt_root_write(struct xr_poptrie *t, struct xr_pt_txn *x,
		     const struct xr_pt_wide *w, const struct xr_pt_node *old,
		     uint32_t *e);
/* Every block of slot s's subtree, on l (none for a plain entry). */
int xr_pt_slot_retire(const struct xr_poptrie *t, uint32_t s,
		      struct xr_idlist *l);

/* poptrie_alloc.c */
/* A free block of 1 << order units of the node (leaves 0) or leaf array
 * (1), marked in use and listed in x->fresh; its first unit, in that
 * array, in *unit. -ENOSPC when none is free after release. */
int xr_pt_alloc(struct xr_poptrie *t, struct xr_pt_txn *x, int leaves,
		unsigned int order, uint32_t *unit);
/* Give a block no reader has seen back at once. */
void xr_pt_unalloc(struct xr_poptrie *t, uint32_t blk);
void xr_pt_alloc_drop(struct xr_poptrie *t);
void xr_pt_txn_abort(struct xr_poptrie *t, struct xr_pt_txn *x);
/* After the switch: the blocks given up go on t->pending. */
int xr_pt_txn_commit(struct xr_poptrie *t, struct xr_pt_txn *x);
void xr_pt_txn_free(struct xr_pt_txn *x);

#endif
