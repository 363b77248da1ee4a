// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "lib/err.h"

int xr_err_line;

void xr_err(const char *fmt, ...)
{
	va_list ap;

	fputs("xdp-router: ", stderr);
	if (xr_err_line > 0)
		fprintf(stderr, "line %d: ", xr_err_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
