/* SPDX-License-Identifier: GPL-2.0 */
/* The daemon's options for following the kernel (daemon_sync.c). */
#ifndef XR_CLI_DAEMON_SYNC_H
#define XR_CLI_DAEMON_SYNC_H

#include "slowpath/follow.h"

int xr_daemon_sync_opt(int argc, char **argv, int *i,
		       struct xr_follow_parms *p, unsigned int *seen);
int xr_daemon_sync_check(unsigned int seen);
unsigned int xr_daemon_sync_merge(unsigned int cfg, unsigned int cli);

#endif
