// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour subsystem's resolution (neigh_resolve_output, arp_solicit
 * and ndisc_solicit) and aging (neigh_timer_handler) for the slow path,
 * both families (slowpath/nmap.c). Learned entries live in xr_neigh4 and
 * xr_neigh6 with their NUD state; the fast path uses them
 * while their state is NUD_VALID. Entries the CLI added are PERMANENT and
 * never touched here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/fib4.h"
#include "slowpath/icmp.h"
#include "slowpath/slowpath.h"

struct xr_unres_pkt {
	struct xr_unres_pkt *next;
	struct xr_punt_meta m;      /* why it was punted: for the ICMP error */
	size_t len;
	uint8_t ip[];
};

/* The oldest datagram of u's queue, off the queue and the budgets. */
static struct xr_unres_pkt *unres_pop(struct xr_sp *sp, struct xr_unres *u)
{
	struct xr_unres_pkt *p = u->head;

	if (!p)
		return NULL;
	u->head = p->next;
	if (!u->head)
		u->tail = NULL;
	u->qlen--;
	u->qbytes -= (uint32_t)xr_unres_charge(p->len);
	sp->unres_bytes -= xr_unres_charge(p->len);
	return p;
}

void xr_sp_unres_free(struct xr_sp *sp, struct xr_unres *u)
{
	struct xr_unres_pkt *p;

	while ((p = unres_pop(sp, u)))
		free(p);
}

struct xr_unres *xr_sp_unres_find(struct xr_sp *sp, uint32_t ifindex,
				  const struct xr_in6 *addr)
{
	size_t i;

	for (i = 0; i < sp->n_unres; i++)
		if (sp->unres[i].ifindex == ifindex &&
		    xr_in6_eq(&sp->unres[i].addr, addr))
			return &sp->unres[i];
	return NULL;
}

/* Off the table; its queue (the list returned) off the budgets. */
static struct xr_unres_pkt *unres_remove(struct xr_sp *sp, struct xr_unres *u)
{
	struct xr_unres_pkt *list = u->head;

	sp->unres_bytes -= u->qbytes;
	*u = sp->unres[--sp->n_unres];
	return list;
}

void xr_sp_follow_kernel(struct xr_sp *sp, xr_sp_kick kick, void *arg)
{
	sp->kick = kick;
	sp->kick_arg = arg;
}

/* A solicitation of our own, or the kernel asked to send its own. */
static void unres_ask(struct xr_sp *sp, const struct xr_unres *u,
		      const uint8_t *ip)
{
	if (sp->kick)
		sp->kick(sp->kick_arg, u->ifindex, &u->addr);
	else
		xr_sp_solicit(sp, u->ifindex, &u->addr, NULL, ip);
}

/* The INCOMPLETE entry of neigh_create (not when the kernel's table is
 * mirrored: the kernel makes its own, the mirror writes it). */
static int unres_room(struct xr_sp *sp, uint32_t ifindex,
		      const struct xr_in6 *addr, uint64_t now)
{
	struct xr_neigh n = { .state = XR_NUD_INCOMPLETE, .updated_ns = now };
	struct xr_neigh cur;
	int known;

	if (sp->kick)
		return 1;
	known = xr_sp_neigh_get(sp, ifindex, addr, &cur) == 0;
	if (!known && !xr_sp_neigh_room(sp))
		return 0;
	if (xr_sp_neigh_write(sp, ifindex, addr, &n) == 0 && !known)
		sp->n_neigh++;
	return 1;
}

/* neigh_create for a datagram (ip): a new INCOMPLETE neighbour and its
 * first broadcast request or multicast solicitation, or NULL when the
 * table is full (TableFulls). */
static struct xr_unres *unres_create(struct xr_sp *sp, uint32_t ifindex,
				     const struct xr_in6 *addr, const uint8_t *ip)
{
	uint64_t now = sp->clock();
	struct xr_unres *u;

	if (sp->n_unres == XR_UNRES_MAX || !unres_room(sp, ifindex, addr, now)) {
		SP_NINC(sp, addr, TableFulls);
		return NULL;
	}
	u = &sp->unres[sp->n_unres++];
	memset(u, 0, sizeof(*u));
	u->ifindex = ifindex;
	u->addr = *addr;
	u->probes = 1;
	u->next_ns = now + sp->p.nud.retrans_ns;
	unres_ask(sp, u, ip);
	return u;
}

/*
 * __neigh_event_send: the datagram joins the queue of its neighbour. The
 * oldest leave while the queue holds unres_qlen datagrams or the new one
 * would pass unres_qlen_bytes (UnresolvedDiscards: the kernel's
 * unres_discards); the newest is always kept, as the kernel keeps it.
 * Then the daemon's own bound: all queues together within
 * unres_total_bytes, else the new one is dropped (UnresBudgetFull).
 */
void xr_sp_resolve_queue(struct xr_sp *sp, uint32_t ifindex,
			 const struct xr_in6 *addr, const uint8_t *ip,
			 size_t len, const struct xr_punt_meta *m)
{
	struct xr_unres *u = xr_sp_unres_find(sp, ifindex, addr);
	const struct xr_nud_parms *np = &sp->p.nud;
	size_t charge = xr_unres_charge(len);
	struct xr_unres_pkt *p;

	if (!u && !(u = unres_create(sp, ifindex, addr, ip)))
		return;
	while ((u->qlen >= np->unres_qlen ||
		u->qbytes + charge > np->unres_qlen_bytes) &&
	       (p = unres_pop(sp, u))) {
		free(p);
		SP_NINC(sp, addr, UnresolvedDiscards);
	}
	if (sp->unres_bytes + charge > np->unres_total_bytes ||
	    !(p = malloc(sizeof(*p) + len))) {
		SP_NINC(sp, addr, UnresBudgetFull);
		return;
	}
	p->next = NULL;
	p->m = *m;
	p->len = len;
	memcpy(p->ip, ip, len);
	if (u->tail)
		u->tail->next = p;
	else
		u->head = p;
	u->tail = p;
	u->qlen++;
	u->qbytes += (uint32_t)charge;
	sp->unres_bytes += charge;
	SP_NINC(sp, addr, Queued);
}

/* neigh_update to a valid state: the queue goes out. */
void xr_sp_unres_resolved(struct xr_sp *sp, struct xr_unres *u,
			  const uint8_t mac[6])
{
	uint32_t ifindex = u->ifindex;
	struct xr_in6 addr = u->addr;
	struct xr_unres_pkt *p, *next;

	for (p = unres_remove(sp, u); p; p = next) {
		next = p->next;
		SP_NINC(sp, &addr, UnresSent);
		xr_sp_send_ip(sp, ifindex, mac, p->ip, p->len);
		free(p);
	}
}

/* neigh_invalidate: no answer; every queued datagram gets host
 * unreachable (IPv6: address unreachable). */
static void unres_failed(struct xr_sp *sp, struct xr_unres *u, uint64_t now)
{
	struct xr_neigh n = { .state = XR_NUD_FAILED, .updated_ns = now };
	struct xr_in6 addr = u->addr;
	struct xr_unres_pkt *p, *next;

	SP_NINC(sp, &addr, ResFailed);
	if (!sp->kick)           /* the kernel's FAILED is mirrored */
		xr_sp_neigh_write(sp, u->ifindex, &addr, &n);
	/* off the table first: an error may be routed back through this
	 * very neighbour and queue again (a new entry, a new queue) */
	for (p = unres_remove(sp, u); p; p = next) {
		next = p->next;
		SP_NINC(sp, &addr, ResFailedDrops);
		xr_sp_unres_error(sp, p->ip, p->len, &p->m);
		free(p);
	}
}

static void resolve_tick(struct xr_sp *sp, uint64_t now)
{
	size_t i = 0;

	while (i < sp->n_unres) {
		struct xr_unres *u = &sp->unres[i];

		struct xr_neigh n;

		if (now < u->next_ns) {
			i++;
			continue;
		}
		/* resolved meanwhile by someone else (`neigh add`) */
		if (xr_sp_neigh_get(sp, u->ifindex, &u->addr, &n) == 0 &&
		    (n.state & XR_NUD_VALID)) {
			xr_sp_unres_resolved(sp, u, n.mac);
			continue;
		}
		if (u->probes < sp->p.nud.mcast_probes) {
			u->probes++;
			u->next_ns = now + sp->p.nud.retrans_ns;
			unres_ask(sp, u, u->tail ? u->tail->ip : NULL);
			i++;
			continue;
		}
		unres_failed(sp, u, now);    /* moved the last one into i */
	}
}

/* Aging of learned entries in the map (and their count, for gc_thresh3). */
static void nud_tick(struct xr_sp *sp, uint64_t now)
{
	struct xr_neigh6_entry *e = NULL;
	size_t i, n;

	if (xr_sp_neigh_dump(sp, &e, &n))
		return;
	/* what is pending counts too: it reaches the map later */
	sp->n_neigh = xr_sp_neigh_learned(e, n) + xr_sp_pend_new(sp, e, n);
	for (i = 0; i < n; i++) {
		struct xr_neigh v = e[i].val;
		int act;

		if (v.state == XR_NUD_INCOMPLETE &&
		    xr_sp_unres_find(sp, e[i].key.ifindex, &e[i].key.addr))
			continue;             /* resolve_tick's */
		if (xr_sp_pending(sp, e[i].key.ifindex, &e[i].key.addr))
			continue;             /* aged once written */
		act = xr_nud_timer(&v, now, &sp->p.nud);
		if (act == XR_NUD_ACT_KEEP)
			continue;
		if (act == XR_NUD_ACT_DELETE) {
			if (!xr_sp_neigh_write(sp, e[i].key.ifindex,
					       &e[i].key.addr, NULL))
				sp->n_neigh--;
			continue;
		}
		if (xr_sp_neigh_write(sp, e[i].key.ifindex, &e[i].key.addr, &v))
			continue;
		if (act == XR_NUD_ACT_PROBE)     /* unicast, to the MAC we have */
			xr_sp_solicit(sp, e[i].key.ifindex, &e[i].key.addr,
				      v.mac, NULL);
	}
	free(e);
}

void xr_sp_tick(struct xr_sp *sp)
{
	uint64_t now = sp->clock();

	resolve_tick(sp, now);
	if (!sp->kick)           /* the kernel ages its own entries */
		nud_tick(sp, now);
}

void xr_sp_tick_resolve(struct xr_sp *sp)
{
	resolve_tick(sp, sp->clock());
}

uint64_t xr_sp_next_timer(struct xr_sp *sp, uint64_t cap)
{
	uint64_t now = sp->clock(), best = cap;
	size_t i;

	for (i = 0; i < sp->n_unres; i++) {
		uint64_t d = sp->unres[i].next_ns > now ? sp->unres[i].next_ns - now : 0;

		if (d < best)
			best = d;
	}
	return best;
}
