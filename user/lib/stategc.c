// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/err.h"
#include "lib/sdir.h"
#include "lib/state.h"
#include "lib/stategc.h"
#include "xr_netns.skel.h"

static int link_netns(int prog_fd)
{
	int ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), fd;

	if (ns < 0)
		return -errno;
	fd = bpf_link_create(prog_fd, ns, BPF_SK_LOOKUP, NULL);
	close(ns);
	return fd;
}

int xr_netns_link_ensure(int dir_fd, const char *dir)
{
	int fd = xr_obj_get_at(dir_fd, XR_NETNS_LINK), err;
	struct xr_netns_bpf *skel;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	skel = xr_netns_bpf__open_and_load();
	if (!skel) {
		err = -errno;
	} else {
		fd = link_netns(bpf_program__fd(skel->progs.xr_netns_alive));
		err = fd < 0 ? fd : xr_obj_pin_at(dir_fd, XR_NETNS_LINK, fd);
		if (fd >= 0)
			close(fd);     /* the pin holds it */
		xr_netns_bpf__destroy(skel);
	}
	if (err == -EEXIST)    /* another command pinned it just now */
		err = 0;
	if (err)
		xr_err("cannot pin the namespace's link %s/%s: %s", dir,
		       XR_NETNS_LINK, strerror(-err));
	return err;
}

int xr_netns_link_renew(int dir_fd, const char *dir)
{
	uint32_t ino;

	if (xr_netns_alive(dir_fd, &ino) == 0)
		unlinkat(dir_fd, XR_NETNS_LINK, 0);
	return xr_netns_link_ensure(dir_fd, dir);
}

int xr_netns_alive(int dir_fd, uint32_t *ino)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int fd = xr_obj_get_at(dir_fd, XR_NETNS_LINK), err;

	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	close(fd);
	if (err)
		return err;
	if (info.type != BPF_LINK_TYPE_NETNS)
		return -EINVAL;
	*ino = info.netns.netns_ino;
	return info.netns.netns_ino != 0;
}

static int is_state_name(const char *n)
{
	size_t i;

	if (strncmp(n, "netns-", 6) || !n[6])
		return 0;
	for (i = 6; n[i]; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	return 1;
}

/* What the directory e names is, and its removal when gone. */
static void gc_one(int base_fd, struct xr_gc_ent *e, int remove)
{
	int fd = xr_sdir_openat(base_fd, e->name, e->path, XR_SDIR_QUIET), r;

	if (fd < 0) {
		e->status = XR_NS_REFUSED;
		e->why = fd == -EPERM ? xr_sdir_why() : strerror(-fd);
		return;
	}
	r = xr_netns_alive(fd, &e->ino);
	close(fd);
	if (r < 0) {
		e->status = XR_NS_UNKNOWN;
		e->why = r == -ENOENT ? "no " XR_NETNS_LINK " (made by an older "
			 "version): whether its namespace lives cannot be told" :
			 "its " XR_NETNS_LINK " cannot be read";
		return;
	}
	e->status = r ? XR_NS_ALIVE : XR_NS_GONE;
	if (e->status == XR_NS_GONE && remove) {
		e->err = xr_state_remove_at(base_fd, e->name, e->path);
		e->removed = !e->err;
	}
}

int xr_state_gc(int base_fd, const char *base, const char *self, int remove,
		xr_gc_fn *fn, void *arg)
{
	DIR *dp = xr_sdir_opendir(base_fd);
	char path[PATH_MAX];
	struct dirent *d;
	int n = 0;

	if (!dp)
		return -errno;
	while ((d = readdir(dp))) {
		struct xr_gc_ent e = { .name = d->d_name, .path = path };

		if (!is_state_name(d->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, d->d_name);
		gc_one(base_fd, &e, remove && strcmp(d->d_name, self));
		n += e.removed;
		if (fn)
			fn(arg, &e);
	}
	closedir(dp);
	return n;
}

void xr_gc_report_stderr(void *arg, const struct xr_gc_ent *e)
{
	if (e->removed)
		xr_err("removed %s: its network namespace is gone", e->path);
}
