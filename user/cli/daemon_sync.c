// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router daemon's options for following the kernel
 * (docs/kernel-sync.md): --kernel-sync [--table ID|main] [--rcvbuf BYTES]
 * or --fpm [ADDR:]PORT [--table ID|main]. Each error is one line.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/daemon_sync.h"
#include "lib/err.h"
#include "lib/parse.h"
#include "sync/fpm.h"

#define SEEN_KERNEL 0x1
#define SEEN_FPM    0x2
#define SEEN_TABLE  0x4
#define SEEN_RCVBUF 0x8

/* A table number 1 .. 2^32-1 in decimal, nothing else. */
static int table_number(const char *w, uint32_t *table)
{
	unsigned long long v;
	char *end;

	if (*w < '0' || *w > '9')
		return -1;
	errno = 0;
	v = strtoull(w, &end, 10);
	if (*end || errno || v < 1 || v > UINT32_MAX)
		return -1;
	*table = (uint32_t)v;
	return 0;
}

/* iproute2's names of the reserved tables, or a number 1 .. 2^32-1. */
static int parse_table(const char *w, uint32_t *table)
{
	static const struct { const char *name; uint32_t id; } names[] = {
		{ "main", 254 }, { "local", 255 }, { "default", 253 },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(w, names[i].name)) {
			*table = names[i].id;
			return 0;
		}
	if (table_number(w, table) == 0)
		return 0;
	xr_err("invalid --table \"%s\" (main, local, default or 1 to %u)",
	       xr_word(w), UINT32_MAX);
	return -1;
}

static int parse_fpm(const char *w, struct xr_follow_parms *p)
{
	if (xr_fpm_parse_addr(w, p->fpm_addr, sizeof(p->fpm_addr),
			      &p->fpm_port) == 0 && p->fpm_port)
		return 0;
	xr_err("invalid --fpm \"%s\" ([ADDR:]PORT, PORT 1 to 65535, an IPv6 "
	       "ADDR in brackets)", xr_word(w));
	return -1;
}

static int opt_value(const char *o, const char *name, unsigned int bit,
		     unsigned int *seen)
{
	if (strcmp(o, name))
		return 0;
	if (*seen & bit) {
		xr_err("%s given twice", name);
		return -1;
	}
	*seen |= bit;
	return 1;
}

/* The option at argv[*i] with its value, if one of ours: 1 (*i on its
 * last word), 0 when not ours, -1 after an error. */
int xr_daemon_sync_opt(int argc, char **argv, int *i,
		       struct xr_follow_parms *p, unsigned int *seen)
{
	const char *o = argv[*i];
	int r;

	if ((r = opt_value(o, "--kernel-sync", SEEN_KERNEL, seen)) != 0) {
		p->mode = XR_SYNC_KERNEL;
		return r;
	}
	if (!(r = opt_value(o, "--fpm", SEEN_FPM, seen)) &&
	    !(r = opt_value(o, "--table", SEEN_TABLE, seen)) &&
	    !(r = opt_value(o, "--rcvbuf", SEEN_RCVBUF, seen)))
		return 0;
	if (r < 0)
		return -1;
	if (*i + 1 >= argc) {
		xr_err("missing value after \"%s\"", o);
		return -1;
	}
	(*i)++;
	if (!strcmp(o, "--table"))
		return parse_table(argv[*i], &p->table) ? -1 : 1;
	if (!strcmp(o, "--rcvbuf"))
		return xr_parse_u32(argv[*i], "--rcvbuf", 4096, 1u << 30,
				    (uint32_t *)&p->rcvbuf) ? -1 : 1;
	p->mode = XR_SYNC_FPM;
	return parse_fpm(argv[*i], p) ? -1 : 1;
}

/* The options together: one source, --table and --rcvbuf with theirs. */
int xr_daemon_sync_check(unsigned int seen)
{
	if ((seen & SEEN_KERNEL) && (seen & SEEN_FPM)) {
		xr_err("--kernel-sync and --fpm exclude each other (the routes "
		       "follow one source)");
		return -1;
	}
	if ((seen & SEEN_TABLE) && !(seen & (SEEN_KERNEL | SEEN_FPM))) {
		xr_err("--table needs --kernel-sync or --fpm");
		return -1;
	}
	if ((seen & SEEN_RCVBUF) && !(seen & SEEN_KERNEL)) {
		xr_err("--rcvbuf needs --kernel-sync");
		return -1;
	}
	return 0;
}

/* The options a configuration file's daemon line gave (cfg), then the
 * command line's (cli): a source (--kernel-sync, --fpm) on the command
 * line replaces the file's. */
unsigned int xr_daemon_sync_merge(unsigned int cfg, unsigned int cli)
{
	if (cli & (SEEN_KERNEL | SEEN_FPM))
		cfg &= ~(unsigned int)(SEEN_KERNEL | SEEN_FPM);
	return cfg | cli;
}
