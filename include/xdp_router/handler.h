/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a protocol handler for xdp-router: this header and libbpf are
 * all it takes (docs/handlers.md says the same at length).
 *
 *   #include <xdp_router/handler.h>
 *
 *   SEC("xdp")
 *   int my_rcv(struct xdp_md *ctx)
 *   {
 *           const struct xr_handler_meta *m = xr_handler_meta(ctx);
 *           if (!m)
 *                   return XDP_PASS;
 *           ...
 *           return XDP_DROP;            // drop
 *           return XDP_PASS;            // to the kernel's stack
 *           return xr_handler_tx(ctx);  // out of the ingress link
 *           return xr_handler_transmit(ctx, ifindex); // out of a link
 *           return xr_handler_forward(ctx);  // back to the router's path
 *   }
 *   char _license[] SEC("license") = "GPL";
 *
 *   clang -O2 -g -target bpf -I<xdp-router>/include -c my.bpf.c -o my.o
 *   xdp-router proto add ethertype 0x88b5 obj my.o [prog my_rcv]
 *   xdp-router proto add ipproto 253 obj my.o [prog my_rcv]
 *
 * What a handler receives: the frame as the router received it (data is
 * the Ethernet header; nothing rewritten, no TTL taken), and in front of
 * it (data_meta) a struct xr_handler_meta saying why it was called. An
 * ethertype handler sees every frame of its type on an attached XDP link,
 * whoever its destination MAC names (meta->pkt_type tells, as skb->pkt_type
 * tells a dev_add_pack handler). An IP protocol handler sees valid IPv4
 * datagrams of its protocol (ip_rcv_core's checks passed, link padding
 * trimmed) addressed to one of the router's addresses (meta->local = 1;
 * not fragments: the kernel reassembles those),
 * and, when it declares XR_HANDLER_TRANSIT, those the router would
 * forward (meta->local = 0, with the route's egress and next hop), before
 * TTL and MTU are looked at.
 *
 * Maps: its own (pinned by `proto add` under the state directory, in
 * proto/<eth-XXXX|ip-N>/), and the router's xr_ifaces (links: MAC, MTU),
 * xr_tx_ports (transmit) and xr_proto_progs (hand back), declared below.
 */
#ifndef XDP_ROUTER_HANDLER_H
#define XDP_ROUTER_HANDLER_H

#ifndef __VMLINUX_H__
#include <linux/bpf.h>
#include <linux/types.h>
#endif
#include <bpf/bpf_helpers.h>
#include "handler_maps.h"

/*
 * A handler that wants transit datagrams of its protocol too says so
 * once, at file scope: XR_HANDLER_FLAGS(XR_HANDLER_TRANSIT);
 * `proto add` reads it from the object (meaningful for IP protocols).
 */
#define XR_HANDLER_TRANSIT XR_PROTO_F_TRANSIT
#define XR_HANDLER_FLAGS(f) \
	const volatile __u32 xr_handler_flags SEC(".rodata") = (f)

/* The metadata the router wrote in front of the frame; NULL when there
 * is none (the handler was not reached through the router). */
static __always_inline const struct xr_handler_meta *
xr_handler_meta(struct xdp_md *ctx)
{
	struct xr_handler_meta *m = (void *)(long)ctx->data_meta;

	if ((void *)(m + 1) > (void *)(long)ctx->data ||
	    m->magic != XR_HANDLER_MAGIC)
		return NULL;
	return m;
}

/*
 * Hand the frame back to the router's own path, which takes it from the
 * Ethernet header as it is now (the handler may have rewritten it) and
 * does not dispatch it to a handler again: an IPv4 datagram is routed
 * (forwarded, punted, or given to the kernel when local), anything else
 * goes to the kernel. Returns only when the router is not there.
 */
static __always_inline int xr_handler_forward(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &xr_proto_progs, XR_PROTO_SLOT_ROUTER);
	return XDP_PASS;
}

/* Take the metadata off before the frame leaves: over veth it would
 * travel on with the frame into the next hop's XDP program. */
static __always_inline void xr_handler_meta_drop(struct xdp_md *ctx)
{
	bpf_xdp_adjust_meta(ctx, (int)((long)ctx->data - (long)ctx->data_meta));
}

/* Transmit out of an attached link (the frame is sent as it is now:
 * the handler writes the MACs). XDP_ABORTED if that link is not one. */
static __always_inline int xr_handler_transmit(struct xdp_md *ctx,
					       __u32 ifindex)
{
	xr_handler_meta_drop(ctx);
	return (int)bpf_redirect_map(&xr_tx_ports, ifindex, XDP_ABORTED);
}

/* XDP_TX (out of the ingress link as the frame is now), metadata off. */
static __always_inline int xr_handler_tx(struct xdp_md *ctx)
{
	xr_handler_meta_drop(ctx);
	return XDP_TX;
}

/* An attached link: its MAC and MTU; NULL for any other. */
static __always_inline const struct xr_iface *xr_handler_iface(__u32 ifindex)
{
	struct xr_iface *ifp = bpf_map_lookup_elem(&xr_ifaces, &ifindex);

	return ifp && (ifp->flags & XR_IF_ATTACHED) ? ifp : NULL;
}

#endif
