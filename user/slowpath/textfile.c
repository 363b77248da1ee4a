// SPDX-License-Identifier: GPL-2.0
/* daemon --textfile: a child writes the metrics (textfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lib/err.h"
#include "slowpath/textfile.h"

/* Whether the child ended (its status noted); a wait of none is done. */
static int reaped(struct xr_sp_textfile *t, int options)
{
	int status;
	pid_t r;

	if (t->pid <= 0)
		return 1;
	r = waitpid(t->pid, &status, options);
	if (r == 0)
		return 0;
	t->failed = r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	t->pid = 0;
	return 1;
}

/* The child: write, exit with the writer's status. A failure said by
 * the write before is not said again while it lasts. */
static void child(struct xr_sp_textfile *t, const struct xr_maps *m)
{
	int null = t->failed ? open("/dev/null", O_WRONLY) : -1;

	if (null >= 0)
		dup2(null, STDERR_FILENO);
	_exit(t->write(m, t->path));
}

void xr_sp_textfile_tick(struct xr_sp_textfile *t, const struct xr_maps *m,
			 uint64_t now)
{
	if (!t->path || !reaped(t, WNOHANG) || now < t->next_ns)
		return;
	t->next_ns = now + t->interval_ns;
	t->pid = fork();
	if (t->pid == 0)
		child(t, m);
	if (t->pid < 0) {
		xr_err("daemon: cannot write the metrics: fork: %s",
		       strerror(errno));
		t->pid = 0;
	}
}

void xr_sp_textfile_stop(struct xr_sp_textfile *t)
{
	reaped(t, 0);
}
