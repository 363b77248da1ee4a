// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour tables by family: xr_neigh4 (arp) for IPv4-mapped
 * addresses, xr_neigh6 (ndisc) for the others, so that resolution,
 * aging and the pending writes serve both with one code; and the few
 * things that differ by family (counters, solicitation, the error a
 * queued datagram gets when its neighbour fails).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "slowpath/icmp.h"
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"
#include "slowpath/slowpath.h"

int xr_sp_nmap_get(const struct xr_sp *sp, uint32_t ifindex,
		   const struct xr_in6 *addr, struct xr_neigh *n)
{
	if (xr_na_is4(addr))
		return xr_neigh4_get(sp->m, ifindex, addr->a[3], n);
	return xr_neigh6_get(sp->m, ifindex, addr, n);
}

/* n NULL: delete */
int xr_sp_nmap_put(const struct xr_sp *sp, uint32_t ifindex,
		   const struct xr_in6 *addr, const struct xr_neigh *n)
{
	if (xr_na_is4(addr))
		return n ? xr_neigh4_update(sp->m, ifindex, addr->a[3], n) :
			   xr_neigh4_delete(sp->m, ifindex, addr->a[3]);
	return n ? xr_neigh6_update(sp->m, ifindex, addr, n) :
		   xr_neigh6_delete(sp->m, ifindex, addr);
}

int xr_sp_neigh_dump(struct xr_sp *sp, struct xr_neigh6_entry **e, size_t *n)
{
	struct xr_neigh4_entry *e4 = NULL;
	struct xr_neigh6_entry *e6 = NULL, *all;
	size_t n4 = 0, n6 = 0, i;
	int err = xr_neigh4_dump(sp->m, &e4, &n4);

	if (!err)
		err = xr_neigh6_dump(sp->m, &e6, &n6);
	all = err ? NULL : malloc((n4 + n6 + 1) * sizeof(*all));
	if (!err && !all)
		err = -ENOMEM;
	for (i = 0; !err && i < n4; i++) {
		all[i].key.ifindex = e4[i].key.ifindex;
		all[i].key.addr = xr_na4(e4[i].key.addr);
		all[i].val = e4[i].val;
	}
	if (!err && n6)
		memcpy(all + n4, e6, n6 * sizeof(*e6));
	free(e4);
	free(e6);
	*e = all;
	*n = n4 + n6;
	return err;
}

/* The Ndisc twin of each Neigh (ARP) counter. */
static unsigned int ndisc_counter(unsigned int idx)
{
	switch (idx) {
	case XR_SLOW_ProbesSent:         return XR_SLOW_NdiscProbesSent;
	case XR_SLOW_RepliesLearned:     return XR_SLOW_NdiscRepliesLearned;
	case XR_SLOW_ResFailed:          return XR_SLOW_NdiscResFailed;
	case XR_SLOW_Queued:             return XR_SLOW_NdiscQueued;
	case XR_SLOW_UnresolvedDiscards: return XR_SLOW_NdiscUnresolvedDiscards;
	case XR_SLOW_TableFulls:         return XR_SLOW_NdiscTableFulls;
	case XR_SLOW_UnresBudgetFull:    return XR_SLOW_NdiscUnresBudgetFull;
	case XR_SLOW_UnresSent:          return XR_SLOW_NdiscUnresSent;
	case XR_SLOW_ResFailedDrops:     return XR_SLOW_NdiscResFailedDrops;
	case XR_SLOW_ArpIgnored:         return XR_SLOW_NdiscIgnored;
	default:                         return idx;
	}
}

void xr_sp_ninc(struct xr_sp *sp, const struct xr_in6 *addr, unsigned int idx)
{
	xr_sp_inc(sp, xr_na_is4(addr) ? idx : ndisc_counter(idx));
}

void xr_sp_unres_error(struct xr_sp *sp, const uint8_t *ip, size_t len,
		       const struct xr_punt_meta *m)
{
	if ((ip[0] >> 4) == 6)      /* ndisc_error_report, ip6_link_failure */
		xr_sp_icmp6_send(sp, ip, len, m, 0, ICMPV6_DEST_UNREACH,
				 ICMPV6_ADDR_UNREACH, 0);
	else                        /* arp_error_report */
		xr_sp_icmp_send(sp, ip, len, m, 0, ICMP_DEST_UNREACH,
				ICMP_HOST_UNREACH, 0);
}

static void arp_solicit(struct xr_sp *sp, uint32_t ifindex, __be32 addr,
			const uint8_t *dmac)
{
	uint8_t f[XR_ARP_LEN];
	__be32 sip = xr_sp_link_addr(sp, ifindex, addr);

	if (!sip)
		return;
	xr_arp_build_request(f, sp->ifs[ifindex].mac, sip, addr, dmac);
	if (sp->xmit(sp->xmit_arg, ifindex, f, sizeof(f)) == 0)
		SP_INC(sp, ProbesSent);
	else
		SP_INC(sp, TxErrors);
}

void xr_sp_solicit(struct xr_sp *sp, uint32_t ifindex, const struct xr_in6 *addr,
		   const uint8_t *dmac, const uint8_t *trigger)
{
	if (ifindex >= XR_MAX_IFINDEX)
		return;
	if (xr_na_is4(addr))
		arp_solicit(sp, ifindex, addr->a[3], dmac);
	else
		xr_sp_ndisc_solicit(sp, ifindex, addr, dmac, trigger);
}

/*
 * neigh_update as the kernel's: a valid entry offered another lladdr
 * without override keeps it (refused), or with weak override turns
 * STALE if it was REACHABLE; the same lladdr with STALE keeps the
 * state; no lladdr keeps the entry's own (refused when it has none).
 * `updated` moves only with a change, so no-op updates do not extend
 * the locktime.
 */
int xr_sp_neigh_update(const struct xr_neigh *cur, const uint8_t *lladdr,
		       uint16_t state, unsigned int flags, uint64_t now,
		       struct xr_neigh *n)
{
	int valid = cur->state & XR_NUD_VALID, same;

	if (!lladdr && !valid)
		return -1;
	if (!lladdr)
		lladdr = cur->mac;
	same = !memcmp(cur->mac, lladdr, 6);
	if (valid && !same && !(flags & XR_NU_OVERRIDE)) {
		if (!(flags & XR_NU_WEAK_OVERRIDE) ||
		    cur->state != XR_NUD_REACHABLE)
			return -1;
		lladdr = cur->mac;
		same = 1;
		state = XR_NUD_STALE;
	} else if (valid && same && state == XR_NUD_STALE) {
		state = cur->state;
	}
	if (same && state == cur->state)
		return 0;
	memset(n, 0, sizeof(*n));
	memcpy(n->mac, lladdr, 6);
	n->state = state;
	n->updated_ns = now;
	return 1;
}

void xr_sp_neigh_learn(struct xr_sp *sp, uint32_t ifindex,
		       const struct xr_in6 *addr, const struct xr_neigh *n)
{
	struct xr_unres *u;

	if (xr_sp_neigh_write(sp, ifindex, addr, n))
		return;
	SP_NINC(sp, addr, RepliesLearned);
	u = xr_sp_unres_find(sp, ifindex, addr);
	if (u && (n->state & XR_NUD_VALID))
		xr_sp_unres_resolved(sp, u, n->mac);
}
