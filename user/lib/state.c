// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_router/abi.h"
#include "lib/err.h"
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/proto.h"
#include "lib/sdir.h"
#include "lib/state.h"
#include "lib/stategc.h"
#include "lib/tap.h"
#include "lib/upgrade.h"
#include "xdp_router.skel.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define XR__MAP_TAB(name, ...) { XR_MAP_NAME(name), offsetof(struct xr_maps, name) },
static const struct {
	const char *name;
	size_t off;
} map_tab[] = { XR_MAP_LIST(XR__MAP_TAB, XR__MAP_TAB) };

#define XR__MAP_NAME(name, ...) XR_MAP_NAME(name),
const char *const xr_shared_maps[XR_N_SHARED_MAPS] = {
	XR_HANDLER_MAP_LIST(XR__MAP_NAME, XR__MAP_NAME)
};
#define N_MAPS (sizeof(map_tab) / sizeof(map_tab[0]))

static int *map_fd(struct xr_maps *m, size_t i)
{
	return (int *)((char *)m + map_tab[i].off);
}

int xr_maps_fd(const struct xr_maps *m, const char *name)
{
	size_t i;

	for (i = 0; i < N_MAPS; i++)
		if (!strcmp(map_tab[i].name, name))
			return *map_fd((struct xr_maps *)m, i);
	return -1;
}

static int is_bpffs(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 && sfs.f_type == BPF_FS_MAGIC;
}

/*
 * Whether a mount made now outlives this process. `ip netns exec` runs
 * us in a private mount namespace of our own (our parent, the shell, is
 * in the real one): a bpffs mounted there would vanish with us.
 */
static int mount_ns_is_private(void)
{
	char self[64] = "", parent[64] = "", path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)getppid());
	if (readlink("/proc/self/ns/mnt", self, sizeof(self) - 1) < 0 ||
	    readlink(path, parent, sizeof(parent) - 1) < 0)
		return !is_bpffs("/sys/fs/bpf");
	return strcmp(self, parent) != 0;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int netns_cookie(uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ret;

	if (fd < 0)
		return -errno;
	ret = getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len);
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int xr_state_locate(struct xr_state *st)
{
	const char *base = getenv(XR_BPFFS_ENV);
	uint64_t cookie;
	int err;

	memset(st, 0, sizeof(*st));
	st->lock_fd = -1;
	st->base_fd = st->dir_fd = -1;
	if (!base || !*base)
		base = XR_BPFFS_DEFAULT;
	if (strlen(base) >= sizeof(st->base) - 64) {
		xr_err("state path \"%s\" is too long", xr_word(base));
		return -ENAMETOOLONG;
	}
	strcpy(st->base, base);

	if (!is_bpffs(st->base)) {
		if (mount_ns_is_private()) {
			xr_err("no bpffs at %s, and this process runs in a private "
			       "mount namespace (ip netns exec?) where a mount "
			       "would not last: run 'mount -t bpf bpf %s' (or any "
			       "xdp-router command) outside it first",
			       st->base, st->base);
			return -ENOENT;
		}
		err = mkdir_p(st->base, 0700);
		if (!err && mount("bpf", st->base, "bpf", 0, "mode=0700") < 0)
			err = -errno;
		if (err) {
			xr_err("cannot mount bpffs at %s: %s", st->base,
			       strerror(-err));
			return err;
		}
	}
	st->base_fd = xr_sdir_open_base(st->base);
	if (st->base_fd < 0)
		return st->base_fd;
	err = netns_cookie(&cookie);
	if (err) {
		xr_err("cannot read the network namespace cookie: %s",
		       strerror(-err));
		return err;
	}
	snprintf(st->dir, sizeof(st->dir), "%s/netns-%llu", st->base,
		 (unsigned long long)cookie);
	return 0;
}

/*
 * A map already pinned is reused by fd; one not yet pinned gets its pin
 * path and is created and pinned by the load. (libbpf's own reuse check
 * would refuse our devmap: the kernel adds BPF_F_RDONLY_PROG to every
 * devmap's flags, which a definition may not ask for.) A program's own
 * .rodata is its own, never pinned.
 */
int xr_state_set_pins(struct bpf_object *obj, const char *dir)
{
	struct bpf_map *map;
	char path[PATH_MAX];
	int err, fd;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, bpf_map__name(map));
		fd = bpf_obj_get(path);
		if (fd >= 0) {
			err = bpf_map__reuse_fd(map, fd);
			close(fd);
		} else {
			err = bpf_map__set_pin_path(map, path);
		}
		if (err)
			return err;
	}
	return 0;
}

/* The IPv6 FIB, beside IPv4's and under its mark (lib/fib6.h). */
static int maps_open_fib6(struct xr_maps *m)
{
	const int fd[XR_FIB_MAPS] = { m->fib6_dir, m->fib6_node, m->fib6_leaf,
				      m->fib6_page, m->fib6_ptmeta, m->fib6_nh };
	int err = xr_fib6_open(&m->fib6, fd);

	if (err)
		return err;
	m->fib6->nh.adj_fill6 = xr_adj6_fill;
	m->fib6->nh.adj_arg = m;
	m->fib->v6 = m->fib6;
	return xr_nhg_open(&m->fib6->nhg, m->fib6_nhg, &m->fib6->nh);
}

int xr_maps_open_fib(struct xr_maps *m)
{
	const int fd[XR_FIB_MAPS] = { m->fib4_dir, m->fib4_node, m->fib4_leaf,
				      m->fib4_page, m->fib4_ptmeta, m->fib4_nh };
	int err = xr_fib4_open(&m->fib, fd);

	m->fib6 = NULL;
	if (err)
		return err;
	m->fib->nh.adj_fill = xr_adj4_fill;
	m->fib->nh.adj_arg = m;
	err = xr_nhg_open(&m->fib->nhg, m->fib4_nhg, &m->fib->nh);
	if (!err)
		err = maps_open_fib6(m);
	if (err)
		xr_maps_close_fib(m);
	return err;
}

int xr_maps_close_fib(struct xr_maps *m)
{
	int err = xr_fib4_close(m->fib), err6 = xr_fib6_close(m->fib6);

	m->fib = NULL;
	m->fib6 = NULL;
	return err ? err : err6;
}

int xr_maps_from_obj(struct xr_maps *m, struct bpf_object *obj)
{
	size_t i;
	int err;

	m->fib = NULL;
	m->fib6 = NULL;
	for (i = 0; i < N_MAPS; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj,
								   map_tab[i].name);

		*map_fd(m, i) = map ? bpf_map__fd(map) : -1;
	}
	if ((err = xr_maps_open_fib(m)))
		return err;
	xr_pt_format(&m->fib->pt);      /* new maps: empty tries */
	xr_pt_format(&m->fib6->pt);
	return 0;
}

int xr_fib_format_obj(struct bpf_object *obj)
{
	struct xr_maps m;
	int err = xr_maps_from_obj(&m, obj);

	return err ? err : xr_maps_close_fib(&m);
}

/* Create the maps: load the real object with pin paths set, so the
 * maps come from their one definition in bpf/lib/maps.h, BTF included. */
static int state_create(struct xr_state *st)
{
	struct xdp_router_bpf *skel;
	char at[32];
	int err;

	/* pinned relative to the checked directory's fd */
	snprintf(at, sizeof(at), "/proc/self/fd/%d", st->dir_fd);
	skel = xdp_router_bpf__open();
	if (!skel) {
		err = -errno;
		xr_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	err = xr_state_set_pins(skel->obj, at);
	if (!err)
		err = xdp_router_bpf__load(skel);
	if (!err)   /* the flow hash's per-boot seed (abi/nhg.h) */
		err = xr_mp_cfg_seed_fd(bpf_map__fd(skel->maps.xr_mp_cfg));
	if (!err)   /* the FIBs' allocators: every page free */
		err = xr_fib_format_obj(skel->obj);
	xdp_router_bpf__destroy(skel);
	if (err)
		xr_err("cannot create the maps in %s: %s", st->dir,
		       strerror(-err));
	else
		err = xr_netns_link_ensure(st->dir_fd, st->dir);
	if (err)
		xr_state_destroy(st);
	return err;
}

/* flock(2) on an already opened state directory: the one lock of its
 * namespace (EINTR retried). */
static int lock_dir_fd(int fd, int op)
{
	int ret;

	do
		ret = flock(fd, op);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/* Whether the locked fd is still the directory at st->dir: a `reset`
 * may have removed it while we waited for its lock. */
static int lock_dir_current(const struct xr_state *st)
{
	struct stat a, b;

	return fstat(st->lock_fd, &a) == 0 && lstat(st->dir, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Whether the maps were made (the first one is pinned). */
static int state_made(const struct xr_state *st)
{
	struct stat sb;

	return fstatat(st->lock_fd, map_tab[0].name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

/*
 * Open st->dir and take its lock: shared, or exclusive with
 * XR_STATE_LOCK_EX, or exclusive also when the maps are still to be
 * made (XR_STATE_CREATE). The directory is opened checked (lib/sdir.h)
 * and its fd is the lock. A state being created exists as an empty
 * directory first (mkdirat 0700): two first commands both reach its
 * lock, and the second finds the maps the first made.
 */
static int state_lock_dir(struct xr_state *st, int flags)
{
	int nb = flags & XR_STATE_NB ? LOCK_NB : 0;
	int op = flags & XR_STATE_LOCK_EX ? LOCK_EX : LOCK_SH;
	const char *name = strrchr(st->dir, '/') + 1;
	int tries, err;

	for (tries = 0; tries < 100; tries++) {
		st->dir_fd = xr_sdir_openat(st->base_fd, name, st->dir,
					    flags & XR_STATE_CREATE ? XR_SDIR_CREATE : 0);
		if (st->dir_fd == -ENOENT && (flags & XR_STATE_CREATE))
			continue;                /* removed after our mkdir */
		if (st->dir_fd < 0)
			return st->dir_fd;
		st->lock_fd = st->dir_fd;        /* checked: its flock is the lock */
		err = lock_dir_fd(st->lock_fd, op | nb);
		if (!err && op == LOCK_SH && (flags & XR_STATE_CREATE) &&
		    !state_made(st))
			err = lock_dir_fd(st->lock_fd, LOCK_EX | nb);
		if (err || lock_dir_current(st))
			return err;
		close(st->dir_fd);           /* removed meanwhile: again */
		st->lock_fd = st->dir_fd = -1;
	}
	return -ESTALE;
}

/* upgrade: route get's pinned probe goes (the next route get makes it
 * on the maps the upgrade left). */
static int probe_drop(const struct xr_state *st)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/" XR_PROBE_DIR, st->dir);
	return xr_sdir_remove(st->dir_fd, XR_PROBE_DIR, path, 0) ? -EIO : 0;
}

int xr_state_open(struct xr_state *st, int flags)
{
	size_t i;
	int err;

	err = xr_state_locate(st);
	if (err)
		return err;
	for (i = 0; i < N_MAPS; i++)
		*map_fd(&st->m, i) = -1;
	xr_state_gc(st->base_fd, st->base, strrchr(st->dir, '/') + 1, 1,
		    xr_gc_report_stderr, NULL);
	err = state_lock_dir(st, flags);
	if (err && err != -ENOENT && err != -EWOULDBLOCK && err != -EPERM)
		xr_err("cannot lock %s: %s", st->dir, strerror(-err));
	if (err)
		return err;
	if (!state_made(st)) {
		if (!(flags & XR_STATE_CREATE))
			return -ENOENT;
		err = state_create(st);    /* under the exclusive lock */
		if (err)
			return err;
	} else if ((err = xr_netns_link_renew(st->dir_fd, st->dir))) {
		return err;                /* an older version's state: its link */
	}
	/* a shared opener that took the exclusive lock to make the maps
	 * (they are made now, by it or another): shared again */
	if ((flags & (XR_STATE_CREATE | XR_STATE_LOCK_EX | XR_STATE_NB)) ==
	    XR_STATE_CREATE)
		lock_dir_fd(st->lock_fd, LOCK_SH);
	/* state another build wrote: converted, or one line why not */
	err = xr_state_upgrade(st->dir, !!(flags & XR_STATE_UPGRADE));
	if (err)
		return err;    /* -EIO: reset clears it */
	for (i = 0; i < N_MAPS; i++) {
		*map_fd(&st->m, i) = xr_obj_get_at(st->dir_fd, map_tab[i].name);
		if (*map_fd(&st->m, i) < 0) {
			xr_err("cannot open map %s/%s: %s (state from another "
			       "version? 'xdp-router reset' clears it)", st->dir,
			       map_tab[i].name, strerror(-*map_fd(&st->m, i)));
			return -EIO;
		}
	}
	err = xr_maps_open_fib(&st->m);
	if (err) {
		xr_err("cannot map the FIB in %s: %s (state from another "
		       "version? 'xdp-router reset' clears it)", st->dir,
		       strerror(-err));
		return -EIO;
	}
	/* an upgrade from DIR-24-8: the FIB built before anything reads it */
	if ((err = xr_upgrade_fib(st, !!(flags & XR_STATE_UPGRADE))))
		return err;
	if (flags & XR_STATE_UPGRADE && (err = probe_drop(st)))
		return err;
	if (flags & XR_STATE_LOCK_EX)
		return xr_state_writing(st);
	/* a writer that died mid-write: repaired before anything is read */
	return xr_state_repair_shared(st, !!(flags & XR_STATE_NB));
}

__u32 xr_map_id(int fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) ? info.id : 0;
}

int xr_state_dir_current(const struct xr_state *st)
{
	return lock_dir_current(st);
}

/* Whether the map pinned as name is not the one fd holds: only a pin
 * gone or another map's id says so, not a failure to ask (EMFILE...). */
static int map_replaced(int dir_fd, const char *name, int fd)
{
	int pin = xr_obj_get_at(dir_fd, name);
	__u32 a, b;

	if (pin < 0)
		return pin == -ENOENT;
	a = xr_map_id(pin);
	b = xr_map_id(fd);
	close(pin);
	return a && b && a != b;
}

int xr_state_current(const struct xr_state *st)
{
	size_t i;

	if (!lock_dir_current(st))
		return 0;
	for (i = 0; i < N_MAPS; i++)
		if (map_replaced(st->dir_fd, map_tab[i].name,
				 *map_fd((struct xr_maps *)&st->m, i)))
			return 0;
	return 1;
}

int xr_state_writing(struct xr_state *st)
{
	int err;

	/* a reset or an upgrade while we waited for the lock: what we hold
	 * is no longer what forwards */
	if (!xr_state_current(st)) {
		xr_err("the state in %s was reset or upgraded while this command "
		       "waited for it: nothing written, run it again", st->dir);
		return -ESTALE;
	}
	/* a writer that died mid-write: repaired before anything else */
	err = xr_state_repair(st);
	if (!err)
		xr_tap_reap(st);     /* a capture killed: its tap off */
	return err;
}

void xr_state_close(struct xr_state *st)
{
	size_t i;

	if (st->m.fib && xr_maps_close_fib(&st->m))
		xr_err("could not wait for the fast path to leave the FIB in "
		       "%s: the slots this command gave up stay reserved",
		       st->dir);

	for (i = 0; i < N_MAPS; i++) {
		if (*map_fd(&st->m, i) >= 0)
			close(*map_fd(&st->m, i));
		*map_fd(&st->m, i) = -1;
	}
	if (st->lock_fd >= 0 && st->lock_fd != st->dir_fd)
		close(st->lock_fd);
	st->lock_fd = -1;
	if (st->dir_fd >= 0)
		close(st->dir_fd);
	if (st->base_fd >= 0)
		close(st->base_fd);
	st->dir_fd = st->base_fd = -1;
}

int xr_state_lock(struct xr_state *st, int exclusive)
{
	return lock_dir_fd(st->lock_fd, exclusive ? LOCK_EX : LOCK_SH);
}

int xr_state_trylock(struct xr_state *st, int exclusive)
{
	return lock_dir_fd(st->lock_fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
}

void xr_state_unlock(struct xr_state *st)
{
	flock(st->lock_fd, LOCK_UN);
}

/* The pins, proto/ and its handler directories, then dir: all checked
 * before anything goes. */
int xr_state_remove_at(int base_fd, const char *name, const char *dir)
{
	return xr_sdir_remove(base_fd, name, dir, 2);
}

int xr_state_destroy(struct xr_state *st)
{
	int base = xr_sdir_open_base(st->base), err;

	if (base < 0)
		return base;
	err = xr_state_remove_at(base, strrchr(st->dir, '/') + 1, st->dir);
	close(base);
	return err;
}

int xr_check_privileges(void)
{
	if (geteuid() != 0) {
		xr_err("must be run as root (needs CAP_BPF, CAP_NET_ADMIN and "
		       "CAP_SYS_ADMIN)");
		return -EPERM;
	}
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, NULL) <= 0) {
		xr_err("this kernel does not let us load XDP programs "
		       "(BPF disabled or not permitted)");
		return -ENOTSUP;
	}
	return 0;
}
