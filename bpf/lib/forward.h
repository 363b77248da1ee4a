/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_forward and ip_finish_output2 (IPv4), ip6_forward and
 * ip6_finish_output2 (IPv6), for what the fast path can finish: TTL or
 * hop limit, options, egress port, scope, MTU and neighbour are checked
 * before the frame is touched, so an exception always reaches the slow
 * path (or the kernel) exactly as it arrived. What both families do the
 * same (the egress, the MTU with GSO, the neighbour's MAC) is written
 * once, above them.
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
#include "fib6.h"
#include "ipv4.h"
#include "ipv6.h"
#include "neigh.h"

/*
 * The first checks of ip_forward and ip6_forward: the TTL or hop limit
 * (too_many_hops: the family's InHdrErrors), then whether the next
 * hop's egress can take the frame: attached (else only the kernel sends
 * there) and up with carrier (else the route is unusable).
 */
static __always_inline int xr_forward_begin(struct xr_ctx *c, __u8 ttl,
					    const struct xr_adj *adj)
{
	if (ttl <= 1) {
		xr_mib_in_hdr_errors(c);
		return xr_punt_reason(c, XR_REASON_TtlExceeded);
	}
	if (!(adj->flags & XR_ADJ_TX))
		return xr_punt_reason(c, XR_REASON_TxNotAttached);
	if (!(adj->flags & XR_ADJ_UP))
		return xr_punt_reason(c, XR_REASON_LinkDown);
	return XR_V_CONTINUE;
}

/* ip_exceeds_mtu, ip6_pkt_too_big: a packet of len bytes (network
 * header on) over mtu; a GSO packet is measured by its segments. */
static __always_inline int xr_exceeds_mtu(const struct xr_ctx *c, __u32 len,
					  __u32 mtu)
{
	return len > mtu && !(c->gso_seglen && c->gso_seglen <= mtu);
}

/* Via a gateway: the MAC the next hop's rewrite caches, if it holds a
 * usable neighbour (NULL: NoNeigh). */
static __always_inline const __u8 *xr_adj_dmac(const struct xr_adj *adj)
{
	return adj->flags & XR_ADJ_NEIGH ? adj->dmac : NULL;
}

/* Connected: the destination's own neighbour entry's MAC (NULL: none). */
static __always_inline const __u8 *xr_neigh_mac(struct xr_neigh *n)
{
	return n ? n->mac : NULL;
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
	const __u8 *dmac;
	int v;

	if (!iph || !nh)
		return XR_V_DROP;
	adj = XR_NH4_ADJ(nh);
	v = xr_forward_begin(c, iph->ttl, adj);
	if (v != XR_V_CONTINUE)
		return v;
	if (iph->ihl > 5)                        /* ip_forward_options */
		return xr_punt_reason(c, XR_REASON_IpOptions);

	c->mtu = adj->mtu;
	if (xr_exceeds_mtu(c, bpf_ntohs(iph->tot_len), adj->mtu))
		return xr_punt_reason(c, XR_REASON_FragNeeded);
	if (c->out_ifindex == c->ifindex &&      /* IPSKB_DOREDIRECT */
	    !(c->if_flags & XR_IF_NO_REDIRECTS) && ip_redirect_onlink(c, iph))
		return xr_punt_reason(c, XR_REASON_Redirect);

	dmac = nh->gw ? xr_adj_dmac(adj) :       /* via a gateway: cached */
	       xr_neigh_mac(ipv4_neigh_lookup(c->out_ifindex, c->nexthop4));
	if (!dmac)
		return xr_punt_reason(c, XR_REASON_NoNeigh);

	/* The point of no return: from here the frame is ours. */
	ip_decrease_ttl(iph);
	neigh_hh_output(eth, dmac, adj);
	XR_MIB_INC(ForwDatagrams);
	XR_MIB_ADD(OutOctets, bpf_ntohs(iph->tot_len));
	return XR_V_REDIRECT;
}

/*
 * ip6_forward sends a redirect (ndisc_send_redirect) for a packet that
 * leaves by the link it came in on (and was not source-routed by the
 * router, which a transit packet never is) when the target, the
 * gateway or else the destination itself, is link-local or the
 * destination, and the sender is on that link: a link-local source,
 * or one whose route from the router is the ingress link's own, with
 * no gateway (the route ndisc_send_redirect takes back to the sender
 * must not be RTF_GATEWAY), as IPv4's ip_redirect_onlink asks.
 */
static __always_inline int ip6_redirect_onlink(struct xr_ctx *c,
					       const struct ipv6hdr *ip6h,
					       const struct xr_nh6 *nh)
{
	const struct xr_in6 *saddr = IP6_SADDR(ip6h);
	struct xr_nh6 *snh;

	if (!ipv6_addr_any(&nh->gw) && !ipv6_addr_linklocal(&nh->gw))
		return 0;     /* "target address is not link-local unicast" */
	if (ipv6_addr_linklocal(saddr))
		return 1;
	snh = fib6_nh(fib6_lookup(saddr));
	return snh && snh->type == XR_RTN_UNICAST && ipv6_addr_any(&snh->gw) &&
	       snh->ifindex == c->ifindex;
}

/*
 * ip6_forward's source checks for a packet leaving by another link than
 * its own ("security critical"): an unspecified source is dropped
 * (multicast and loopback ones never got this far, ip6_rcv_core), a
 * link-local one never leaves its link (ICMPv6 1/2, from the slow
 * path). Both count Ip6InAddrErrors.
 */
static __always_inline int ip6_forward_scope(struct xr_ctx *c,
					     const struct ipv6hdr *ip6h)
{
	const struct xr_in6 *saddr = IP6_SADDR(ip6h);

	if (ipv6_addr_any(saddr)) {
		XR_MIB6_INC(Ip6InAddrErrors);
		XR_OTHER_INC(MartianSource);
		return XR_V_DROP;
	}
	if (ipv6_addr_linklocal(saddr)) {
		XR_MIB6_INC(Ip6InAddrErrors);
		return xr_punt_reason(c, XR_REASON_BeyondScope);
	}
	return XR_V_CONTINUE;
}

/*
 * ip6_forward, in the kernel's order: hop limit, then (ours) the egress
 * usable, then a redirect for a packet leaving by its own link or the
 * source checks for one that does not, then the MTU (never under
 * IPV6_MIN_MTU: a router does not fragment IPv6), then the neighbour.
 * Traffic class and flow label are left as they are; IPv6 has no header
 * checksum to mend.
 */
static __always_inline int ip6_forward(struct xr_ctx *c)
{
	struct ethhdr *eth = c->data;
	struct ipv6hdr *ip6h = xr_ip6h(c);
	struct xr_nh6 *nh = c->nh6;
	struct xr_adj *adj;
	const __u8 *dmac;
	__u32 len, mtu;
	int v;

	if (!ip6h || !nh)
		return XR_V_DROP;
	adj = XR_NH6_ADJ(nh);
	v = xr_forward_begin(c, ip6h->hop_limit, adj);
	if (v != XR_V_CONTINUE)
		return v;
	if (c->out_ifindex == c->ifindex) {
		if (!(c->if_flags & XR_IF_NO_REDIRECTS) &&
		    ip6_redirect_onlink(c, ip6h, nh))
			return xr_punt_reason(c, XR_REASON_Redirect);
	} else {
		v = ip6_forward_scope(c, ip6h);
		if (v != XR_V_CONTINUE)
			return v;
	}

	c->mtu = mtu = adj->mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : adj->mtu;
	len = IP6_HLEN + bpf_ntohs(ip6h->payload_len);
	if (xr_exceeds_mtu(c, len, mtu)) {
		XR_MIB6_INC(Ip6InTooBigErrors);
		return xr_punt_reason(c, XR_REASON_PacketTooBig);
	}

	dmac = !ipv6_addr_any(&nh->gw) ? xr_adj_dmac(adj) :
	       xr_neigh_mac(ipv6_neigh_lookup(c->out_ifindex, &c->nexthop6));
	if (!dmac)
		return xr_punt_reason(c, XR_REASON_NoNeigh);

	/* The point of no return: from here the frame is ours. */
	ip6h->hop_limit--;
	neigh_hh_output(eth, dmac, adj);
	XR_MIB6_INC(Ip6OutForwDatagrams);
	XR_MIB6_ADD(Ip6OutOctets, len);
	return XR_V_REDIRECT;
}

#endif
