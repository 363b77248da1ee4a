/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Following the kernel (docs/kernel-sync.md): xr_sync says whether a
 * daemon mirrors the kernel's routes (`daemon --kernel-sync`) or takes
 * them from FRR's FPM (`daemon --fpm`), which table, and counts what the
 * mirror did. Written by the daemon; the CLI reads it to refuse route
 * and neighbour writes while routes follow the kernel; the fast path
 * reads only flags (XR_SYNC_NEIGH: a next hop without a usable
 * neighbour goes to the kernel, which resolves it, not to the slow path).
 */
#ifndef XDP_ROUTER_ABI_SYNC_H
#define XDP_ROUTER_ABI_SYNC_H

#include "types.h"

enum xr_sync_mode {
	XR_SYNC_OFF = 0,       /* routes and neighbours are the CLI's */
	XR_SYNC_KERNEL = 1,    /* daemon --kernel-sync: routes from a kernel table */
	XR_SYNC_FPM = 2,       /* daemon --fpm: routes from FRR's zebra over FPM */
};

/* xr_sync.flags */
#define XR_SYNC_NEIGH   0x1    /* neighbours follow the kernel's table */

/* The mirror's counters, by name (`xdp-router stats`, KernelSync). */
#define XR_SYNC_COUNTER_LIST(X)                                          \
	X(RouteMsgs)          /* RTM_NEWROUTE/DELROUTE read (events, dumps, FPM) */ \
	X(NexthopMsgs)        /* RTM_NEWNEXTHOP/DELNEXTHOP read */       \
	X(NeighMsgs)          /* RTM_NEWNEIGH/DELNEIGH read */           \
	X(RoutesAdded)        /* routes written to the FIB (new or changed) */ \
	X(RoutesDeleted)      /* routes removed from the FIB */          \
	X(RoutesIgnored)      /* kernel routes not mirrored (docs: why) */ \
	X(RoutesToKernel)     /* mirrored as exceptions handed to the kernel */ \
	X(RouteErrors)        /* a write the FIB refused (table full ...) */ \
	X(NeighUpdates)       /* neighbour entries written or removed */ \
	X(Dumps)              /* dumps done (each table, each family) */ \
	X(DumpsInterrupted)   /* dumps done again after NLM_F_DUMP_INTR */ \
	X(Resyncs)            /* full resyncs after the socket overran (ENOBUFS) */ \
	X(Batches)            /* batches committed to the FIB */         \
	X(BadMsgs)            /* messages that did not parse */          \
	X(FpmConnections)     /* FPM: connections accepted */            \
	X(FpmFrames)          /* FPM: frames read */                     \
	X(FpmBadFrames)       /* FPM: frames of another version or type */ \
	X(NeighErrors)        /* neighbour writes the maps refused (full ...) */ \
	X(GroupsCut)          /* routes and group objects of more than 64 members */ \
	X(ResyncsRedone)      /* resyncs done again: a dump stayed interrupted */ \
	X(NeighProbes)        /* STALE gateways in use the kernel was asked to confirm */

#define XR__SYNC_ENUM(n) XR_SYNC_##n,
enum { XR_SYNC_COUNTER_LIST(XR__SYNC_ENUM) XR_SYNC_N_COUNTERS };
#undef XR__SYNC_ENUM

struct xr_sync {
	__u32 mode;            /* enum xr_sync_mode */
	__u32 flags;           /* XR_SYNC_* */
	__u32 table;           /* the kernel table mirrored (254: main) */
	__u32 pid;             /* the daemon that set it */
	__u64 started_ns;      /* CLOCK_MONOTONIC when the mirror started */
	__u64 synced_ns;       /* when its first full dump was committed; 0: not yet */
	__u64 counters[32];    /* XR_SYNC_COUNTER_LIST, by index */
};
_Static_assert(XR_SYNC_N_COUNTERS <= 32, "xr_sync.counters is full");

#endif
