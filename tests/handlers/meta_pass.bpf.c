// SPDX-License-Identifier: GPL-2.0
/* Test handler: gives every frame to the kernel untouched, metadata and
 * all, so a test sees exactly what a handler receives. Two programs, so
 * `prog NAME` is needed. */
#include <xdp_router/handler.h>

SEC("xdp")
int meta_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* hands everything back to the router */
SEC("xdp")
int meta_forward(struct xdp_md *ctx)
{
	return xr_handler_forward(ctx);
}

char _license[] SEC("license") = "GPL";
