// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "lib/overlay.h"

#define TAG_ROUTE 1ull
#define TAG_NEIGH 2ull
#define TAG_LINK  3ull
#define TAG_PROTO 0ull    /* the kind and key of a handler */

/* kind, family and n in w[0]; the address's 16 bytes in w[1..2] */
static struct xr_ov_key key_of(uint64_t tag, const struct xr_inaddr *a,
			       uint32_t n)
{
	struct xr_ov_key k = { { tag << 62 | (uint64_t)n } };

	if (a) {
		k.w[0] |= (uint64_t)(a->family & 0xff) << 40;
		memcpy(&k.w[1], a->b, sizeof(a->b));
	}
	return k;
}

struct xr_ov_key xr_ov_route_key(const struct xr_inaddr *dst, uint8_t plen)
{
	return key_of(TAG_ROUTE, dst, plen);
}

struct xr_ov_key xr_ov_neigh_key(uint32_t ifindex, const struct xr_inaddr *addr)
{
	return key_of(TAG_NEIGH, addr, ifindex);
}

struct xr_ov_key xr_ov_link_key(uint32_t ifindex)
{
	return key_of(TAG_LINK, NULL, ifindex);
}

struct xr_ov_key xr_ov_proto_key(int kind, uint16_t key)
{
	return key_of(TAG_PROTO, NULL, (uint32_t)kind << 16 | key);
}

static size_t slot_of(struct xr_ov_key k, size_t cap)
{
	uint64_t key = k.w[0] ^ k.w[1] * 0x9e3779b97f4a7c15ull ^
		       k.w[2] * 0xc2b2ae3d27d4eb4full;

	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static int key_eq(const struct xr_ov_key *a, const struct xr_ov_key *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static struct xr_ov_entry *find(const struct xr_overlay *ov,
				struct xr_ov_key key)
{
	size_t i;

	if (!ov->cap)
		return NULL;
	for (i = slot_of(key, ov->cap);; i = (i + 1) & (ov->cap - 1)) {
		if (!ov->tab[i].used)
			return NULL;
		if (key_eq(&ov->tab[i].key, &key))
			return &ov->tab[i];
	}
}

int xr_ov_get(const struct xr_overlay *ov, struct xr_ov_key key,
	      struct xr_rt *rt)
{
	struct xr_ov_entry *e = find(ov, key);

	if (!e)
		return XR_OV_UNKNOWN;
	if (rt && e->rt)
		*rt = ov->rts[e->rt - 1];
	else if (rt)
		memset(rt, 0, sizeof(*rt));
	return e->state;
}

/* The table at cap slots (a power of two), every key moved over. */
static int rehash(struct xr_overlay *ov, size_t cap)
{
	struct xr_ov_entry *tab = calloc(cap, sizeof(*tab));
	size_t i;

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

/* At most half full with n keys. */
int xr_ov_reserve(struct xr_overlay *ov, size_t n)
{
	size_t cap = ov->cap ? ov->cap : 1024;

	while ((ov->n + n) * 2 > cap)
		cap *= 2;
	return cap == ov->cap ? 0 : rehash(ov, cap);
}

/* A copy of rt for entry e, in its slot of rts or a new one. */
static int keep_rt(struct xr_overlay *ov, struct xr_ov_entry *e,
		   const struct xr_rt *rt)
{
	if (!e->rt) {
		if (ov->nrt == ov->rtcap) {
			size_t cap = ov->rtcap ? ov->rtcap * 2 : 256;
			struct xr_rt *r = cap <= UINT32_MAX ?
				realloc(ov->rts, cap * sizeof(*r)) : NULL;

			if (!r)
				return -ENOMEM;
			ov->rts = r;
			ov->rtcap = cap;
		}
		e->rt = (uint32_t)++ov->nrt;
	}
	ov->rts[e->rt - 1] = *rt;
	return 0;
}

int xr_ov_set(struct xr_overlay *ov, struct xr_ov_key key, int state,
	      const struct xr_rt *rt)
{
	struct xr_ov_entry *e = find(ov, key);
	size_t i;

	if (!e) {
		if (xr_ov_reserve(ov, 1))
			return -ENOMEM;
		for (i = slot_of(key, ov->cap); ov->tab[i].used;
		     i = (i + 1) & (ov->cap - 1))
			;
		e = &ov->tab[i];
		e->used = 1;
		e->key = key;
		e->rt = 0;
		ov->n++;
	}
	e->state = (uint8_t)state;
	if (rt)
		return keep_rt(ov, e, rt);
	e->rt = 0;          /* its old copy, if any, stays unused */
	return 0;
}

void xr_ov_free(struct xr_overlay *ov)
{
	free(ov->tab);
	free(ov->rts);
	memset(ov, 0, sizeof(*ov));
}

void xr_ov_each_proto(const struct xr_overlay *ov, xr_ov_proto_fn fn, void *arg)
{
	size_t i;

	for (i = 0; i < ov->cap; i++)
		if (ov->tab[i].used && ov->tab[i].key.w[0] >> 62 == TAG_PROTO)
			fn(arg, (int)(ov->tab[i].key.w[0] >> 16 & 0xffff),
			   (uint16_t)ov->tab[i].key.w[0], ov->tab[i].state);
}
