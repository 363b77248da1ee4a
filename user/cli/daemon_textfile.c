// SPDX-License-Identifier: GPL-2.0
/* daemon --textfile PATH [--textfile-interval SEC]: the metrics of
 * `stats -o prometheus` written there from the daemon's loop. */
#include <stdlib.h>
#include <string.h>
#include "cli/daemon_textfile.h"
#include "cli/stats_prom.h"
#include "lib/err.h"
#include "lib/parse.h"
#include "lib/textfile.h"

int xr_daemon_textfile_opt(int argc, char **argv, int *i,
			   struct xr_sp_parms *p)
{
	const char *o = argv[*i];

	if (strcmp(o, "--textfile") && strcmp(o, "--textfile-interval"))
		return 0;
	if (*i + 1 >= argc) {
		xr_err("missing value after \"%s\"", o);
		return -1;
	}
	(*i)++;
	if (!strcmp(o, "--textfile")) {
		p->textfile = argv[*i];
		return 1;
	}
	return xr_parse_u32(argv[*i], o, 1, 86400, &p->textfile_interval_s) ?
	       -1 : 1;
}

/* The file is named once: a directory given stays the one written into
 * when it is renamed or removed (writes fail; never a file of its name). */
int xr_daemon_textfile_check(struct xr_sp_parms *p)
{
	char *given = (char *)p->textfile;

	if (!p->textfile)
		return 0;
	p->textfile_write = xr_stats_prom_textfile;
	p->textfile = xr_textfile_path(given);   /* malloc'd as given was */
	free(given);
	if (!p->textfile) {
		xr_err("out of memory");
		return 1;
	}
	return xr_textfile_check(p->textfile);
}
