/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib_lookup for IPv4: longest prefix match in the router's IPv4 FIB, a
 * DIR-24-8 table (include/xdp_router/abi.h, docs/fib.md): one read for
 * routes up to /24, a second one for longer routes, then the next hop by
 * id. The cost does not depend on how many routes there are. IPv6's FIB
 * (fib6.h) goes beside this one, not into it.
 */
#ifndef XR_BPF_FIB4_H
#define XR_BPF_FIB4_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"

/* The FIB entry for daddr: XR_FIB4_VALID clear when there is no route. */
static __always_inline __u32 fib4_lookup(__be32 daddr)
{
	__u32 a = bpf_ntohl(daddr);
	__u32 k = a >> (8 + XR_FIB4_CHUNK_BITS);
	struct xr_fib4_chunk *chunk;
	struct xr_fib4_group *grp;
	__u32 e;

	chunk = bpf_map_lookup_elem(&xr_fib4_tbl24, &k);
	if (!chunk)
		return 0;
	e = chunk->e[(a >> 8) & (XR_FIB4_CHUNK - 1)];
	if (!(e & XR_FIB4_EXT))
		return e;
	k = e & XR_FIB4_ID_MASK;
	grp = bpf_map_lookup_elem(&xr_fib4_tbl8, &k);
	if (!grp)
		return 0;
	return grp->e[a & 0xff];
}

/* The next hop of id; NULL for a free slot. */
static __always_inline struct xr_nh4 *fib4_nh_id(__u32 id)
{
	struct xr_nh4 *nh = bpf_map_lookup_elem(&xr_fib4_nh, &id);

	return nh && nh->type ? nh : NULL;
}

/* The next hop of a FIB entry; NULL when there is no route, and for a
 * next-hop group (XR_FIB_NHG), which only the destination's lookup
 * resolves (nhg.h): not local, not on-link. */
static __always_inline struct xr_nh4 *fib4_nh(__u32 e)
{
	if (!(e & XR_FIB4_VALID) || (e & XR_FIB_NHG))
		return NULL;
	return fib4_nh_id(e & XR_FIB4_ID_MASK);
}

/*
 * ip_route_input's fib step, on what ip_route_input_addr looked up
 * (c->fib_e, c->nh): unicast continues; blackhole drops; no route,
 * unreachable and prohibit are exceptions (the kernel's ip_error would
 * answer them with ICMP).
 */
static __always_inline int ip_route_input_fib(struct xr_ctx *c,
					      struct iphdr *iph)
{
	struct xr_nh4 *nh = c->nh;

	if (!nh) {
		XR_MIB_INC(InNoRoutes);
		c->reason = XR_REASON_NoRoute;
		return XR_V_PUNT;
	}
	c->out_ifindex = nh->ifindex;
	c->nexthop4 = nh->gw ? nh->gw : iph->daddr;

	switch (nh->type) {
	case XR_RTN_UNICAST:
		return XR_V_CONTINUE;
	case XR_RTN_BLACKHOLE:
		XR_OTHER_INC(BlackholeDrops);
		return XR_V_DROP;
	case XR_RTN_UNREACHABLE:
		XR_MIB_INC(InAddrErrors);        /* ip_error, EHOSTUNREACH */
		c->reason = XR_REASON_Unreachable;
		return XR_V_PUNT;
	case XR_RTN_PROHIBIT:
		c->reason = XR_REASON_Prohibit;
		return XR_V_PUNT;
	default:
		XR_MIB_INC(InNoRoutes);
		c->reason = XR_REASON_NoRoute;
		return XR_V_PUNT;
	}
}

#endif
