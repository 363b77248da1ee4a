/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daemon --textfile: the metrics written every interval by a child
 * process, so that counting a large route table (about 2 s for a
 * million routes) never holds up the daemon's loop.
 */
#ifndef XR_SP_TEXTFILE_H
#define XR_SP_TEXTFILE_H

#include <stdint.h>
#include <sys/types.h>
#include "xdp_router/abi.h"
#include "lib/state.h"

struct xr_sp_textfile {
	const char *path;          /* NULL: no --textfile */
	uint64_t interval_ns;
	int (*write)(const struct xr_maps *m, const char *path);  /* 0 or 1 */
	uint64_t next_ns;          /* the next write */
	pid_t pid;                 /* the child writing (0: none) */
	int failed;                /* the last write failed: the next is quiet */
	unsigned int killed;       /* writers killed (still running when the
				    * next was due, or at stop) */
};

/* How long stop waits for a writer before it kills it. */
#define XR_SP_TEXTFILE_STOP_MS 1000

/* At now: reap the last write; start the next when it is due (a write
 * still running then is killed first: never two, never one forever)
 * (m NULL: no state, the counters are zero). */
void xr_sp_textfile_tick(struct xr_sp_textfile *t, const struct xr_maps *m,
			 uint64_t now);
/* Wait for a write still running, XR_SP_TEXTFILE_STOP_MS at most, then
 * kill it. */
void xr_sp_textfile_stop(struct xr_sp_textfile *t);

#endif
