// SPDX-License-Identifier: GPL-2.0
/*
 * Neighbours (RTM_NEWNEIGH/DELNEIGH) of both families in the shadow by
 * (family, link, address), written to the neighbour maps as the kernel
 * has them (state, MAC when it has one) at each commit, unchanged ones
 * not written again. Proxy entries and lo's are not neighbours of a
 * next hop: not taken.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/neighbour.h>
#include "lib/neigh4.h"
#include "lib/clock.h"
#include "lib/neigh6.h"
#include "sync/mirror_int.h"

static void nkey_of(const struct mr_neigh *n, struct mr_nkey *k)
{
	memset(k, 0, sizeof(*k));
	k->addr = n->addr;
	k->ifindex = n->ifindex;
	k->family = n->e.family;
}

static uint32_t nkey_hash(const struct mr_nkey *k)
{
	return mr_hash(&k->addr, sizeof(k->addr), k->ifindex * 31u + k->family);
}

uint32_t mr_neigh_hash(const void *ent)
{
	struct mr_nkey k;

	nkey_of(ent, &k);
	return nkey_hash(&k);
}

static long neigh_find(const struct xr_mirror *mi, const struct mr_nkey *k)
{
	uint32_t i = mr_tab_first(&mi->neigh, nkey_hash(k));
	const struct mr_neigh *n;

	for (; i; i = n->e.next) {
		n = mr_tab_at(&mi->neigh, i - 1);
		if (n->e.family == k->family && n->ifindex == k->ifindex &&
		    !memcmp(&n->addr, &k->addr, sizeof(k->addr)))
			return (long)i - 1;
	}
	return -1;
}

static int queue(struct xr_mirror *mi, struct mr_neigh *n,
		 const struct mr_nkey *k)
{
	if (n && (n->e.flags & MR_DIRTY))
		return 0;
	if (n)
		n->e.flags |= MR_DIRTY;
	return mr_queue_push(&mi->nq, k);
}

static int same(const struct mr_neigh *n, const struct xr_kneigh *kn)
{
	return n->state == kn->state && n->has_mac == kn->has_mac &&
	       (!kn->has_mac || !memcmp(n->mac, kn->mac, 6));
}

static int neigh_set(struct xr_mirror *mi, const struct xr_kneigh *kn,
		     const struct mr_nkey *k)
{
	long i = neigh_find(mi, k);
	struct mr_neigh *n;
	uint32_t idx;
	int err;

	if (i < 0) {
		if ((err = mr_tab_alloc(&mi->neigh, &idx)))
			return err;
		n = mr_tab_at(&mi->neigh, idx);
		n->e.family = k->family;
		n->ifindex = k->ifindex;
		n->addr = k->addr;
		mr_tab_link(&mi->neigh, idx);
	} else {
		n = mr_tab_at(&mi->neigh, (uint32_t)i);
		n->e.flags &= (uint8_t)~MR_STALE;
		if (same(n, kn))
			return 0;
	}
	n->state = kn->state;
	n->has_mac = kn->has_mac;
	memcpy(n->mac, kn->mac, 6);
	return queue(mi, n, k);
}

int mr_neigh_msg(struct xr_mirror *mi, const struct xr_kneigh *kn)
{
	struct mr_nkey k;
	long i;

	if ((kn->family != AF_INET && kn->family != AF_INET6) ||
	    (kn->flags & NTF_PROXY) || kn->ifindex <= 1)
		return 0;
	memset(&k, 0, sizeof(k));
	k.addr = kn->addr;
	k.ifindex = kn->ifindex;
	k.family = kn->family;
	if (!kn->del)
		return neigh_set(mi, kn, &k);
	if ((i = neigh_find(mi, &k)) >= 0)
		mr_tab_remove(&mi->neigh, (uint32_t)i);
	return queue(mi, NULL, &k);
}

/* ---- commit ---- */

static int map_get(const struct xr_mirror *mi, const struct mr_nkey *k,
		   struct xr_neigh *v)
{
	return k->family == AF_INET6 ?
		       xr_neigh6_get(&mi->st->m, k->ifindex, &k->addr, v) :
		       xr_neigh4_get(&mi->st->m, k->ifindex, k->addr.a[0], v);
}

static int map_put(const struct xr_mirror *mi, const struct mr_nkey *k,
		   const struct xr_neigh *v)
{
	const struct xr_maps *m = &mi->st->m;

	if (k->family == AF_INET6)
		return v ? xr_neigh6_update(m, k->ifindex, &k->addr, v) :
			   xr_neigh6_delete(m, k->ifindex, &k->addr);
	return v ? xr_neigh4_update(m, k->ifindex, k->addr.a[0], v) :
		   xr_neigh4_delete(m, k->ifindex, k->addr.a[0]);
}

/* One queued neighbour (a struct mr_nkey: mr_queue_drain's callback). */
static void commit_one(struct xr_mirror *mi, const void *key)
{
	const struct mr_nkey *k = key;
	long i = neigh_find(mi, k);
	struct mr_neigh *n = i < 0 ? NULL : mr_tab_at(&mi->neigh, (uint32_t)i);
	struct xr_neigh cur, want;
	int have = map_get(mi, k, &cur) == 0;

	if (n)
		n->e.flags &= (uint8_t)~MR_DIRTY;
	if (!n && !have)
		return;
	if (n) {
		memset(&want, 0, sizeof(want));
		want.state = n->state;
		memcpy(want.mac, n->mac, 6);
		if (have && cur.state == want.state &&
		    !memcmp(cur.mac, want.mac, 6))
			return;              /* the same: not written */
		want.updated_ns = xr_mono_ns();
	}
	if (map_put(mi, k, n ? &want : NULL))
		MR_COUNT(mi, NeighErrors);
	else
		MR_COUNT(mi, NeighUpdates);
}

size_t mr_neigh_commit(struct xr_mirror *mi, size_t max)
{
	return mr_queue_drain(mi, &mi->nq, max, commit_one);
}

/* ---- resync ---- */

static void queue_absent(struct xr_mirror *mi, uint8_t family,
			 uint32_t ifindex, const struct xr_in6 *addr)
{
	struct mr_nkey k;

	memset(&k, 0, sizeof(k));
	k.family = family;
	k.ifindex = ifindex;
	k.addr = *addr;
	if (neigh_find(mi, &k) < 0)
		queue(mi, NULL, &k);
}

/* Entries in the maps the shadow lacks (a previous run's, the CLI's
 * before the mirror started) queued to go. */
static void sweep_maps(struct xr_mirror *mi)
{
	struct xr_neigh4_entry *e4 = NULL;
	struct xr_neigh6_entry *e6 = NULL;
	struct xr_in6 a;
	size_t n, i;

	if (!xr_neigh4_dump(&mi->st->m, &e4, &n))
		for (i = 0; i < n; i++) {
			memset(&a, 0, sizeof(a));
			a.a[0] = e4[i].key.addr;
			queue_absent(mi, AF_INET, e4[i].key.ifindex, &a);
		}
	if (!xr_neigh6_dump(&mi->st->m, &e6, &n))
		for (i = 0; i < n; i++)
			queue_absent(mi, AF_INET6, e6[i].key.ifindex,
				     &e6[i].key.addr);
	free(e4);
	free(e6);
}

void mr_neigh_sweep(struct xr_mirror *mi)
{
	struct mr_nkey k;
	size_t i;

	for (i = 0; i < mi->neigh.cap; i++) {
		struct mr_neigh *n = mr_tab_at(&mi->neigh, (uint32_t)i);

		if (!n->e.used || !(n->e.flags & MR_STALE))
			continue;
		nkey_of(n, &k);
		mr_tab_remove(&mi->neigh, (uint32_t)i);
		queue(mi, NULL, &k);
	}
	sweep_maps(mi);
}
