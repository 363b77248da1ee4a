// SPDX-License-Identifier: GPL-2.0
/*
 * The router's own path, resumed: slot XR_PROTO_SLOT_ROUTER of
 * xr_proto_progs, which a protocol handler tail-calls to hand a frame
 * back (xr_handler_forward in include/xdp_router/handler.h). The frame
 * is taken from its Ethernet header as the handler left it; the
 * handler's metadata is taken off first (a punt writes its own), and
 * the frame is not dispatched to a handler again.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"

SEC("xdp")
int xdp_router_resume(struct xdp_md *ctx)
{
	struct xr_handler_meta *m = (void *)(long)ctx->data_meta;
	void *data = (void *)(long)ctx->data;
	__u8 kind = XR_PROTO_ETH;      /* no metadata: a frame to route */

	XR_BUILD_MARK();
	if ((void *)(m + 1) <= data && m->magic == XR_HANDLER_MAGIC &&
	    (m->kind == XR_PROTO_IP || m->kind == XR_PROTO_IP6))
		kind = m->kind;
	xdp_meta_set(ctx, 0);
	return xr_xdp_main(ctx, kind);
}

char _license[] SEC("license") = "GPL";
