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
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
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

const char *xr_devnames_get(struct xr_devnames *c, uint32_t ifindex,
			    char *buf)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (c->ifindex[i] == ifindex)
			return c->name[i];
	if (c->n == XR_DEVNAMES)
		return xr_dev_name(ifindex, buf);
	c->ifindex[c->n] = ifindex;
	return xr_dev_name(ifindex, c->name[c->n++]);
}

/* ------------------------------------------------------------ IPv6 */

/* One RTM_NEWADDR of the dump into *o; 0 when it is not one to keep. */
static int addr6_of(const struct nlmsghdr *h, uint32_t ifindex,
		    struct xr_ifaddr6 *o)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *rta = IFA_RTA(ifa);
	int len = (int)IFA_PAYLOAD(h), have = 0;

	if (h->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET6 ||
	    (ifindex && ifa->ifa_index != ifindex))
		return 0;
	memset(o, 0, sizeof(*o));
	o->ifindex = ifa->ifa_index;
	o->plen = ifa->ifa_prefixlen;
	o->scope = ifa->ifa_scope;
	o->flags = ifa->ifa_flags;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == IFA_ADDRESS && RTA_PAYLOAD(rta) == 16) {
			memcpy(&o->addr, RTA_DATA(rta), 16);
			have = 1;
		} else if (rta->rta_type == IFA_FLAGS && RTA_PAYLOAD(rta) == 4) {
			memcpy(&o->flags, RTA_DATA(rta), 4);
		}
	}
	return have && !(o->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED));
}

static int addr6_request(int fd)
{
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg ifa;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETADDR,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifa = { .ifa_family = AF_INET6 },
	};

	return send(fd, &req, sizeof(req), 0) < 0 ? -errno : 0;
}

/* The dump's replies until NLMSG_DONE: the addresses kept, in out. */
static int addr6_read(int fd, uint32_t ifindex, struct xr_ifaddr6 *out, int max)
{
	static char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
	int n = 0, len;

	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);

		if (got < 0)
			return -errno;
		len = (int)got;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return n;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -EIO;
			if (n < max && addr6_of(h, ifindex, &out[n]))
				n++;
		}
	}
}

int xr_dev_addrs6(uint32_t ifindex, struct xr_ifaddr6 *out, int max)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int n;

	if (fd < 0)
		return -errno;
	n = addr6_request(fd);
	if (!n)
		n = addr6_read(fd, ifindex, out, max);
	close(fd);
	return n;
}
