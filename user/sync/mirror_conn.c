// SPDX-License-Identifier: GPL-2.0
/*
 * A connected route (proto kernel, no gateway, on an attached link) is
 * link attach's to write. While a route of lower metric covered its
 * prefix, the mirror wrote that one over it; once that one is gone the
 * connected route is written back, as link attach makes it (with the
 * link's address as prefsrc), by the commit (mirror_commit.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "sync/mirror_commit.h"
#include "lib/iface.h"
#include "lib/netdev.h"

#define MR_DEV_ADDRS  64       /* as link attach reads them (lib/iface*.c) */
#define MR_DEV_ADDRS6 256

static int conn4(const struct mr_pkey *k, uint32_t ifindex, union mr_rt *rt)
{
	struct xr_ifaddr4 a[MR_DEV_ADDRS];
	int i, n = xr_dev_addrs4(ifindex, a, MR_DEV_ADDRS);

	for (i = 0; i < n; i++) {
		xr_connected_route(ifindex, &a[i], &rt->r4);
		if (rt->r4.plen == k->plen && rt->r4.dst == k->dst.a[0])
			return 0;
	}
	return -ENOENT;
}

static int conn6(const struct mr_pkey *k, uint32_t ifindex, union mr_rt *rt)
{
	struct xr_ifaddr6 *a = calloc(MR_DEV_ADDRS6, sizeof(*a));
	int i, err = -ENOENT, n = a ? xr_dev_addrs6(ifindex, a, MR_DEV_ADDRS6) :
				    -ENOMEM;

	for (i = 0; i < n && err; i++) {
		if (!xr_addr6_has_route(&a[i]))
			continue;
		xr_connected_route6(ifindex, &a[i], &rt->r6);
		if (rt->r6.plen == k->plen && !memcmp(&rt->r6.dst, &k->dst, 16))
			err = 0;
	}
	free(a);
	return err;
}

/* The connected route of k on ifindex as link attach writes it; without
 * prefsrc when the link has no address in k any more. */
void mr_conn_route(const struct mr_pkey *k, uint32_t ifindex, union mr_rt *rt)
{
	int v6 = k->family == AF_INET6;

	memset(rt, 0, sizeof(*rt));
	if (!(v6 ? conn6(k, ifindex, rt) : conn4(k, ifindex, rt)))
		return;
	memset(rt, 0, sizeof(*rt));
	if (v6) {
		rt->r6 = (struct xr_route6){ .dst = k->dst, .plen = k->plen,
			.type = XR_RTN_UNICAST, .proto = XR_RTPROT_KERNEL,
			.ifindex = ifindex };
		return;
	}
	rt->r4 = (struct xr_route4){ .dst = k->dst.a[0], .plen = k->plen,
		.type = XR_RTN_UNICAST, .proto = XR_RTPROT_KERNEL,
		.ifindex = ifindex };
}
