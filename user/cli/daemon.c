// SPDX-License-Identifier: GPL-2.0
/* xdp-router daemon [--icmp-ratelimit MS] [--icmp6-ratelimit MS]
 *                   [--icmp-msgs-per-sec N]
 *                   [--icmp-msgs-burst N] [--unres-qlen N]
 *                   [--unres-qlen-bytes N] [--unres-total-bytes N]
 *                   [--gc-thresh3 N] [--arp-locktime MS]
 *                   [--kernel-sync [--table ID] [--rcvbuf BYTES] |
 *                    --fpm [ADDR:]PORT [--table ID]]
 *                   [--textfile PATH [--textfile-interval SEC]] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/daemon_sync.h"
#include "cli/daemon_textfile.h"
#include "lib/err.h"
#include "lib/parse.h"
#include "slowpath/daemon.h"

struct dopt {
	const char *name;
	size_t off;             /* a uint32_t in struct xr_sp_parms */
	uint32_t max;
};

#define DOPT(n, f, m) { n, offsetof(struct xr_sp_parms, f), m }
static const struct dopt dopts[] = {
	DOPT("--icmp-ratelimit", icmp_ratelimit_ms, 1000000000u),
	DOPT("--icmp6-ratelimit", icmp6_ratelimit_ms, 1000000000u),
	DOPT("--icmp-msgs-per-sec", icmp_msgs_per_sec, 1000000000u),
	DOPT("--icmp-msgs-burst", icmp_msgs_burst, 1000000000u),
	DOPT("--unres-qlen", nud.unres_qlen, 65536),
	DOPT("--unres-qlen-bytes", nud.unres_qlen_bytes, 1u << 30),
	DOPT("--unres-total-bytes", nud.unres_total_bytes, 1u << 30),
	DOPT("--gc-thresh3", nud.gc_thresh3, 65536),
	DOPT("--arp-locktime", locktime_ms, 3600000),
};

static void usage(void)
{
	printf("Usage: xdp-router daemon [--icmp-ratelimit MS] "
	       "[--icmp6-ratelimit MS] [--icmp-msgs-per-sec N]\n"
	       "         [--icmp-msgs-burst N] [--unres-qlen N] "
	       "[--unres-qlen-bytes N]\n"
	       "         [--unres-total-bytes N] [--gc-thresh3 N] "
	       "[--arp-locktime MS]\n"
	       "         [--kernel-sync [--table ID|main] [--rcvbuf BYTES] | "
	       "--fpm [ADDR:]PORT [--table ID|main]]\n"
	       "         [--textfile PATH [--textfile-interval SEC]]\n"
	       "The slow path of this network namespace, in the "
	       "foreground (docs/slowpath.md).\n"
	       "Defaults: the kernel's 1000 ms, 1000 ms, 1000/s, 50, 101, 212992, "
	       "then 4194304 (ours), 1024, 1000 ms.\n"
	       "--kernel-sync: routes and neighbours follow the kernel's "
	       "(table main, 64 MiB socket buffer);\n"
	       "--fpm: routes from FRR's zebra over FPM (127.0.0.1 when no "
	       "ADDR), neighbours from the kernel\n"
	       "(docs/kernel-sync.md).\n"
	       "--textfile: the metrics (stats -o prometheus) written there "
	       "every SEC (15) seconds,\n"
	       "atomically (PATH a directory: PATH/xdp-router.prom; "
	       "docs/metrics.md).\n");
}

static const struct dopt *dopt_find(const char *o)
{
	size_t i;

	for (i = 0; i < sizeof(dopts) / sizeof(dopts[0]); i++)
		if (!strcmp(o, dopts[i].name))
			return &dopts[i];
	return NULL;
}

int xr_daemon_main(int argc, char **argv)
{
	struct xr_follow_parms fp;
	struct xr_sp_parms p;
	const struct dopt *d;
	unsigned int seen = 0;
	int i, r;

	xr_sp_parms_default(&p);
	xr_follow_parms_default(&fp);
	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage();
			return 0;
		}
		if ((r = xr_daemon_sync_opt(argc, argv, &i, &fp, &seen)) != 0) {
			if (r < 0)
				return 1;
			continue;
		}
		if ((r = xr_daemon_textfile_opt(argc, argv, &i, &p)) != 0) {
			if (r < 0)
				return 1;
			continue;
		}
		if (!(d = dopt_find(o))) {
			xr_err("unknown daemon option \"%s\" (--icmp-ratelimit, "
			       "--icmp-msgs-per-sec, --icmp-msgs-burst, --unres-qlen, "
			       "--unres-qlen-bytes, --unres-total-bytes, "
			       "--gc-thresh3, --arp-locktime, --kernel-sync, --fpm, "
			       "--table, --rcvbuf, --textfile, "
			       "--textfile-interval)", xr_word(o));
			return 1;
		}
		if (i + 1 >= argc) {
			xr_err("missing value after \"%s\"", xr_word(o));
			return 1;
		}
		if (xr_parse_u32(argv[++i], o, 0, d->max,
				 (uint32_t *)((char *)&p + d->off)))
			return 1;
	}
	if (xr_daemon_sync_check(seen) || xr_daemon_textfile_check(&p))
		return 1;
	p.nud.locktime_ns = (uint64_t)p.locktime_ms * 1000000ull;
	if (xr_check_privileges())
		return 1;
	return xr_daemon_run(&p, &fp);
}
