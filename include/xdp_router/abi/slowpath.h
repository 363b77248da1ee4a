/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow path (docs/slowpath.md): the AF_XDP sockets (xr_xsks,
 * xr_xsk_ports), the metadata in front of a punted frame, the tc entry's
 * ring (xr_tc_punt) and the daemon's counters (xr_slow_stats).
 */
#ifndef XDP_ROUTER_ABI_SLOWPATH_H
#define XDP_ROUTER_ABI_SLOWPATH_H

#include "types.h"

/* ------------------------------------------------------------------ */
/* An exception goes to the AF_XDP socket bound to its ingress queue:  */
/* xr_xsk_ports[ifindex] says which run of xr_xsks slots the daemon     */
/* bound for that link (slot = base + rx queue). The frame carries a    */
/* struct xr_punt_meta in front of it (bpf_xdp_adjust_meta): in the    */
/* UMEM it ends where the frame begins. No socket bound: XDP_PASS.      */
/* ------------------------------------------------------------------ */
#define XR_XSK_SLOTS     1024
#define XR_PUNT_MAGIC    0x5852      /* "XR" */
/* The daemon's UMEM frame; the kernel keeps XDP_PACKET_HEADROOM (256) of
 * it, the metadata takes up to 32. A longer frame would be dropped at the
 * socket, so the fast path hands it to the kernel instead. */
#define XR_XSK_FRAME     4096
#define XR_XSK_PUNT_MAX  (XR_XSK_FRAME - 256 - 32)

/*
 * The tc entry cannot redirect to a socket: its exceptions travel in the
 * ring buffer xr_tc_punt as a struct xr_tc_punt (the same metadata, the
 * frame's length, the frame), taken only while the daemon's socket of the
 * link's queue 0 is bound (so a killed daemon sends them to the kernel).
 */
#define XR_TC_PUNT_RING  (4u << 20)

struct xr_xsk_port {
	__u32 base;            /* first xr_xsks slot of this link */
	__u32 queues;          /* slots bound: rx queues 0 .. queues-1 */
};

struct xr_punt_meta {
	__u16 magic;           /* XR_PUNT_MAGIC */
	__u8  reason;          /* enum xr_reason */
	__u8  rt_type;         /* the route's type, enum xr_rtn; 0: none */
	__u32 ifindex;         /* ingress link */
	__u32 out_ifindex;     /* what the lookup found: egress link, */
	__u32 mtu;             /* its MTU, */
	__be32 nexthop;        /* the next hop (gateway or destination), */
	__u32 nh_id;           /* its slot in xr_fib4_nh; 0: none.
				* IPv6 (the frame's ethertype says): its
				* slot in xr_fib6_nh, and nexthop is 0,
				* as 16 bytes do not fit in 32: the next
				* hop is that slot's gw, or the frame's
				* destination when gw is :: */
	__u8  plen;            /* the route's prefix length */
	__u8  pad[3];
};
/* XDP metadata: a multiple of 4 bytes, at most 32 (xdp_metalen_invalid) */
_Static_assert(sizeof(struct xr_punt_meta) % 4 == 0 &&
	       sizeof(struct xr_punt_meta) <= 32, "xr_punt_meta size");

struct xr_tc_punt {
	struct xr_punt_meta meta;
	__u32 len;             /* bytes of frame[] that hold the frame */
	__u8  frame[XR_XSK_PUNT_MAX];
};

/*
 * Counters of the slow path: one element of struct xr_slow_stats in an
 * mmapable array, written by the daemon only (one writer), kept across
 * its restarts. Names follow the kernel: Icmp (/proc/net/snmp), the
 * neighbour table (/proc/net/stat/arp_cache), Ip fragmentation.
 */
#define XR_SLOW_LIST(X)                                        \
	X(Icmp, OutMsgs)                                       \
	X(Icmp, OutErrors)                                     \
	X(Icmp, OutRateLimitGlobal)                            \
	X(Icmp, OutRateLimitHost)                              \
	X(Icmp, OutRedirectsSuppressed)                        \
	X(Icmp, OutTimeExcds)                                  \
	X(Icmp, OutDestUnreachsNet)                            \
	X(Icmp, OutDestUnreachsHost)                           \
	X(Icmp, OutDestUnreachsFragNeeded)                     \
	X(Icmp, OutDestUnreachsProhibited)                     \
	X(Icmp, OutParmProbs)                                  \
	X(Icmp, OutRedirects)                                  \
	X(Icmp, NotSentAboutIcmpError)                         \
	X(Icmp, NotSentAboutFragment)                          \
	X(Icmp, NotSentAboutBcast)                             \
	X(Neigh, ProbesSent)                                   \
	X(Neigh, RepliesLearned)                               \
	X(Neigh, ResFailed)                                    \
	X(Neigh, Queued)                                       \
	X(Neigh, UnresolvedDiscards)                           \
	X(Neigh, TableFulls)                                   \
	X(Frag, FragOKs)                                       \
	X(Frag, FragFails)                                     \
	X(Frag, FragCreates)                                   \
	X(SlowPath, RxFrames)                                  \
	X(SlowPath, RxBadMeta)                                 \
	X(SlowPath, ForwDatagrams)                             \
	X(SlowPath, SourceRouteDrops)                          \
	X(SlowPath, InHdrErrors)                               \
	X(SlowPath, TxFrames)                                  \
	X(SlowPath, TxErrors)                                  \
	/* appended, never inserted: an index is a slot in the pinned \
	 * map, kept across upgrades; stats prints by group */      \
	X(Neigh, UnresBudgetFull)                              \
	X(Neigh, UnresSent)                                    \
	X(Neigh, ResFailedDrops)                               \
	X(Neigh, ArpIgnored)                                   \
	X(Neigh, ArpLocked)                                    \
	X(SlowPath, XskRxDropped)                              \
	X(SlowPath, XskRxRingFull)                             \
	X(SlowPath, XskRxFillRingEmpty)                        \
	X(SlowPath, XskRxInvalidDescs)                         \
	X(SlowPath, XskTxInvalidDescs)                         \
	X(Icmp, OutDestUnreachsSuppressed)                     \
	X(Icmp, PeerEvictions)                                 \
	/* IPv6: /proc/net/snmp6's Icmp6 names, ndisc_cache's */ \
	X(Icmp6, Icmp6OutMsgs)                                 \
	X(Icmp6, Icmp6OutErrors)                               \
	X(Icmp6, Icmp6OutRateLimitHost)                        \
	X(Icmp6, Icmp6OutDestUnreachs)                         \
	X(Icmp6, Icmp6OutPktTooBigs)                           \
	X(Icmp6, Icmp6OutTimeExcds)                            \
	X(Icmp6, Icmp6OutParmProblems)                         \
	X(Icmp6, Icmp6OutRedirects)                            \
	X(Icmp6, Icmp6NotSentAboutIcmpError)                   \
	X(Icmp6, Icmp6NotSentAboutMcast)                       \
	X(Icmp6, Icmp6OutRedirectsSuppressed)                  \
	X(Ndisc, NdiscProbesSent)                              \
	X(Ndisc, NdiscRepliesLearned)                          \
	X(Ndisc, NdiscResFailed)                               \
	X(Ndisc, NdiscQueued)                                  \
	X(Ndisc, NdiscUnresolvedDiscards)                      \
	X(Ndisc, NdiscTableFulls)                              \
	X(Ndisc, NdiscUnresBudgetFull)                         \
	X(Ndisc, NdiscUnresSent)                               \
	X(Ndisc, NdiscResFailedDrops)                          \
	X(Ndisc, NdiscIgnored)                                 \
	X(SlowPath, Ip6ForwDatagrams)                          \
	X(SlowPath, Ip6InHdrErrors)

#define XR__ENUM_SLOW(g, n) XR_SLOW_##n,
enum xr_slow { XR_SLOW_LIST(XR__ENUM_SLOW) XR_SLOW_MAX };

struct xr_slow_stats {
	__u64 c[XR_SLOW_MAX];
};

#endif
