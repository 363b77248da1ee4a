/* SPDX-License-Identifier: GPL-2.0 */
/* The daemon's metrics options: --textfile, --textfile-interval. */
#ifndef XR_CLI_DAEMON_TEXTFILE_H
#define XR_CLI_DAEMON_TEXTFILE_H

#include "slowpath/slowpath.h"

/* argv[*i] one of them: 1 (*i on its value), -1 after an error line;
 * 0 when it is another option. */
int xr_daemon_textfile_opt(int argc, char **argv, int *i,
			   struct xr_sp_parms *p);
/* With --textfile: its file can be written, the writer set (0), or 1
 * after one error line. */
int xr_daemon_textfile_check(struct xr_sp_parms *p);

#endif
