/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB maps mapped into this process: the DIR-24-8 tables and the
 * next-hop table, written in place (docs/fib.md). Opened with the state,
 * closed with it; closing lets what this process gave up be reused.
 */
#ifndef XR_FIB4_H
#define XR_FIB4_H

#include <stddef.h>
#include <stdint.h>
#include "lib/dir24.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"

/*
 * The writer mark (docs/state.md "Crashes"): set before a process's first
 * write, cleared once it has released what it gave up. Found set with its
 * writer gone, it means a write was cut short: the next command repairs
 * (lib/fibrepair.h). It lives in slot 0 of xr_fib4_nh, which no FIB entry
 * can name (id 0 is "none"); its first byte, a slot's type, stays 0.
 */
struct xr_fib4_writer {
	__u8  zero[4];
	__u32 pid;             /* 0: no write in progress */
	__u64 start;           /* the writer's start time (proc(5) stat) */
	__u64 seq;             /* writes begun, ever */
	__u64 repairs;         /* repairs done, ever */
};

struct xr_fib6;

struct xr_fib4 {
	struct xr_dir24 dir;
	struct xr_nh_table nh;
	struct xr_nhg_table nhg;   /* the next-hop groups (xr_fib4_nhg) */
	struct xr_fib4_meta *meta;
	void *mem[4];
	size_t len[4];
	struct xr_fib6 *v6;    /* the IPv6 FIB, under the same mark */
};

/* mmap an array map made with BPF_F_MMAPABLE, checked against the value
 * size and count this build expects (-EPROTO: made by another). */
int xr_fib_map(int fd, size_t value_size, uint32_t max_entries, void **mem,
	       size_t *len);
/* A FIB's four maps at once (tbl, groups, next hops, meta); on failure
 * some may be mapped: xr_fib_unmap_all undoes what was. */
struct xr_fib_mapping {
	int fd;
	size_t value_size;
	uint32_t count;
};
int xr_fib_map_all(const struct xr_fib_mapping map[4], void *mem[4],
		   size_t len[4]);
void xr_fib_unmap_all(void *mem[4], size_t len[4]);

/* Map the four FIB maps (fds of xr_fib4_tbl24, _tbl8, _nh, _meta). */
int xr_fib4_open(struct xr_fib4 **out, int tbl24, int tbl8, int nh, int meta);
/* Commit (below), then unmap. */
int xr_fib4_close(struct xr_fib4 *f);
/* Mark the state as being written by this process (idempotent). */
void xr_fib4_begin(struct xr_fib4 *f);
struct xr_maps;
/* Before a write to the route, address, neighbour or link maps: the
 * mark above (a no-op when the FIB is not mapped). Their write functions
 * (route4.h, neigh4.h, ifaces.h ...) do it themselves. */
void xr_maps_write_begin(const struct xr_maps *m);
/* Before a write to the FIB itself: the mark, or -EBADF when the FIB is
 * not mapped. */
int xr_maps_fib_begin(const struct xr_maps *m);
/* Release what was given up, in both families' FIBs (one wait for
 * readers), then clear this process's mark. A writer that keeps the FIB
 * mapped (the daemon) calls it before it drops the exclusive lock; close
 * does it too. */
int xr_fib4_commit(struct xr_fib4 *f);
/* Whether the mark is set by a process that is gone (*pid: which). */
int xr_fib4_writer_gone(const struct xr_fib4 *f, uint32_t *pid);
/* After a repair: the mark cleared, the repair counted. */
void xr_fib4_repaired(struct xr_fib4 *f);
/* Clear the mark if this process set it. */
void xr_fib4_mark_clear(struct xr_fib4 *f);

#endif
