// SPDX-License-Identifier: GPL-2.0
/* The kernel-sync suites' setting (syncenv.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/rtnetlink.h>
#include "lib/route4.h"
#include "lib/route6.h"
#include "pkt.h"
#include "syncenv.h"

static void die(const char *what)
{
	fprintf(stderr, "syncenv: %s\n", what);
	abort();
}

/* A state around testenv's maps, without a directory: the mirror
 * takes no lock (sync/mirror_lock.c). */
static void state_of(struct xr_syncenv *e)
{
	memset(&e->st, 0, sizeof(e->st));
	e->st.base_fd = e->st.dir_fd = e->st.lock_fd = -1;
	e->st.m = e->t.m;
}

void se_setup(struct xr_syncenv *e, unsigned int what)
{
	struct xr_mirror_parms p = { .what = what, .table = RT_TABLE_MAIN };

	memset(e, 0, sizeof(*e));
	te_setup(&e->t);
	te_sh("ip link set lo up");
	state_of(e);
	e->mi = xr_mirror_new(&e->st, &p, e->ctr);
	if (!e->mi)
		die("xr_mirror_new");
}

void se_teardown(struct xr_syncenv *e)
{
	if (e->peer > 0) {
		kill(e->peer, SIGKILL);
		waitpid(e->peer, NULL, 0);
	}
	xr_mirror_free(e->mi);
	te_teardown(&e->t);
}

void se_commit(struct xr_syncenv *e)
{
	int r = 1;

	for (int i = 0; i < 100000 && r == 1; i++)
		r = xr_mirror_commit(e->mi, 0);
	if (r) {
		fprintf(stderr, "syncenv: commit: %d\n", r);
		abort();
	}
}

/* A child in a new network namespace, alive until the test ends. */
static pid_t ns_holder(void)
{
	int fd[2];
	char c;
	pid_t pid;

	if (pipe(fd))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWNET))
			_exit(1);
		c = 1;
		if (write(fd[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], &c, 1) != 1)
		die("the peer's namespace");
	close(fd[0]);
	return pid;
}

void se_peer(struct xr_syncenv *e, const char *addr)
{
	e->peer = ns_holder();
	te_sh("ip link set out1 netns %d", (int)e->peer);
	te_sh("nsenter -t %d -n sh -c 'ip link set lo up && ip link set out1 up"
	      " && ip addr add %s/24 dev out1'", (int)e->peer, addr);
}

/* "a.b.c.d/n" into its parts. */
static void split(const char *pfx, char *addr, size_t len, uint8_t *plen)
{
	const char *slash = strchr(pfx, '/');

	if (!slash || (size_t)(slash - pfx) >= len)
		die("a prefix without a length");
	memcpy(addr, pfx, (size_t)(slash - pfx));
	addr[slash - pfx] = 0;
	*plen = (uint8_t)atoi(slash + 1);
}

int se_route4(struct xr_syncenv *e, const char *pfx, struct xr_route4 *rt)
{
	char a[64];
	uint8_t plen;

	split(pfx, a, sizeof(a), &plen);
	return xr_route4_get(&e->t.m, pkt_addr(a), plen, rt);
}

int se_route6(struct xr_syncenv *e, const char *pfx, struct xr_route6 *rt)
{
	struct xr_in6 dst;
	char a[64];
	uint8_t plen;

	split(pfx, a, sizeof(a), &plen);
	if (pkt_addr6(a, &dst) != 0)
		die("an IPv6 address");
	return xr_route6_get(&e->t.m, &dst, plen, rt);
}
