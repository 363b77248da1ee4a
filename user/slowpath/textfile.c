// SPDX-License-Identifier: GPL-2.0
/* daemon --textfile: a child writes the metrics (textfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* A writer still running when the next is due (a stuck filesystem):
 * killed, counted, said once. */
static void kill_writer(struct xr_sp_textfile *t)
{
	kill(t->pid, SIGKILL);
	reaped(t, 0);
	t->failed = 1;
	if (!t->killed++)
		xr_err("daemon: the metrics writer ran longer than the interval: "
		       "killed (the file is not refreshed while this lasts)");
}

void xr_sp_textfile_tick(struct xr_sp_textfile *t, const struct xr_maps *m,
			 uint64_t now)
{
	if (!t->path || (!reaped(t, WNOHANG) && now < t->next_ns))
		return;
	if (t->pid > 0)
		kill_writer(t);
	if (now < t->next_ns)
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
	int k;

	for (k = 0; k < XR_SP_TEXTFILE_STOP_MS / 10 && !reaped(t, WNOHANG); k++)
		usleep(10000);
	if (t->pid > 0)
		kill_writer(t);
}
