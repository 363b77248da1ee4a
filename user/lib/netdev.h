/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel knows of a network device: name, MAC, MTU, addresses. */
#ifndef XR_NETDEV_H
#define XR_NETDEV_H

#include <net/if.h>
#include <stdint.h>
#include <linux/types.h>

struct xr_devinfo {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	uint8_t mac[6];
	uint32_t mtu;
	int up;             /* IFF_UP and IFF_RUNNING */
	int admin_up;       /* IFF_UP */
};

struct xr_ifaddr4 {
	__be32 addr;
	uint8_t plen;
	__be32 brd;         /* 0 when none (/31, /32) */
};

int xr_dev_info(uint32_t ifindex, struct xr_devinfo *d);
/* IPv4 addresses of a device; returns how many (at most max), or -1. */
int xr_dev_addrs4(uint32_t ifindex, struct xr_ifaddr4 *out, int max);
/* The device's name, or "if<N>" when it is gone. buf: IF_NAMESIZE+8. */
const char *xr_dev_name(uint32_t ifindex, char *buf);

#endif
