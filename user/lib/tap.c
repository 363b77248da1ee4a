// SPDX-License-Identifier: GPL-2.0
/*
 * The capture tap's reader (lib/tap.h): an OFD read lock on
 * <state>/capture/. An OFD lock is tested from any other open of the
 * directory (F_OFD_GETLK) without taking it, and no pid is trusted: a
 * reused pid, or one in another pid namespace, cannot fool it.
 */
#define _GNU_SOURCE            /* F_OFD_GETLK, F_OFD_SETLK */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/sdir.h"
#include "lib/ifaces.h"
#include "lib/tap.h"

#define TAP_DIR "capture"

/* The directory's fd, checked (lib/sdir.h; made 0700 when create);
 * -errno, -ENOENT when absent. */
static int tap_dir(const struct xr_state *st, int create)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", st->dir, TAP_DIR);
	return xr_sdir_openat(st->dir_fd, TAP_DIR, path,
			      create ? XR_SDIR_CREATE : 0);
}

void xr_tap_remove(const struct xr_state *st)
{
	unlinkat(st->dir_fd, TAP_DIR, AT_REMOVEDIR);
}

/* Whether a capture holds it (a failed test counts as held: nothing is
 * switched off on a doubt). */
static int tap_held(int fd)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	return fcntl(fd, F_OFD_GETLK, &l) < 0 || l.l_type != F_UNLCK;
}

/* Every link's tap off; the number switched off, or -errno. */
static int tap_off_all(const struct xr_maps *m)
{
	struct xr_iface_entry *e = NULL;
	size_t i, n = 0;
	int err = xr_ifaces_dump(m, &e, &n), off = 0;

	for (i = 0; !err && i < n; i++)
		if (e[i].val.flags & XR_IF_CAPTURE) {
			err = xr_iface_set_flags(m, e[i].ifindex, 0, XR_IF_CAPTURE);
			off++;
		}
	free(e);
	return err ? err : off;
}

/* 1: a capture holds the claim, 0: its reader is gone, -ENOENT: no
 * claim, other -errno: cannot tell. */
static int tap_live(const struct xr_state *st)
{
	int fd = tap_dir(st, 0), held;

	if (fd < 0)
		return fd;
	held = tap_held(fd);
	close(fd);
	return held;
}

int xr_tap_reap(struct xr_state *st)
{
	int live = tap_live(st), n;

	if (live == -ENOENT || live == 1)
		return 0;
	if (live < 0)
		return live;
	n = tap_off_all(&st->m);
	if (n >= 0)
		xr_tap_remove(st);
	return n;
}

int xr_tap_orphaned(const struct xr_state *st)
{
	return tap_live(st) == 0;
}

/* The capture config: which link is captured (0: none known). */
static uint32_t tap_ifindex(const struct xr_maps *m)
{
	struct xr_capture_cfg cfg = { 0 };
	__u32 zero = 0;

	return bpf_map_lookup_elem(m->capture_cfg, &zero, &cfg) ? 0 : cfg.ifindex;
}

int xr_tap_claim(struct xr_state *st, uint32_t ifindex)
{
	struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	char name[IF_NAMESIZE + 16];
	int err = xr_tap_reap(st), fd;

	if (err < 0)
		return err;
	fd = tap_dir(st, 1);
	if (fd < 0)
		return fd;
	if (tap_held(fd)) {
		close(fd);
		xr_err("a capture on %s is running in this network namespace "
		       "(one at a time: stop it first)",
		       xr_dev_name(tap_ifindex(&st->m), name));
		return -EBUSY;
	}
	if (fcntl(fd, F_OFD_SETLK, &l) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

void xr_tap_release(struct xr_state *st, int fd, uint32_t ifindex)
{
	xr_iface_set_flags(&st->m, ifindex, 0, XR_IF_CAPTURE);
	xr_tap_remove(st);
	close(fd);
}

int xr_tap_settle(struct xr_state *st, uint32_t ifindex)
{
	if (tap_live(st) == 1 && tap_ifindex(&st->m) == ifindex)
		return 0;
	return xr_iface_set_flags(&st->m, ifindex, 0, XR_IF_CAPTURE);
}
