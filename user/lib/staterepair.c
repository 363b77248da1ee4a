// SPDX-License-Identifier: GPL-2.0
/*
 * A write cut short (kill -9, a crash) is repaired by the next command
 * that opens the state, before it does anything else (docs/state.md
 * "Crashes"): the FIB made what the route table and the router's
 * addresses compile to (lib/fibrepair.h), for both families.
 */
#include <errno.h>
#include <stdio.h>
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

/* Both families' FIBs, IPv4's then IPv6's; *line says what was found. */
static int repair_both(struct xr_state *st, char *line, size_t len)
{
	struct xr_fib4_report r4, r6;
	char l4[256], l6[256] = "";
	int err;

	if ((err = xr_fib4_repair(&st->m, &r4)))
		return err;
	xr_fib4_report_format(&r4, l4, sizeof(l4));
	if (st->m.fib6) {
		if ((err = xr_fib6_repair(&st->m, &r6)))
			return err;
		xr_fib4_report_format(&r6, l6, sizeof(l6));
	}
	snprintf(line, len, "IPv4: %s; IPv6: %s", l4, st->m.fib6 ? l6 : "none");
	return 0;
}

int xr_state_repair(struct xr_state *st)
{
	char line[600];
	uint32_t pid;
	double t0;
	int err;

	if (!st->m.fib || !xr_fib4_writer_gone(st->m.fib, &pid))
		return 0;
	t0 = now_s();
	err = repair_both(st, line, sizeof(line));
	if (err) {
		xr_err("process %u died while writing %s, and its FIB cannot be "
		       "repaired: %s ('xdp-router reset' clears the state)",
		       pid, st->dir, strerror(-err));
		return -EIO;       /* as for a state reset must clear */
	}
	xr_fib4_repaired(st->m.fib);
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
