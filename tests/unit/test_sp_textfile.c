// SPDX-License-Identifier: GPL-2.0
/* The daemon's metrics writer (slowpath/textfile.c): a child that does
 * not end by the next interval is killed (said once), and stop never
 * waits for one without a bound. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "slowpath/textfile.h"

#define KILLED "xdp-router: daemon: the metrics writer ran longer than " \
	       "the interval: killed (the file is not refreshed while this " \
	       "lasts)\n"

/* A writer stuck for good (a filesystem that never answers). */
static int hang(const struct xr_maps *m, const char *path)
{
	for (;;)
		pause();
	return 0;
}

static int quick(const struct xr_maps *m, const char *path)
{
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void redirect(void)
{
	cr_redirect_stderr();
}

Test(sp_textfile, hung_writer_killed_at_the_next_interval, .init = redirect)
{
	struct xr_sp_textfile t = { .path = "x", .interval_ns = 1000,
				    .write = hang };
	pid_t first;
	double t0;

	xr_sp_textfile_tick(&t, NULL, 0);
	first = t.pid;
	cr_assert_gt(first, 0);
	xr_sp_textfile_tick(&t, NULL, 999);        /* not due: left running */
	cr_assert_eq(t.pid, first);
	cr_assert_eq(t.killed, 0);
	xr_sp_textfile_tick(&t, NULL, 1000);       /* due: killed, a new one */
	cr_assert_eq(t.killed, 1);
	cr_assert(kill(first, 0) < 0 && errno == ESRCH, "the writer is gone");
	cr_assert_gt(t.pid, 0);
	cr_assert_neq(t.pid, first);
	t0 = now_s();
	xr_sp_textfile_stop(&t);                   /* bounded: killed too */
	cr_assert_lt(now_s() - t0, 1.5);
	cr_assert_eq(t.pid, 0);
	cr_assert_eq(t.killed, 2);
	fflush(stderr);
	cr_assert_stderr_eq_str(KILLED);           /* said once */
}

Test(sp_textfile, a_writer_that_ends_is_never_killed, .init = redirect)
{
	struct xr_sp_textfile t = { .path = "x", .interval_ns = 1000,
				    .write = quick };
	int k;

	xr_sp_textfile_tick(&t, NULL, 0);
	for (k = 0; k < 200 && t.pid; k++) {       /* 2 s at most */
		usleep(10000);
		xr_sp_textfile_tick(&t, NULL, 1);
	}
	cr_assert_eq(t.pid, 0, "reaped");
	cr_assert_eq(t.failed, 0);
	xr_sp_textfile_tick(&t, NULL, 1000);
	xr_sp_textfile_stop(&t);
	cr_assert_eq(t.killed, 0);
	cr_assert_eq(t.pid, 0);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}
