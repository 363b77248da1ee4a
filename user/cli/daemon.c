// SPDX-License-Identifier: GPL-2.0
/* xdp-router daemon [--icmp-ratelimit MS] [--icmp-msgs-per-sec N]
 *                   [--icmp-msgs-burst N] [--unres-qlen N] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/parse.h"
#include "slowpath/daemon.h"

int xr_daemon_main(int argc, char **argv)
{
	struct xr_sp_parms p;
	int i;

	xr_sp_parms_default(&p);
	for (i = 0; i < argc; i++) {
		const char *o = argv[i];
		uint32_t *dst;
		uint32_t max = 1000000000u;

		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			printf("Usage: xdp-router daemon [--icmp-ratelimit MS] "
			       "[--icmp-msgs-per-sec N]\n"
			       "                         [--icmp-msgs-burst N] "
			       "[--unres-qlen N]\n"
			       "The slow path of this network namespace, in the "
			       "foreground (docs/slowpath.md).\n"
			       "Defaults: the kernel's: 1000 ms, 1000/s, 50, 101.\n");
			return 0;
		}
		if (!strcmp(o, "--icmp-ratelimit"))
			dst = &p.icmp_ratelimit_ms;
		else if (!strcmp(o, "--icmp-msgs-per-sec"))
			dst = &p.icmp_msgs_per_sec;
		else if (!strcmp(o, "--icmp-msgs-burst"))
			dst = &p.icmp_msgs_burst;
		else if (!strcmp(o, "--unres-qlen")) {
			dst = &p.nud.unres_qlen;
			max = 65536;
		} else {
			xr_err("unknown daemon option \"%s\" (--icmp-ratelimit, "
			       "--icmp-msgs-per-sec, --icmp-msgs-burst, --unres-qlen)",
			       xr_word(o));
			return 1;
		}
		if (i + 1 >= argc) {
			xr_err("missing value after \"%s\"", xr_word(o));
			return 1;
		}
		if (xr_parse_u32(argv[++i], o, 0, max, dst))
			return 1;
	}
	if (xr_check_privileges())
		return 1;
	return xr_daemon_run(&p);
}
