/* SPDX-License-Identifier: GPL-2.0 */
/* A file for node_exporter's textfile collector, written atomically. */
#ifndef XR_TEXTFILE_H
#define XR_TEXTFILE_H

#include <stdio.h>

/* The name written in a directory given as the path. */
#define XR_TEXTFILE_NAME "xdp-router.prom"

/*
 * emit(f, arg) into a temporary file in the same
 * directory (".xdp-router.prom.XXXXXX": node_exporter reads *.prom
 * only), readable by all (0644), synced, then renamed over path; path
 * a directory: path/xdp-router.prom. emit returns 0, -errno (said
 * here) or 1 (it said what failed). 0, or 1 after one error line.
 */
int xr_textfile_write(const char *path, int (*emit)(FILE *f, void *arg),
		      void *arg);
/* The file path names, malloc'd (NULL: out of memory): path, or
 * path/xdp-router.prom when path is a directory now. */
char *xr_textfile_path(const char *path);
/* Whether path's file can be written there (its directory exists and
 * is writable): 0, or 1 after one error line. */
int xr_textfile_check(const char *path);

#endif
