/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture tap, the fast path's ptype_all: a copy of each frame of a
 * captured link, with the verdict taken for it, into the ring buffer
 * xr_capture (read by `xdp-router capture`). The entry binding supplies
 * the copy (bpf_xdp_load_bytes or bpf_skb_load_bytes).
 */
#ifndef XR_BPF_CAPTURE_H
#define XR_BPF_CAPTURE_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"

/* A record for this frame and verdict, or NULL (filtered out, full). */
static __always_inline struct xr_capture_rec *
xr_capture_begin(struct xr_ctx *c, int verdict, __u8 hook, __u64 *caplen)
{
	struct xr_capture_cfg *cfg;
	struct xr_capture_rec *r;
	__u32 zero = 0;
	__u64 n;

	cfg = bpf_map_lookup_elem(&xr_capture_cfg, &zero);
	if (!cfg)
		return NULL;
	if (cfg->verdicts && !(cfg->verdicts & (1u << (verdict & 31))))
		return NULL;
	if (cfg->reason && (verdict != XR_V_PUNT || cfg->reason != c->reason))
		return NULL;
	r = bpf_ringbuf_reserve(&xr_capture, sizeof(*r), 0);
	if (!r)
		return NULL;
	n = c->frame_len < cfg->snaplen ? c->frame_len : cfg->snaplen;
	/* bounds the verifier sees on n itself (64 bits, masked) */
	asm volatile("%0 &= 0xfff" : "+r"(n));
	if (n > XR_CAPTURE_SNAP || n < 1) {
		bpf_ringbuf_discard(r, 0);
		return NULL;
	}
	r->ts_ns = bpf_ktime_get_ns();
	r->ifindex = c->ifindex;
	r->len = c->frame_len;
	r->caplen = (__u32)n;
	r->verdict = (__u8)verdict;
	r->reason = verdict == XR_V_PUNT ? (__u8)c->reason : 0;
	r->hook = hook;
	r->pad = 0;
	*caplen = n;
	return r;
}

#endif
