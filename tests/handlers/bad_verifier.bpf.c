// SPDX-License-Identifier: GPL-2.0
/* Test handler the verifier must refuse: it reads the frame without a
 * bounds check. */
#include <xdp_router/handler.h>

SEC("xdp")
int bad_rcv(struct xdp_md *ctx)
{
	unsigned char *p = (void *)(long)ctx->data;

	return p[20] == 0x42 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
