// SPDX-License-Identifier: GPL-2.0
/*
 * The entries: XDP (NAPI poll -> netif_receive_skb's place) and tc
 * (clsact ingress, where XDP cannot serve). Thin: each only binds the
 * shared core (lib/router.h) to its context and turns verdicts into
 * actions.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"
#include "lib/tc_main.h"

SEC("xdp")
int xdp_router(struct xdp_md *ctx)
{
	return xr_xdp_main(ctx);
}

/* tc entry (clsact ingress): `link attach DEV hook tc` */
SEC("tc")
int xdp_router_tc(struct __sk_buff *skb)
{
	return xr_tc_main(skb);
}

char _license[] SEC("license") = "GPL";
