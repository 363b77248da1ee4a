/* SPDX-License-Identifier: GPL-2.0 */
/* xdp-router daemon: the slow path's event loop (docs/slowpath.md). */
#ifndef XR_SP_DAEMON_H
#define XR_SP_DAEMON_H

#include "slowpath/follow.h"
#include "slowpath/slowpath.h"

/* Runs until SIGTERM/SIGINT; returns the exit status. fp: following
 * the kernel or FPM (slowpath/follow.h), mode OFF: neither. */
int xr_daemon_run(const struct xr_sp_parms *p, const struct xr_follow_parms *fp);

#endif
