/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state's directories, opened only as checked ones: never through a
 * symbolic link (O_NOFOLLOW, openat relative to a checked parent), and
 * only when a directory owned by root, mode 0700, on a bpffs. What is in
 * them is pinned, fetched and unlinked relative to their fds, so nothing
 * outside the state can be reached. docs/state.md "Security".
 */
#ifndef XR_SDIR_H
#define XR_SDIR_H

#include <dirent.h>
#include <stddef.h>

enum {
	XR_SDIR_CREATE = 1,    /* mkdirat it (0700) when absent */
	XR_SDIR_QUIET = 2,     /* no line when refused: the caller reports */
};

/* What is wrong with the directory open at fd, or NULL when nothing. */
const char *xr_sdir_problem(int fd, char *buf, size_t len);
/* Open name under the checked dfd (path: for messages). The fd, or
 * -ENOENT when absent (no line), or -EPERM refused with one line. */
int xr_sdir_openat(int dfd, const char *name, const char *path, int flags);
/* What the last refusal found wrong ("is a symbolic link", ...). */
const char *xr_sdir_why(void);
/* The checked mount at base; a root-owned bpffs mount that is
 * world-writable (older versions) is made 0700, said on stderr once. */
int xr_sdir_open_base(const char *base);
/* The checked directory at path: its parent opened as a base, then it. */
int xr_sdir_open_path(const char *path, int flags);
/* Remove name under dfd: its pins, its subdirectories down to levels
 * deep, then it. Absent: 0. Any other entry: refused, one line. */
int xr_sdir_remove(int dfd, const char *name, const char *path, int levels);
/* readdir of the directory open at fd (fd stays open; closedir the DIR). */
DIR *xr_sdir_opendir(int fd);
/* BPF_OBJ_GET / BPF_OBJ_PIN relative to a dir fd (BPF_F_PATH_FD). */
int xr_obj_get_at(int dfd, const char *name);
int xr_obj_pin_at(int dfd, const char *name, int fd);

#endif
