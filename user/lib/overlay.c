// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "lib/overlay.h"

#define TAG_ROUTE 1ull
#define TAG_NEIGH 2ull
#define TAG_LINK  3ull

uint64_t xr_ov_route_key(__be32 dst, uint8_t plen)
{
	return TAG_ROUTE << 62 | (uint64_t)plen << 32 | ntohl(dst);
}

uint64_t xr_ov_neigh_key(uint32_t ifindex, __be32 addr)
{
	/* ifindex is below 2^30 in practice; keep 30 bits of it. */
	return TAG_NEIGH << 62 | (uint64_t)(ifindex & 0x3fffffff) << 32 |
	       ntohl(addr);
}

uint64_t xr_ov_link_key(uint32_t ifindex)
{
	return TAG_LINK << 62 | ifindex;
}

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static struct xr_ov_entry *find(const struct xr_overlay *ov, uint64_t key)
{
	size_t i;

	if (!ov->cap)
		return NULL;
	for (i = slot_of(key, ov->cap);; i = (i + 1) & (ov->cap - 1)) {
		if (!ov->tab[i].used)
			return NULL;
		if (ov->tab[i].key == key)
			return &ov->tab[i];
	}
}

int xr_ov_get(const struct xr_overlay *ov, uint64_t key, struct xr_route4 *rt)
{
	struct xr_ov_entry *e = find(ov, key);

	if (!e)
		return XR_OV_UNKNOWN;
	if (rt)
		*rt = e->rt;
	return e->state;
}

static int grow(struct xr_overlay *ov)
{
	size_t cap = ov->cap ? ov->cap * 2 : 1024, i;
	struct xr_ov_entry *tab = calloc(cap, sizeof(*tab));

	if (!tab)
		return -ENOMEM;
	for (i = 0; i < ov->cap; i++) {
		size_t j;

		if (!ov->tab[i].used)
			continue;
		for (j = slot_of(ov->tab[i].key, cap); tab[j].used;
		     j = (j + 1) & (cap - 1))
			;
		tab[j] = ov->tab[i];
	}
	free(ov->tab);
	ov->tab = tab;
	ov->cap = cap;
	return 0;
}

int xr_ov_set(struct xr_overlay *ov, uint64_t key, int state,
	      const struct xr_route4 *rt)
{
	struct xr_ov_entry *e = find(ov, key);
	size_t i;

	if (!e) {
		if ((ov->n + 1) * 2 > ov->cap && grow(ov))
			return -ENOMEM;
		for (i = slot_of(key, ov->cap); ov->tab[i].used;
		     i = (i + 1) & (ov->cap - 1))
			;
		e = &ov->tab[i];
		e->used = 1;
		e->key = key;
		ov->n++;
	}
	e->state = (uint8_t)state;
	if (rt)
		e->rt = *rt;
	else
		memset(&e->rt, 0, sizeof(e->rt));
	return 0;
}

void xr_ov_free(struct xr_overlay *ov)
{
	free(ov->tab);
	memset(ov, 0, sizeof(*ov));
}
