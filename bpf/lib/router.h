/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive path, in the kernel's order:
 *   eth_rcv [ptype_base] -> ip_rcv_core -> [trim]
 *           -> ip_rcv_finish: ip_route_input (addresses, fib) [inet_protos]
 *           -> ip_forward -> neigh output -> (entry program transmits)
 * and for IPv6 the same with ip6_rcv_core, ip6_rcv_finish (multicast,
 * local, link-local, Hop-by-Hop, fib) [inet6_protos] and ip6_forward.
 * Entry programs call xr_rcv(), trim when c->trim is set, then
 * xr_rcv_finish(); on XR_V_HANDLER they reach the protocol's handler
 * (XDP) or the kernel (tc); on XR_V_CONTINUE they call xr_forward().
 * Then they translate the verdict. These three steps take the family
 * eth_rcv found (c->family) to its own functions: IPv4's in ipv4.h,
 * fib4.h and forward.h, IPv6's in ipv6.h, fib6.h and forward.h; the
 * entries (xdp_main.h, tc_main.h) do not know the family.
 */
#ifndef XR_BPF_ROUTER_H
#define XR_BPF_ROUTER_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"
#include "eth.h"
#include "ipv4.h"
#include "ipv6.h"
#include "forward.h"
#include "capture.h"

/* Link layer, then the family's receive checks (ip_rcv_core). */
static __always_inline int xr_rcv(struct xr_ctx *c)
{
	int v = eth_rcv(c);

	if (v != XR_V_CONTINUE)
		return v;
	return c->family == AF_INET6 ? ip6_rcv_core(c) : ip_rcv_core(c);
}

/* The next two steps of a frame xr_rcv passed: its family's (eth_rcv
 * passes AF_INET and AF_INET6 only). */

/* Route input (ip_rcv_finish, ip6_rcv_finish). XR_V_CONTINUE: forward
 * it (xr_forward); XR_V_HANDLER: a registered protocol, local or
 * transit. */
static __always_inline int xr_rcv_finish(struct xr_ctx *c)
{
	return c->family == AF_INET6 ? ip6_rcv_finish(c) : ip_rcv_finish(c);
}

/* Forward what route input said to forward (ip_forward, ip6_forward). */
static __always_inline int xr_forward(struct xr_ctx *c)
{
	return c->family == AF_INET6 ? ip6_forward(c) : ip_forward(c);
}

/* A frame for a protocol of the network layer (by IP protocol or IPv6
 * next header), not of the link layer (by ethertype). */
static __always_inline int xr_proto_l3(const struct xr_ctx *c)
{
	return c->proto_kind == XR_PROTO_IP || c->proto_kind == XR_PROTO_IP6;
}

/* Where a frame for a handler goes when no handler can take it (the
 * tc entry; a slot emptied meanwhile): where it would go without one,
 * a transit datagram forwarded (XR_V_CONTINUE), the rest to the kernel. */
static __always_inline int xr_proto_fallback(struct xr_ctx *c)
{
	return xr_proto_l3(c) && !c->proto_local ? XR_V_CONTINUE : XR_V_PASS;
}

/* The tc entry's handler step: handlers are XDP programs, so at tc a
 * frame goes where it would go with no handler (transit: forwarded). */
static __always_inline int xr_proto_at_tc(struct xr_ctx *c)
{
	XR_OTHER_INC(ProtoAtTc);
	return xr_proto_fallback(c);
}

/* What a handler finds in front of the frame (no packet access: the
 * frame's pointers are stale once the metadata is made room for). */
static __always_inline void xr_handler_meta_fill(struct xr_handler_meta *m,
						 struct xr_ctx *c)
{
	m->magic = XR_HANDLER_MAGIC;
	m->kind = c->proto_kind;
	m->pkt_type = c->proto_pkt_type;
	m->key = c->proto_key;
	m->local = c->proto_local;
	m->l3_off = ETH_HLEN;
	m->l4_off = xr_proto_l3(c) ? c->proto_l4_off : 0;
	m->slot = (__u16)c->proto_slot;
	m->ifindex = c->ifindex;
	m->out_ifindex = 0;
	m->nexthop = 0;     /* IPv6's does not fit: the handler has none */
	if (xr_proto_l3(c) && !c->proto_local)
		m->out_ifindex = c->out_ifindex;
	if (c->proto_kind == XR_PROTO_IP && !c->proto_local)
		m->nexthop = c->nexthop4;
}

/* Count an exception under its reason. */
static __always_inline void xr_count_punt(struct xr_ctx *c)
{
	if (c->reason < XR_REASON_MAX)
		XR_REASON_INC(c->reason);
}

/*
 * Counts an exception and finds the daemon's sockets of its link: NULL
 * (to the kernel) for a link only the kernel transmits on, a frame the
 * daemon's UMEM frames cannot hold, a NoNeigh while neighbours follow
 * the kernel, or a link with no socket published.
 * The entry binding then checks its own socket and hands the frame over.
 */
/* A next hop without a usable neighbour while neighbours follow the
 * kernel (daemon --kernel-sync, --fpm: abi/sync.h): the kernel resolves
 * it, and the entry it learns is mirrored; the slow path learns none. */
static __always_inline int xr_neigh_is_kernels(struct xr_ctx *c)
{
	struct xr_sync *s;
	__u32 zero = 0;

	if (c->reason != XR_REASON_NoNeigh)
		return 0;
	s = bpf_map_lookup_elem(&xr_sync, &zero);
	return s && (s->flags & XR_SYNC_NEIGH);
}

static __always_inline struct xr_xsk_port *xr_punt_port(struct xr_ctx *c)
{
	struct xr_xsk_port *port;

	xr_count_punt(c);
	if (c->reason == XR_REASON_TxNotAttached ||
	    c->frame_len > XR_XSK_PUNT_MAX || xr_neigh_is_kernels(c))
		return NULL;
	port = bpf_map_lookup_elem(&xr_xsk_ports, &c->ifindex);
	return port && port->queues ? port : NULL;
}

/* The route in the slow path's header, IPv6: no next hop in it (16
 * bytes do not fit), its slot in xr_fib6_nh instead (abi/slowpath.h). */
static __always_inline void xr_punt_meta_route6(struct xr_punt_meta *m,
						struct xr_ctx *c)
{
	m->rt_type = c->nh6 ? c->nh6->type : 0;
	m->nexthop = 0;
	m->nh_id = c->nh_id;   /* a group's: the member the flow took */
	m->plen = (c->fib_e >> XR_FIB6_DEPTH_SHIFT) & XR_FIB6_DEPTH_MASK;
}

/* The slow path's header: why, and what the lookup found. */
static __always_inline void xr_punt_meta_fill(struct xr_punt_meta *m,
					      struct xr_ctx *c)
{
	struct xr_nh4 *nh = c->nh;

	m->magic = XR_PUNT_MAGIC;
	m->reason = (__u8)c->reason;
	m->ifindex = c->ifindex;
	m->out_ifindex = c->out_ifindex;
	m->mtu = c->mtu;
	m->pad[0] = m->pad[1] = m->pad[2] = 0;
	if (c->family == AF_INET6) {
		xr_punt_meta_route6(m, c);
		return;
	}
	m->rt_type = nh ? nh->type : 0;
	m->nexthop = c->nexthop4;
	m->nh_id = c->nh_id;
	m->plen = (c->fib_e >> XR_FIB4_DEPTH_SHIFT) & XR_FIB4_DEPTH_MASK;
}


#endif
