/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mirror (docs/kernel-sync.md): the kernel's routes, next-hop
 * objects and neighbours, as messages (sync/krt.h), made into the
 * router's route table, next-hop groups and neighbour table.
 *
 * It keeps a shadow of what the source (the kernel, or zebra over FPM)
 * holds: every route of the table by (family, prefix, length, metric),
 * every next-hop object by id. For each prefix the route with the
 * lowest metric is the one the FIB gets, as the kernel's lookup picks
 * it. Messages change the shadow and mark prefixes dirty; a commit
 * writes the dirty prefixes' best routes to the FIB in batches, under
 * the state's write lock, skipping those whose route did not change
 * (idempotent: the same message twice, or a dump after a restart,
 * writes nothing).
 *
 * A resync (start, restart, ENOBUFS, FPM reconnect) is a mark and
 * sweep: begin, the source's full dump fed as messages, end; what the
 * dump did not name is removed from the shadow at end, and at the next
 * commit from the FIB, including routes a previous run (kill -9) left
 * in the FIB that the source no longer has. Routes the mirror never
 * wrote and that are not the source's (connected routes of attached
 * addresses, written by link attach and link watch) are left alone.
 *
 * Single-threaded: the daemon's loop calls it. All int returns are 0 or
 * -errno.
 */
#ifndef XR_SYNC_MIRROR_H
#define XR_SYNC_MIRROR_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_mirror;

/* What a mirror takes from its source. */
#define XR_MIRROR_ROUTES   0x1   /* routes and next-hop objects */
#define XR_MIRROR_NEIGH    0x2   /* neighbours */

struct xr_mirror_parms {
	unsigned int what;         /* XR_MIRROR_* */
	uint32_t table;            /* routes of this table only (254: main) */
	size_t batch;              /* routes per FIB batch; 0: 4096 */
};

/* A mirror writing into st's maps (st->m); st is the daemon's, held
 * without the lock: commit takes it (xr_state_trylock). counters: the
 * mapped xr_sync's counters to count into (may be NULL). */
struct xr_mirror *xr_mirror_new(struct xr_state *st,
				const struct xr_mirror_parms *p,
				uint64_t *counters);
void xr_mirror_free(struct xr_mirror *mi);

/* One message (RTM_NEWROUTE, DELROUTE, NEWNEXTHOP, DELNEXTHOP,
 * NEWNEIGH, DELNEIGH; others ignored): the shadow changes now, the FIB
 * at the next commit. -EINVAL: it did not parse (counted BadMsgs). */
int xr_mirror_msg(struct xr_mirror *mi, const struct nlmsghdr *h);

/* Mark and sweep over what (XR_MIRROR_*): everything the shadow holds
 * of it is marked stale; messages fed after begin refresh what they
 * name; end drops what stayed stale (and, for routes, marks dirty the
 * routes in the FIB the mirror owns that the shadow does not hold). */
void xr_mirror_resync_begin(struct xr_mirror *mi, unsigned int what);
void xr_mirror_resync_end(struct xr_mirror *mi, unsigned int what);

/* Write what is dirty to the FIB, at most max routes (0: all) in this
 * call, in batches under the exclusive lock. -EWOULDBLOCK: a command
 * holds the lock (nothing written; try again soon). Returns 0 when
 * nothing is left dirty, 1 when some is (call again). */
int xr_mirror_commit(struct xr_mirror *mi, size_t max);
/* Routes and neighbours waiting for a commit. */
size_t xr_mirror_dirty(const struct xr_mirror *mi);

/* A link's state changed (link watch: up, down, attached, detached):
 * the kernel's connected routes on it are queued, as whether they are
 * link attach's or the mirror's to write follows the link. IPv4 does
 * not tell when the routes of a link that went down are flushed: the
 * caller runs a resync for that. */
void xr_mirror_link_changed(struct xr_mirror *mi, uint32_t ifindex, int up);

/* 1 when a route of the shadow (any family, any metric) or a next-hop
 * object has a next hop through ifindex; 0 when none has (a link whose
 * changes the mirror need not hear of). Routes and objects the mirror
 * hands to the kernel (RoutesToKernel: RTA_VIA, lwtunnel, ...) keep no
 * link and are not counted. O(distinct next-hop sets). */
int xr_mirror_link_used(const struct xr_mirror *mi, uint32_t ifindex);

/* The shadow's size (`stats`, the bench's memory figure). */
struct xr_mirror_stats {
	size_t routes;             /* kernel routes held (all metrics) */
	size_t prefixes;           /* distinct prefixes */
	size_t nexthops;           /* next-hop objects */
	size_t neighbours;
	size_t bytes;              /* memory the shadow takes */
};
void xr_mirror_stats(const struct xr_mirror *mi, struct xr_mirror_stats *s);

#endif
