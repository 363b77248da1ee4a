/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture tap (ptype_all): while XR_IF_CAPTURE is set on a link, the
 * fast path copies each frame it has decided on (with the verdict, and
 * the reason of an exception) into the ring buffer xr_capture, as far as
 * xr_capture_cfg allows. Costs one test of a flag already in a register
 * when off.
 */
#ifndef XDP_ROUTER_ABI_CAPTURE_H
#define XDP_ROUTER_ABI_CAPTURE_H

#include "types.h"
#include "verdict.h"

#define XR_CAPTURE_RING    (8u << 20)
#define XR_CAPTURE_SNAP    2048          /* the most of a frame kept */

struct xr_capture_cfg {
	__u32 snaplen;         /* bytes kept of each frame, <= XR_CAPTURE_SNAP */
	__u32 verdicts;        /* 1 << XR_V_* wanted; 0: all */
	__u32 reason;          /* only exceptions of this reason; 0: any */
	__u32 ifindex;         /* the link captured (one capture at a time;
				* user space only) */
};

struct xr_capture_rec {
	__u64 ts_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u32 ifindex;
	__u32 len;             /* bytes of the frame */
	__u32 caplen;          /* bytes in data[] */
	__u8  verdict;         /* enum xr_verdict (verdict.h): XR_V_PASS,
				* _DROP, _REDIRECT (forward), _PUNT, or
				* _HANDLER, to a protocol handler (then again
				* with the verdict of the router's path if the
				* handler hands it back) */
	__u8  reason;          /* enum xr_reason, for punts */
	__u8  hook;            /* XR_MODE_* of the entry that saw it */
	__u8  pad;
	__u8  data[XR_CAPTURE_SNAP];
};

#endif
