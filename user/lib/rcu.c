// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include "lib/err.h"
#include "lib/rcu.h"

/*
 * membarrier(MEMBARRIER_CMD_GLOBAL) is synchronize_rcu(): it returns once
 * every CPU has been through a quiescent state, so every XDP or tc
 * program that was running (they run under rcu_read_lock) has finished.
 */
int xr_synchronize_rcu(void)
{
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0) {
		int err = -errno;

		xr_err("membarrier: %s (cannot wait for the packets the fast "
		       "path has in flight)",
		       strerror(-err));
		return err;
	}
	return 0;
}
