/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One address type for both families where the slow path keys by
 * address (neighbours being resolved, pending neighbour writes, the
 * inet_peer table of the ICMP limits): an IPv6 address, IPv4 written as
 * the IPv4-mapped ::ffff:a.b.c.d (RFC 4291 2.5.5.2), which no IPv6 next
 * hop or ICMPv6 destination is (the fast path drops such sources).
 */
#ifndef XR_SP_NADDR_H
#define XR_SP_NADDR_H

#include <string.h>
#include <arpa/inet.h>
#include "xdp_router/abi.h"

static inline struct xr_in6 xr_na4(__be32 a)
{
	struct xr_in6 r = { { 0, 0, htonl(0xffff), a } };

	return r;
}

static inline int xr_na_is4(const struct xr_in6 *a)
{
	return !a->a[0] && !a->a[1] && a->a[2] == htonl(0xffff);
}

static inline int xr_in6_eq(const struct xr_in6 *a, const struct xr_in6 *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static inline int xr_in6_any(const struct xr_in6 *a)
{
	return !(a->a[0] | a->a[1] | a->a[2] | a->a[3]);
}

/* ipv6_addr_is_multicast, ipv6_addr_type's link-local unicast */
static inline int xr_in6_mcast(const struct xr_in6 *a)
{
	return ((const uint8_t *)a)[0] == 0xff;
}

static inline int xr_in6_linklocal(const struct xr_in6 *a)
{
	return (ntohl(a->a[0]) & 0xffc00000u) == 0xfe800000u;
}

#endif
