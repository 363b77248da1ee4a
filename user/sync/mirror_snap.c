// SPDX-License-Identifier: GPL-2.0
/*
 * A copy of the route tables, read in bulk by a resync's sweep, that
 * the commits after it consult instead of one lookup syscall a prefix:
 * a restart's dump of a full table compares each route with the one the
 * dead daemon left at the cost of one batch read. It holds while nobody
 * else writes: another writer's generation, or a writer that died,
 * drops it (mirror_lock.c). Each entry answers once: a prefix committed
 * again is looked up in the table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "lib/gen.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "sync/mirror_commit.h"

static size_t rt_size(int v6)
{
	return v6 ? sizeof(struct xr_route6) : sizeof(struct xr_route4);
}

void mr_snap_drop(struct xr_mirror *mi)
{
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		free(mi->snap[v6].rts);
		free(mi->snap[v6].used);
		memset(&mi->snap[v6], 0, sizeof(mi->snap[v6]));
	}
}

int mr_snap_read(struct xr_mirror *mi, int v6, void **rts, size_t *n)
{
	struct xr_state_gen g;
	struct mr_snap *s = &mi->snap[v6];
	int err;

	free(s->rts);
	free(s->used);
	memset(s, 0, sizeof(*s));
	if (xr_gen_read(&mi->st->m, &g))
		memset(&g, 0, sizeof(g));
	err = v6 ? xr_route6_dump(&mi->st->m, (struct xr_route6 **)rts, n) :
		   xr_route4_dump(&mi->st->m, (struct xr_route4 **)rts, n);
	if (err)
		return err;
	s->used = calloc(*n ? *n : 1, 1);
	if (!s->used)
		return 0;            /* no copy kept: lookups as before */
	s->rts = *rts;
	s->n = *n;
	s->gen = g.gen[XR_GEN_CONFIG];
	s->valid = 1;
	return 0;
}

void mr_snap_check(struct xr_mirror *mi, uint64_t cfg_gen, int writer_died)
{
	int v6;

	for (v6 = 0; v6 < 2; v6++)
		if (mi->snap[v6].valid &&
		    (writer_died || cfg_gen != mi->snap[v6].gen)) {
			mr_snap_drop(mi);
			return;
		}
}

void mr_snap_own_write(struct xr_mirror *mi, uint64_t cfg_gen)
{
	mi->snap[0].gen = mi->snap[1].gen = cfg_gen;
}

/* By prefix bytes, then length: xr_route4_dump's and xr_route6_dump's
 * order. */
static int key_cmp(const struct mr_pkey *k, const void *rt, unsigned int alen)
{
	int c = memcmp(&k->dst, rt, alen);

	return c ? c : (int)k->plen - (int)((const uint8_t *)rt)[alen];
}

int mr_snap_get(struct xr_mirror *mi, const struct mr_pkey *k, union mr_rt *rt)
{
	int v6 = k->family == AF_INET6;
	struct mr_snap *s = &mi->snap[v6];
	unsigned int alen = v6 ? 16 : 4;
	size_t lo = 0, hi = s->n, mid;
	int c;

	if (!s->valid)
		return 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = key_cmp(k, (uint8_t *)s->rts + mid * rt_size(v6), alen);
		if (!c)
			break;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo >= hi)
		return -ENOENT;
	if (s->used[mid])
		return 1;            /* committed since: ask the table */
	s->used[mid] = 1;
	memcpy(rt, (uint8_t *)s->rts + mid * rt_size(v6), rt_size(v6));
	return 0;
}
