/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's options (daemon.c): one parser for its command line, for
 * a configuration file's `daemon` line (checked by -batch and apply,
 * never run) and for `daemon --config FILE`, which takes the file's
 * line first and the command line's after (a later value wins).
 */
#ifndef XR_CLI_DAEMON_OPTS_H
#define XR_CLI_DAEMON_OPTS_H

#include "slowpath/daemon.h"
#include "slowpath/follow.h"

/* The daemon's options as its usage lines show them: `daemon --help`
 * and `xdp-router -h` print this one text (continuation lines indented
 * 9 columns). */
#define XR_DAEMON_USAGE_OPTS                                                   \
	"[--icmp-ratelimit MS] [--icmp6-ratelimit MS] [--icmp-msgs-per-sec N]\n" \
	"         [--icmp-msgs-burst N] [--unres-qlen N] [--unres-qlen-bytes N]\n" \
	"         [--unres-total-bytes N] [--gc-thresh3 N] [--arp-locktime MS]\n" \
	"         [--kernel-sync [--table ID|main] [--rcvbuf BYTES] | "         \
	"--fpm [ADDR:]PORT [--table ID|main]]\n"                             \
	"         [--textfile PATH [--textfile-interval SEC]]\n"                \
	"         [--config FILE]\n"

struct xr_daemon_opts {
	struct xr_sp_parms p;
	struct xr_follow_parms fp;
	unsigned int seen;          /* daemon_sync.c's options given */
	int interval_seen;          /* --textfile-interval given */
	int config_mode;            /* --config: XR_DAEMON_CONFIG_* */
	const char *config;         /* its FILE (TAKE) */
};

/* --config: refused (a file's daemon line), taken (the command line),
 * skipped with its value (the command line parsed again). */
enum { XR_DAEMON_CONFIG_NO, XR_DAEMON_CONFIG_TAKE, XR_DAEMON_CONFIG_SKIP };

/* The defaults. */
void xr_daemon_opts_init(struct xr_daemon_opts *o);
/* argv's options into o, each error one line (the daemon's own): 0 or
 * -1. --help and --config are the command line's: refused here. */
int xr_daemon_parse_opts(int argc, char **argv, struct xr_daemon_opts *o);
/* What the options hold (o->p.textfile, malloc'd). */
void xr_daemon_opts_free(struct xr_daemon_opts *o);
/* The options together (--kernel-sync with --fpm, ...): 0 or -1. */
int xr_daemon_opts_check(struct xr_daemon_opts *o);
/* A `daemon` line's words after "daemon": parsed and checked. */
int xr_daemon_decl(int argc, char **argv, struct xr_daemon_opts *o);

#endif
