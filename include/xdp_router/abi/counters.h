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
	X(PassNotIpv4)          \
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

#define XR__ENUM_MIB(n)    XR_MIB_##n,
#define XR__ENUM_REASON(n) XR_REASON_##n,
#define XR__ENUM_OTHER(n)  XR_CNT_##n,

enum xr_mib { XR_MIB_LIST(XR__ENUM_MIB) XR_MIB_MAX };

enum xr_reason {
	XR_REASON_NONE = 0,
	XR_REASON_LIST(XR__ENUM_REASON)
	XR_REASON_MAX
};

enum xr_other { XR_OTHER_LIST(XR__ENUM_OTHER) XR_OTHER_MAX };

/* Layout of the counter array. */
#define XR_CNT_MIB(m)     ((__u32)(m))
#define XR_CNT_REASON(r)  ((__u32)(XR_MIB_MAX + (r)))
#define XR_CNT_OTHER(o)   ((__u32)(XR_MIB_MAX + XR_REASON_MAX + (o)))
#define XR_CNT_MAX        (XR_MIB_MAX + XR_REASON_MAX + XR_OTHER_MAX)

/* xr_counters: a per-CPU array of one element, all counters in it, so a
 * packet finds them with one lookup. */
struct xr_counters {
	__u64 c[XR_CNT_MAX];
};

#endif
