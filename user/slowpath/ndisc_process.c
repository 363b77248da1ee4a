// SPDX-License-Identifier: GPL-2.0
/*
 * ndisc_solicit, ndisc_recv_ns and ndisc_recv_na for the daemon's
 * table (xr_neigh6), with the neighbour code ARP uses (resolve.c,
 * nmap.c). As for ARP: nothing but a packet that needs it creates an
 * entry, except a solicitation for one of our addresses (neigh_event_ns
 * makes its sender STALE); an entry that FAILED is not revived by an
 * advertisement (the kernel takes it); PERMANENT entries are never
 * touched. ndisc has no locktime: an advertisement without override
 * leaves a valid entry's address alone (a REACHABLE one turns STALE).
 */
#include <string.h>
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"
#include "slowpath/slowpath.h"

/* ndisc_solicit's source: the waiting packet's when it is one of the
 * link's addresses, else the link's link-local address (the kernel
 * sends nothing without one; here the link's best address then). */
static int ns_saddr(const struct xr_sp *sp, uint32_t ifindex,
		    const struct xr_in6 *target, const uint8_t *trigger,
		    struct xr_in6 *saddr)
{
	if (trigger && (trigger[0] >> 4) == 6) {
		memcpy(saddr, trigger + 8, sizeof(*saddr));
		if (xr_sp_is_local6(sp, saddr, ifindex))
			return 0;
	}
	if (xr_sp_lladdr6(sp, ifindex, saddr) == 0)
		return 0;
	return xr_sp_saddr6(sp, ifindex, target, saddr);
}

void xr_sp_ndisc_solicit(struct xr_sp *sp, uint32_t ifindex,
			 const struct xr_in6 *target, const uint8_t *dmac,
			 const uint8_t *trigger)
{
	uint8_t f[XR_NS_LEN];
	struct xr_in6 saddr;

	if (ns_saddr(sp, ifindex, target, trigger, &saddr))
		return;
	xr_ndisc_build_ns(f, sp->ifs[ifindex].mac, &saddr, target, dmac);
	if (sp->xmit(sp->xmit_arg, ifindex, f, sizeof(f)) == 0)
		SP_INC(sp, NdiscProbesSent);
	else
		SP_INC(sp, TxErrors);
}

/* The entry addr has (1), or one being resolved whose write failed, or
 * a new one when create (neigh_event_ns; room permitting). */
static int nd_entry(struct xr_sp *sp, uint32_t ifindex,
		    const struct xr_in6 *addr, int create, struct xr_neigh *cur)
{
	if (xr_sp_neigh_get(sp, ifindex, addr, cur) == 0)
		return 1;
	memset(cur, 0, sizeof(*cur));
	cur->state = XR_NUD_INCOMPLETE;
	if (xr_sp_unres_find(sp, ifindex, addr))
		return 1;
	if (!create || !xr_sp_neigh_room(sp))
		return 0;
	sp->n_neigh++;
	return 1;
}

/* ndisc_update(neigh, lladdr, state, flags) on the entry of addr */
static void nd_update(struct xr_sp *sp, uint32_t ifindex,
		      const struct xr_in6 *addr, int create,
		      const uint8_t *lladdr, uint16_t state, unsigned int flags)
{
	struct xr_neigh cur, n;
	int r;

	if (!nd_entry(sp, ifindex, addr, create, &cur) ||
	    (cur.state & (XR_NUD_PERMANENT | XR_NUD_NOARP | XR_NUD_FAILED))) {
		SP_INC(sp, NdiscIgnored);
		return;
	}
	r = xr_sp_neigh_update(&cur, lladdr, state, flags, sp->clock(), &n);
	if (r < 0)
		SP_INC(sp, NdiscIgnored);
	if (r > 0)
		xr_sp_neigh_learn(sp, ifindex, addr, &n);
}

/* ndisc_recv_na: about a neighbour of ours (never our own address) */
static void recv_na(struct xr_sp *sp, uint32_t ifindex, const struct xr_nd *nd)
{
	unsigned int flags = XR_NU_WEAK_OVERRIDE;

	if (xr_sp_is_local6(sp, &nd->target, 0)) {
		SP_INC(sp, NdiscIgnored);    /* a duplicate of ours: DAD's */
		return;
	}
	if (nd->flags & ND_NA_OVERRIDE)
		flags |= XR_NU_OVERRIDE;
	nd_update(sp, ifindex, &nd->target, 0,
		  nd->has_lladdr ? nd->lladdr : NULL,
		  nd->flags & ND_NA_SOLICITED ? XR_NUD_REACHABLE : XR_NUD_STALE,
		  flags);
}

/* ndisc_recv_ns: for one of the link's addresses, from a neighbour
 * (not DAD's ::): its sender becomes STALE with its address (the
 * kernel answers the solicitation itself). */
static void recv_ns(struct xr_sp *sp, uint32_t ifindex, const struct xr_nd *nd)
{
	if (!xr_sp_is_local6(sp, &nd->target, ifindex) ||
	    xr_in6_any(&nd->saddr) || !nd->has_lladdr) {
		SP_INC(sp, NdiscIgnored);
		return;
	}
	nd_update(sp, ifindex, &nd->saddr, 1, nd->lladdr, XR_NUD_STALE,
		  XR_NU_WEAK_OVERRIDE | XR_NU_OVERRIDE);
}

void xr_sp_ndisc_rcv(struct xr_sp *sp, uint32_t ifindex, const struct xr_nd *nd)
{
	if (!xr_sp_attached(sp, ifindex))
		return;
	if (nd->type == NDISC_NEIGHBOUR_ADVERTISEMENT)
		recv_na(sp, ifindex, nd);
	else
		recv_ns(sp, ifindex, nd);
}
