/* SPDX-License-Identifier: GPL-2.0 */
/* One line on stderr per error, prefixed with the batch line when in one. */
#ifndef XR_ERR_H
#define XR_ERR_H

#include <stdarg.h>

/* Set while a batch is read or checked: "line N: " is put before errors. */
extern int xr_err_line;
/* Set with it (daemon --config FILE): "FILE: " before "line N: ". */
extern const char *xr_err_file;
/* Set (a daemon, retrying): a line the same as the last one printed is
 * not printed again. */
extern int xr_err_dedupe;

void xr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A user's word as an error line quotes it: the word itself, or its
 * first XR_WORD_MAX characters and "..." (a 50 MB word is not echoed). */
#define XR_WORD_MAX 64
const char *xr_word(const char *w);

#endif
