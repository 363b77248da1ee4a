/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A chunk of routes on their way into the route table (routes.c): which
 * of them the chunk already holds (a later line of the same prefix
 * replaces an earlier one that is not in the table yet), and the order
 * the table takes them in. The kernel's LPM trie walks from its root on
 * every insert: keys in address order find the path of the one before
 * in the cache (a million random prefixes load in less than half the
 * kernel time).
 *
 * Keys are the route table's: a 32-bit length, then the address (4 or
 * 16 bytes), ksz bytes in all, packed ksz apart.
 */
#ifndef XR_RTCHUNK_H
#define XR_RTCHUNK_H

#include <stddef.h>
#include <stdint.h>

struct xr_rtchunk {
	const uint8_t *keys;    /* the chunk's keys, ksz apart */
	size_t ksz;
	uint32_t *slot;         /* open addressing: 1 + index, 0 empty */
	size_t cap;             /* a power of two, twice the chunk at least */
};

/* Empty, for a chunk of up to n keys at keys; 0 or -ENOMEM. */
int xr_rtchunk_init(struct xr_rtchunk *c, const void *keys, size_t ksz,
		    size_t n);
void xr_rtchunk_fini(struct xr_rtchunk *c);
/* The latest index put with key's bytes, or -1. */
long xr_rtchunk_find(const struct xr_rtchunk *c, const void *key);
/* Key i (keys + i * ksz) is in the chunk from now on: the latest of its
 * prefix. */
void xr_rtchunk_put(struct xr_rtchunk *c, size_t i);

/* The order to write n routes in: those new to the table (had[i] == 0:
 * each the first of its prefix in the chunk) by address, then those
 * that replace one (had[i] != 0) as they came, so that the last of a
 * prefix is what stays. ord gets n indexes; 0 or -ENOMEM. */
int xr_rtchunk_order(const void *keys, size_t ksz, const int8_t *had,
		     size_t n, uint32_t *ord);

#endif
