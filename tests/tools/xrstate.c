// SPDX-License-Identifier: GPL-2.0
/*
 * This network namespace's router state, for the integration tests:
 *   xrstate dir          print its directory,
 *                        $XDP_ROUTER_BPFFS (default /run/xdp-router)/netns-<cookie>
 *   xrstate ringpos MAP  print the producer position of the ring buffer
 *                        map MAP (e.g. xr_capture) pinned there: how many
 *                        bytes programs have put in it since it was made
 *                        (read twice, it tells whether they still write)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static int netns_cookie(uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -1;
	ret = getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len);
	close(fd);
	return ret;
}

/* BPF_OBJ_GET by hand: the test tools link nothing but libc */
static int obj_get(const char *path)
{
	union bpf_attr a = { .pathname = (uint64_t)(unsigned long)path };

	return (int)syscall(__NR_bpf, BPF_OBJ_GET, &a, sizeof(a));
}

static int ring_pos(const char *path)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = obj_get(path);
	void *p;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	/* page 0: the consumer position; page 1: the producer's (read only) */
	p = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, page);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("%lu\n", *(volatile unsigned long *)p);
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = getenv("XDP_ROUTER_BPFFS");
	char dir[2048], path[4096];
	uint64_t cookie;

	if (argc < 2 || netns_cookie(&cookie) < 0) {
		fprintf(stderr, "usage: xrstate dir | ringpos MAP\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/netns-%llu", base && *base ? base :
		 "/run/xdp-router", (unsigned long long)cookie);
	if (!strcmp(argv[1], "dir") && argc == 2) {
		printf("%s\n", dir);
		return 0;
	}
	if (!strcmp(argv[1], "ringpos") && argc == 3) {
		snprintf(path, sizeof(path), "%s/%s", dir, argv[2]);
		return ring_pos(path);
	}
	fprintf(stderr, "usage: xrstate dir | ringpos MAP\n");
	return 2;
}
