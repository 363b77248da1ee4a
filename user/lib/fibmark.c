// SPDX-License-Identifier: GPL-2.0
/*
 * The writer mark of the FIB (lib/fib4.h): who is writing, so that the
 * next command can tell a write cut short (kill -9, a crash) from one
 * still under way. A process is named by its pid and its start time,
 * which together are never reused while the machine runs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/fib4.h"
#include "lib/state.h"

_Static_assert(sizeof(struct xr_fib4_writer) <= sizeof(struct xr_nh4),
	       "the writer mark fits in slot 0");

static struct xr_fib4_writer *mark(const struct xr_fib4 *f)
{
	return (struct xr_fib4_writer *)&f->nh.nh[0];
}

/* Field 22 of /proc/<pid>/stat, the start time; 0 when the process is
 * gone or a zombie (it writes nothing more). */
static uint64_t proc_start(uint32_t pid)
{
	char path[64], buf[1024], *p, state;
	unsigned long long start;
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	fp = fopen(path, "re");
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = strrchr(buf, ')');     /* the command name may hold anything */
	if (!p || sscanf(p + 1, " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
			 "%*s %*s %*s %*s %*s %*s %*s %*s %llu", &state,
			 &start) != 2 || state == 'Z' || state == 'X')
		return 0;
	return start;
}

/* This process's pid without a syscall per write (getpid() is one, and
 * every library write checks the mark): forgotten in a fork child. */
static pid_t self_pid_cached;

static void self_pid_forget(void)
{
	self_pid_cached = 0;
}

static pid_t self_pid(void)
{
	static int registered;

	if (!registered) {
		pthread_atfork(NULL, NULL, self_pid_forget);
		registered = 1;
	}
	if (!self_pid_cached)
		self_pid_cached = getpid();
	return self_pid_cached;
}

static uint64_t self_start(void)
{
	static uint64_t start;
	static pid_t pid;      /* whose start it is: a fork child has its own */

	if (pid != self_pid()) {
		pid = self_pid();
		start = proc_start((uint32_t)pid);
	}
	return start;
}

static int is_self(const struct xr_fib4_writer *w)
{
	return w->pid == (uint32_t)self_pid() && w->start == self_start();
}

void xr_fib4_begin(struct xr_fib4 *f)
{
	struct xr_fib4_writer *w = mark(f);

	if (is_self(w))
		return;
	w->start = self_start();
	w->seq++;
	/* the pid last: a mark is whole once it names a writer */
	__atomic_store_n(&w->pid, (uint32_t)self_pid(), __ATOMIC_RELEASE);
}

void xr_maps_write_begin(const struct xr_maps *m)
{
	if (m->fib)
		xr_fib4_begin(m->fib);
}

int xr_maps_fib_begin(const struct xr_maps *m)
{
	if (!m->fib)
		return -EBADF;
	xr_fib4_begin(m->fib);
	return 0;
}

void xr_fib4_mark_clear(struct xr_fib4 *f)
{
	struct xr_fib4_writer *w = mark(f);

	if (is_self(w))
		__atomic_store_n(&w->pid, 0, __ATOMIC_RELEASE);
}

int xr_fib4_writer_gone(const struct xr_fib4 *f, uint32_t *pid)
{
	const struct xr_fib4_writer *w = mark(f);
	uint32_t p = __atomic_load_n(&w->pid, __ATOMIC_ACQUIRE);

	*pid = p;
	if (!p || is_self(w))
		return 0;
	return proc_start(p) != w->start;
}

void xr_fib4_repaired(struct xr_fib4 *f)
{
	struct xr_fib4_writer *w = mark(f);

	w->repairs++;
	__atomic_store_n(&w->pid, 0, __ATOMIC_RELEASE);
}
