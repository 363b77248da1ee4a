/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XDP binding of the core: xdp_md in, XDP action out. Shared by the
 * XDP entry program and the benchmark's wrapper, so both run the same
 * code.
 */
#ifndef XR_BPF_XDP_MAIN_H
#define XR_BPF_XDP_MAIN_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
/* The flow hash (nhg.h): this entry's global function, below. */
__u32 xr_mp_hash_xdp(struct xdp_md *ctx, __u32 v6);
#define XR_MP_HASH_ENTRY(c, v6) xr_mp_hash_xdp((c)->pctx, v6)
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"
#include "capture.h"
#include "router.h"
#ifdef XR_PROBE
#include "probe.h"        /* route get: xr_probe_tc, xr_probe_done */
#endif

/*
 * Make the XDP metadata exactly len bytes, right before the frame,
 * whatever was there (a frame from a previous hop over veth may still
 * carry its metadata). 0 on success.
 */
static __always_inline int xdp_meta_set(struct xdp_md *ctx, __u32 len)
{
	long have = (long)ctx->data - (long)ctx->data_meta;

	return (int)bpf_xdp_adjust_meta(ctx, (int)(have - (long)len));
}

/*
 * punt: exceptions the fast path cannot finish go to the slow path's
 * AF_XDP socket on this queue, behind a struct xr_punt_meta saying why
 * and what the lookup found. Without a socket they go to the kernel
 * stack, never dropped silently.
 */
static __always_inline int xdp_punt(struct xdp_md *ctx, struct xr_ctx *c)
{
	struct xr_xsk_port *port;
	struct xr_punt_meta *m;
	__u32 q = ctx->rx_queue_index;

	port = xr_punt_port(c);
	if (!port || q >= port->queues)
		goto to_kernel;   /* no socket on this queue */
	if (xdp_meta_set(ctx, sizeof(*m)))
		goto to_kernel;
	m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > (void *)(long)ctx->data)
		goto to_kernel;
	xr_punt_meta_fill(m, c);
	if (bpf_redirect_map(&xr_xsks, port->base + q, XDP_PASS) == XDP_REDIRECT)
		return XDP_REDIRECT;
to_kernel:
	XR_OTHER_INC(PuntToKernel);
	return XDP_PASS;
}

/* The capture tap: the frame as it leaves this step, and its verdict. */
static __attribute__((noinline)) int xdp_capture(struct xdp_md *ctx,
						 struct xr_ctx *c, int v)
{
	struct xr_capture_rec *r;
	__u64 n = 0;

	r = xr_capture_begin(c, v, XR_MODE_NATIVE, &n);
	if (!r)
		return 0;
	if (n < 1 || n > XR_CAPTURE_SNAP ||
	    bpf_xdp_load_bytes(ctx, 0, r->data, (__u32)n)) {
		bpf_ringbuf_discard(r, 0);
		return 0;
	}
	bpf_ringbuf_submit(r, 0);
	return 0;
}

/*
 * ptype_base / inet_protos: the frame goes to the protocol's handler by
 * tail call, behind a struct xr_handler_meta. Returns only when the slot
 * was emptied meanwhile (`proto del` under traffic): then the frame goes
 * where it would have gone with no handler, XR_V_CONTINUE (forward) for
 * a transit datagram, XR_V_PASS for the rest.
 */
static __always_inline int xdp_handler(struct xdp_md *ctx, struct xr_ctx *c)
{
	struct xr_handler_meta *m;

#ifdef XR_PROBE
	if (xr_probe_tc)       /* route get of a tc link: as tc_main.h */
		return xr_proto_at_tc(c);
	return XR_V_HANDLER;   /* route get: names the handler, calls none */
#endif
	if (c->if_flags & XR_IF_CAPTURE)
		xdp_capture(ctx, c, XR_V_HANDLER);
	if (xdp_meta_set(ctx, sizeof(*m)))
		goto missing;     /* a driver without XDP metadata */
	m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > (void *)(long)ctx->data) {
		bpf_xdp_adjust_meta(ctx, (int)sizeof(*m));
		goto missing;
	}
	xr_handler_meta_fill(m, c);
	XR_OTHER_INC(ProtoDispatched);
	bpf_tail_call(ctx, &xr_proto_progs, c->proto_slot);
	bpf_xdp_adjust_meta(ctx, (int)sizeof(*m));   /* no handler there */
missing:
	XR_OTHER_INC(ProtoMissing);
	xr_ctx_load(c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	return xr_proto_fallback(c);
}

/* The flow hash (nhg.h), checked by the verifier once, on its own. */
XR_MP_HASH_BIND(xr_mp_hash_xdp, struct xdp_md)

/*
 * The path of one frame. resumed: 0 for a frame from the link; the
 * kind of the handler that handed it back (xdp_router_resume), which
 * then is not dispatched again nor counted twice.
 */
static __always_inline int xr_xdp_main(struct xdp_md *ctx, __u8 resumed)
{
	struct xr_ctx cs = { .ifindex = ctx->ingress_ifindex,
			     .resumed = resumed, .pctx = ctx };
	struct xr_ctx *c = &cs;
	long ret;
	int v;

	xr_stats_begin(c);

	xr_ctx_load(c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	v = xr_rcv(c);
	if (v == XR_V_CONTINUE && c->trim) {
		if (bpf_xdp_adjust_tail(ctx, -(int)c->trim)) {
			xr_mib_in_discards(c);
			return XDP_DROP;
		}
		xr_ctx_load(c, (void *)(long)ctx->data,
			    (void *)(long)ctx->data_end);
	}
	if (v == XR_V_CONTINUE)
		v = xr_rcv_finish(c);
	if (v == XR_V_HANDLER)
		v = xdp_handler(ctx, c);
	if (v == XR_V_CONTINUE)
		v = xr_forward(c);
#ifdef XR_PROBE
	return xr_probe_done(c, v);  /* route get: told, not carried out */
#endif
	if (c->if_flags & XR_IF_CAPTURE)
		xdp_capture(ctx, c, v);

	switch (v) {
	case XR_V_REDIRECT:
		ret = bpf_redirect_map(&xr_tx_ports, c->out_ifindex, 0);
		if (ret == XDP_REDIRECT) {
			xr_if_tx(c->out_ifindex, c->frame_len);
			return XDP_REDIRECT;
		}
		xr_mib_out_discards(c);
		XR_OTHER_INC(RedirectErrors);
		return XDP_DROP;
	case XR_V_PUNT:
		return xdp_punt(ctx, c);
	case XR_V_DROP:
		return XDP_DROP;
	default:
		return XDP_PASS;
	}
}

#endif
