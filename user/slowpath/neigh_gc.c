// SPDX-License-Identifier: GPL-2.0
/*
 * The bound on learned neighbours (the kernel's gc_thresh3, 1,024; here
 * one bound for both tables together): a new entry is made only while fewer are learned, after a forced GC
 * (neigh_forced_gc) has removed the FAILED ones and INCOMPLETE ones that
 * no one resolves; otherwise TableFulls and the datagram is dropped.
 */
#include <stdlib.h>
#include "slowpath/slowpath.h"

#define GC_INTERVAL_NS 1000000000ull  /* a forced GC at most once a second */

static int learned(uint16_t state)
{
	return !(state & (XR_NUD_PERMANENT | XR_NUD_NOARP));
}

size_t xr_sp_neigh_learned(const struct xr_neigh6_entry *e, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += learned(e[i].val.state);
	return k;
}

/* Whether the GC may take entry e: nothing the fast path uses. */
static int gc_takes(struct xr_sp *sp, const struct xr_neigh6_entry *e)
{
	if (e->val.state == XR_NUD_FAILED)
		return 1;
	return e->val.state == XR_NUD_INCOMPLETE &&
	       !xr_sp_unres_find(sp, e->key.ifindex, &e->key.addr);
}

static void forced_gc(struct xr_sp *sp)
{
	struct xr_neigh6_entry *e = NULL;
	size_t i, n;

	if (xr_sp_neigh_dump(sp, &e, &n))
		return;
	/* what is pending counts too: it reaches the map later */
	sp->n_neigh = xr_sp_neigh_learned(e, n) + xr_sp_pend_new(sp, e, n);
	for (i = 0; i < n; i++)
		if (gc_takes(sp, &e[i]) &&
		    !xr_sp_neigh_write(sp, e[i].key.ifindex, &e[i].key.addr, NULL))
			sp->n_neigh--;
	free(e);
}

int xr_sp_neigh_room(struct xr_sp *sp)
{
	uint64_t now = sp->clock();

	if (sp->n_neigh < sp->p.nud.gc_thresh3)
		return 1;
	if (!sp->gc_ns || now - sp->gc_ns >= GC_INTERVAL_NS) {
		sp->gc_ns = now;
		forced_gc(sp);
	}
	return sp->n_neigh < sp->p.nud.gc_thresh3;
}
