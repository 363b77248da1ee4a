/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the router's state lives: maps pinned by name in a per-network-
 * namespace directory of a bpffs mounted at /run/xdp-router (see
 * docs/state.md for why not /sys/fs/bpf).
 */
#ifndef XR_STATE_H
#define XR_STATE_H

#include <limits.h>
#include <stdint.h>
#include "xdp_router/abi/maps.h"

#define XR_BPFFS_DEFAULT "/run/xdp-router"
#define XR_BPFFS_ENV     "XDP_ROUTER_BPFFS"
/* route get's pinned probe, a directory of the state (cli/probe_pin.h) */
#define XR_PROBE_DIR     "probe"

struct bpf_object;
struct xr_fib4;
struct xr_fib6;

/* One fd per map of XR_MAP_LIST (xdp_router/abi/maps.h), by its name
 * there: m->ifaces, m->fib4_dir, m->state_gen (lib/gen.h) ... */
#define XR__MAP_FD(name, ...) int name;
struct xr_maps {
	XR_MAP_LIST(XR__MAP_FD, XR__MAP_FD)
	struct xr_fib4 *fib;   /* the FIB maps, mapped (lib/fib4.h) */
	struct xr_fib6 *fib6;  /* the IPv6 FIB's (lib/fib6.h) */
};
#undef XR__MAP_FD

/* The names of the maps a handler shares with the router
 * (XR_HANDLER_MAP_LIST: xdp_router/handler_maps.h). */
#define XR__MAP_ONE(name, ...) + 1
enum { XR_N_SHARED_MAPS = 0 XR_HANDLER_MAP_LIST(XR__MAP_ONE, XR__MAP_ONE) };
#undef XR__MAP_ONE
extern const char *const xr_shared_maps[XR_N_SHARED_MAPS];

struct xr_state {
	char base[PATH_MAX];   /* the bpffs mount */
	char dir[PATH_MAX];    /* base/netns-<cookie> */
	int base_fd;           /* both checked (lib/sdir.h); -1: not open */
	int dir_fd;
	int lock_fd;           /* dir, opened: its flock is the namespace's lock */
	struct xr_maps m;
};

enum {
	XR_STATE_CREATE = 1,   /* create the maps when they do not exist */
	XR_STATE_LOCK_EX = 2,  /* exclusive lock (writers); else shared */
	XR_STATE_NB = 4,       /* never wait for the lock: -EWOULDBLOCK */
	XR_STATE_UPGRADE = 8,  /* convert state another build wrote */
};

/* Resolve base and dir (mounting the bpffs if needed) and open the base,
 * checked; no maps opened. */
int xr_state_locate(struct xr_state *st);
/* Locate, lock and open the pinned maps. -ENOENT when there is no state
 * yet and XR_STATE_CREATE is not given. The lock is flock(2) on the
 * namespace's own directory (docs/state.md, Locking). */
int xr_state_open(struct xr_state *st, int flags);
void xr_state_close(struct xr_state *st);
/* What every writer does first, once it holds the exclusive lock (done
 * by xr_state_open with XR_STATE_LOCK_EX; a command that takes the lock
 * later calls it then): what a writer killed midway left is put right
 * (xr_state_repair, a dead capture's tap). -ESTALE (one line) when the
 * state is no longer the one opened (reset or upgraded meanwhile), -EIO
 * when it could not be repaired; 0 to go on. */
int xr_state_writing(struct xr_state *st);
/* Whether what st holds is still the state at st->dir: the same
 * directory, and every map the one pinned under its name. */
int xr_state_current(const struct xr_state *st);
/* The kernel's id of the map fd holds; 0 if none or not known. */
__u32 xr_map_id(int fd);
/* The cheap half: still the same directory at st->dir (not reset). */
int xr_state_dir_current(const struct xr_state *st);
/* A long-lived user (the daemon) holds the maps without the lock and
 * takes it only around its writes: exclusive, or shared. A shared lock
 * held is converted (not atomically: a writer may come in between). */
int xr_state_lock(struct xr_state *st, int exclusive);
/* The same without waiting: -EWOULDBLOCK while another holds it. A
 * conversion that fails loses the lock held before (flock(2)): callers
 * hold none, or let the state go on failure. */
int xr_state_trylock(struct xr_state *st, int exclusive);
void xr_state_unlock(struct xr_state *st);
/*
 * After a writer died mid-write (kill -9, a crash), the next command
 * repairs before anything else (docs/state.md "Crashes"). The contract:
 * call xr_state_repair with the exclusive lock held, right after taking
 * it and before any read or write of the tables; it returns at once when
 * the FIB's writer mark names no dead writer, else makes the FIB what the
 * route table and the addresses compile to (a line on stderr says so).
 * -EIO when it cannot (said on stderr; `reset` still clears the state).
 * xr_state_open calls it for XR_STATE_LOCK_EX; for a shared opener it
 * calls xr_state_repair_shared, which takes the exclusive lock for the
 * repair and goes back to shared. A writer that drops the exclusive lock
 * while it keeps the FIB mapped calls xr_fib4_commit (lib/fib4.h) first.
 */
int xr_state_repair(struct xr_state *st);
int xr_state_repair_shared(struct xr_state *st, int nb);  /* nb: never wait */
/* Point every map of obj at its pin under dir (reused when present). */
int xr_state_set_pins(struct bpf_object *obj, const char *dir);
/* The fd in m of the router's map of that name; -1: none. */
int xr_maps_fd(const struct xr_maps *m, const char *name);
/* Take the map fds of a loaded object whose maps are new (tests, bench:
 * no pinning): the FIBs mapped and made empty (xr_pt_format). */
int xr_maps_from_obj(struct xr_maps *m, struct bpf_object *obj);
/* The FIBs of a loaded object's new maps made empty, and let go (a state
 * being made, the maps an upgrade makes). */
int xr_fib_format_obj(struct bpf_object *obj);
/* Map the FIBs of m, IPv4's and IPv6's (done by xr_state_open and
 * xr_maps_from_obj). */
int xr_maps_open_fib(struct xr_maps *m);
/* Unmap them, letting what was given up be reused. */
int xr_maps_close_fib(struct xr_maps *m);
/* Unpin every map (the handlers' too: proto/) and remove dir. */
int xr_state_destroy(struct xr_state *st);
/* The same for the state directory name under the checked base_fd. */
int xr_state_remove_at(int base_fd, const char *name, const char *dir);
/* Whether this process may use BPF at all; prints why not. */
int xr_check_privileges(void);

#endif
