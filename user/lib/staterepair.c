// SPDX-License-Identifier: GPL-2.0
/*
 * A write cut short (kill -9, a crash) is repaired by the next command
 * that opens the state, before it does anything else (docs/state.md
 * "Crashes"): the FIB made what the route table and the router's
 * addresses compile to (lib/fibrepair.h).
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "lib/err.h"
#include "lib/fib4.h"
#include "lib/fibrepair.h"
#include "lib/state.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int xr_state_repair(struct xr_state *st)
{
	struct xr_fib4_report r;
	char line[512];
	uint32_t pid;
	double t0;
	int err;

	if (!st->m.fib || !xr_fib4_writer_gone(st->m.fib, &pid))
		return 0;
	t0 = now_s();
	err = xr_fib4_repair(&st->m, &r);
	if (err) {
		xr_err("process %u died while writing %s, and its FIB cannot be "
		       "repaired: %s ('xdp-router reset' clears the state)",
		       pid, st->dir, strerror(-err));
		return -EIO;       /* as for a state reset must clear */
	}
	xr_fib4_repaired(st->m.fib);
	xr_fib4_report_format(&r, line, sizeof(line));
	xr_err("process %u died while writing %s: FIB repaired from the route "
	       "table in %.3f s (%s)", pid, st->dir, now_s() - t0, line);
	return 0;
}

int xr_state_repair_shared(struct xr_state *st, int nb)
{
	uint32_t pid;
	int err;

	if (!st->m.fib || !xr_fib4_writer_gone(st->m.fib, &pid))
		return 0;
	if ((err = nb ? xr_state_trylock(st, 1) : xr_state_lock(st, 1)))
		return err;
	err = xr_state_repair(st);   /* it checks again, under the lock */
	if (xr_state_lock(st, 0) && !err)
		err = -errno;
	return err;
}
