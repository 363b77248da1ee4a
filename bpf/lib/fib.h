/* SPDX-License-Identifier: GPL-2.0 */
/* fib_lookup: longest prefix match in the router's own route table. */
#ifndef XR_BPF_FIB_H
#define XR_BPF_FIB_H

static __always_inline struct xr_route4 *fib_lookup4(__be32 daddr)
{
	struct xr_route4_key key = { .prefixlen = 32, .addr = daddr };

	return bpf_map_lookup_elem(&xr_routes4, &key);
}

/*
 * ip_route_input's fib step: fills the lookup result into the context.
 * Unicast continues; blackhole drops; no route, unreachable and prohibit
 * are exceptions (the kernel's ip_error would answer them with ICMP).
 */
static __always_inline int ip_route_input_fib(struct xr_ctx *c,
					      struct iphdr *iph)
{
	struct xr_route4 *rt = fib_lookup4(iph->daddr);

	if (!rt) {
		XR_MIB_INC(InNoRoutes);
		c->reason = XR_REASON_NoRoute;
		return XR_V_PUNT;
	}
	c->rt_type = rt->type;
	c->rt_plen = rt->plen;
	c->out_ifindex = rt->ifindex;
	c->nexthop = rt->gw ? rt->gw : iph->daddr;

	switch (rt->type) {
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
