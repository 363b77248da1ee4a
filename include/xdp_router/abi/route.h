/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The router's own addresses (xr_addrs4) and the route table
 * (xr_routes4), what `route show` lists: the control plane's record,
 * the one source of truth the FIB (fib4.h) is compiled from.
 */
#ifndef XDP_ROUTER_ABI_ROUTE_H
#define XDP_ROUTER_ABI_ROUTE_H

#include "types.h"

#define XR_MAX_ADDRS4    4096
#define XR_MAX_ROUTES4   (1u << 21)   /* 2,097,152: a full table twice over */

/* ------------------------------------------------------------------ */
/* The router's own addresses: key __be32 address. The control plane's */
/* record; the fast path finds them in the FIB as /32 entries of type  */
/* XR_RTN_LOCAL and XR_RTN_BROADCAST (the kernel's local table).       */
/* ------------------------------------------------------------------ */
enum xr_addr_type {
	XR_ADDR_LOCAL = 1,     /* an address of an attached link */
	XR_ADDR_BCAST = 2,     /* the directed broadcast of an attached subnet */
};

struct xr_addr {
	__u32 ifindex;
	__u8  type;            /* enum xr_addr_type */
	__u8  plen;            /* prefix length of the subnet */
	__u16 pad;
};

/* ------------------------------------------------------------------ */
/* Routes: LPM trie, key struct xr_route4_key, value struct xr_route4. */
/* ------------------------------------------------------------------ */
struct xr_route4_key {
	__u32 prefixlen;
	__be32 addr;
};

enum xr_rtn {                  /* the kernel's RTN_* values */
	XR_RTN_UNICAST = 1,
	XR_RTN_LOCAL = 2,      /* FIB only: an address of an attached link */
	XR_RTN_BROADCAST = 3,  /* FIB only: a directed broadcast */
	XR_RTN_BLACKHOLE = 6,
	XR_RTN_UNREACHABLE = 7,
	XR_RTN_PROHIBIT = 8,
};

enum xr_rtprot {               /* the kernel's RTPROT_* values */
	XR_RTPROT_KERNEL = 2,  /* connected route of an attached address */
	XR_RTPROT_BOOT = 3,
	XR_RTPROT_STATIC = 4,  /* added with the CLI */
	/* mirrored routes keep the kernel's rtm_protocol as it is: zebra 11,
	 * bird 12, dhcp 16, bgp 186, isis 187, ospf 188, rip 189 ... (names
	 * as /etc/iproute2/rt_protos gives them) */
};

struct xr_route4 {
	__be32 dst;            /* the prefix, host bits clear */
	__u8  plen;
	__u8  type;            /* enum xr_rtn */
	__u8  proto;           /* enum xr_rtprot */
	__u8  pad;
	__u32 ifindex;         /* egress device (unicast routes) */
	__be32 gw;             /* 0: directly connected, next hop = destination */
	__be32 prefsrc;        /* connected routes: the link's address */
	__u32 nhg;             /* 0: one next hop (ifindex, gw); else the
				* slot in xr_fib4_nhg of the group whose
				* members carry it (abi/nhg.h; ifindex and
				* gw are 0) */
	__u32 metric;          /* the kernel's RTA_PRIORITY (mirrored routes;
				* `route add ... metric N`); 0 otherwise */
};

#endif
