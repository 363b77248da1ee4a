// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE            /* setns, CLONE_NEWNET */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* This process's network namespace's inode (0 if unknown). */
static uint32_t self_netns_ino(void)
{
	struct stat sb;

	return stat("/proc/self/ns/net", &sb) == 0 ? (uint32_t)sb.st_ino : 0;
}

/*
 * The link pinned a second time as xr_netns_ino_<inode>: the inode of
 * the namespace it was made in, which the link itself forgets once
 * detached (by the namespace's end, or by hand). The sweep uses it to
 * leave alone a namespace still there whose link was detached by hand.
 */
static void ino_witness(int dir_fd, int link_fd, int replace)
{
	char name[64];
	struct stat sb;

	snprintf(name, sizeof(name), XR_NETNS_INO "%u", self_netns_ino());
	if (replace)            /* a new link: the old one goes with its pin */
		unlinkat(dir_fd, name, 0);
	if (fstatat(dir_fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		xr_obj_pin_at(dir_fd, name, link_fd);   /* EEXIST: a race, fine */
}

int xr_netns_link_ensure(int dir_fd, const char *dir)
{
	int fd = xr_obj_get_at(dir_fd, XR_NETNS_LINK), err;
	struct xr_netns_bpf *skel;

	if (fd >= 0) {
		ino_witness(dir_fd, fd, 0);  /* state made before the witness */
		close(fd);
		return 0;
	}
	skel = xr_netns_bpf__open_and_load();
	if (!skel) {
		err = -errno;
	} else {
		fd = link_netns(bpf_program__fd(skel->progs.xr_netns_alive));
		err = fd < 0 ? fd : xr_obj_pin_at(dir_fd, XR_NETNS_LINK, fd);
		if (!err)
			ino_witness(dir_fd, fd, 1);
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

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* The cookie of the network namespace at path (nsfs), from a child that
 * enters it: the namespace's identity, never reused, unlike its inode. */
static int netns_cookie_at(const char *path, uint64_t *cookie)
{
	int p[2], st;
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		socklen_t len = sizeof(*cookie);
		int fd = open(path, O_RDONLY | O_CLOEXEC), s;

		close(p[0]);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0 ||
		    (s = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0 ||
		    getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len) < 0)
			_exit(1);
		_exit(write(p[1], cookie, sizeof(*cookie)) == sizeof(*cookie) ? 0 : 1);
	}
	close(p[1]);
	n = pid > 0 ? read(p[0], cookie, sizeof(*cookie)) : -1;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return n == sizeof(*cookie) ? 0 : -EIO;
}

/* Whether the namespace of cookie (made with inode ino) is reachable: a
 * name under /run/netns, or a process in it. The inode finds the
 * candidate (inodes are reused at once), the cookie tells it is that one. */
static int netns_seen(uint32_t ino, uint64_t cookie)
{
	const char *dirs[] = { "/run/netns", "/proc" };
	char path[PATH_MAX];
	struct dirent *d;
	struct stat sb;
	uint64_t c;
	size_t i;
	int found = 0;

	for (i = 0; i < 2 && !found; i++) {
		DIR *dp = opendir(dirs[i]);

		while (dp && !found && (d = readdir(dp))) {
			if (d->d_name[0] == '.' ||
			    (i == 1 && (d->d_name[0] < '0' || d->d_name[0] > '9')))
				continue;
			snprintf(path, sizeof(path), i ? "%s/%s/ns/net" : "%s/%s",
				 dirs[i], d->d_name);
			found = stat(path, &sb) == 0 && sb.st_ino == ino;
		}
		if (dp)
			closedir(dp);
	}
	/* one namespace has that inode now: it is ours or not */
	return found && netns_cookie_at(path, &c) == 0 && c == cookie;
}

/* The inode e's link was made in, from its witness pin (0: none). */
static uint32_t witness_ino(int dir_fd)
{
	DIR *dp = xr_sdir_opendir(dir_fd);
	struct dirent *d;
	uint32_t ino = 0;

	while (dp && !ino && (d = readdir(dp)))
		if (!strncmp(d->d_name, XR_NETNS_INO, strlen(XR_NETNS_INO)))
			ino = (uint32_t)strtoul(d->d_name + strlen(XR_NETNS_INO),
						NULL, 10);
	if (dp)
		closedir(dp);
	return ino;
}

/* A link that names no namespace, whose namespace is still there. */
static int witness_alive(int base_fd, const struct xr_gc_ent *e)
{
	int fd = xr_sdir_openat(base_fd, e->name, e->path, XR_SDIR_QUIET);
	uint32_t ino;

	if (fd < 0)
		return 0;
	ino = witness_ino(fd);
	close(fd);
	return ino && netns_seen(ino, strtoull(e->name + 6, NULL, 10));
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
	if (e->status == XR_NS_GONE && witness_alive(base_fd, e)) {
		e->status = XR_NS_UNKNOWN;
		e->why = "its " XR_NETNS_LINK " was detached (by hand?) but its "
			 "namespace is still there";
	}
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
