// SPDX-License-Identifier: GPL-2.0
/*
 * Interned next-hop sets: the routes of a full table share a few
 * thousand distinct next-hop sets (peers, their ECMP combinations), so
 * a route holds a set's 4-byte id, and each set is stored once and
 * counted by its routes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sync/mirror_int.h"

static int spec_cmp(const void *a, const void *b)
{
	const struct xr_nhg_spec *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return memcmp(&x->gw, &y->gw, sizeof(x->gw));
}

unsigned int mr_spec_norm(struct xr_nhg_spec *m, unsigned int n)
{
	unsigned int k, out = 0;

	qsort(m, n, sizeof(*m), spec_cmp);
	for (k = 0; k < n; k++) {
		unsigned int w = m[k].weight ? m[k].weight : 1;

		if (out && !spec_cmp(&m[out - 1], &m[k]))
			w += m[out - 1].weight;      /* the same hop twice */
		else
			m[out++] = m[k];
		m[out - 1].weight = (uint16_t)(w > XR_NHG_WEIGHT_MAX ?
					       XR_NHG_WEIGHT_MAX : w);
	}
	return out;
}

int mr_sets_init(struct mr_sets *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->nb = 256;
	ss->bkt = calloc(ss->nb, sizeof(*ss->bkt));
	return ss->bkt ? 0 : -ENOMEM;
}

void mr_sets_fini(struct mr_sets *ss)
{
	size_t i;

	for (i = 0; i < ss->cap; i++)
		free(ss->s[i]);
	free(ss->s);
	free(ss->bkt);
	free(ss->freed);
	memset(ss, 0, sizeof(*ss));
}

/* Members hashed and compared by their fields: struct xr_nhg_spec has
 * trailing padding, which a member built on the stack need not have
 * zeroed. */
static uint32_t set_hash(uint8_t family, const struct xr_nhg_spec *m,
			 unsigned int n)
{
	uint32_t h = family;
	unsigned int k;

	for (k = 0; k < n; k++) {
		h = mr_hash(&m[k].ifindex, sizeof(m[k].ifindex), h);
		h = mr_hash(&m[k].gw, sizeof(m[k].gw), h);
		h = mr_hash(&m[k].weight, sizeof(m[k].weight), h);
	}
	return h;
}

static int set_eq(const struct mr_set *s, uint8_t family,
		  const struct xr_nhg_spec *m, unsigned int n)
{
	unsigned int k;

	if (s->family != family || s->n != n)
		return 0;
	for (k = 0; k < n; k++)
		if (spec_cmp(&s->m[k], &m[k]) || s->m[k].weight != m[k].weight)
			return 0;
	return 1;
}

static long set_find(const struct mr_sets *ss, uint32_t h, uint8_t family,
		     const struct xr_nhg_spec *m, unsigned int n)
{
	uint32_t i;

	for (i = ss->bkt[h & (ss->nb - 1)]; i; i = ss->s[i - 1]->next)
		if (ss->s[i - 1]->hash == h && set_eq(ss->s[i - 1], family, m, n))
			return (long)i - 1;
	return -1;
}

/* A free id: given back ones first, else the table grows; id 0 is
 * never given (0 means none). */
static int set_slot(struct mr_sets *ss, uint32_t *id)
{
	size_t cap, k;
	struct mr_set **s;

	if (ss->nfree) {
		*id = ss->freed[--ss->nfree];
		return 0;
	}
	if (ss->top + 1 >= ss->cap) {
		cap = ss->cap ? ss->cap * 2 : 64;
		if (!(s = realloc(ss->s, cap * sizeof(*s))))
			return -ENOMEM;
		for (k = ss->cap; k < cap; k++)
			s[k] = NULL;
		ss->s = s;
		ss->cap = cap;
	}
	*id = (uint32_t)++ss->top;
	return 0;
}

static void chain_in(struct mr_sets *ss, uint32_t id)
{
	uint32_t *b = &ss->bkt[ss->s[id]->hash & (ss->nb - 1)];

	ss->s[id]->next = *b;
	*b = id + 1;
}

/* Twice the buckets when there are more sets than buckets. */
static int sets_rehash(struct mr_sets *ss)
{
	uint32_t *nb, k;

	if (ss->used < ss->nb)
		return 0;
	if (!(nb = calloc(ss->nb * 2, sizeof(*nb))))
		return -ENOMEM;
	free(ss->bkt);
	ss->bkt = nb;
	ss->nb *= 2;
	for (k = 1; k <= ss->top; k++)
		if (ss->s[k])
			chain_in(ss, k);
	return 0;
}

/* Room to give back every id there may be (put never fails): the
 * stack of free ids. */
static int free_room(struct mr_sets *ss)
{
	size_t cap = (ss->top + 2) * 2;
	uint32_t *f;

	if (ss->top + 2 <= ss->free_cap)
		return 0;
	if (!(f = realloc(ss->freed, cap * sizeof(*f))))
		return -ENOMEM;
	ss->freed = f;
	ss->free_cap = cap;
	return 0;
}

static int set_new(struct mr_sets *ss, uint32_t h, uint8_t family,
		   const struct xr_nhg_spec *m, unsigned int n, uint32_t *id)
{
	size_t sz = sizeof(struct mr_set) + n * sizeof(*m);
	struct mr_set *s;
	int err;

	if ((err = sets_rehash(ss)) || (err = free_room(ss)) ||
	    (err = set_slot(ss, id)))
		return err;
	if (!(s = malloc(sz)))
		return -ENOMEM;
	s->refs = 1;
	s->hash = h;
	s->family = family;
	s->n = (uint8_t)n;
	memcpy(s->m, m, n * sizeof(*m));
	ss->s[*id] = s;
	chain_in(ss, *id);
	ss->used++;
	ss->bytes += sz;
	return 0;
}

int mr_set_get(struct mr_sets *ss, uint8_t family, struct xr_nhg_spec *m,
	       unsigned int n, uint32_t *id)
{
	uint32_t h;
	long f;

	n = mr_spec_norm(m, n);
	if (!n || n > XR_NHG_MAX_MEMBERS)
		return -EINVAL;
	h = set_hash(family, m, n);
	f = set_find(ss, h, family, m, n);
	if (f < 0)
		return set_new(ss, h, family, m, n, id);
	ss->s[f]->refs++;
	*id = (uint32_t)f;
	return 0;
}

void mr_set_put(struct mr_sets *ss, uint32_t id)
{
	struct mr_set *s = id && id < ss->cap ? ss->s[id] : NULL;
	uint32_t *p;

	if (!s || --s->refs)
		return;
	p = &ss->bkt[s->hash & (ss->nb - 1)];
	while (*p && *p != id + 1)
		p = &ss->s[*p - 1]->next;
	if (*p)
		*p = s->next;
	ss->bytes -= sizeof(*s) + s->n * sizeof(s->m[0]);
	free(s);
	ss->s[id] = NULL;
	ss->used--;
	ss->freed[ss->nfree++] = id;   /* room made when it was made */
}
