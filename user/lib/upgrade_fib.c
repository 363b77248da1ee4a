// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB of a state written before layout 3 (docs/state.md "Upgrades"):
 * its DIR-24-8 maps (fib4_tbl24, fib4_tbl8, fib4_meta and IPv6's
 * fib6_tbl16, fib6_tbl8, fib6_meta) give way to the Poptrie's, which
 * the upgrade makes empty (upgrade.c) and this fills from the route
 * table and the addresses, before any program of this build reads it;
 * only then are the old pins removed. The programs running meanwhile
 * keep reading the old maps they hold.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/err.h"
#include "lib/fib4.h"
#include "lib/fibrepair.h"
#include "lib/upgrade.h"

static const char *const retired[] = {
	XR_MAP_NAME(fib4_tbl24), XR_MAP_NAME(fib4_tbl8), XR_MAP_NAME(fib4_meta),
	XR_MAP_NAME(fib6_tbl16), XR_MAP_NAME(fib6_tbl8), XR_MAP_NAME(fib6_meta),
};
#define N_RETIRED (sizeof(retired) / sizeof(retired[0]))

static int retired_pinned(int dir_fd)
{
	size_t i;

	for (i = 0; i < N_RETIRED; i++)
		if (!faccessat(dir_fd, retired[i], F_OK, AT_SYMLINK_NOFOLLOW))
			return 1;
	return 0;
}

/* Both families' tries made what the tables compile to, under the
 * writer mark (a crash here is repaired by the next command). */
static int fib_build(struct xr_state *st)
{
	struct xr_fib4_report r4, r6;
	int err;

	if ((err = xr_maps_fib_begin(&st->m)) ||
	    (err = xr_fib4_repair(&st->m, &r4)) ||
	    (err = xr_fib6_repair(&st->m, &r6)) ||
	    (err = xr_fib4_commit(st->m.fib)))
		return err;
	printf("built the FIB from the route table: IPv4 %zu routes, %zu "
	       "addresses; IPv6 %zu routes, %zu addresses\n", r4.routes,
	       r4.locals, r6.routes, r6.locals);
	return 0;
}

static int retired_unpin(const struct xr_state *st)
{
	size_t i;

	for (i = 0; i < N_RETIRED; i++) {
		if (!unlinkat(st->dir_fd, retired[i], 0))
			printf("removed map %s/%s (DIR-24-8)\n", st->dir, retired[i]);
		else if (errno != ENOENT)
			return -errno;
	}
	return 0;
}

int xr_upgrade_fib(struct xr_state *st, int apply)
{
	int err;

	if (!retired_pinned(st->dir_fd))
		return 0;
	if (!apply) {
		xr_err("the upgrade of %s did not finish (its FIB is not built): "
		       "'xdp-router upgrade' finishes it", st->dir);
		return -EIO;
	}
	if ((err = fib_build(st)) || (err = retired_unpin(st))) {
		xr_err("cannot build the FIB of %s from its route table: %s",
		       st->dir, strerror(-err));
		return -EIO;
	}
	return 0;
}
