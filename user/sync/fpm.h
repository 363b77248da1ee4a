/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FRR's Forwarding Plane Manager (zebra's dplane_fpm_nl module): zebra
 * connects to us over TCP and sends frames, each a 4-byte header
 * (version 1, type 1 = netlink, length in network order including the
 * header) and one netlink message: RTM_NEWROUTE/DELROUTE, and with
 * next-hop groups on RTM_NEWNEXTHOP/DELNEXTHOP before the routes that
 * name them. Each message goes to the mirror (sync/mirror.h). A new
 * connection is a resync (zebra sends everything again): what the new
 * connection has not named once it has been quiet for settle_ms is
 * swept. docs/kernel-sync.md, "FPM".
 */
#ifndef XR_SYNC_FPM_H
#define XR_SYNC_FPM_H

#include <stdint.h>
#include "sync/mirror.h"

#define XR_FPM_PORT 2620

struct xr_fpm;

/* Listen on addr:port (addr NULL: 127.0.0.1; IPv4 or IPv6 literal).
 * settle_ms 0: 3000 (zebra pauses a replay for a second when its
 * buffer is full). */
int xr_fpm_open(struct xr_fpm **f, struct xr_mirror *mi, const char *addr,
		uint16_t port, unsigned int settle_ms, uint64_t *counters);
void xr_fpm_close(struct xr_fpm *f);
/* The fds to poll for POLLIN (the listener, the connection): *n in, out. */
void xr_fpm_fds(const struct xr_fpm *f, int *fds, int *n);
/* Accept, read what is there (at most max messages; 0: all), and sweep
 * when a reconnect's replay has settled. 1: more may be waiting. */
int xr_fpm_poll(struct xr_fpm *f, size_t max);
/* Milliseconds until a replay's sweep is due (poll xr_fpm_poll by
 * then), -1 when none is. */
int xr_fpm_timeout_ms(const struct xr_fpm *f);
/* Parse "[ADDR:]PORT" (an IPv6 ADDR in brackets): 0 or -EINVAL. */
int xr_fpm_parse_addr(const char *s, char *addr, size_t addrlen,
		      uint16_t *port);

#endif
