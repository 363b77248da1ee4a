// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's neighbour writes never wait for the state's lock: when a
 * command holds it (a batch checking or writing), the write is kept here,
 * newest per neighbour, and made by xr_sp_flush once the lock is free.
 * Meanwhile the slow path reads its neighbours here first, so a resolved
 * neighbour is used at once (its packets leave through the slow path
 * until the fast path sees the entry).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "slowpath/slowpath.h"

#define PEND_MAX (2 * XR_UNRES_MAX)

struct xr_sp_pend {
	uint32_t ifindex;
	struct xr_in6 addr;
	int del;
	int existed;           /* the map had the entry when this was kept */
	__u64 cfg_gen;         /* the commands' generation then */
	struct xr_neigh n;
};

static struct xr_sp_pend *pend_find(const struct xr_sp *sp, uint32_t ifindex,
				    const struct xr_in6 *addr)
{
	size_t i;

	for (i = 0; i < sp->n_pend; i++)
		if (sp->pend[i].ifindex == ifindex &&
		    xr_in6_eq(&sp->pend[i].addr, addr))
			return &sp->pend[i];
	return NULL;
}

static int pend_add(struct xr_sp *sp, uint32_t ifindex,
		    const struct xr_in6 *addr, const struct xr_neigh *n)
{
	struct xr_sp_pend *p = pend_find(sp, ifindex, addr);

	if (!p && !sp->pend) {
		sp->pend = calloc(PEND_MAX, sizeof(*sp->pend));
		if (!sp->pend)
			return -ENOMEM;
	}
	if (!p && sp->n_pend == PEND_MAX) {
		SP_NINC(sp, addr, TableFulls);  /* no room to keep it */
		return -ENOBUFS;
	}
	if (!p) {
		struct xr_neigh cur;

		p = &sp->pend[sp->n_pend++];
		p->existed = xr_sp_nmap_get(sp, ifindex, addr, &cur) == 0;
		/* as of the daemon's last write lock: a command that took the
		 * lock since (and may be deleting this) has moved it */
		p->cfg_gen = sp->cfg_gen_locked;
	}
	p->ifindex = ifindex;
	p->addr = *addr;
	p->del = !n;
	if (n)
		p->n = *n;
	return 0;
}

/* Whether a command removed p's entry since p was kept (neigh del,
 * neigh flush, a link detached): then p is not written back. cfg_gen:
 * the configuration's generation now. */
static int pend_overtaken(struct xr_sp *sp, const struct xr_sp_pend *p,
			  __u64 cfg_gen)
{
	struct xr_neigh cur;

	return !p->del && p->existed && cfg_gen != p->cfg_gen &&
	       xr_sp_nmap_get(sp, p->ifindex, &p->addr, &cur) != 0;
}

size_t xr_sp_pend_new(const struct xr_sp *sp, const struct xr_neigh6_entry *e,
		      size_t n)
{
	size_t i, k, cnt = 0;

	for (i = 0; i < sp->n_pend; i++) {
		const struct xr_sp_pend *p = &sp->pend[i];

		for (k = 0; k < n; k++)
			if (e[k].key.ifindex == p->ifindex &&
			    xr_in6_eq(&e[k].key.addr, &p->addr))
				break;
		cnt += !p->del && k == n;
	}
	return cnt;
}

int xr_sp_pending(const struct xr_sp *sp, uint32_t ifindex,
		  const struct xr_in6 *addr)
{
	return pend_find(sp, ifindex, addr) != NULL;
}

int xr_sp_neigh_get(const struct xr_sp *sp, uint32_t ifindex,
		    const struct xr_in6 *addr, struct xr_neigh *n)
{
	const struct xr_sp_pend *p = pend_find(sp, ifindex, addr);

	if (!p)
		return xr_sp_nmap_get(sp, ifindex, addr, n);
	if (p->del)
		return -ENOENT;
	*n = p->n;
	return 0;
}

/* Under the lock. An entry the CLI made permanent meanwhile wins. */
static int neigh_put(struct xr_sp *sp, uint32_t ifindex,
		     const struct xr_in6 *addr, const struct xr_neigh *n)
{
	struct xr_neigh cur;

	if (xr_sp_nmap_get(sp, ifindex, addr, &cur) == 0 &&
	    (cur.state & (XR_NUD_PERMANENT | XR_NUD_NOARP)))
		return -EEXIST;
	return xr_sp_nmap_put(sp, ifindex, addr, n);
}

void xr_sp_flush(struct xr_sp *sp)
{
	size_t i;

	if (!sp->n_pend || xr_sp_write_lock(sp))
		return;
	/* read by the lock just taken (the commands' generation does not
	 * move while the daemon holds it) */
	for (i = 0; i < sp->n_pend; i++)
		if (!pend_overtaken(sp, &sp->pend[i], sp->cfg_gen_locked))
			neigh_put(sp, sp->pend[i].ifindex, &sp->pend[i].addr,
				  sp->pend[i].del ? NULL : &sp->pend[i].n);
	sp->n_pend = 0;
	xr_sp_write_unlock(sp);
}

int xr_sp_neigh_write(struct xr_sp *sp, uint32_t ifindex,
		      const struct xr_in6 *addr, const struct xr_neigh *n)
{
	int err;

	xr_sp_flush(sp);
	if (!sp->n_pend) {        /* in order: nothing may overtake a pending one */
		err = xr_sp_write_lock(sp);
		if (!err) {
			err = neigh_put(sp, ifindex, addr, n);
			xr_sp_write_unlock(sp);
			return err;
		}
		if (err != -EWOULDBLOCK)
			return err;
	}
	return pend_add(sp, ifindex, addr, n);
}

void xr_sp_pend_free(struct xr_sp *sp)
{
	free(sp->pend);
	sp->pend = NULL;
	sp->n_pend = 0;
}
