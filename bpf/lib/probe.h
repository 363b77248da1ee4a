/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `route get`'s probe: the XDP path (xdp_main.h) built with XR_PROBE
 * defined (bpf/xdp_router_probe.bpf.c) and run by BPF_PROG_TEST_RUN on
 * a frame user/cli/route_get.c makes. The same steps read the same
 * maps; only what leaves the path differs:
 *   - counters go to xr_probe_counters, the probe's own (stats.h): the
 *     router's, the links' and the reasons' never move;
 *   - the capture tap never records (capture.h);
 *   - a handler is named, not called (xdp_main.h);
 *   - the verdict is written to xr_probe_res, not carried out: nothing
 *     is transmitted, punted or given to the kernel.
 * Both globals are the probe's .bss: each CLI process has its own.
 */
#ifndef XR_BPF_PROBE_H
#define XR_BPF_PROBE_H

#include "ctx.h"
#include "../../include/xdp_router/abi.h"

/* What the frame would have counted (the CLI zeroes it before a run). */
struct xr_counters xr_probe_counters;
/* What the path decided. */
struct xr_probe_res xr_probe_res;
/* Set by the CLI when the ingress link is attached at tc, whose entry
 * cannot call a handler (XDP programs): the frame goes where it would
 * with none (tc_main.h, ProtoAtTc). */
__u32 xr_probe_tc;

/* The end of the path under XR_PROBE: tell v, do nothing with the frame
 * (the next hop and its rewrite in the fields of the frame's family). */
static __always_inline int xr_probe_done(struct xr_ctx *c, int v)
{
	struct xr_probe_res *r = &xr_probe_res;

	r->verdict = (__u32)v;
	r->reason = c->reason;
	r->fib_e = c->fib_e;
	r->out_ifindex = c->out_ifindex;
	r->proto_slot = c->proto_slot;
	r->proto_key = c->proto_key;
	r->proto_kind = c->proto_kind;
	r->proto_local = c->proto_local;
	r->family = c->family;
	r->nh_id = c->nh_id;
	r->mp_hash = c->mp_hash;
	if (c->family == AF_INET6) {
		r->nexthop6 = c->nexthop6;
		if (c->nh6) {
			__builtin_memcpy(&r->nh6, c->nh6, sizeof(r->nh6));
			__builtin_memcpy(&r->adj, XR_NH6_ADJ(c->nh6),
					 sizeof(r->adj));
		}
		return XDP_PASS;
	}
	r->nexthop = c->nexthop4;
	if (c->nh) {
		__builtin_memcpy(&r->nh, c->nh, sizeof(r->nh));
		__builtin_memcpy(&r->adj, XR_NH4_ADJ(c->nh), sizeof(r->adj));
	}
	return XDP_PASS;
}

#endif
