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
#include "lib/proto.h"
#include "lib/state.h"
#include "lib/tables.h"
#include "xdp_router.skel.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static const struct {
	const char *name;
	size_t off;
} map_tab[] = {
	{ XR_MAP_IFACES, offsetof(struct xr_maps, ifaces) },
	{ XR_MAP_TX_PORTS, offsetof(struct xr_maps, tx_ports) },
	{ XR_MAP_ADDRS4, offsetof(struct xr_maps, addrs4) },
	{ XR_MAP_ROUTES4, offsetof(struct xr_maps, routes4) },
	{ XR_MAP_NEIGH4, offsetof(struct xr_maps, neigh4) },
	{ XR_MAP_COUNTERS, offsetof(struct xr_maps, counters) },
	{ XR_MAP_IF_STATS, offsetof(struct xr_maps, if_stats) },
	{ XR_MAP_FIB4_TBL24, offsetof(struct xr_maps, fib4_tbl24) },
	{ XR_MAP_FIB4_TBL8, offsetof(struct xr_maps, fib4_tbl8) },
	{ XR_MAP_FIB4_NH, offsetof(struct xr_maps, fib4_nh) },
	{ XR_MAP_FIB4_META, offsetof(struct xr_maps, fib4_meta) },
	{ XR_MAP_XSKS, offsetof(struct xr_maps, xsks) },
	{ XR_MAP_XSK_PORTS, offsetof(struct xr_maps, xsk_ports) },
	{ XR_MAP_SLOW_STATS, offsetof(struct xr_maps, slow_stats) },
	{ XR_MAP_TC_PUNT, offsetof(struct xr_maps, tc_punt) },
	{ XR_MAP_CAPTURE, offsetof(struct xr_maps, capture) },
	{ XR_MAP_CAPTURE_CFG, offsetof(struct xr_maps, capture_cfg) },
	{ XR_MAP_PROTO_PROGS, offsetof(struct xr_maps, proto_progs) },
	{ XR_MAP_PROTO_ETH, offsetof(struct xr_maps, proto_eth) },
	{ XR_MAP_PROTO_IP, offsetof(struct xr_maps, proto_ip) },
	{ XR_MAP_PROTO_INFO, offsetof(struct xr_maps, proto_info) },
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
	if (!base || !*base)
		base = XR_BPFFS_DEFAULT;
	if (strlen(base) >= sizeof(st->base) - 64) {
		xr_err("state path \"%s\" is too long", base);
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
 * devmap's flags, which a definition may not ask for.)
 */
int xr_state_set_pins(struct bpf_object *obj, const char *dir)
{
	struct bpf_map *map;
	char path[PATH_MAX];
	int err, fd;

	bpf_object__for_each_map(map, obj) {
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

int xr_maps_open_fib(struct xr_maps *m)
{
	int err = xr_fib4_open(&m->fib, m->fib4_tbl24, m->fib4_tbl8,
			       m->fib4_nh, m->fib4_meta);

	if (!err) {
		m->fib->nh.adj_fill = xr_adj_fill;
		m->fib->nh.adj_arg = m;
	}
	return err;
}

int xr_maps_close_fib(struct xr_maps *m)
{
	int err = xr_fib4_close(m->fib);

	m->fib = NULL;
	return err;
}

int xr_maps_from_obj(struct xr_maps *m, struct bpf_object *obj)
{
	size_t i;

	m->fib = NULL;
	for (i = 0; i < N_MAPS; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj,
								   map_tab[i].name);

		*map_fd(m, i) = map ? bpf_map__fd(map) : -1;
	}
	return xr_maps_open_fib(m);
}

/* Create the maps: load the real object with pin paths set, so the
 * maps come from their one definition in bpf/lib/maps.h, BTF included. */
static int state_create(struct xr_state *st)
{
	struct xdp_router_bpf *skel;
	int err;

	err = mkdir_p(st->dir, 0700);
	if (err) {
		xr_err("cannot create %s: %s", st->dir, strerror(-err));
		return err;
	}
	skel = xdp_router_bpf__open();
	if (!skel) {
		err = -errno;
		xr_err("cannot open the embedded BPF object: %s", strerror(-err));
		return err;
	}
	err = xr_state_set_pins(skel->obj, st->dir);
	if (!err)
		err = xdp_router_bpf__load(skel);
	xdp_router_bpf__destroy(skel);
	if (err) {
		xr_err("cannot create the maps in %s: %s", st->dir,
		       strerror(-err));
		xr_state_destroy(st);
		return err;
	}
	return 0;
}

/*
 * Whether the pinned maps are the ones this binary defines: a router
 * upgraded over live state must say so plainly, not fail on attach.
 */
static int state_check_layout(const struct xr_state *st)
{
	struct xdp_router_bpf *skel = xdp_router_bpf__open();
	struct bpf_map_info info;
	struct bpf_map *map;
	__u32 len;
	size_t i;
	int err = 0;

	if (!skel)
		return -errno;
	for (i = 0; i < N_MAPS && !err; i++) {
		map = bpf_object__find_map_by_name(skel->obj, map_tab[i].name);
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!map || bpf_obj_get_info_by_fd(*map_fd((struct xr_maps *)&st->m, i),
						   &info, &len) < 0)
			continue;
		if (info.type != bpf_map__type(map) ||
		    info.key_size != bpf_map__key_size(map) ||
		    info.value_size != bpf_map__value_size(map) ||
		    info.max_entries != bpf_map__max_entries(map)) {
			xr_err("map %s/%s was made by another version of "
			       "xdp-router ('xdp-router reset' clears the state)",
			       st->dir, map_tab[i].name);
			err = -EPROTO;
		}
	}
	xdp_router_bpf__destroy(skel);
	return err;
}

int xr_state_open(struct xr_state *st, int flags)
{
	char path[PATH_MAX];
	struct stat sb;
	size_t i;
	int err;

	err = xr_state_locate(st);
	if (err)
		return err;
	st->lock_fd = open(st->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->lock_fd < 0 ||
	    flock(st->lock_fd, (flags & XR_STATE_LOCK_EX) ? LOCK_EX : LOCK_SH) < 0) {
		err = -errno;
		xr_err("cannot lock %s: %s", st->base, strerror(-err));
		return err;
	}
	for (i = 0; i < N_MAPS; i++)
		*map_fd(&st->m, i) = -1;

	if (stat(st->dir, &sb) < 0) {
		if (!(flags & XR_STATE_CREATE))
			return -ENOENT;
		err = state_create(st);
		if (err)
			return err;
	}
	for (i = 0; i < N_MAPS; i++) {
		snprintf(path, sizeof(path), "%s/%s", st->dir, map_tab[i].name);
		*map_fd(&st->m, i) = bpf_obj_get(path);
		if (*map_fd(&st->m, i) < 0) {
			xr_err("cannot open map %s: %s (state from another "
			       "version? 'xdp-router reset' clears it)",
			       path, strerror(errno));
			return -EIO;
		}
	}
	if (state_check_layout(st))
		return -EIO;     /* reset clears it */
	err = xr_maps_open_fib(&st->m);
	if (err) {
		xr_err("cannot map the FIB in %s: %s (state from another "
		       "version? 'xdp-router reset' clears it)", st->dir,
		       strerror(-err));
		return -EIO;
	}
	/* a writer that died mid-write: repaired before anything else */
	return (flags & XR_STATE_LOCK_EX) ? xr_state_repair(st) :
					   xr_state_repair_shared(st);
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
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->lock_fd = -1;
}

int xr_state_lock(struct xr_state *st, int exclusive)
{
	return flock(st->lock_fd, exclusive ? LOCK_EX : LOCK_SH) < 0 ? -errno : 0;
}

void xr_state_unlock(struct xr_state *st)
{
	flock(st->lock_fd, LOCK_UN);
}

int xr_state_destroy(struct xr_state *st)
{
	char path[PATH_MAX];
	size_t i;
	int err = xr_proto_unpin_all(st->dir);

	for (i = 0; i < N_MAPS; i++) {
		snprintf(path, sizeof(path), "%s/%s", st->dir, map_tab[i].name);
		if (unlink(path) < 0 && errno != ENOENT)
			err = -errno;
	}
	if (rmdir(st->dir) < 0 && errno != ENOENT)
		err = -errno;
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
