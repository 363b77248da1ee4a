// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router save: the running configuration as batch lines on stdout
 * (cfg.h's items, in their order), deterministic: the same state gives
 * the same bytes. `save > FILE` then `apply FILE` or `-batch FILE`
 * gives it back (docs/configuration.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli/cfg.h"
#include "lib/err.h"
#include "lib/version.h"

/* The one line saying why no route and no neighbour is saved. */
static const char *follows_line(int mode)
{
	if (mode == XR_SYNC_KERNEL)
		return "# routes and neighbours follow the kernel (daemon "
		       "--kernel-sync, table 254): not saved";
	if (mode == XR_SYNC_FPM)
		return "# routes follow FRR (daemon --fpm), neighbours the "
		       "kernel: not saved";
	return NULL;
}

/* The kinds in save's order; within a kind, the keys' (cfg.c). */
static int print_cfg(struct xr_cfg *c)
{
	char *line = malloc(XR_CFG_LINE);
	size_t i;

	if (!line) {
		xr_err("out of memory");
		return -ENOMEM;
	}
	printf("# xdp-router save (build %s)\n", xr_build_version());
	if (follows_line(c->follows))
		printf("%s\n", follows_line(c->follows));
	xr_cfg_sort(c);
	for (i = 0; i < c->n; i++)
		printf("%s%s\n", c->v[i].gone ? "# device gone: " : "",
		       xr_cfg_fmt(&c->v[i], line, XR_CFG_LINE));
	free(line);
	return 0;
}

/* The state opened (shared lock), read once, closed. */
int xr_save_main(struct xr_cli *cli, int argc, char **argv)
{
	struct xr_cfg c = { 0 };
	int err;

	if (argc > 0) {
		xr_err("unknown argument \"%s\" (save takes none)", xr_word(argv[0]));
		return 1;
	}
	if (xr_check_privileges())
		return 1;
	err = xr_state_open(&cli->st, 0);
	if (err && err != -ENOENT)
		return 1;
	cli->have_state = !err;
	err = xr_cfg_read(cli, &c);
	if (!err)
		err = xr_cfg_mark_connected(&c, &c);
	if (!err)
		err = print_cfg(&c);
	xr_cfg_free(&c);
	xr_state_close(&cli->st);
	return err || fflush(stdout) ? 1 : 0;
}
