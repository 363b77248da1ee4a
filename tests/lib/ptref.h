/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the Poptrie's suites (tests/unit/test_poptrie*.c): a trie in plain
 * memory, and the slow reference it is checked against: a list of routes,
 * the longest match found by a scan of them all.
 */
#ifndef XR_TEST_PTREF_H
#define XR_TEST_PTREF_H
#include <stddef.h>
#include <stdint.h>
#include "lib/poptrie.h"

/* A trie of geometry g in memory of its own (calloc), formatted. */
struct xr_poptrie *pt_new(const struct xr_pt_geom *g);
void pt_free(struct xr_poptrie *t);

/* The entry of a route: VALID, depth, id. */
uint32_t pt_entry(const struct xr_pt_geom *g, unsigned int depth, uint32_t id);

/* key with the bits past depth clear; whether a is under key/depth. */
struct xr_pt_key pt_mask(struct xr_pt_key key, unsigned int depth);
int pt_under(struct xr_pt_key a, struct xr_pt_key key, unsigned int depth);
/* The last address of key/depth in a key of key_bits. */
struct xr_pt_key pt_last(struct xr_pt_key key, unsigned int depth,
			 unsigned int key_bits);
/* a + d (d may be -1), wrapping in key_bits. */
struct xr_pt_key pt_step(struct xr_pt_key a, int d, unsigned int key_bits);

struct pt_ref {
	struct xr_pt_route *r;
	size_t n, cap;
};

/* The route added (the same prefix replaced). */
void ref_add(struct pt_ref *f, struct xr_pt_key key, unsigned int depth,
	     uint32_t e);
/* The route removed; its replacement (the longest route covering it with
 * a shorter prefix) returned, or 0. */
uint32_t ref_del(struct pt_ref *f, size_t i);
uint32_t ref_lookup(const struct pt_ref *f, struct xr_pt_key a);
void ref_free(struct pt_ref *f);

/* Both, changed alike: add and del (the route's index in f). */
int pt_ref_add(struct xr_poptrie *t, struct pt_ref *f, struct xr_pt_key key,
	       unsigned int depth, uint32_t e);
int pt_ref_del(struct xr_poptrie *t, struct pt_ref *f, size_t i);

/* A random number (a test's own generator: seeded, repeatable). */
uint64_t pt_rand(void);
void pt_srand(uint64_t seed);

#endif
