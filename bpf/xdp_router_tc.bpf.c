// SPDX-License-Identifier: GPL-2.0
/*
 * tc entry (clsact ingress), for links where XDP cannot serve: `link
 * attach DEV hook tc`. Thin: it binds the same core as the XDP entry
 * (lib/router.h) to __sk_buff (lib/tc_main.h); the maps are the same
 * pinned ones.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/tc_main.h"

SEC("tc")
int xdp_router_tc(struct __sk_buff *skb)
{
	XR_BUILD_MARK();
	return xr_tc_main(skb);
}

char _license[] SEC("license") = "GPL";
