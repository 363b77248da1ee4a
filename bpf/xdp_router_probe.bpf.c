// SPDX-License-Identifier: GPL-2.0
/*
 * `route get`'s probe: the XDP entry's path (lib/xdp_main.h), the same
 * code on the same maps, built with XR_PROBE so that it counts into its
 * own globals, never records a capture, calls no handler and writes its
 * verdict to xr_probe_res instead of carrying it out (lib/probe.h).
 * Never attached: user/cli/route_get.c loads it with the state's maps
 * and runs it with BPF_PROG_TEST_RUN on a frame of its making.
 */
#define XR_PROBE 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/xdp_main.h"

SEC("xdp")
int xdp_router_probe(struct xdp_md *ctx)
{
	return xr_xdp_main(ctx, 0);
}

char _license[] SEC("license") = "GPL";
