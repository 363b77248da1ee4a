/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `route get`'s answer: what the fast path decided for one frame, as
 * the probe program (bpf/xdp_router_probe.bpf.c, the XDP path built
 * with XR_PROBE) leaves it in its own global, for user/cli/route_get.c
 * to print. Not pinned, not shared: each CLI process loads its probe.
 */
#ifndef XDP_ROUTER_ABI_PROBE_H
#define XDP_ROUTER_ABI_PROBE_H

#include "types.h"
#include "fib4.h"
#include "fib6.h"

struct xr_probe_res {
	__u32 verdict;         /* enum xr_verdict (verdict.h) */
	__u32 reason;          /* enum xr_reason, for XR_V_PUNT */
	__u32 fib_e;           /* the destination's FIB entry (XR_FIB4_*);
				* 0: not looked up, or no route */
	__u32 out_ifindex;
	__be32 nexthop;
	__u32 proto_slot;      /* XR_V_HANDLER: the handler's slot ... */
	__u16 proto_key;       /* ... its IP protocol or ethertype */
	__u8  proto_kind;      /* enum xr_proto_kind */
	__u8  proto_local;     /* addressed to the router */
	struct xr_nh4 nh;      /* the next hop of fib_e as read (type 0:
				* none) ... */
	struct xr_adj adj;    /* ... and the rewrite it used, adj[gen & 1] */
	/* IPv6 (family AF_INET6): fib_e is an XR_FIB6_* entry, nh and
	 * nexthop are not used, these are */
	__u32 family;          /* AF_INET or AF_INET6: the frame's */
	struct xr_in6 nexthop6;
	struct xr_nh6 nh6;
	/* ECMP: fib_e names a group (XR_FIB_NHG); these say which member
	 * the flow hash chose */
	__u32 nh_id;           /* the next hop used (either family) */
	__u32 mp_hash;         /* the flow hash (0: no group) */
};

#endif
