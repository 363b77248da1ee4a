/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 receive, as net/ipv6/ip6_input.c and route.c do it: ip6_rcv_core
 * (header sanity, in the kernel's order), the address and route steps
 * of ip6_route_input (multicast, the router's own addresses, link-local
 * scope, the route's type), the Hop-by-Hop check, the inet6_protos
 * dispatch by next header, and ip6_rcv_finish, which puts them together
 * with the FIB (fib6.h). Beside ipv4.h; forwarding is forward.h's.
 */
#ifndef XR_BPF_IPV6_H
#define XR_BPF_IPV6_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"
#include "fib6.h"
#include "exthdr6.h"
#include "nhg.h"

#define IPV6_MIN_MTU      1280
#define NEXTHDR_HOP       0       /* include/net/ipv6.h */
#define NEXTHDR_TCP       6
#define IPV6_TLV_PAD1     0
#define IPV6_TLV_PADN     1

/* ---------------------------------------------- address classes
 * (ipv6_addr_type's, on the four network-order words) */

static __always_inline int ipv6_addr_any(const struct xr_in6 *a)
{
	return (a->a[0] | a->a[1] | a->a[2] | a->a[3]) == 0;
}

static __always_inline int ipv6_addr_loopback(const struct xr_in6 *a)
{
	return (a->a[0] | a->a[1] | a->a[2] | (a->a[3] ^ bpf_htonl(1))) == 0;
}

static __always_inline int ipv6_addr_is_multicast(const struct xr_in6 *a)
{
	return (a->a[0] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000);
}

/* IPV6_ADDR_MC_SCOPE: 0 reserved, 1 interface-local, 2 link-local, ... */
static __always_inline __u32 ipv6_addr_mc_scope(const struct xr_in6 *a)
{
	return (bpf_ntohl(a->a[0]) >> 16) & 0xf;
}

/* fe80::/10, link-local unicast */
static __always_inline int ipv6_addr_linklocal(const struct xr_in6 *a)
{
	return (a->a[0] & bpf_htonl(0xffc00000)) == bpf_htonl(0xfe800000);
}

static __always_inline struct ipv6hdr *xr_ip6h(struct xr_ctx *c)
{
	struct ipv6hdr *ip6h = c->data + ETH_HLEN;

	if ((void *)(ip6h + 1) > c->data_end)
		return NULL;
	return ip6h;
}

#define IP6_SADDR(ip6h) ((const struct xr_in6 *)&(ip6h)->saddr)
#define IP6_DADDR(ip6h) ((const struct xr_in6 *)&(ip6h)->daddr)

/* ---------------------------------------------------- ip6_rcv_core */

/* The addresses ip6_rcv_core refuses from another node: loopback either
 * way (RFC 4291 2.5.3), a multicast destination of reserved or
 * interface-local scope (2.7, errata 3480), a multicast source (2.7). */
static __always_inline int ip6_rcv_addr_ok(const struct ipv6hdr *ip6h)
{
	const struct xr_in6 *s = IP6_SADDR(ip6h), *d = IP6_DADDR(ip6h);

	if (ipv6_addr_loopback(s) || ipv6_addr_loopback(d))
		return 0;
	if (ipv6_addr_is_multicast(d) && ipv6_addr_mc_scope(d) <= 1)
		return 0;
	return !ipv6_addr_is_multicast(s);
}

/*
 * ip6_rcv_core: net/ipv6/ip6_input.c. Drops are counted as the kernel
 * counts them (a frame shorter than its payload length is
 * Ip6InTruncatedPkts alone); on success c->trim holds the link-layer
 * padding to cut. A payload length of 0 with a Hop-by-Hop header may be
 * a jumbogram: not measured here, and the Hop-by-Hop check hands it to
 * the slow path (ip6_hopopts_pad_only).
 */
static __always_inline int ip6_rcv_core(struct xr_ctx *c)
{
	struct ipv6hdr *ip6h = c->data + ETH_HLEN;
	__u32 len = c->frame_len - ETH_HLEN;   /* bytes after the MAC header */
	__u32 pkt_len;

	if (c->resumed != XR_PROTO_IP6) {  /* counted when first received */
		XR_MIB6_INC(Ip6InReceives);
		XR_MIB6_ADD(Ip6InOctets, len);
	}
	if ((void *)(ip6h + 1) > c->data_end || ip6h->version != 6 ||
	    !ip6_rcv_addr_ok(ip6h)) {
		XR_MIB6_INC(Ip6InHdrErrors);
		return XR_V_DROP;
	}
	pkt_len = bpf_ntohs(ip6h->payload_len);
	if (pkt_len || ip6h->nexthdr != NEXTHDR_HOP) {
		if (pkt_len + IP6_HLEN > len) {
			XR_MIB6_INC(Ip6InTruncatedPkts);
			return XR_V_DROP;
		}
		c->trim = len - IP6_HLEN - pkt_len;    /* pskb_trim_rcsum */
	}
	return XR_V_CONTINUE;
}

/*
 * inet6_protos: a datagram whose upper-layer protocol is registered
 * goes to its handler when it is addressed to the router (ip6_input),
 * or when it is transit and the handler asked for transit too; else
 * the path goes on with v. A fragment for the router is the kernel's to
 * reassemble (the Fragment header is itself an inet6_protos entry, the
 * kernel's): its handler never sees one; transit fragments go to a
 * transit handler as they are, keyed by the protocol their Fragment
 * header names.
 */
static __always_inline int ip6_proto_dispatch(struct xr_ctx *c,
					      const struct ipv6hdr *ip6h,
					      int local, int v)
{
	struct ip6_l4 l4 = {};
	struct xr_proto_ent *e;
	__u32 key;

	if (c->resumed || ip6_skip_exthdr(c, ip6h, &l4) || (local && l4.frag))
		return v;
	key = l4.proto;
	e = bpf_map_lookup_elem(&xr_proto_ip6, &key);
	if (!e || !e->slot || (!local && !(e->flags & XR_PROTO_F_TRANSIT)))
		return v;
	return xr_proto_take(c, e->slot, XR_PROTO_IP6, (__u16)key,
			     PACKET_HOST, (__u8)local, (__u16)l4.off);
}

/* ---------------------------------------------- ip6_route_input */

/*
 * The steps of ip6_route_input before forwarding: a multicast
 * destination is the kernel's (ip6_mc_input, Ip6InMcastPkts); the
 * router's own addresses, global and link-local, are XR_RTN_LOCAL /128
 * entries of the FIB (ip6_input: Ip6InDelivers, and a registered
 * protocol's handler); another link-local destination is the ingress
 * link's business (rt6_need_strict: the kernel's route on that link),
 * never forwarded here. XR_V_CONTINUE: route it, c->fib_e and c->nh6
 * set; XR_V_PASS with *local set: one of the router's addresses.
 */
static __always_inline int ip6_route_input_addr(struct xr_ctx *c,
						const struct ipv6hdr *ip6h,
						int *local)
{
	const struct xr_in6 *daddr = IP6_DADDR(ip6h);
	struct xr_nh6 *nh;

	if (ipv6_addr_is_multicast(daddr)) {
		XR_MIB6_INC(Ip6InMcastPkts);
		return XR_V_PASS;
	}
	c->fib_e = fib6_lookup(daddr);
	c->nh6 = nh = xr_route_input_nh(c, XR_FIB6_VALID, XR_FIB6_ID_MASK, 1);
	if (nh && nh->type == XR_RTN_LOCAL) {
		if (c->resumed != XR_PROTO_IP6)
			XR_MIB6_INC(Ip6InDelivers);
		*local = 1;
		return XR_V_PASS;
	}
	if (ipv6_addr_linklocal(daddr))
		return XR_V_PASS;
	return XR_V_CONTINUE;
}

/*
 * The route's type, on what ip6_route_input_addr looked up: unicast
 * continues toward its next hop (the gateway, or the destination on
 * link); blackhole drops (dst_discard); no route, unreachable and
 * prohibit are exceptions (ip6_pkt_discard, ip6_pkt_prohibit: the
 * kernel answers them with ICMPv6 1/0 and 1/1, and ip6_pkt_drop counts
 * Ip6InNoRoutes, or Ip6InAddrErrors for the unspecified destination).
 */
static __always_inline int ip6_route_input_fib(struct xr_ctx *c,
					       const struct ipv6hdr *ip6h)
{
	const struct xr_in6 *daddr = IP6_DADDR(ip6h);
	struct xr_nh6 *nh = c->nh6;
	__u32 reason = XR_REASON_NoRoute;

	if (nh && nh->type == XR_RTN_UNICAST) {
		c->out_ifindex = nh->ifindex;
		c->nexthop6 = ipv6_addr_any(&nh->gw) ? *daddr : nh->gw;
		return XR_V_CONTINUE;
	}
	if (nh && nh->type == XR_RTN_BLACKHOLE) {
		XR_OTHER_INC(BlackholeDrops);
		return XR_V_DROP;
	}
	if (nh && nh->type == XR_RTN_UNREACHABLE)
		reason = XR_REASON_Unreachable;
	else if (nh && nh->type == XR_RTN_PROHIBIT)
		reason = XR_REASON_Prohibit;
	if (ipv6_addr_any(daddr))
		XR_MIB6_INC(Ip6InAddrErrors);
	else
		XR_MIB6_INC(Ip6InNoRoutes);
	return xr_punt_reason(c, reason);
}

/*
 * ipv6_parse_hopopts, for what the fast path can finish: a Hop-by-Hop
 * header the kernel would accept holding padding only (8 bytes: Pad1
 * and PadN options of zeros, at most 7 bytes of padding in a row, as
 * ip6_parse_tlv wants) is left as it is and the datagram forwarded.
 * Anything else, an option (Router Alert, Jumbo Payload, one whose
 * action bits ask for a Parameter Problem) or padding the kernel would
 * refuse, is the slow path's, which applies the kernel's rules.
 */
/* Byte i (0..7) of the 8 bytes w was loaded from. */
static __always_inline __u32 ip6_byte(__u64 w, __u32 i)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (__u32)(w >> ((i & 7) * 8)) & 0xff;
#else
	return (__u32)(w >> ((7 - (i & 7)) * 8)) & 0xff;
#endif
}

/* The 8 bytes w of a Hop-by-Hop header hold padding only. A global
 * function: the verifier checks its loops once, on their own, not again
 * on every path of the program that reaches them. */
__noinline int ip6_hopopts_w_pad_only(__u64 w)
{
	__u32 off = 2, i, j, n;

	for (i = 0; i < 6 && off < 8; i++) {
		if (ip6_byte(w, off) == IPV6_TLV_PAD1) {
			off++;
			continue;
		}
		if (ip6_byte(w, off) != IPV6_TLV_PADN || off == 7)
			return 0;
		n = ip6_byte(w, off + 1);            /* bytes of padding */
		if (off + 2 + n > 8)
			return 0;
		for (j = 0; j < 4; j++)              /* RFC 4942: zeros */
			if (j < n && ip6_byte(w, off + 2 + j))
				return 0;
		off += 2 + n;
	}
	return off == 8;
}

static __always_inline int ip6_hopopts_pad_only(struct xr_ctx *c,
						const struct ipv6hdr *ip6h)
{
	const __u8 *p = (const void *)(ip6h + 1);
	__u64 w;

	if ((void *)(p + 8) > c->data_end || p[1] != 0 || !ip6h->payload_len)
		return 0;
	__builtin_memcpy(&w, p, 8);          /* the whole header */
	return ip6_hopopts_w_pad_only(w);
}

/* ip6_rcv_finish: route input. XR_V_CONTINUE: forward it (ip6_forward);
 * XR_V_HANDLER: a registered protocol, local or transit (one call of
 * the dispatch for both: the verifier walks the extension headers once). */
static __always_inline int ip6_rcv_finish(struct xr_ctx *c)
{
	struct ipv6hdr *ip6h = xr_ip6h(c);
	int local = 0, v;

	if (!ip6h)
		return XR_V_DROP;
	v = ip6_route_input_addr(c, ip6h, &local);
	if (v == XR_V_CONTINUE) {
		/* the kernel parses Hop-by-Hop options before it routes */
		if (ip6h->nexthdr == NEXTHDR_HOP &&
		    !ip6_hopopts_pad_only(c, ip6h))
			return xr_punt_reason(c, XR_REASON_HopByHop);
		v = ip6_route_input_fib(c, ip6h);
	}
	if (v != XR_V_CONTINUE && !local)
		return v;
	return ip6_proto_dispatch(c, ip6h, local, v);
}

#endif
