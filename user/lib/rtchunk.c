// SPDX-License-Identifier: GPL-2.0
/* A chunk of routes on their way into the route table (rtchunk.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/rtchunk.h"
#include "lib/sort64.h"

#define IDX_BITS 24       /* a chunk's index in a sort key's low bits */

int xr_rtchunk_init(struct xr_rtchunk *c, const void *keys, size_t ksz,
		    size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	c->keys = keys;
	c->ksz = ksz;
	c->cap = cap;
	c->slot = calloc(cap, sizeof(*c->slot));
	return c->slot ? 0 : -ENOMEM;
}

void xr_rtchunk_fini(struct xr_rtchunk *c)
{
	free(c->slot);
	c->slot = NULL;
}

/* FNV-1a over the key's bytes. */
static size_t hash(const uint8_t *k, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ k[i]) * 0x100000001b3ull;
	return (size_t)(h ^ h >> 29);
}

/* The slot of key: its own, or the empty one where it would go. */
static size_t probe(const struct xr_rtchunk *c, const void *key)
{
	size_t i = hash(key, c->ksz) & (c->cap - 1);

	while (c->slot[i] &&
	       memcmp(c->keys + (c->slot[i] - 1) * c->ksz, key, c->ksz))
		i = (i + 1) & (c->cap - 1);
	return i;
}

long xr_rtchunk_find(const struct xr_rtchunk *c, const void *key)
{
	size_t i = probe(c, key);

	return c->slot[i] ? (long)c->slot[i] - 1 : -1;
}

void xr_rtchunk_put(struct xr_rtchunk *c, size_t i)
{
	c->slot[probe(c, c->keys + i * c->ksz)] = (uint32_t)(i + 1);
}

/* A key's first 40 bits of address-then-length (an IPv4 key: its four
 * address bytes, then its length; IPv6: five address bytes), over the
 * index: neighbours in the table are neighbours here. */
static uint64_t sort_key(const uint8_t *k, size_t ksz, size_t i)
{
	uint64_t v = 0;
	int b;

	for (b = 0; b < 5; b++)
		v = v << 8 | (4 + (size_t)b < ksz ? k[4 + b] : k[0]);
	return v << IDX_BITS | i;
}

int xr_rtchunk_order(const void *keys, size_t ksz, const int8_t *had,
		     size_t n, uint32_t *ord)
{
	uint64_t *s = malloc((n ? n : 1) * sizeof(*s));
	size_t i, nn = 0, k;

	if (!s || n >= (size_t)1 << IDX_BITS) {
		free(s);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (!had[i])
			s[nn++] = sort_key((const uint8_t *)keys + i * ksz, ksz, i);
	if (xr_sort64(s, nn, IDX_BITS, 64)) {
		free(s);
		return -ENOMEM;
	}
	for (k = 0; k < nn; k++)
		ord[k] = (uint32_t)(s[k] & ((1u << IDX_BITS) - 1));
	for (i = 0; i < n; i++)
		if (had[i])
			ord[k++] = (uint32_t)i;
	free(s);
	return 0;
}
