/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 receive: ip_rcv_core (header sanity, in the kernel's order), the
 * address checks of ip_route_input_slow (RFC 1812 5.3.7), the inet_protos
 * dispatch, and ip_rcv_finish, which puts them together with the FIB step
 * (fib4.h). IPv6's receive is ipv6.h, beside this file.
 */
#ifndef XR_BPF_IPV4_H
#define XR_BPF_IPV4_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "../../include/xdp_router/martian.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"
#include "csum.h"
#include "fib4.h"
#include "nhg.h"

static __always_inline struct iphdr *xr_iph(struct xr_ctx *c)
{
	struct iphdr *iph = c->data + ETH_HLEN;

	if ((void *)(iph + 1) > c->data_end)
		return NULL;
	return iph;
}

/*
 * ip_rcv_core: net/ipv4/ip_input.c. Drops are counted as the kernel
 * counts them; on success c->trim holds the link-layer padding to cut.
 */
static __always_inline int ip_rcv_core(struct xr_ctx *c)
{
	struct iphdr *iph = c->data + ETH_HLEN;
	__u32 len = c->frame_len - ETH_HLEN;   /* bytes after the MAC header */
	__u32 ihl, tot_len;

	if (c->resumed != XR_PROTO_IP) {  /* counted when first received */
		XR_MIB_INC(InReceives);
		XR_MIB_ADD(InOctets, len);
	}

	if ((void *)(iph + 1) > c->data_end)
		goto inhdr_error;
	if (iph->ihl < 5 || iph->version != 4)
		goto inhdr_error;
	ihl = iph->ihl;
	if ((void *)iph + ihl * 4 > c->data_end)
		goto inhdr_error;
	if (ip_fast_csum(iph, ihl, c->data_end))
		goto csum_error;

	tot_len = bpf_ntohs(iph->tot_len);
	if (len < tot_len) {
		XR_MIB_INC(InTruncatedPkts);
		return XR_V_DROP;
	}
	if (tot_len < ihl * 4)
		goto inhdr_error;
	c->trim = len - tot_len;               /* pskb_trim_rcsum */
	return XR_V_CONTINUE;

csum_error:
	XR_MIB_INC(InCsumErrors);
inhdr_error:
	XR_MIB_INC(InHdrErrors);
	return XR_V_DROP;
}

/*
 * inet_protos: a datagram of a registered IP protocol goes to its
 * handler when it is addressed to the router (ip_local_deliver_finish),
 * or when it is transit and the handler asked for transit too. Else
 * the path goes on with v. A fragment for the router is the kernel's to
 * reassemble (ip_local_deliver defragments before inet_protos): its
 * handler is never called with one; transit fragments go to a transit
 * handler as they are.
 */
static __always_inline int ip_proto_dispatch(struct xr_ctx *c,
					     struct iphdr *iph, int local, int v)
{
	struct xr_proto_ent *e;
	__u32 proto = iph->protocol;

	if (c->resumed ||
	    (local && (iph->frag_off & bpf_htons(IP_MF | IP_OFFSET))))
		return v;
	e = bpf_map_lookup_elem(&xr_proto_ip, &proto);
	if (!e || !e->slot || (!local && !(e->flags & XR_PROTO_F_TRANSIT)))
		return v;
	return xr_proto_take(c, e->slot, XR_PROTO_IP, (__u16)proto,
			     PACKET_HOST, (__u8)local,
			     (__u16)(ETH_HLEN + iph->ihl * 4));
}

/*
 * The address checks that ip_route_input_slow makes before fib_lookup,
 * plus the router's own addresses (the local table). XR_V_CONTINUE means
 * "route it"; local and broadcast destinations go to the kernel.
 */
static __always_inline int ip_route_input_addr(struct xr_ctx *c,
					       struct iphdr *iph)
{
	__u32 saddr = bpf_ntohl(iph->saddr);
	__u32 daddr = bpf_ntohl(iph->daddr);
	struct xr_nh4 *nh;

	if (IPV4_IS_MULTICAST(saddr) || IPV4_IS_LBCAST(saddr) ||
	    IPV4_IS_ZERONET(saddr) || IPV4_IS_LOOPBACK(saddr))
		goto martian_source;
	if (IPV4_IS_ZERONET(daddr) || IPV4_IS_LOOPBACK(daddr))
		goto martian_destination;
	if (IPV4_IS_LBCAST(daddr)) {
		XR_MIB_INC(InBcastPkts);
		goto not_forwarded;
	}
	if (IPV4_IS_MULTICAST(daddr)) {
		XR_MIB_INC(InMcastPkts);
		goto not_forwarded;
	}
	/* fib_validate_source: a source that is one of our own addresses
	 * or broadcasts. Both lookups go to the FIB, where the router's
	 * addresses are /32 entries (the kernel's local table). */
	nh = fib4_nh(fib4_lookup(iph->saddr));
	if (nh && (nh->type == XR_RTN_LOCAL || nh->type == XR_RTN_BROADCAST))
		goto martian_source;

	c->fib_e = fib4_lookup(iph->daddr);
	c->nh = nh = xr_route_input_nh(c, XR_FIB4_VALID, XR_FIB4_ID_MASK, 0);
	if (nh && nh->type == XR_RTN_LOCAL) {     /* ip_local_deliver */
		if (c->resumed != XR_PROTO_IP)
			XR_MIB_INC(InDelivers);
		return ip_proto_dispatch(c, iph, 1, XR_V_PASS);
	}
	if (nh && nh->type == XR_RTN_BROADCAST) { /* directed broadcast */
		XR_MIB_INC(InBcastPkts);
		goto not_forwarded;
	}
	return XR_V_CONTINUE;

not_forwarded:
	/* Never forwarded; the kernel may still receive it. */
	XR_MIB_INC(InAddrErrors);
	return XR_V_PASS;
martian_source:
	XR_MIB_INC(InAddrErrors);
	XR_OTHER_INC(MartianSource);
	return XR_V_DROP;
martian_destination:
	XR_MIB_INC(InAddrErrors);
	XR_OTHER_INC(MartianDestination);
	return XR_V_DROP;
}

/* ip_rcv_finish: route input. XR_V_CONTINUE: forward it (ip_forward);
 * XR_V_HANDLER: a registered protocol, local or transit. */
static __always_inline int ip_rcv_finish(struct xr_ctx *c)
{
	struct iphdr *iph = xr_iph(c);
	int v;

	if (!iph)
		return XR_V_DROP;
	v = ip_route_input_addr(c, iph);
	if (v != XR_V_CONTINUE)
		return v;
	v = ip_route_input_fib(c, iph);
	if (v != XR_V_CONTINUE)
		return v;
	return ip_proto_dispatch(c, iph, 0, XR_V_CONTINUE);
}

#endif
