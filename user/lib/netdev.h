/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel knows of a network device: name, MAC, MTU, addresses. */
#ifndef XR_NETDEV_H
#define XR_NETDEV_H

#include <net/if.h>
#include <stdint.h>
#include <linux/types.h>
#include "xdp_router/abi/route6.h"

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

/* An IPv6 address of a device, as the kernel has it (RTM_GETADDR). */
struct xr_ifaddr6 {
	uint32_t ifindex;
	struct xr_in6 addr;
	uint8_t plen;
	uint8_t scope;      /* RT_SCOPE_UNIVERSE, RT_SCOPE_LINK (fe80::/10), ... */
	uint32_t flags;     /* IFA_F_* (IFA_FLAGS) */
};

int xr_dev_info(uint32_t ifindex, struct xr_devinfo *d);
/* IPv4 addresses of a device; returns how many (at most max), or -1. */
int xr_dev_addrs4(uint32_t ifindex, struct xr_ifaddr4 *out, int max);
/* The IPv6 addresses of a device (ifindex 0: of every device) the
 * kernel owns: not tentative (DAD running) nor failed DAD. How many (at
 * most max), or -errno. */
int xr_dev_addrs6(uint32_t ifindex, struct xr_ifaddr6 *out, int max);
/* The device's name, or "if<N>" when it is gone. buf: IF_NAMESIZE+8. */
const char *xr_dev_name(uint32_t ifindex, char *buf);

/* xr_dev_name remembered for the devices one listing names (a route
 * table of a million routes over a few links): start zeroed, one a
 * listing; past XR_DEVNAMES devices the names are asked each time. */
#define XR_DEVNAMES 16
struct xr_devnames {
	unsigned int n;
	uint32_t ifindex[XR_DEVNAMES];
	char name[XR_DEVNAMES][IF_NAMESIZE + 8];
};
/* The name (in *c, or in buf when c is full). buf: IF_NAMESIZE+8. */
const char *xr_devnames_get(struct xr_devnames *c, uint32_t ifindex,
			    char *buf);

#endif
