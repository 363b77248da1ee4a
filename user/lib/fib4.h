/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB maps mapped into this process: the DIR-24-8 tables and the
 * next-hop table, written in place (docs/fib.md). Opened with the state,
 * closed with it; closing lets what this process gave up be reused.
 */
#ifndef XR_FIB4_H
#define XR_FIB4_H

#include <stddef.h>
#include "lib/dir24.h"
#include "lib/nexthop.h"

struct xr_fib4 {
	struct xr_dir24 dir;
	struct xr_nh_table nh;
	struct xr_fib4_meta *meta;
	void *mem[4];
	size_t len[4];
};

/* Map the four FIB maps (fds of xr_fib4_tbl24, _tbl8, _nh, _meta). */
int xr_fib4_open(struct xr_fib4 **out, int tbl24, int tbl8, int nh, int meta);
/* Release what was given up (waiting for readers), then unmap. */
int xr_fib4_close(struct xr_fib4 *f);
/* Wait until every BPF program that may have read the FIB has finished. */
int xr_fib4_sync(void);

#endif
