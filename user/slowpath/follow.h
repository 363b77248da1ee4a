/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon following the kernel (docs/kernel-sync.md): with
 * --kernel-sync a mirror of a kernel table and its neighbours
 * (sync/mirror.h, sync/ksync.h), with --fpm the routes from FRR's zebra
 * (sync/fpm.h) and the neighbours from the kernel. It owns xr_sync: the
 * mode (and, --kernel-sync only, XR_SYNC_NEIGH: NoNeigh to the kernel)
 * set when the daemon takes the state, the
 * counters written back every sync, OFF on a clean exit; a daemon
 * without either option sets it OFF (a killed one's left over).
 */
#ifndef XR_SP_FOLLOW_H
#define XR_SP_FOLLOW_H

#include <poll.h>
#include <stdint.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_follow_parms {
	uint32_t mode;             /* XR_SYNC_OFF, _KERNEL, _FPM */
	uint32_t table;            /* the kernel table (254: main) */
	int rcvbuf;                /* --rcvbuf: bytes; 0: ksync's default */
	char fpm_addr[64];         /* --fpm's address ("": 127.0.0.1) */
	uint16_t fpm_port;
};

#define XR_FOLLOW_MAX_FDS 3
#define XR_FOLLOW_LINKS   256

struct xr_mirror;
struct xr_ksync;
struct xr_fpm;

struct xr_follow_link {
	uint32_t ifindex;
	int up;
};

struct xr_follow {
	struct xr_follow_parms p;
	struct xr_state *st;       /* the daemon's; NULL: stopped */
	struct xr_sync s;          /* the daemon's copy of xr_sync */
	struct xr_mirror *mi;
	struct xr_ksync *ks;
	struct xr_fpm *fpm;
	int resync;                /* a link went down or up: resync */
	int more;                  /* messages or writes left: poll(0) */
	int blocked;               /* a command holds the lock, or events are
				    * being gathered: come back soon */
	uint64_t dirty_ns;         /* since when routes wait (gather) */
	uint64_t probe_ns;         /* the next round of gateway probes */
	uint32_t probe_cur[2];     /* where it goes on: IPv4, IPv6 next hops */
	uint32_t n_links;          /* the links' state last seen */
	struct xr_follow_link links[XR_FOLLOW_LINKS];
};

/* The parameters' defaults: mode OFF, table main. */
void xr_follow_parms_default(struct xr_follow_parms *p);
/* The state was taken: xr_sync set (mode, flags, table, pid, start),
 * the mirror and its source opened and a first resync run. */
int xr_follow_start(struct xr_follow *f, const struct xr_follow_parms *p,
		    struct xr_state *st);
/* The state is let go of (reset, upgrade, exit); clean (SIGTERM,
 * SIGINT): xr_sync is set OFF first. */
void xr_follow_stop(struct xr_follow *f, int clean);
/* The fds to poll for POLLIN into pfd; their number. */
size_t xr_follow_fds(const struct xr_follow *f, struct pollfd *pfd);
/* What the sources have (bounded), then a bounded commit. */
void xr_follow_work(struct xr_follow *f);
/* Every sync (half a second): a resync a link change asked for, every
 * 15 s the STALE gateways in use probed, the counters written back to
 * xr_sync. */
void xr_follow_tick(struct xr_follow *f);
/* Link watch lost events: a resync at the next tick. */
void xr_follow_lost(struct xr_follow *f);
/* Link watch: a link's state changed (up: its new state). */
void xr_follow_link(struct xr_follow *f, uint32_t ifindex, int up);
/* Whether neighbours follow the kernel (either mode: the slow path
 * learns none, and resolves by asking the kernel). */
int xr_follow_neigh(const struct xr_follow *f);
/* Ask the kernel to resolve addr on ifindex (IPv4 in a[0]). */
int xr_follow_kick(struct xr_follow *f, int family, uint32_t ifindex,
		   const struct xr_in6 *addr);

#endif
