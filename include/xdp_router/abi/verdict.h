/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fast path decides for a frame: each step of the core returns
 * one of these (bpf/lib/ctx.h), and the capture tap records it
 * (capture.h). One list: the enum and the names `capture` prints and
 * takes as filters both follow from it.
 */
#ifndef XDP_ROUTER_ABI_VERDICT_H
#define XDP_ROUTER_ABI_VERDICT_H

/* X(VERDICT, name): enum XR_V_VERDICT, printed as "name". */
#define XR_VERDICT_LIST(X)                                                \
	X(PASS, pass)          /* hand to the kernel untouched */        \
	X(DROP, drop)          /* drop (already counted) */              \
	X(REDIRECT, forward)   /* transmit on out_ifindex (frame          \
				* rewritten) */                          \
	X(PUNT, punt)          /* exception: reason set, hand to the      \
				* slow path */                           \
	X(HANDLER, handler)    /* a registered protocol: proto_* set,     \
				* tail call its handler (docs/handlers.md) */

#define XR__ENUM_VERDICT(v, name) XR_V_##v,
enum xr_verdict {
	XR_V_CONTINUE = 0,     /* go on to the next step */
	XR_VERDICT_LIST(XR__ENUM_VERDICT)
	XR_V_MAX
};

/* An initializer of a table of names indexed by verdict:
 *   const char *const names[XR_V_MAX] = { XR_VERDICT_LIST(XR_VERDICT_NAME) };
 * (XR_V_CONTINUE has none: it is never a frame's last verdict). */
#define XR_VERDICT_NAME(v, name) [XR_V_##v] = #name,

#endif
