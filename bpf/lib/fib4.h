/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib_lookup for IPv4: longest prefix match in the router's IPv4 FIB, a
 * Poptrie (include/xdp_router/abi/poptrie.h, docs/fib.md): the top 18
 * bits index the direct array; an entry naming a node goes down at most
 * three nodes of 6 bits (bits 18-23, 24-29, 30-31 and four 0 bits), one
 * array read each, and one read of a leaf; then the next hop by id. The
 * cost does not depend on how many routes there are. IPv6's FIB
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
#include "poptrie.h"
#include "stats.h"

/* The FIB entry for daddr: XR_FIB4_VALID clear when there is no route. */
static __always_inline __u32 fib4_lookup(__be32 daddr)
{
	__u64 key = (__u64)bpf_ntohl(daddr) << 32;
	__u32 e = pt_entry(&xr_fib4_dir, (__u32)(key >> (64 - XR_PT4_DIRECT_BITS)));
	__u32 id, pos = XR_PT4_DIRECT_BITS, i;

	if (!(e & XR_FIB4_EXT))
		return e;
	id = e & XR_FIB4_ID_MASK;
	for (i = 0; i < XR_PT4_LEVELS; i++, pos += XR_PT_STRIDE)
		if (!pt_step(&xr_fib4_node, &xr_fib4_leaf, &id,
			     (__u32)((key << pos) >> (64 - XR_PT_STRIDE)), &e))
			return e;
	return 0;      /* deeper than an address: not a FIB */
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
