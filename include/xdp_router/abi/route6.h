/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6: the router's own addresses (xr_addrs6) and the route table
 * (xr_routes6), what `route show -6` lists: the control plane's record,
 * the one source of truth the IPv6 FIB (fib6.h) is compiled from. The
 * value types (struct xr_addr, enum xr_rtn, enum xr_rtprot) are IPv4's
 * (route.h).
 */
#ifndef XDP_ROUTER_ABI_ROUTE6_H
#define XDP_ROUTER_ABI_ROUTE6_H

#include "types.h"
#include "route.h"

#define XR_MAX_ADDRS6    4096
#define XR_MAX_ROUTES6   (1u << 20)   /* 1,048,576: a full table six times */

/* An IPv6 address in network order (struct in6_addr's s6_addr32): four
 * words, so the fast path compares and copies it in four loads. The key
 * of xr_addrs6; the value is struct xr_addr. */
struct xr_in6 {
	__be32 a[4];
};

/* Routes: LPM trie, key struct xr_route6_key, value struct xr_route6. */
struct xr_route6_key {
	__u32 prefixlen;
	struct xr_in6 addr;
};

struct xr_route6 {
	struct xr_in6 dst;     /* the prefix, host bits clear */
	__u8  plen;            /* 0 .. 128 */
	__u8  type;            /* enum xr_rtn */
	__u8  proto;           /* enum xr_rtprot */
	__u8  pad;
	__u32 ifindex;         /* egress device (unicast routes) */
	struct xr_in6 gw;      /* ::: directly connected, next hop = destination;
				* a link-local gateway needs ifindex */
	struct xr_in6 prefsrc; /* connected routes: the link's address */
	__u32 nhg;             /* 0: one next hop; else its group's slot in
				* xr_fib6_nhg, as struct xr_route4's */
	__u32 metric;          /* as struct xr_route4's */
};

#endif
