// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "lib/err.h"

int xr_err_line;
const char *xr_err_file;
int xr_err_dedupe;

/* The daemon's: a line the same as the last one is said once. */
static int err_repeated(const char *fmt, va_list ap)
{
	static char last[4096];
	char line[sizeof(last)];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (!strcmp(line, last))
		return 1;
	memcpy(last, line, sizeof(last));
	return 0;
}

void xr_err(const char *fmt, ...)
{
	va_list ap;

	if (xr_err_dedupe && xr_err_line <= 0) {
		va_start(ap, fmt);
		if (err_repeated(fmt, ap)) {
			va_end(ap);
			return;
		}
		va_end(ap);
	}
	fputs("xdp-router: ", stderr);
	if (xr_err_line > 0 && xr_err_file)
		fprintf(stderr, "%s: ", xr_err_file);
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
