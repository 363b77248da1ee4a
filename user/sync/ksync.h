/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel side of the mirror (libmnl): one rtnetlink socket joined to
 * the route, next-hop and neighbour groups, joined before the dumps are
 * asked for, so that no change falls between the two; the dumps on a
 * second socket, each done again when the kernel marks it interrupted
 * (NLM_F_DUMP_INTR); an overrun of the event socket (ENOBUFS) answered
 * with a full resync (mirror.h), counted. docs/kernel-sync.md.
 */
#ifndef XR_SYNC_KSYNC_H
#define XR_SYNC_KSYNC_H

#include <stdint.h>
#include "sync/mirror.h"

struct xr_ksync;

struct xr_ksync_parms {
	unsigned int what;         /* XR_MIRROR_ROUTES and/or XR_MIRROR_NEIGH */
	int rcvbuf;                /* event socket's receive buffer, bytes
				    * (SO_RCVBUFFORCE); 0: 64 MiB */
	int redo;                  /* a dump the kernel marks interrupted is
				    * done again at most this many times;
				    * 0: 8 */
};

/* Open the sockets and join the groups; no dump yet. */
int xr_ksync_open(struct xr_ksync **ks, struct xr_mirror *mi,
		  const struct xr_ksync_parms *p, uint64_t *counters);
void xr_ksync_close(struct xr_ksync *ks);
/* The event socket, for poll(2). */
int xr_ksync_fd(const struct xr_ksync *ks);
/* A full resync: begin, dump (neighbours, next-hop objects, then the
 * routes of both families: what was asked for), end. The events that
 * came meanwhile are read after it (xr_ksync_read). A dump still
 * interrupted after its redos: no end (nothing swept), counted
 * ResyncsRedone, and the next xr_ksync_read resyncs again. */
int xr_ksync_resync(struct xr_ksync *ks);
/* 1 when a resync is owed (events lost, or the last one's dump stayed
 * interrupted): the next xr_ksync_read runs it. */
int xr_ksync_resync_pending(const struct xr_ksync *ks);
/* Read what the event socket holds (at most max messages; 0: all) into
 * the mirror; an overrun (ENOBUFS) makes it run a full resync. 1 when
 * more may be waiting, 0 when drained. */
int xr_ksync_read(struct xr_ksync *ks, size_t max);
/* Ask the kernel to resolve addr on ifindex (RTM_NEWNEIGH with NTF_USE,
 * as neigh_event_send): what it learns comes back as an event. IPv4 in
 * a[0] of addr, family AF_INET or AF_INET6. */
int xr_ksync_neigh_kick(struct xr_ksync *ks, int family, uint32_t ifindex,
			const struct xr_in6 *addr);

/* Every netlink message of buf (len bytes) to the mirror, in order;
 * bytes at the end that are no whole message counted BadMsgs (into
 * counters, may be NULL). How many messages. FPM frames go through it
 * too. */
size_t xr_ksync_feed(struct xr_mirror *mi, const void *buf, size_t len,
		     uint64_t *counters);

#endif
