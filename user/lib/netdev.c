// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "lib/netdev.h"
#include "lib/parse.h"

int xr_dev_info(uint32_t ifindex, struct xr_devinfo *d)
{
	struct ifreq ifr;
	int fd, ret = -1;

	memset(d, 0, sizeof(*d));
	d->ifindex = ifindex;
	if (!if_indextoname(ifindex, d->name))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, d->name, IF_NAMESIZE);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		goto out;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		errno = EPROTONOSUPPORT;
		goto out;
	}
	memcpy(d->mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		goto out;
	d->mtu = (uint32_t)ifr.ifr_mtu;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto out;
	d->up = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	d->admin_up = !!(ifr.ifr_flags & IFF_UP);
	ret = 0;
out:
	close(fd);
	return ret;
}

int xr_dev_addrs4(uint32_t ifindex, struct xr_ifaddr4 *out, int max)
{
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];
	int n = 0;

	if (!if_indextoname(ifindex, name) || getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i && n < max; i = i->ifa_next) {
		__be32 mask;
		int plen;

		size_t len = strlen(name);

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		/* A labelled address shows as "eth0:1". */
		if (strncmp(i->ifa_name, name, len) != 0 ||
		    (i->ifa_name[len] != '\0' && i->ifa_name[len] != ':'))
			continue;
		out[n].addr = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
		mask = i->ifa_netmask ?
		       ((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr : 0xffffffff;
		plen = __builtin_popcount(ntohl(mask));
		out[n].plen = (uint8_t)plen;
		out[n].brd = 0;
		if (plen < 31)
			out[n].brd = out[n].addr | ~mask;
		n++;
	}
	freeifaddrs(ifa);
	return n;
}

const char *xr_dev_name(uint32_t ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE + 8, "if%u", ifindex);
	return buf;
}
