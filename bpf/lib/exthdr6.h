/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv6_skip_exthdr: the walk over an IPv6 packet's extension headers to
 * its upper-layer protocol, for the inet6_protos dispatch (ipv6.h) and
 * the flow hash (nhg.h), which walks from the header an ICMPv6 error
 * quotes too.
 */
#ifndef XR_BPF_EXTHDR6_H
#define XR_BPF_EXTHDR6_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"

#define IP6_HLEN          40      /* sizeof(struct ipv6hdr) */
#define NEXTHDR_FRAGMENT  44
#define NEXTHDR_AUTH      51
#define NEXTHDR_NONE      59
/* Extension headers crossed to find the upper-layer protocol (a
 * handler's key); a datagram with more is dispatched to none. Each one
 * more about triples the verifier's work (docs/architecture.md). */
#define XR_IP6_EXTHDRS    4
#define XR_IP6_WALK_LIM   2056    /* the dispatch's: headers end by */

/* ipv6_ext_hdr, less NONE (which ends the walk with no upper layer) */
static __always_inline int ip6_ext_hdr(__u8 nh)
{
	return XR_IP6_EXT_HDR(nh);
}

struct ip6_l4 {
	__u32 off;      /* from the frame's start */
	__u8  proto;    /* the upper-layer protocol */
	__u8  frag;     /* a Fragment header was crossed */
	__u8  frag_nh;  /* then its next header (the flow hash's protocol
			 * for every fragment, first or later) */
};

/* The length of the extension header nh at p (8 bytes present). */
static __always_inline __u32 ip6_exthdr_len(__u8 nh, const __u8 *p)
{
	if (nh == NEXTHDR_FRAGMENT)
		return 8;
	if (nh == NEXTHDR_AUTH)
		return ((__u32)p[1] + 2) << 2;
	return ((__u32)p[1] + 1) << 3;
}

/*
 * ipv6_skip_exthdr: the upper-layer protocol and where its header
 * starts, past at most XR_IP6_EXTHDRS extension headers, from the one
 * of type nh at off (right after an IPv6 header whose next header is
 * nh). A fragment other than the first stops the walk at its Fragment
 * header (what follows is not a header). The headers read end by lim
 * (from the frame's start). 0, or -1: none found (NONE, too many,
 * beyond the frame or lim).
 */
static __always_inline int ip6_skip_exthdr_at(const struct xr_ctx *c,
					      __u32 off, __u8 nh,
					      struct ip6_l4 *l4, __u32 lim)
{
	const __u8 *p;
	__u32 i;

	for (i = 0; i < XR_IP6_EXTHDRS; i++) {
		if (!ip6_ext_hdr(nh))
			break;
		if (off > lim - 8)      /* (lim a constant) */
			return -1;
		p = c->data + off;
		if ((void *)(p + 8) > c->data_end)
			return -1;
		off += ip6_exthdr_len(nh, p);
		if (nh == NEXTHDR_FRAGMENT) {
			l4->frag = 1;
			l4->frag_nh = p[0];
			if ((p[2] << 8 | p[3]) & ~7) {  /* offset != 0 */
				nh = p[0];
				break;
			}
		}
		nh = p[0];
	}
	if (ip6_ext_hdr(nh) || nh == NEXTHDR_NONE)
		return -1;
	l4->proto = nh;
	l4->off = off;
	return 0;
}

/* The same from the packet's own header. */
static __always_inline int ip6_skip_exthdr(const struct xr_ctx *c,
					   const struct ipv6hdr *ip6h,
					   struct ip6_l4 *l4)
{
	return ip6_skip_exthdr_at(c, ETH_HLEN + IP6_HLEN, ip6h->nexthdr, l4,
				  XR_IP6_WALK_LIM);
}

#endif
