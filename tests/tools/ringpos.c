// SPDX-License-Identifier: GPL-2.0
/*
 * ringpos MAP: the producer position of the ring buffer map MAP (e.g.
 * xr_capture) pinned in this network namespace's router state: how many
 * bytes programs have put in it since it was made. A test reads it twice
 * to see whether the fast path still writes into the ring.
 * The state: $XDP_ROUTER_BPFFS (default /run/xdp-router)/netns-<cookie>.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
	const char *base = getenv("XDP_ROUTER_BPFFS");
	long page = sysconf(_SC_PAGESIZE);
	char path[4096];
	uint64_t cookie;
	void *p;
	int fd;

	if (argc != 2 || netns_cookie(&cookie) < 0) {
		fprintf(stderr, "usage: ringpos MAP (in the router's namespace)\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/netns-%llu/%s", base && *base ? base :
		 "/run/xdp-router", (unsigned long long)cookie, argv[1]);
	fd = obj_get(path);
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
