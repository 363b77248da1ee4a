/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A batch file (-batch, apply, daemon --config): one statement a line,
 * blanks separate words, quotes group, '#' starts a comment. A line may
 * start with -4 or -6 (its family, as the option); a `daemon [OPTIONS]`
 * line is a declaration: checked with the daemon's parser, never run,
 * at most one a file. Every line is parsed before anything runs.
 */
#ifndef XR_CLI_BATCH_H
#define XR_CLI_BATCH_H

#include "cli/cli.h"
#include "cli/daemon_opts.h"

#define XR_BATCH_WORDS 64

struct xr_batch {
	struct xr_cmd *cmds;
	size_t n, cap;
	int daemon_line;            /* its line (0: none) */
	struct xr_daemon_opts daemon;  /* its options, checked */
	/* set before reading: a statement the file may not hold gets one
	 * error line and -1 (apply's) */
	int (*allow)(const struct xr_cmd *c);
};

/* Every line of file ('-': stdin) parsed; one error line (with its line
 * number) and -1 on the first bad one. b zeroed but for allow. */
int xr_batch_read(const char *file, struct xr_batch *b);
/* One more line (its words split in place) as line lineno. */
int xr_batch_add_line(struct xr_batch *b, char *line, int lineno);
void xr_batch_free(struct xr_batch *b);
/* The options of file's daemon line into o (none: o as it is); errors
 * name the file and the line. Other lines are not read. */
int xr_batch_daemon_opts(const char *file, struct xr_daemon_opts *o);

#endif
