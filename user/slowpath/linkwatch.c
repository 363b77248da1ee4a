// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "slowpath/linkwatch.h"

int xr_linkwatch_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
					      RTMGRP_IPV6_IFADDR };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

#define MAX_TOUCHED 64

int xr_linkwatch_read(int fd, void (*changed)(void *arg, uint32_t ifindex),
		      void *arg)
{
	int lost = 0;
	static char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
	uint32_t touched[MAX_TOUCHED];
	int n = 0, i, k, len;
	ssize_t got;

	for (k = 0; k < 64; k++) {
		/* EAGAIN, or ENOBUFS: events were lost, which the caller
		 * is told so that it looks at every link again */
		got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (got < 0 && errno == ENOBUFS)
			lost = 1;
		if (got <= 0)
			break;
		len = (int)got;         /* signed: NLMSG_NEXT may take it below 0 */
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			uint32_t idx = 0;

			if ((h->nlmsg_type == RTM_NEWLINK ||
			     h->nlmsg_type == RTM_DELLINK) &&
			    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg)))
				idx = (uint32_t)((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index;
			else if ((h->nlmsg_type == RTM_NEWADDR ||
				  h->nlmsg_type == RTM_DELADDR) &&
				 h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifaddrmsg)))
				idx = ((struct ifaddrmsg *)NLMSG_DATA(h))->ifa_index;
			if (!idx)
				continue;
			for (i = 0; i < n && touched[i] != idx; i++)
				;
			if (i == n && n < MAX_TOUCHED)
				touched[n++] = idx;
			else if (i == n)
				lost = 1;
		}
	}
	for (i = 0; i < n; i++)
		changed(arg, touched[i]);
	return lost;
}
