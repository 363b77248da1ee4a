// SPDX-License-Identifier: GPL-2.0
/*
 * The Poptrie's allocator: the node and leaf arrays in pages of 64 units,
 * a page in use cut into blocks of one order (1 << order units). What is
 * in use is persisted in the pages (xr_fibN_page), so that any process
 * can go on; this process's index of free blocks (lists of the pages
 * with a free block, per array and order, and of the free pages) is
 * built from them by one scan on first use.
 */
#include <errno.h>
#include <stdlib.h>
#include "lib/poptrie_int.h"

#define FREE_LIST 7             /* the lists per array: orders 0 .. 6, free */
#define NO_LIST   0xffu

struct xr_pt_alloc {
	uint32_t *next, *prev;
	uint8_t *list;              /* the list a page is on, or NO_LIST */
	uint32_t head[2][8];
};

static uint32_t npages(const struct xr_poptrie *t)
{
	return (t->g->nnodes + t->g->nleaves) / XR_PT_PAGE_UNITS;
}

static int page_arr(const struct xr_poptrie *t, uint32_t p)
{
	return p >= t->g->nnodes / XR_PT_PAGE_UNITS;
}

static uint64_t full_mask(unsigned int order)
{
	unsigned int n = XR_PT_PAGE_UNITS >> order;

	return n == 64 ? ~0ull : (1ull << n) - 1;
}

static void unlist(struct xr_pt_alloc *a, uint32_t p, int arr)
{
	uint8_t l = a->list[p];

	if (l == NO_LIST)
		return;
	if (a->prev[p] != XR_PT_NONE)
		a->next[a->prev[p]] = a->next[p];
	else
		a->head[arr][l] = a->next[p];
	if (a->next[p] != XR_PT_NONE)
		a->prev[a->next[p]] = a->prev[p];
	a->list[p] = NO_LIST;
}

static void enlist(struct xr_pt_alloc *a, uint32_t p, int arr, uint8_t l)
{
	a->next[p] = a->head[arr][l];
	a->prev[p] = XR_PT_NONE;
	if (a->next[p] != XR_PT_NONE)
		a->prev[a->next[p]] = p;
	a->head[arr][l] = p;
	a->list[p] = l;
}

/* Put page p on the list its state says (none when full). */
static void relist(struct xr_poptrie *t, uint32_t p)
{
	const struct xr_pt_page *pg = &t->pages[p];
	int arr = page_arr(t, p);

	if (!t->alloc)
		return;
	unlist(t->alloc, p, arr);
	if (pg->order == XR_PT_ORDER_FREE)
		enlist(t->alloc, p, arr, FREE_LIST);
	else if (pg->used != full_mask(pg->order))
		enlist(t->alloc, p, arr, pg->order);
}

static int index_build(struct xr_poptrie *t)
{
	struct xr_pt_alloc *a = calloc(1, sizeof(*a));
	uint32_t n = npages(t), p;

	if (!a)
		return -ENOMEM;
	a->next = malloc(n * sizeof(uint32_t));
	a->prev = malloc(n * sizeof(uint32_t));
	a->list = malloc(n);
	if (!a->next || !a->prev || !a->list) {
		t->alloc = a;
		xr_pt_alloc_drop(t);
		return -ENOMEM;
	}
	for (p = 0; p < 16; p++)
		a->head[p / 8][p % 8] = XR_PT_NONE;
	for (p = 0; p < n; p++)
		a->list[p] = NO_LIST;
	t->alloc = a;
	for (p = n; p-- > 0;)        /* lowest pages first on each list */
		relist(t, p);
	return 0;
}

void xr_pt_alloc_drop(struct xr_poptrie *t)
{
	if (!t->alloc)
		return;
	free(t->alloc->next);
	free(t->alloc->prev);
	free(t->alloc->list);
	free(t->alloc);
	t->alloc = NULL;
}

static void count(struct xr_poptrie *t, int arr, int64_t units, int pages)
{
	if (arr) {
		t->meta->leaves_used += units;
		t->meta->leaf_pages += pages;
	} else {
		t->meta->nodes_used += units;
		t->meta->node_pages += pages;
	}
}

/* A page with a free block of this order, a free page made one, or
 * XR_PT_NONE. */
static uint32_t page_for(struct xr_poptrie *t, int arr, unsigned int order)
{
	uint32_t p = t->alloc->head[arr][order];

	if (p != XR_PT_NONE)
		return p;
	p = t->alloc->head[arr][FREE_LIST];
	if (p == XR_PT_NONE)
		return p;
	t->pages[p].order = order;
	t->pages[p].used = 0;
	count(t, arr, 0, 1);
	return p;
}

static int take(struct xr_poptrie *t, int arr, unsigned int order,
		uint32_t *blk)
{
	uint32_t p = page_for(t, arr, order);
	unsigned int i;

	if (p == XR_PT_NONE)
		return -ENOSPC;
	i = __builtin_ctzll(~t->pages[p].used);
	t->pages[p].used |= 1ull << i;
	relist(t, p);
	count(t, arr, 1 << order, 0);
	*blk = XR_PT_BLK(p * XR_PT_PAGE_UNITS + (i << order), order);
	return 0;
}

int xr_pt_alloc(struct xr_poptrie *t, struct xr_pt_txn *x, int leaves,
		unsigned int order, uint32_t *unit)
{
	uint32_t blk;
	int err = t->alloc ? 0 : index_build(t);

	if (err)
		return err;
	err = take(t, leaves, order, &blk);
	if (err == -ENOSPC && t->pending.n) {
		err = xr_pt_release(t);
		if (!err)
			err = take(t, leaves, order, &blk);
	}
	if (err)
		return err;
	err = xr_idlist_push(&x->fresh, blk);
	if (err) {
		xr_pt_unalloc(t, blk);
		return err;
	}
	*unit = XR_PT_BLK_UNIT(blk) - (leaves ? t->g->nnodes : 0);
	return 0;
}

void xr_pt_unalloc(struct xr_poptrie *t, uint32_t blk)
{
	uint32_t u = XR_PT_BLK_UNIT(blk), p = u / XR_PT_PAGE_UNITS;
	unsigned int order = XR_PT_BLK_ORDER(blk);
	struct xr_pt_page *pg = &t->pages[p];
	int arr = page_arr(t, p);

	pg->used &= ~(1ull << ((u % XR_PT_PAGE_UNITS) >> order));
	count(t, arr, -(1 << order), 0);
	if (!pg->used) {
		pg->order = XR_PT_ORDER_FREE;
		count(t, arr, 0, -1);
	}
	relist(t, p);
}

int xr_pt_release(struct xr_poptrie *t)
{
	size_t i;
	int err;

	if (!t->pending.n)
		return 0;
	if (t->sync) {
		err = t->sync();
		if (err)
			return err;
	}
	for (i = 0; i < t->pending.n; i++)
		xr_pt_unalloc(t, t->pending.v[i]);
	t->pending.n = 0;
	return 0;
}

void xr_pt_txn_abort(struct xr_poptrie *t, struct xr_pt_txn *x)
{
	while (x->fresh.n)
		xr_pt_unalloc(t, x->fresh.v[--x->fresh.n]);
	x->old.n = 0;
}

int xr_pt_txn_commit(struct xr_poptrie *t, struct xr_pt_txn *x)
{
	size_t i;
	int err = 0;

	for (i = 0; i < x->old.n && !err; i++)
		err = xr_idlist_push(&t->pending, x->old.v[i]);
	x->fresh.n = x->old.n = 0;
	return err;
}

void xr_pt_txn_free(struct xr_pt_txn *x)
{
	xr_idlist_free(&x->fresh);
	xr_idlist_free(&x->old);
}
