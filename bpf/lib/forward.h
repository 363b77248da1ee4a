/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_forward and ip_finish_output2 (IPv4), for what the fast path can
 * finish: TTL, options, egress port, MTU and neighbour are checked before
 * the frame is touched, so an exception always reaches the slow path (or
 * the kernel) exactly as it arrived. IPv6's ip6_forward goes beside it.
 */
#ifndef XR_BPF_FORWARD_H
#define XR_BPF_FORWARD_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "stats.h"
#include "csum.h"
#include "fib4.h"
#include "ipv4.h"
#include "neigh.h"

static __always_inline int xr_punt_reason(struct xr_ctx *c, __u32 reason)
{
	c->reason = reason;
	return XR_V_PUNT;
}

/*
 * __mkroute_input sets RTCF_DOREDIRECT when a packet leaves by the link
 * it came in on and its source is on that link's subnet (so the source
 * could have sent it to the next hop itself). Only asked for hairpins.
 */
static __always_inline int ip_redirect_onlink(struct xr_ctx *c,
					      struct iphdr *iph)
{
	struct xr_nh4 *snh = fib4_nh(fib4_lookup(iph->saddr));

	return snh && snh->type == XR_RTN_UNICAST && !snh->gw &&
	       snh->ifindex == c->ifindex;
}

static __always_inline int ip_forward(struct xr_ctx *c)
{
	struct ethhdr *eth = c->data;
	struct iphdr *iph = xr_iph(c);
	struct xr_nh4 *nh = c->nh;
	struct xr_adj *adj;
	struct xr_neigh *n;
	const __u8 *dmac;

	if (!iph || !nh)
		return XR_V_DROP;
	if (iph->ttl <= 1) {                     /* too_many_hops */
		XR_MIB_INC(InHdrErrors);
		return xr_punt_reason(c, XR_REASON_TtlExceeded);
	}
	adj = XR_NH4_ADJ(nh);
	if (!(adj->flags & XR_ADJ_TX))           /* only the kernel sends there */
		return xr_punt_reason(c, XR_REASON_TxNotAttached);
	if (!(adj->flags & XR_ADJ_UP))           /* down or no carrier: the */
		return xr_punt_reason(c, XR_REASON_LinkDown); /* route is unusable */
	if (iph->ihl > 5)                        /* ip_forward_options */
		return xr_punt_reason(c, XR_REASON_IpOptions);

	c->mtu = adj->mtu;
	if (bpf_ntohs(iph->tot_len) > adj->mtu && /* ip_exceeds_mtu */
	    !(c->gso_seglen && c->gso_seglen <= adj->mtu))
		return xr_punt_reason(c, XR_REASON_FragNeeded);
	if (c->out_ifindex == c->ifindex &&      /* IPSKB_DOREDIRECT */
	    !(c->if_flags & XR_IF_NO_REDIRECTS) && ip_redirect_onlink(c, iph))
		return xr_punt_reason(c, XR_REASON_Redirect);

	if (nh->gw) {                            /* via a gateway: cached */
		if (!(adj->flags & XR_ADJ_NEIGH))
			return xr_punt_reason(c, XR_REASON_NoNeigh);
		dmac = adj->dmac;
	} else {                                 /* connected: per host */
		n = ipv4_neigh_lookup(c->out_ifindex, c->nexthop4);
		if (!n)
			return xr_punt_reason(c, XR_REASON_NoNeigh);
		dmac = n->mac;
	}

	/* The point of no return: from here the frame is ours. */
	ip_decrease_ttl(iph);
	neigh_hh_output(eth, dmac, adj);
	XR_MIB_INC(ForwDatagrams);
	XR_MIB_ADD(OutOctets, bpf_ntohs(iph->tot_len));
	return XR_V_REDIRECT;
}

#endif
