// SPDX-License-Identifier: GPL-2.0
/* A file written whole or not at all: temporary file, fsync, rename. */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/err.h"
#include "lib/textfile.h"

char *xr_textfile_path(const char *path)
{
	struct stat st;
	char *file;
	int dir = !stat(path, &st) && S_ISDIR(st.st_mode);

	return asprintf(&file, dir ? "%s/" XR_TEXTFILE_NAME : "%s", path) < 0 ?
	       NULL : file;
}

/* The file path names (path/xdp-router.prom for a directory) and the
 * temporary file's template beside it, malloc'd; -ENOMEM. */
static int names(const char *path, char **file, char **tmp)
{
	char *d;

	*tmp = NULL;
	*file = xr_textfile_path(path);
	if (!*file)
		return -ENOMEM;
	d = strdup(*file);
	if (!d || asprintf(tmp, "%s/.%s.XXXXXX", dirname(d),
			   XR_TEXTFILE_NAME) < 0)
		*tmp = NULL;
	free(d);
	if (!*tmp) {
		free(*file);
		return -ENOMEM;
	}
	return 0;
}

/* emit into the open temporary file fd, synced and closed: 0, -errno,
 * or 1 (emit said what failed). */
static int fill(int fd, int (*emit)(FILE *f, void *arg), void *arg)
{
	FILE *f = fdopen(fd, "w");
	int err;

	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	err = fchmod(fd, 0644) ? -errno : emit(f, arg);
	if (!err && (fflush(f) || fsync(fd)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/* The error line of a file that cannot be written: 1. */
static int failed(const char *file, int err)
{
	xr_err("cannot write the metrics to \"%s\": %s", xr_word(file),
	       strerror(-err));
	return 1;
}

int xr_textfile_check(const char *path)
{
	char *file, *tmp;
	int err = names(path, &file, &tmp), r;

	if (err) {
		xr_err("out of memory");
		return 1;
	}
	*strrchr(tmp, '/') = '\0';        /* the directory */
	r = access(tmp, W_OK | X_OK) ? failed(file, -errno) : 0;
	free(file);
	free(tmp);
	return r;
}

int xr_textfile_write(const char *path, int (*emit)(FILE *f, void *arg),
		      void *arg)
{
	char *file, *tmp;
	int fd, err = names(path, &file, &tmp);

	if (err) {
		xr_err("out of memory");
		return 1;
	}
	fd = mkstemp(tmp);
	err = fd < 0 ? -errno : fill(fd, emit, arg);
	if (!err && rename(tmp, file))
		err = -errno;
	if (err && fd >= 0)
		unlink(tmp);
	if (err < 0)
		failed(file, err);
	free(file);
	free(tmp);
	return !!err;
}
