// SPDX-License-Identifier: GPL-2.0
/* The NUD state machine of learned neighbours (neigh_timer_handler). */
#include "slowpath/slowpath.h"

void xr_sp_parms_default(struct xr_sp_parms *p)
{
	p->icmp_ratelimit_ms = XR_ICMP_RATELIMIT_MS;
	p->icmp6_ratelimit_ms = XR_ICMP6_RATELIMIT_MS;
	p->icmp_msgs_per_sec = XR_ICMP_MSGS_PER_SEC;
	p->icmp_msgs_burst = XR_ICMP_MSGS_BURST;
	p->textfile_interval_s = 15;
	p->nud.reachable_ns = 30000000000ull;
	p->nud.delay_ns = 5000000000ull;
	p->nud.retrans_ns = 1000000000ull;
	p->nud.gc_stale_ns = 60000000000ull;
	p->nud.ucast_probes = 3;
	p->nud.mcast_probes = 3;
	p->nud.unres_qlen = 101;
	p->nud.unres_qlen_bytes = 212992;
	p->nud.unres_total_bytes = 4u << 20;
	p->nud.gc_thresh3 = 1024;
	p->locktime_ms = 1000;
	p->nud.locktime_ns = 1000000000ull;
}

int xr_nud_timer(struct xr_neigh *n, uint64_t now, const struct xr_nud_parms *p)
{
	uint64_t age = now - n->updated_ns;

	if (now < n->updated_ns)
		return XR_NUD_ACT_KEEP;
	switch (n->state) {
	case XR_NUD_REACHABLE:
		if (age < p->reachable_ns)
			return XR_NUD_ACT_KEEP;
		n->state = XR_NUD_STALE;
		break;
	case XR_NUD_STALE:
	case XR_NUD_DELAY:
		if (age < p->delay_ns)
			return XR_NUD_ACT_KEEP;
		n->state = XR_NUD_PROBE;
		n->flags = (n->flags & ~0xffu) | 1;
		n->updated_ns = now;
		return XR_NUD_ACT_PROBE;
	case XR_NUD_PROBE:
		if (age < p->retrans_ns)
			return XR_NUD_ACT_KEEP;
		if (XR_NEIGH_PROBES(n) < p->ucast_probes) {
			n->flags++;
			n->updated_ns = now;
			return XR_NUD_ACT_PROBE;
		}
		n->state = XR_NUD_FAILED;
		break;
	case XR_NUD_INCOMPLETE:
		/* left by a daemon that stopped while resolving it */
		if (age < (uint64_t)(p->mcast_probes + 1) * p->retrans_ns)
			return XR_NUD_ACT_KEEP;
		n->state = XR_NUD_FAILED;
		break;
	case XR_NUD_FAILED:
		return age < p->gc_stale_ns ? XR_NUD_ACT_KEEP : XR_NUD_ACT_DELETE;
	default:
		return XR_NUD_ACT_KEEP;        /* PERMANENT, NOARP: never age */
	}
	n->flags &= ~0xffu;
	n->updated_ns = now;
	return XR_NUD_ACT_WRITE;
}
