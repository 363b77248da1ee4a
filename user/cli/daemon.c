// SPDX-License-Identifier: GPL-2.0
/* xdp-router daemon [--icmp-ratelimit MS] [--icmp6-ratelimit MS]
 *                   [--icmp-msgs-per-sec N]
 *                   [--icmp-msgs-burst N] [--unres-qlen N]
 *                   [--unres-qlen-bytes N] [--unres-total-bytes N]
 *                   [--gc-thresh3 N] [--arp-locktime MS]
 *                   [--kernel-sync [--table ID] [--rcvbuf BYTES] |
 *                    --fpm [ADDR:]PORT [--table ID]]
 *                   [--textfile PATH [--textfile-interval SEC]]
 *                   [--config FILE] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/batch.h"
#include "cli/daemon_opts.h"
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
	printf("Usage: xdp-router daemon " XR_DAEMON_USAGE_OPTS
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
	       "docs/metrics.md).\n"
	       "--config FILE: the options of FILE's \"daemon\" line first, then "
	       "these (a later one wins).\n");
}

static const struct dopt *dopt_find(const char *o)
{
	size_t i;

	for (i = 0; i < sizeof(dopts) / sizeof(dopts[0]); i++)
		if (!strcmp(o, dopts[i].name))
			return &dopts[i];
	return NULL;
}

void xr_daemon_opts_init(struct xr_daemon_opts *o)
{
	memset(o, 0, sizeof(*o));
	xr_sp_parms_default(&o->p);
	xr_follow_parms_default(&o->fp);
}

static int unknown_opt(const char *o)
{
	xr_err("unknown daemon option \"%s\" (--icmp-ratelimit, --icmp6-ratelimit, "
	       "--icmp-msgs-per-sec, --icmp-msgs-burst, --unres-qlen, "
	       "--unres-qlen-bytes, --unres-total-bytes, "
	       "--gc-thresh3, --arp-locktime, --kernel-sync, --fpm, "
	       "--table, --rcvbuf, --textfile, "
	       "--textfile-interval)", xr_word(o));
	return -1;
}

/* --textfile's word kept past its line (a file's daemon line), the one
 * it replaces freed; --textfile-interval noted (it needs --textfile). */
static int keep_textfile(struct xr_daemon_opts *o, const char *opt,
			 char *old)
{
	if (strcmp(opt, "--textfile")) {
		o->interval_seen = 1;
		return 0;
	}
	free(old);
	if ((o->p.textfile = strdup(o->p.textfile)))
		return 0;
	xr_err("out of memory");
	return -1;
}

/* --config FILE: the command line's only (o->config_mode); its second
 * parse skips it. */
static int config_opt(int argc, char **argv, int *i, struct xr_daemon_opts *o)
{
	if (o->config_mode == XR_DAEMON_CONFIG_SKIP) {
		++*i;
		return 0;
	}
	if (o->config || ++*i >= argc) {
		xr_err(o->config ? "--config given twice" :
		       "missing FILE after \"--config\"");
		return -1;
	}
	o->config = argv[*i];
	return 0;
}

/* One option at argv[*i] with its value; *i on its last word. */
static int parse_opt(int argc, char **argv, int *i, struct xr_daemon_opts *o)
{
	const struct dopt *d;
	const char *w = argv[*i];
	char *old = (char *)o->p.textfile;
	int r = xr_daemon_sync_opt(argc, argv, i, &o->fp, &o->seen);

	if (r)
		return r < 0 ? -1 : 0;
	if (o->config_mode && !strcmp(w, "--config"))
		return config_opt(argc, argv, i, o);
	if ((r = xr_daemon_textfile_opt(argc, argv, i, &o->p)) != 0)
		return r < 0 ? -1 : keep_textfile(o, w, old);
	if (!(d = dopt_find(w)))
		return unknown_opt(w);
	if (*i + 1 >= argc) {
		xr_err("missing value after \"%s\"", xr_word(w));
		return -1;
	}
	return xr_parse_u32(argv[++*i], w, 0, d->max,
			    (uint32_t *)((char *)&o->p + d->off)) ? -1 : 0;
}

int xr_daemon_parse_opts(int argc, char **argv, struct xr_daemon_opts *o)
{
	int i;

	for (i = 0; i < argc; i++)
		if (parse_opt(argc, argv, &i, o))
			return -1;
	return 0;
}

int xr_daemon_opts_check(struct xr_daemon_opts *o)
{
	if (o->interval_seen && !o->p.textfile) {
		xr_err("--textfile-interval without --textfile");
		return -1;
	}
	if (xr_daemon_sync_check(o->seen) || xr_daemon_textfile_check(&o->p))
		return -1;
	o->p.nud.locktime_ns = (uint64_t)o->p.locktime_ms * 1000000ull;
	return 0;
}

void xr_daemon_opts_free(struct xr_daemon_opts *o)
{
	free((char *)o->p.textfile);
	o->p.textfile = NULL;
}

int xr_daemon_decl(int argc, char **argv, struct xr_daemon_opts *o)
{
	xr_daemon_opts_init(o);
	if (xr_daemon_parse_opts(argc, argv, o))
		return -1;
	return xr_daemon_opts_check(o);
}

/* --config FILE (anywhere, as an option: never a value): its daemon
 * line's options first, then the command line's (daemon_sync's "given
 * twice" counts each source apart; the command line's source wins).
 * The command line is parsed twice: to find FILE, then over FILE's. */
static int with_config(int argc, char **argv, struct xr_daemon_opts *o)
{
	struct xr_daemon_opts cl;
	unsigned int seen_cfg;
	int err;

	xr_daemon_opts_init(&cl);
	cl.config_mode = XR_DAEMON_CONFIG_TAKE;
	err = xr_daemon_parse_opts(argc, argv, &cl);
	xr_daemon_opts_free(&cl);
	if (err || (cl.config && xr_batch_daemon_opts(cl.config, o)))
		return -1;
	seen_cfg = o->seen;
	o->seen = 0;
	o->config_mode = XR_DAEMON_CONFIG_SKIP;
	if (xr_daemon_parse_opts(argc, argv, o))
		return -1;
	o->seen = xr_daemon_sync_merge(seen_cfg, o->seen);
	return xr_daemon_opts_check(o);
}

int xr_daemon_main(int argc, char **argv)
{
	struct xr_daemon_opts o;
	int i, ret = 1;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage();
			return 0;
		}
	xr_daemon_opts_init(&o);
	if (!with_config(argc, argv, &o) && !xr_check_privileges())
		ret = xr_daemon_run(&o.p, &o.fp);
	xr_daemon_opts_free(&o);
	return ret;
}
