// SPDX-License-Identifier: GPL-2.0
/*
 * The shadow's tables (sync/mirror_int.h): entries of one size in a
 * growing pool, chained by index in hash buckets (4 bytes a link, no
 * pointer a route), free entries reused; and the dirty queues.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sync/mirror_int.h"

#define MR_TAB_MIN 64

/* FNV-1a over the bytes, then mixed: buckets are a power of two. */
uint32_t mr_hash(const void *p, size_t len, uint32_t seed)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u ^ seed;

	while (len--)
		h = (h ^ *b++) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	return h ^ h >> 12;
}

int mr_tab_init(struct mr_tab *t, size_t esz, uint32_t (*hash)(const void *))
{
	memset(t, 0, sizeof(*t));
	t->esz = esz;
	t->hash = hash;
	t->nb = MR_TAB_MIN;
	t->bkt = calloc(t->nb, sizeof(*t->bkt));
	return t->bkt ? 0 : -ENOMEM;
}

void mr_tab_fini(struct mr_tab *t)
{
	free(t->pool);
	free(t->bkt);
	memset(t, 0, sizeof(*t));
}

static void chain_in(struct mr_tab *t, uint32_t idx)
{
	struct mr_ent *e = mr_tab_at(t, idx);
	uint32_t *b = &t->bkt[t->hash(e) & (t->nb - 1)];

	e->next = *b;
	*b = idx + 1;
}

/* Twice the buckets, every used entry chained again. */
static int rehash(struct mr_tab *t)
{
	uint32_t *nb = calloc(t->nb * 2, sizeof(*nb));
	size_t i;

	if (!nb)
		return -ENOMEM;
	free(t->bkt);
	t->bkt = nb;
	t->nb *= 2;
	for (i = 0; i < t->cap; i++)
		if (((struct mr_ent *)mr_tab_at(t, (uint32_t)i))->used)
			chain_in(t, (uint32_t)i);
	return 0;
}

/* Room for more entries: the pool grows by half, the new ones free. */
static int grow(struct mr_tab *t)
{
	size_t cap = t->cap ? t->cap + t->cap / 2 : MR_TAB_MIN, i;
	uint8_t *p;

	if (cap > UINT32_MAX - 1 || !(p = realloc(t->pool, cap * t->esz)))
		return -ENOMEM;
	t->pool = p;
	memset(p + t->cap * t->esz, 0, (cap - t->cap) * t->esz);
	for (i = cap; i-- > t->cap;) {
		((struct mr_ent *)mr_tab_at(t, (uint32_t)i))->next = t->free;
		t->free = (uint32_t)i + 1;
	}
	t->cap = cap;
	return 0;
}

int mr_tab_alloc(struct mr_tab *t, uint32_t *idx)
{
	struct mr_ent *e;
	int err;

	if (!t->free && (err = grow(t)))
		return err;
	if (t->n >= t->nb && (err = rehash(t)))
		return err;
	*idx = t->free - 1;
	e = mr_tab_at(t, *idx);
	t->free = e->next;
	memset(e, 0, t->esz);
	e->used = 1;
	t->n++;
	return 0;
}

void mr_tab_link(struct mr_tab *t, uint32_t idx)
{
	chain_in(t, idx);
}

void mr_tab_remove(struct mr_tab *t, uint32_t idx)
{
	struct mr_ent *e = mr_tab_at(t, idx);
	uint32_t *p = &t->bkt[t->hash(e) & (t->nb - 1)];

	while (*p && *p != idx + 1)
		p = &((struct mr_ent *)mr_tab_at(t, *p - 1))->next;
	if (*p)
		*p = e->next;
	memset(e, 0, t->esz);
	e->next = t->free;
	t->free = idx + 1;
	t->n--;
}

size_t mr_tab_bytes(const struct mr_tab *t)
{
	return t->cap * t->esz + t->nb * sizeof(*t->bkt);
}

/* ---- queues: a growing ring of fixed-size keys ---- */

static int queue_grow(struct mr_queue *q)
{
	size_t cap = q->cap ? q->cap * 2 : 256, k;
	uint8_t *n = malloc(cap * q->esz);

	if (!n)
		return -ENOMEM;
	for (k = 0; k < q->n; k++)
		memcpy(n + k * q->esz,
		       (uint8_t *)q->q + (q->head + k) % q->cap * q->esz, q->esz);
	free(q->q);
	q->q = n;
	q->cap = cap;
	q->head = 0;
	return 0;
}

int mr_queue_push(struct mr_queue *q, const void *e)
{
	int err;

	if (q->n == q->cap && (err = queue_grow(q)))
		return err;
	memcpy((uint8_t *)q->q + (q->head + q->n) % q->cap * q->esz, e, q->esz);
	q->n++;
	return 0;
}

const void *mr_queue_peek(const struct mr_queue *q)
{
	return q->n ? (uint8_t *)q->q + q->head * q->esz : NULL;
}

void mr_queue_pop(struct mr_queue *q)
{
	if (!q->n)
		return;
	q->head = (q->head + 1) % q->cap;
	/* emptied after a full table: its room given back */
	if (!--q->n && q->cap > 4096)
		mr_queue_fini(q);
}

void mr_queue_fini(struct mr_queue *q)
{
	free(q->q);
	q->q = NULL;
	q->n = q->cap = q->head = 0;
}

size_t mr_queue_drain(struct xr_mirror *mi, struct mr_queue *q, size_t max,
		      void (*fn)(struct xr_mirror *, const void *))
{
	union { struct mr_pkey p; struct mr_nkey n; } key;
	const void *k;
	size_t n = 0;

	while ((!max || n < max) && (k = mr_queue_peek(q))) {
		memcpy(&key, k, q->esz);
		mr_queue_pop(q);     /* may give the room back: k copied first */
		fn(mi, &key);
		n++;
	}
	return n;
}
