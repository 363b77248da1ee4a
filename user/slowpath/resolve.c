// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour subsystem's resolution (neigh_resolve_output, arp_solicit,
 * arp_process) and aging (neigh_timer_handler) for the slow path. Learned
 * entries live in xr_neigh4 with their NUD state; the fast path uses them
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

void xr_sp_unres_free(struct xr_unres *u)
{
	struct xr_unres_pkt *p, *next;

	for (p = u->head; p; p = next) {
		next = p->next;
		free(p);
	}
	u->head = u->tail = NULL;
	u->qlen = 0;
}

/* Write (or delete, n NULL) a learned entry: at once, or pending while
 * a command holds the state's lock (pending.c). */
static int neigh_write(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
		       const struct xr_neigh *n)
{
	return xr_sp_neigh_write(sp, ifindex, addr, n);
}

static void arp_solicit(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
			const uint8_t *dmac)
{
	uint8_t f[XR_ARP_LEN];
	__be32 sip = xr_sp_link_addr(sp, ifindex, addr);

	if (ifindex >= XR_MAX_IFINDEX || !sip)
		return;
	xr_arp_build_request(f, sp->ifs[ifindex].mac, sip, addr, dmac);
	if (sp->xmit(sp->xmit_arg, ifindex, f, sizeof(f)) == 0)
		SP_INC(sp, ProbesSent);
	else
		SP_INC(sp, TxErrors);
}

static struct xr_unres *unres_find(struct xr_sp *sp, uint32_t ifindex,
				   __be32 addr)
{
	size_t i;

	for (i = 0; i < sp->n_unres; i++)
		if (sp->unres[i].ifindex == ifindex && sp->unres[i].addr == addr)
			return &sp->unres[i];
	return NULL;
}

static void unres_remove(struct xr_sp *sp, struct xr_unres *u)
{
	xr_sp_unres_free(u);
	*u = sp->unres[--sp->n_unres];
}

void xr_sp_resolve_queue(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
			 const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m)
{
	struct xr_unres *u = unres_find(sp, ifindex, addr);
	struct xr_unres_pkt *p;
	uint64_t now = sp->clock();

	if (!u) {
		struct xr_neigh n = { .state = XR_NUD_INCOMPLETE, .updated_ns = now };

		if (sp->n_unres == XR_UNRES_MAX) {
			SP_INC(sp, TableFulls);
			SP_INC(sp, UnresolvedDiscards);
			return;
		}
		u = &sp->unres[sp->n_unres++];
		memset(u, 0, sizeof(*u));
		u->ifindex = ifindex;
		u->addr = addr;
		u->probes = 1;
		u->next_ns = now + sp->p.nud.retrans_ns;
		neigh_write(sp, ifindex, addr, &n);
		arp_solicit(sp, ifindex, addr, NULL);
	}
	if (sp->p.nud.unres_qlen == 0) {
		SP_INC(sp, UnresolvedDiscards);
		return;
	}
	/* __neigh_event_send: a full queue drops its oldest */
	while (u->qlen >= sp->p.nud.unres_qlen && u->head) {
		p = u->head;
		u->head = p->next;
		if (!u->head)
			u->tail = NULL;
		free(p);
		u->qlen--;
		SP_INC(sp, UnresolvedDiscards);
	}
	p = malloc(sizeof(*p) + len);
	if (!p) {
		SP_INC(sp, UnresolvedDiscards);
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
	SP_INC(sp, Queued);
}

/* neigh_update to a valid state: the queue goes out. */
static void unres_resolved(struct xr_sp *sp, struct xr_unres *u,
			   const uint8_t mac[6])
{
	struct xr_unres_pkt *p, *list = u->head, *next;
	uint32_t ifindex = u->ifindex;

	u->head = u->tail = NULL;
	unres_remove(sp, u);
	for (p = list; p; p = next) {
		next = p->next;
		xr_sp_send_ip(sp, ifindex, mac, p->ip, p->len);
		free(p);
	}
}

void xr_sp_arp_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a)
{
	struct xr_unres *u;
	struct xr_neigh n, cur;
	uint64_t now = sp->clock();
	int have;

	if (!xr_sp_attached(sp, ifindex) || !a->sip || (a->sha[0] & 1))
		return;
	if (a->op != ARPOP_REPLY && a->op != ARPOP_REQUEST)
		return;
	have = xr_sp_neigh_get(sp, ifindex, a->sip, &cur) == 0;
	if (have && (cur.state & (XR_NUD_PERMANENT | XR_NUD_NOARP)))
		return;
	u = unres_find(sp, ifindex, a->sip);
	memset(&n, 0, sizeof(n));
	memcpy(n.mac, a->sha, 6);
	n.updated_ns = now;
	if (u || a->op == ARPOP_REPLY) {
		/* an answer confirms; the host asking us while we ask for it
		 * gives its address without confirming it (arp_process) */
		if (!u && !have)
			return;           /* unsolicited: arp_accept = 0 */
		n.state = a->op == ARPOP_REPLY ? XR_NUD_REACHABLE : XR_NUD_STALE;
	} else {
		/* a request from a known neighbour: a new MAC makes it STALE */
		if (!have || !memcmp(cur.mac, a->sha, 6))
			return;
		n.state = XR_NUD_STALE;
	}
	if (neigh_write(sp, ifindex, a->sip, &n))
		return;
	SP_INC(sp, RepliesLearned);
	if (u)
		unres_resolved(sp, u, a->sha);
}

/* neigh_invalidate: no answer; every queued datagram gets host unreachable. */
static void unres_failed(struct xr_sp *sp, struct xr_unres *u, uint64_t now)
{
	struct xr_neigh n = { .state = XR_NUD_FAILED, .updated_ns = now };
	struct xr_unres_pkt *p;

	struct xr_unres_pkt *list = u->head, *next;

	SP_INC(sp, ResFailed);
	neigh_write(sp, u->ifindex, u->addr, &n);
	/* off the table first: an error may be routed back through this
	 * very neighbour and queue again (a new entry, a new queue) */
	u->head = u->tail = NULL;
	unres_remove(sp, u);
	for (p = list; p; p = next) {
		next = p->next;
		xr_sp_icmp_send(sp, p->ip, p->len, &p->m, 0, ICMP_DEST_UNREACH,
				ICMP_HOST_UNREACH, 0);
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
		if (xr_sp_neigh_get(sp, u->ifindex, u->addr, &n) == 0 &&
		    (n.state & XR_NUD_VALID)) {
			unres_resolved(sp, u, n.mac);
			continue;
		}
		if (u->probes < sp->p.nud.mcast_probes) {
			u->probes++;
			u->next_ns = now + sp->p.nud.retrans_ns;
			arp_solicit(sp, u->ifindex, u->addr, NULL);
			i++;
			continue;
		}
		unres_failed(sp, u, now);    /* moved the last one into i */
	}
}

/* Aging of learned entries in the map. */
static void nud_tick(struct xr_sp *sp, uint64_t now)
{
	struct xr_neigh_entry *e = NULL;
	size_t i, n;

	if (xr_neigh_dump(sp->m, &e, &n))
		return;
	for (i = 0; i < n; i++) {
		struct xr_neigh v = e[i].val;
		int act;

		if (v.state == XR_NUD_INCOMPLETE &&
		    unres_find(sp, e[i].key.ifindex, e[i].key.addr))
			continue;             /* resolve_tick's */
		if (xr_sp_pending(sp, e[i].key.ifindex, e[i].key.addr))
			continue;             /* aged once written */
		act = xr_nud_timer(&v, now, &sp->p.nud);
		if (act == XR_NUD_ACT_KEEP)
			continue;
		if (act == XR_NUD_ACT_DELETE) {
			neigh_write(sp, e[i].key.ifindex, e[i].key.addr, NULL);
			continue;
		}
		if (neigh_write(sp, e[i].key.ifindex, e[i].key.addr, &v))
			continue;
		if (act == XR_NUD_ACT_PROBE)     /* unicast, to the MAC we have */
			arp_solicit(sp, e[i].key.ifindex, e[i].key.addr, v.mac);
	}
	free(e);
}

void xr_sp_tick(struct xr_sp *sp)
{
	uint64_t now = sp->clock();

	resolve_tick(sp, now);
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
