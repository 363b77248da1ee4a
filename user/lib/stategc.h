/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State that outlives its namespace: every netns-<cookie>/ holds a pinned
 * netns link (xr_netns_link, bpf/xr_netns.bpf.c) whose info names no
 * namespace once the namespace is gone. The sweep removes those
 * directories, and only those. docs/state.md "Lifetime".
 */
#ifndef XR_STATEGC_H
#define XR_STATEGC_H

#include <stdint.h>

#define XR_NETNS_LINK "xr_netns_link"
/* the same link again, named after its namespace's inode */
#define XR_NETNS_INO  "xr_netns_ino_"

enum xr_ns_status {
	XR_NS_ALIVE,     /* the link names a namespace */
	XR_NS_GONE,      /* the link names none: the namespace is gone */
	XR_NS_UNKNOWN,   /* no link (an older version's state): left alone */
	XR_NS_REFUSED,   /* not a directory we made: left alone */
};

struct xr_gc_ent {
	const char *name;      /* netns-<cookie> */
	const char *path;
	int status;            /* enum xr_ns_status */
	uint32_t ino;          /* alive: the namespace's inode */
	const char *why;       /* unknown, refused: why it is left alone */
	int removed;           /* gone: removed (else err) */
	int err;
};

typedef void xr_gc_fn(void *arg, const struct xr_gc_ent *e);

/* Pin the link of this process's namespace in the state dir (dir_fd)
 * unless one is there already. One line on failure. */
int xr_netns_link_ensure(int dir_fd, const char *dir);
/* The same, first unpinning a link that names no namespace: in our own
 * directory, that is one detached by hand (we are in the namespace). */
int xr_netns_link_renew(int dir_fd, const char *dir);
/* 1: the namespace of the state in dir_fd lives (*ino), 0: gone,
 * -ENOENT: no link there, other -errno: cannot tell. */
int xr_netns_alive(int dir_fd, uint32_t *ino);
/* Every netns-* directory of the base to fn (may be NULL); those whose
 * namespace is gone are removed when remove, never self (the caller's
 * own, alive whatever its link says: a link detached by hand is pinned
 * anew by the next open). Returns how many went. */
int xr_state_gc(int base_fd, const char *base, const char *self, int remove,
		xr_gc_fn *fn, void *arg);
/* For commands: a line on stderr for each one removed (or not). */
void xr_gc_report_stderr(void *arg, const struct xr_gc_ent *e);

#endif
