/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB maps mapped into this process: the Poptrie (lib/poptrie.h) and
 * the next-hop table, written in place (docs/fib.md). Opened with the
 * state, closed with it; closing lets what this process gave up be
 * reused.
 */
#ifndef XR_FIB4_H
#define XR_FIB4_H

#include <stddef.h>
#include <stdint.h>
#include "lib/fibent.h"
#include "lib/nexthop.h"
#include "lib/nhgtab.h"
#include "lib/poptrie.h"

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

/* A family's FIB maps, in the order they are mapped (fd[] of the open
 * functions, mem[] below): the trie's five, then the next hops. */
enum { XR_FIB_DIR, XR_FIB_NODE, XR_FIB_LEAF, XR_FIB_PAGE, XR_FIB_META,
       XR_FIB_NH, XR_FIB_MAPS };

struct xr_fib4 {
	struct xr_poptrie pt;
	struct xr_nh_table nh;
	struct xr_nhg_table nhg;   /* the next-hop groups (xr_fib4_nhg) */
	struct xr_pt_meta *meta;   /* xr_fib4_ptmeta: counts, nh_used */
	void *mem[XR_FIB_MAPS];
	size_t len[XR_FIB_MAPS];
	struct xr_fib6 *v6;    /* the IPv6 FIB, under the same mark */
};

/* mmap an array map made with BPF_F_MMAPABLE, checked against the value
 * size and count this build expects (-EPROTO: made by another). */
int xr_fib_map(int fd, size_t value_size, uint32_t max_entries, void **mem,
	       size_t *len);
/* A FIB's maps at once (XR_FIB_*); on failure some may be mapped:
 * xr_fib_unmap_all undoes what was. */
struct xr_fib_mapping {
	int fd;
	size_t value_size;
	uint32_t count;
};
int xr_fib_map_all(const struct xr_fib_mapping map[XR_FIB_MAPS],
		   void *mem[XR_FIB_MAPS], size_t len[XR_FIB_MAPS]);
void xr_fib_unmap_all(void *mem[XR_FIB_MAPS], size_t len[XR_FIB_MAPS]);
/* The trie of a family's mapped maps (g: xr_pt_geom4 or 6); the
 * slow path's readers are waited for with membarrier (lib/rcu.h). */
void xr_fib_pt_wire(struct xr_poptrie *t, const struct xr_pt_geom *g,
		    void *mem[XR_FIB_MAPS]);

/* Map the FIB maps (fds of xr_fib4_dir, _node, _leaf, _page, _ptmeta,
 * _nh, in XR_FIB_* order). */
int xr_fib4_open(struct xr_fib4 **out, const int fd[XR_FIB_MAPS]);
/* The entry the fast path finds for ip (host order); 0: no route. */
uint32_t xr_fib4_lookup(const struct xr_fib4 *f, uint32_t ip);
/* ip/depth (host order, host bits clear) to next hop id, or away with
 * repl taking its place (lib/poptrie.h). -ENOSPC: the FIB's memory is
 * full (nothing changed). */
int xr_fib4_add(struct xr_fib4 *f, uint32_t ip, uint8_t depth, uint32_t id);
int xr_fib4_del(struct xr_fib4 *f, uint32_t ip, uint8_t depth, uint32_t repl);
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
