// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE     /* statx */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include "lib/err.h"
#include "lib/sdir.h"

/* BPF_OBJ_PIN / BPF_OBJ_GET with path_fd: Linux 6.5; Debian 12's
 * headers and libbpf predate it. */
#define XR_BPF_F_PATH_FD (1U << 14)

struct xr_obj_attr {
	__u64 pathname;
	__u32 bpf_fd;
	__u32 file_flags;
	__s32 path_fd;
};

static int obj_at(int cmd, int dfd, const char *name, int fd)
{
	struct xr_obj_attr a;
	long r;

	memset(&a, 0, sizeof(a));
	a.pathname = (__u64)(uintptr_t)name;
	a.bpf_fd = (__u32)fd;
	a.file_flags = XR_BPF_F_PATH_FD;
	a.path_fd = dfd;
	r = syscall(__NR_bpf, cmd, &a, sizeof(a));
	return r < 0 ? -errno : (int)r;
}

int xr_obj_get_at(int dfd, const char *name)
{
	return obj_at(BPF_OBJ_GET, dfd, name, 0);
}

int xr_obj_pin_at(int dfd, const char *name, int fd)
{
	return obj_at(BPF_OBJ_PIN, dfd, name, fd);
}

const char *xr_sdir_problem(int fd, char *buf, size_t len)
{
	struct statfs sfs;
	struct stat sb;

	if (fstat(fd, &sb) < 0 || fstatfs(fd, &sfs) < 0)
		snprintf(buf, len, "cannot be examined (%s)", strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(buf, len, "is not a directory");
	else if (sb.st_uid != 0)
		snprintf(buf, len, "is owned by uid %u, not root", sb.st_uid);
	else if (sfs.f_type != BPF_FS_MAGIC)
		snprintf(buf, len, "is not on a bpffs");
	else if ((sb.st_mode & 06777) != 0700)   /* a bpffs root is sticky */
		snprintf(buf, len, "has mode %04o, not 0700", sb.st_mode & 07777);
	else
		return NULL;
	return buf;
}

static char last_why[96];

const char *xr_sdir_why(void)
{
	return last_why;
}

static int refuse(const char *path, const char *why, int flags)
{
	snprintf(last_why, sizeof(last_why), "%s", why);
	if (!(flags & XR_SDIR_QUIET))
		xr_err("%s %s: refusing to use it (remove it as root)", path, why);
	return -EPERM;
}

static int open_dir(int dfd, const char *name)
{
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* open_dir failed (errno): absent, refused (not a directory), or other. */
static int open_failed(int dfd, const char *name, const char *path, int flags)
{
	int err = -errno;
	struct stat sb;

	if (err == -ENOENT)
		return err;
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(sb.st_mode))
		return refuse(path, S_ISLNK(sb.st_mode) ? "is a symbolic link" :
			      "is not a directory", flags);
	if (!(flags & XR_SDIR_QUIET))
		xr_err("cannot open %s: %s", path, strerror(-err));
	return err;
}

/* The open fd if it passes, else closed and refused. */
static int checked(int fd, const char *path, int flags)
{
	char buf[96];
	const char *why = xr_sdir_problem(fd, buf, sizeof(buf));

	if (!why)
		return fd;
	close(fd);
	return refuse(path, why, flags);
}

int xr_sdir_openat(int dfd, const char *name, const char *path, int flags)
{
	int fd = open_dir(dfd, name), made = 0;

	if (fd < 0 && errno == ENOENT && (flags & XR_SDIR_CREATE)) {
		made = mkdirat(dfd, name, 0700) == 0;
		if (!made && errno != EEXIST) {
			xr_err("cannot create %s: %s", path, strerror(errno));
			return -errno;
		}
		fd = open_dir(dfd, name);
	}
	if (fd < 0)
		return open_failed(dfd, name, path, flags);
	if (made)
		fchmod(fd, 0700);   /* exactly: the umask may have taken bits */
	return checked(fd, path, flags);
}

static int is_mount_root(int fd)
{
	struct statx sx;

	return statx(fd, "", AT_EMPTY_PATH, 0, &sx) == 0 &&
	       (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	       (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

/* A bpffs mounted by root without mode= (1777, older versions): 0700. */
static void tighten(int fd, const char *path)
{
	struct statfs sfs;
	struct stat sb;

	if (fstat(fd, &sb) < 0 || fstatfs(fd, &sfs) < 0 || !S_ISDIR(sb.st_mode) ||
	    sb.st_uid != 0 || sfs.f_type != BPF_FS_MAGIC ||
	    !(sb.st_mode & 077) || !is_mount_root(fd))
		return;
	if (fchmod(fd, 0700) == 0)
		xr_err("%s was mode %04o (mounted by an older version): made it "
		       "0700", path, sb.st_mode & 07777);
}

static int open_top(const char *path, int may_tighten)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return open_failed(AT_FDCWD, path, path, 0);
	if (may_tighten)
		tighten(fd, path);
	return checked(fd, path, 0);
}

int xr_sdir_open_base(const char *base)
{
	char path[PATH_MAX];
	int fd = open_top(base, 1), xdp;

	if (fd < 0)
		return fd;
	/* libxdp's pins (LIBXDP_BPFFS is the base): made by root, or refused */
	snprintf(path, sizeof(path), "%s/xdp", base);
	xdp = xr_sdir_openat(fd, "xdp", path, 0);
	if (xdp >= 0 || xdp == -ENOENT) {
		if (xdp >= 0)
			close(xdp);
		return fd;
	}
	close(fd);
	return xdp;
}

int xr_sdir_open_path(const char *path, int flags)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int pfd, fd;

	if (!slash || slash == path || (size_t)(slash - path) >= sizeof(parent)) {
		xr_err("%s is not a state directory", path);
		return -EINVAL;
	}
	memcpy(parent, path, (size_t)(slash - path));
	parent[slash - path] = '\0';
	pfd = open_top(parent, 0);
	if (pfd < 0)
		return pfd;
	fd = xr_sdir_openat(pfd, slash + 1, path, flags);
	close(pfd);
	return fd;
}

static int cannot_remove(const char *path)
{
	int err = -errno;

	xr_err("cannot remove %s: %s", path, strerror(-err));
	return err;
}

/* One entry of a directory being removed: a pin goes (unless dry), a
 * subdirectory is removed in turn, anything else refuses the removal. */
static int remove_entries(int fd, const char *path, int levels, int dry);

static int remove_subdir(int fd, const char *name, const char *sub,
			 int levels, int dry)
{
	int sfd = xr_sdir_openat(fd, name, sub, 0), err;

	if (sfd < 0)
		return sfd == -ENOENT ? 0 : sfd;
	err = remove_entries(sfd, sub, levels, dry);
	close(sfd);
	if (!err && !dry && unlinkat(fd, name, AT_REMOVEDIR) < 0 &&
	    errno != ENOENT)
		err = cannot_remove(sub);
	return err;
}

static int remove_entry(int fd, const char *name, const char *path,
			int levels, int dry)
{
	char sub[PATH_MAX];
	struct stat sb;

	snprintf(sub, sizeof(sub), "%s/%s", path, name);
	if (fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : cannot_remove(sub);
	if (S_ISDIR(sb.st_mode) && levels > 0)
		return remove_subdir(fd, name, sub, levels - 1, dry);
	if (!S_ISREG(sb.st_mode)) {
		xr_err("%s is %s: not removing it, nor %s", sub,
		       S_ISLNK(sb.st_mode) ? "a symbolic link" :
		       S_ISDIR(sb.st_mode) ? "a directory we do not make" :
		       "not a pin", path);
		return -EPERM;
	}
	if (!dry && unlinkat(fd, name, 0) < 0 && errno != ENOENT)
		return cannot_remove(sub);
	return 0;
}

DIR *xr_sdir_opendir(int fd)
{
	int dfd = dup(fd);
	DIR *dp = dfd < 0 ? NULL : fdopendir(dfd);

	if (!dp && dfd >= 0)
		close(dfd);
	if (dp)
		rewinddir(dp);     /* the dup shares the offset of a last pass */
	return dp;
}

static int remove_entries(int fd, const char *path, int levels, int dry)
{
	DIR *dp = xr_sdir_opendir(fd);
	struct dirent *d;
	int err = 0;

	if (!dp)
		return cannot_remove(path);
	while (!err && (d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			err = remove_entry(fd, d->d_name, path, levels, dry);
	closedir(dp);
	return err;
}

int xr_sdir_remove(int dfd, const char *name, const char *path, int levels)
{
	int fd = xr_sdir_openat(dfd, name, path, 0), err;

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	/* everything checked first: an unexpected entry changes nothing */
	err = remove_entries(fd, path, levels, 1);
	if (!err)
		err = remove_entries(fd, path, levels, 0);
	close(fd);
	if (!err && unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		err = cannot_remove(path);
	return err;
}
