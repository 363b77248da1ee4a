// SPDX-License-Identifier: GPL-2.0
/* Prints the cookie of the calling network namespace (SO_NETNS_COOKIE),
 * the number in xdp-router's netns-<cookie> (tests/integration/test_state.sh). */
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

int main(void)
{
	uint64_t cookie;
	socklen_t len = sizeof(cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len)) {
		perror("netns_cookie");
		return 1;
	}
	printf("%llu\n", (unsigned long long)cookie);
	return 0;
}
