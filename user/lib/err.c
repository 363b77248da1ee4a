// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "lib/err.h"

int xr_err_line;
int xr_err_mute;

void xr_err(const char *fmt, ...)
{
	va_list ap;

	if (xr_err_mute)
		return;
	fputs("xdp-router: ", stderr);
	if (xr_err_line > 0)
		fprintf(stderr, "line %d: ", xr_err_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Four buffers: one error line may quote that many words. */
const char *xr_word(const char *w)
{
	static __thread char buf[4][XR_WORD_MAX + sizeof("...")];
	static __thread unsigned int next;
	char *b;

	if (!w || strnlen(w, XR_WORD_MAX + 1) <= XR_WORD_MAX)
		return w;
	b = buf[next++ % 4];
	memcpy(b, w, XR_WORD_MAX);
	strcpy(b + XR_WORD_MAX, "...");
	return b;
}
