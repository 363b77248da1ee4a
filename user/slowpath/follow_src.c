// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror and its sources (slowpath/follow.h): in kernel mode the
 * kernel gives routes, next-hop objects and neighbours; in FPM mode
 * zebra gives the routes and the kernel the neighbours. Reads and
 * commits are bounded, so that a full table arriving never keeps the
 * daemon's loop from the slow path's frames for long.
 */
#include <errno.h>
#include <string.h>
#include "lib/clock.h"
#include "lib/err.h"
#include "sync/fpm.h"
#include "sync/ksync.h"
#include "sync/mirror.h"
#include "slowpath/follow_src.h"

#define READ_MAX    4096     /* messages read per loop iteration */
#define COMMIT_MAX  16384    /* routes written per loop iteration */
#define GATHER_NS   10000000ull /* a trickle of events gathered 10 ms */
#define GATHER_MIN  1024     /* ... or until this many routes wait */
#define FPM_SETTLE_MS 3000

static unsigned int src_what(const struct xr_follow *f)
{
	return f->p.mode == XR_SYNC_KERNEL ? XR_MIRROR_ROUTES | XR_MIRROR_NEIGH
					   : XR_MIRROR_NEIGH;
}

/* The daemon's copy of xr_sync's counters (__u64: the same bits). */
static uint64_t *counters(struct xr_follow *f)
{
	return (uint64_t *)f->s.counters;
}

static int fpm_open(struct xr_follow *f)
{
	return xr_fpm_open(&f->fpm, f->mi, f->p.fpm_addr[0] ? f->p.fpm_addr : NULL,
			   f->p.fpm_port, FPM_SETTLE_MS, counters(f));
}

int xr_follow_src_open(struct xr_follow *f)
{
	struct xr_mirror_parms mp = { .what = XR_MIRROR_ROUTES | XR_MIRROR_NEIGH,
				      .table = f->p.table };
	struct xr_ksync_parms kp = { .what = src_what(f), .rcvbuf = f->p.rcvbuf };
	int err;

	f->mi = xr_mirror_new(f->st, &mp, counters(f));
	if (!f->mi)
		return -ENOMEM;
	err = xr_ksync_open(&f->ks, f->mi, &kp, counters(f));
	if (!err && f->p.mode == XR_SYNC_FPM)
		err = fpm_open(f);
	if (!err)
		err = xr_ksync_resync(f->ks);
	return err;
}

void xr_follow_src_close(struct xr_follow *f)
{
	if (f->fpm)
		xr_fpm_close(f->fpm);
	if (f->ks)
		xr_ksync_close(f->ks);
	if (f->mi)
		xr_mirror_free(f->mi);
	f->fpm = NULL;
	f->ks = NULL;
	f->mi = NULL;
}

void xr_follow_src_resync(struct xr_follow *f)
{
	int err = f->ks ? xr_ksync_resync(f->ks) : 0;

	if (err)
		xr_err("kernel sync: resync: %s", strerror(-err));
}

size_t xr_follow_fds(const struct xr_follow *f, struct pollfd *pfd)
{
	int fds[XR_FOLLOW_MAX_FDS], n = 0, i;

	if (!f->ks)
		return 0;
	if (f->fpm) {
		n = XR_FOLLOW_MAX_FDS - 1;      /* room for ksync's */
		xr_fpm_fds(f->fpm, fds, &n);
	}
	fds[n++] = xr_ksync_fd(f->ks);
	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	return (size_t)n;
}

/* The first time nothing is left to write after a full table came:
 * the kernel's dump (kernel mode) or zebra's first frames (FPM). */
static void synced(struct xr_follow *f)
{
	if (f->s.synced_ns)
		return;
	if (f->p.mode == XR_SYNC_FPM && !f->s.counters[XR_SYNC_FpmFrames])
		return;
	f->s.synced_ns = xr_mono_ns();
}

/*
 * Events that trickle in (a routing daemon writing a table route by
 * route: a few each time the loop wakes) are gathered for up to
 * GATHER_NS before they are committed, so that the FIB takes them in
 * batches, not one lock, one generation bump and one commit per message.
 * A backlog (more to read) or GATHER_MIN routes waiting commit at once.
 */
static int gather(struct xr_follow *f, int more)
{
	size_t dirty = xr_mirror_dirty(f->mi);
	uint64_t now;

	if (!dirty || more || dirty >= GATHER_MIN) {
		f->dirty_ns = 0;
		return 0;
	}
	now = xr_mono_ns();
	if (!f->dirty_ns)
		f->dirty_ns = now;
	if (now - f->dirty_ns < GATHER_NS)
		return 1;
	f->dirty_ns = 0;
	return 0;
}

void xr_follow_work(struct xr_follow *f)
{
	int more = 0, err;

	f->more = f->blocked = 0;
	if (!f->mi)
		return;
	err = xr_ksync_read(f->ks, READ_MAX);
	if (err < 0)
		xr_err("kernel sync: %s", strerror(-err));
	more |= err == 1;
	if (f->fpm)
		more |= xr_fpm_poll(f->fpm, READ_MAX) == 1;
	if (gather(f, more)) {
		f->blocked = 1;      /* the loop wakes within RETRY_NS */
		return;
	}
	err = xr_mirror_commit(f->mi, COMMIT_MAX);
	if (err == 0 && !more)
		synced(f);
	f->blocked = err == -EWOULDBLOCK;
	f->more = more || err == 1;
}

/* Whether ifindex's state differs from the one last seen (recorded);
 * a link not seen before counts as changed. */
static int link_state_new(struct xr_follow *f, uint32_t ifindex, int up)
{
	uint32_t i;

	for (i = 0; i < f->n_links && f->links[i].ifindex != ifindex; i++)
		;
	if (i < f->n_links && f->links[i].up == up)
		return 0;
	if (i == f->n_links && f->n_links < XR_FOLLOW_LINKS)
		f->n_links++;
	if (i < f->n_links)
		f->links[i] = (struct xr_follow_link){ ifindex, up };
	return 1;
}

void xr_follow_link(struct xr_follow *f, uint32_t ifindex, int up)
{
	if (!f->mi || !link_state_new(f, ifindex, up))
		return;
	xr_mirror_link_changed(f->mi, ifindex, up);
	/* IPv4 drops a downed link's routes without a message: what the
	 * kernel has now is dumped again, when the shadow has any route
	 * through the link (a container's veth coming and going costs no
	 * dump of a full table) */
	if (xr_mirror_link_used(f->mi, ifindex))
		f->resync = 1;
}

int xr_follow_kick(struct xr_follow *f, int family, uint32_t ifindex,
		   const struct xr_in6 *addr)
{
	return f->ks ? xr_ksync_neigh_kick(f->ks, family, ifindex, addr) : -ENOTCONN;
}
