// SPDX-License-Identifier: GPL-2.0
/*
 * The buckets of a next-hop group (lib/nhgtab.h, abi/nhg.h): the ideal
 * owner of each bucket from the members' weights, and the resilient
 * balance the kernel's resilient nexthop groups keep (net/ipv4/
 * nexthop.c): a bucket moves only when its owner cannot carry traffic
 * (lent to the usable member furthest below its weighted share) or
 * when its owner can again (given back); no other bucket changes.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

/* The members given one bucket because their share of the rest is
 * below one (until none is left below), as a bitmask: every member
 * carries flows (64 members <= 128 buckets). */
static uint64_t ideal_pinned(const struct xr_nhg *g)
{
	uint64_t pin = 0, more = 1;
	unsigned int i, w, left;

	while (more) {
		more = 0;
		left = XR_NHG_BUCKETS - (unsigned int)__builtin_popcountll(pin);
		for (i = 0, w = 0; i < g->nmemb; i++)
			w += pin >> i & 1 ? 0 : g->memb[i].weight;
		for (i = 0; i < g->nmemb; i++)
			if (!(pin >> i & 1) && left * g->memb[i].weight < w)
				more = pin |= 1ull << i;
	}
	return pin;
}

/* Each member's bucket count: one for the pinned members (above); the
 * others share the rest by weight, their exact share rounded down,
 * then one more for the largest remainders (the lowest index on a
 * tie). */
static void ideal_counts(const struct xr_nhg *g, unsigned int cnt[])
{
	unsigned int i, k, w = 0, left, all, rem[XR_NHG_MAX_MEMBERS];
	uint64_t pin = ideal_pinned(g);

	left = all = XR_NHG_BUCKETS - (unsigned int)__builtin_popcountll(pin);
	for (i = 0; i < g->nmemb; i++)
		w += pin >> i & 1 ? 0 : g->memb[i].weight;
	for (i = 0; i < g->nmemb; i++) {
		rem[i] = 0;
		if (pin >> i & 1) {
			cnt[i] = 1;
			continue;
		}
		cnt[i] = all * g->memb[i].weight / w;
		rem[i] = all * g->memb[i].weight % w;
		left -= cnt[i];
	}
	for (; left; left--) {
		for (k = 0, i = 1; i < g->nmemb; i++)
			if (rem[i] > rem[k])
				k = i;
		cnt[k]++;
		rem[k] = 0;
	}
}

/* Interleaved (smooth weighted round robin over the counts): a member's
 * buckets are spread over the table, not in one run. */
static void ideal_make(const struct xr_nhg *g, __u8 ideal[XR_NHG_BUCKETS])
{
	unsigned int cnt[XR_NHG_MAX_MEMBERS], b, i, k;
	int cur[XR_NHG_MAX_MEMBERS] = { 0 };

	ideal_counts(g, cnt);
	for (b = 0; b < XR_NHG_BUCKETS; b++) {
		for (k = 0, i = 0; i < g->nmemb; i++) {
			cur[i] += (int)cnt[i];
			if (cur[i] > cur[k])
				k = i;
		}
		cur[k] -= XR_NHG_BUCKETS;
		ideal[b] = (__u8)k;
	}
}

void xr_nhg_ideal(struct xr_nhg *g)
{
	ideal_make(g, g->ideal);
}

unsigned int xr_nhg_ideal_check(struct xr_nhg *g, int fix)
{
	__u8 ideal[XR_NHG_BUCKETS];
	unsigned int b, bad = 0;

	ideal_make(g, ideal);
	for (b = 0; b < XR_NHG_BUCKETS; b++)
		bad += ideal[b] != g->ideal[b];
	if (bad && fix)
		memcpy(g->ideal, ideal, sizeof(ideal));
	return bad;
}

int xr_nhg_usable(const struct xr_nh_table *nh, uint32_t id)
{
	const struct xr_adj *adj = xr_nh_adj(nh, id);
	uint16_t f = __atomic_load_n(&adj->flags, __ATOMIC_RELAXED);

	return (f & (XR_ADJ_TX | XR_ADJ_UP)) == (XR_ADJ_TX | XR_ADJ_UP) &&
	       !(f & XR_ADJ_FAILED);
}

struct balance {
	int use[XR_NHG_MAX_MEMBERS];
	unsigned int cnt[XR_NHG_MAX_MEMBERS];
	int want[XR_NHG_BUCKETS];     /* member index; -1: to lend */
	unsigned int wusable;         /* the usable members' weights */
};

static int member_of(const struct xr_nhg *g, uint32_t nh)
{
	int i;

	for (i = 0; i < g->nmemb; i++)
		if (g->memb[i].nh == nh)
			return i;
	return -1;
}

/* Who keeps bucket b: its owner when usable (or when none is), else
 * the usable member it is lent to already; -1 to lend it now. */
static int keeper(const struct xr_nhg *g, const struct balance *s,
		  unsigned int b)
{
	int o = g->ideal[b], h;

	if (s->use[o] || !s->wusable)
		return o;
	h = member_of(g, __atomic_load_n(&g->bucket[b], __ATOMIC_RELAXED));
	return h >= 0 && s->use[h] ? h : -1;
}

/* The usable member furthest below its weighted share of the buckets,
 * the lowest index on a tie. */
static int neediest(const struct xr_nhg *g, const struct balance *s)
{
	int64_t best = 0, d;
	int i, k = -1;

	for (i = 0; i < g->nmemb; i++) {
		if (!s->use[i])
			continue;
		d = (int64_t)XR_NHG_BUCKETS * g->memb[i].weight -
		    (int64_t)s->cnt[i] * s->wusable;
		if (k < 0 || d > best) {
			best = d;
			k = i;
		}
	}
	return k;
}

static void plan(const struct xr_nhg_table *t, const struct xr_nhg *g,
		 struct balance *s)
{
	unsigned int b;
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < g->nmemb; i++) {
		s->use[i] = xr_nhg_usable(t->nh, g->memb[i].nh);
		s->wusable += s->use[i] ? g->memb[i].weight : 0;
	}
	for (b = 0; b < XR_NHG_BUCKETS; b++)
		if ((s->want[b] = keeper(g, s, b)) >= 0)
			s->cnt[s->want[b]]++;
	for (b = 0; b < XR_NHG_BUCKETS; b++)
		if (s->want[b] < 0) {
			s->want[b] = neediest(g, s);
			s->cnt[s->want[b]]++;
		}
}

unsigned int xr_nhg_balance(const struct xr_nhg_table *t, struct xr_nhg *g,
			    int fix)
{
	unsigned int b, moved = 0;
	struct balance s;

	plan(t, g, &s);
	for (b = 0; b < XR_NHG_BUCKETS; b++) {
		uint32_t nh = g->memb[s.want[b]].nh;

		if (g->bucket[b] == nh)
			continue;
		moved++;
		if (fix)            /* one 32-bit store a bucket */
			__atomic_store_n(&g->bucket[b], nh, __ATOMIC_RELAXED);
	}
	return moved;
}

/* Whether g has a member among the ids marked in the bitmap. */
static int holds_any(const struct xr_nhg *g, const uint64_t *mark)
{
	int i;

	for (i = 0; i < g->nmemb; i++)
		if (mark[g->memb[i].nh / 64] >> (g->memb[i].nh % 64) & 1)
			return 1;
	return 0;
}

/* The groups holding a marked next hop (every group: mark NULL). */
static void balance_marked(const struct xr_nhg_table *t, const uint64_t *mark)
{
	uint32_t gid;

	for (gid = 1; gid < XR_MAX_NHG; gid++)
		if (t->g[gid].nmemb && (!mark || holds_any(&t->g[gid], mark)))
			xr_nhg_balance(t, &t->g[gid], 1);
}

void xr_nhg_nh_changed(const struct xr_nhg_table *t, const uint32_t *ids,
		       size_t n)
{
	uint32_t max;
	uint64_t *mark;
	size_t k;

	if (!t->g || !n)
		return;
	max = xr_nh_max(t->nh);
	mark = calloc(max / 64, sizeof(*mark));
	if (mark)               /* else every group: balancing is idempotent */
		for (k = 0; k < n; k++)
			if (ids[k] < max)
				mark[ids[k] / 64] |= 1ull << (ids[k] % 64);
	balance_marked(t, mark);
	free(mark);
}
