// SPDX-License-Identifier: GPL-2.0
/*
 * arp_process and neigh_update for the daemon's table, with the kernel's
 * defaults: arp_accept = 0 (nothing creates an entry but a datagram that
 * needs one, or a request for one of our addresses: neigh_event_ns) and
 * locktime 1 s (of several different answers back to back the first one
 * holds). PERMANENT entries are never touched. One difference, asked by
 * the operator: an entry that FAILED is not revived by ARP nobody asked
 * for (the kernel takes any reply for it); the next datagram resolves it
 * again.
 */
#include <string.h>
#include <arpa/inet.h>
#include "xdp_router/martian.h"
#include "slowpath/slowpath.h"

/* arp_is_garp: about its sender, a reply also naming it as target, from
 * an address that is unicast for us (RTN_UNICAST). */
static int arp_is_garp(struct xr_sp *sp, const struct xr_arp *a)
{
	uint32_t h = ntohl(a->sip);

	if (a->tip != a->sip)
		return 0;
	if (a->op == ARPOP_REPLY && memcmp(a->tha, a->sha, 6))
		return 0;
	return !IPV4_IS_MULTICAST(h) && !IPV4_IS_LBCAST(h) &&
	       !xr_sp_is_local(sp, a->sip);
}

/* The entry for a's sender, or creation when a asks for our address
 * (neigh_event_ns: STALE, override). 0 when there is none to update. */
static int arp_entry(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a,
		     struct xr_neigh *cur, int *for_us)
{
	struct xr_in6 sip = xr_na4(a->sip);

	*for_us = a->op == ARPOP_REQUEST && xr_sp_is_local(sp, a->tip);
	if (xr_sp_neigh_get(sp, ifindex, &sip, cur) == 0)
		return 1;
	memset(cur, 0, sizeof(*cur));
	cur->state = XR_NUD_INCOMPLETE;     /* not valid: taken as it comes */
	if (xr_sp_unres_find(sp, ifindex, &sip))
		return 1;                   /* being resolved, its write failed */
	if (!*for_us || !xr_sp_neigh_room(sp))
		return 0;
	sp->n_neigh++;
	return 1;
}

static int arp_sane(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a)
{
	uint32_t tip = ntohl(a->tip);

	return xr_sp_attached(sp, ifindex) && a->sip && !(a->sha[0] & 1) &&
	       (a->op == ARPOP_REPLY || a->op == ARPOP_REQUEST) &&
	       !IPV4_IS_MULTICAST(tip);
}

void xr_sp_arp_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_arp *a)
{
	struct xr_in6 sip = xr_na4(a->sip);
	struct xr_neigh cur, n;
	int for_us, override, r;
	uint16_t state;
	uint64_t now = sp->clock();

	if (!arp_sane(sp, ifindex, a))
		return;
	if (!arp_entry(sp, ifindex, a, &cur, &for_us) ||
	    (cur.state & (XR_NUD_PERMANENT | XR_NUD_NOARP | XR_NUD_FAILED))) {
		SP_INC(sp, ArpIgnored);     /* arp_accept = 0 */
		return;
	}
	override = for_us || arp_is_garp(sp, a) ||
		   now > cur.updated_ns + sp->p.nud.locktime_ns;
	/* broadcast replies and requests do not assert reachability */
	state = a->op == ARPOP_REPLY && !a->bcast ? XR_NUD_REACHABLE : XR_NUD_STALE;
	r = xr_sp_neigh_update(&cur, a->sha, state,
			       override ? XR_NU_OVERRIDE : 0, now, &n);
	if (r < 0)
		SP_INC(sp, ArpLocked);
	if (r > 0)
		xr_sp_neigh_learn(sp, ifindex, &sip, &n);
}
