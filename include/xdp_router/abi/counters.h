/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters: one per-CPU struct xr_counters, indexed by the layout below.
 * The first group carries the kernel's IP MIB names (/proc/net/snmp,
 * /proc/net/netstat IpExt); the second one counter per exception reason
 * (what is handed to the slow path); the third what the fast path gives
 * back to the kernel or drops for a reason of its own.
 */
#ifndef XDP_ROUTER_ABI_COUNTERS_H
#define XDP_ROUTER_ABI_COUNTERS_H

#include "types.h"

#define XR_MIB_LIST(X)          \
	X(InReceives)           \
	X(InOctets)             \
	X(InHdrErrors)          \
	X(InCsumErrors)         \
	X(InTruncatedPkts)      \
	X(InAddrErrors)         \
	X(InNoRoutes)           \
	X(InDiscards)           \
	X(InDelivers)           \
	X(InBcastPkts)          \
	X(InMcastPkts)          \
	X(ForwDatagrams)        \
	X(OutOctets)            \
	X(OutDiscards)

/*
 * Exception reasons: the packet is valid but the fast path cannot finish
 * it; it is counted here and handed to punt(). The same codes travel in
 * the slow-path metadata header.
 */
#define XR_REASON_LIST(X)       \
	X(TtlExceeded)          \
	X(IpOptions)            \
	X(FragNeeded)           \
	X(NoNeigh)              \
	X(NoRoute)              \
	X(Unreachable)          \
	X(Prohibit)             \
	X(TxNotAttached)        \
	X(Redirect)             \
	X(LinkDown)

/* Frames given to the kernel untouched, and drops of our own. */
#define XR_OTHER_LIST(X)        \
	X(PassNotIp)            \
	X(PassVlan)             \
	X(PassOtherHost)        \
	X(PassL2Bcast)          \
	X(PassUnknownIf)        \
	X(MartianSource)        \
	X(MartianDestination)   \
	X(BlackholeDrops)       \
	X(RedirectErrors)       \
	X(PuntToKernel)         \
	X(ProtoDispatched)      \
	X(ProtoMissing)         \
	X(ProtoAtTc)

/*
 * Added with IPv6: the kernel's Ip6 MIB (/proc/net/snmp6) and the
 * exceptions only IPv6 has. Their counters come after every group above
 * (see the layout below); their reason codes continue the list above.
 */
#define XR_MIB6_LIST(X)         \
	X(Ip6InReceives)        \
	X(Ip6InOctets)          \
	X(Ip6InHdrErrors)       \
	X(Ip6InTooBigErrors)    \
	X(Ip6InNoRoutes)        \
	X(Ip6InAddrErrors)      \
	X(Ip6InTruncatedPkts)   \
	X(Ip6InDiscards)        \
	X(Ip6InDelivers)        \
	X(Ip6InMcastPkts)       \
	X(Ip6OutForwDatagrams)  \
	X(Ip6OutOctets)         \
	X(Ip6OutDiscards)

#define XR_REASON6_LIST(X)      \
	X(HopByHop)             \
	X(BeyondScope)          \
	X(PacketTooBig)

#define XR__ENUM_MIB(n)    XR_MIB_##n,
#define XR__ENUM_REASON(n) XR_REASON_##n,
#define XR__ENUM_OTHER(n)  XR_CNT_##n,

#define XR__ENUM_MIB6(n)   XR_MIB6_##n,

enum xr_mib { XR_MIB_LIST(XR__ENUM_MIB) XR_MIB_MAX };
enum xr_mib6 { XR_MIB6_LIST(XR__ENUM_MIB6) XR_MIB6_MAX };

/* Codes that travel in the punt metadata: append only. */
enum xr_reason {
	XR_REASON_NONE = 0,
	XR_REASON_LIST(XR__ENUM_REASON)
	XR_REASON_V1_MAX,                      /* the first group's end */
	XR_REASON__V6 = XR_REASON_V1_MAX - 1,
	XR_REASON6_LIST(XR__ENUM_REASON)
	XR_REASON_MAX
};

enum xr_other { XR_OTHER_LIST(XR__ENUM_OTHER) XR_OTHER_MAX };

/*
 * Layout of the counter array: the groups in the order they were added,
 * each appended after the last, so an index stays the slot it was in
 * the pinned map (`xdp-router upgrade` zero-extends the value):
 *   Ip MIB | reasons (first group, NONE included) | others |
 *   Ip6 MIB | reasons added with IPv6
 */
#define XR_CNT_V1_MAX     (XR_MIB_MAX + XR_REASON_V1_MAX + XR_OTHER_MAX)
#define XR_CNT_MIB(m)     ((__u32)(m))
#define XR_CNT_REASON(r)  ((__u32)((r) < XR_REASON_V1_MAX ?              \
				    XR_MIB_MAX + (r) :                   \
				    XR_CNT_V1_MAX + XR_MIB6_MAX +         \
				    (r) - XR_REASON_V1_MAX))
#define XR_CNT_OTHER(o)   ((__u32)(XR_MIB_MAX + XR_REASON_V1_MAX + (o)))
#define XR_CNT_MIB6(m)    ((__u32)(XR_CNT_V1_MAX + (m)))
#define XR_CNT_MAX        (XR_CNT_V1_MAX + XR_MIB6_MAX +                 \
			   XR_REASON_MAX - XR_REASON_V1_MAX)

/* xr_counters: a per-CPU array of one element, all counters in it, so a
 * packet finds them with one lookup. */
struct xr_counters {
	__u64 c[XR_CNT_MAX];
};

#endif
