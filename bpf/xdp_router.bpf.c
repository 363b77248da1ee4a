// SPDX-License-Identifier: GPL-2.0
/*
 * XDP entry: NAPI poll -> netif_receive_skb's place. Thin: it only
 * binds the shared core (lib/router.h) to xdp_md and turns verdicts into
 * XDP actions. Its twin for tc is xdp_router_tc.bpf.c; the router's path
 * resumed after a protocol handler is xdp_router_resume.bpf.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"

SEC("xdp")
int xdp_router(struct xdp_md *ctx)
{
	XR_BUILD_MARK();
	return xr_xdp_main(ctx, 0);
}

char _license[] SEC("license") = "GPL";
