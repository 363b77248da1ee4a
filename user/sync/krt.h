/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel routing messages, parsed (libmnl): RTM_NEWROUTE/DELROUTE,
 * RTM_NEWNEXTHOP/DELNEXTHOP and RTM_NEWNEIGH/DELNEIGH, as the kernel
 * sends them on rtnetlink and as FRR's zebra sends them over FPM, read
 * into plain structs the mirror (sync/mirror.h) works on. No state here.
 * docs/kernel-sync.md lists the attributes read and the ones ignored.
 */
#ifndef XR_SYNC_KRT_H
#define XR_SYNC_KRT_H

#include <stdint.h>
#include <linux/netlink.h>
#include "xdp_router/abi.h"

#define XR_KRT_MAX_NH  256     /* members read from RTA_MULTIPATH / NHA_GROUP */

/* One next hop of a route (RTA_OIF+RTA_GATEWAY, or an rtnexthop). */
struct xr_krt_nh {
	uint32_t ifindex;
	struct xr_in6 gw;      /* IPv4: gw.a[0] (as struct xr_nhg_spec); 0: none */
	uint16_t weight;       /* rtnh_hops + 1: 1 .. 256 */
	uint8_t gw_family;     /* AF_INET, AF_INET6 (RTA_VIA), 0: no gateway */
	uint8_t flags;         /* RTNH_F_* as the kernel gave them */
};

/* One route. IPv4 addresses in a[0] of a struct xr_in6. */
struct xr_krt {
	uint8_t del;           /* RTM_DELROUTE */
	uint8_t family;        /* AF_INET, AF_INET6 */
	uint8_t plen;
	uint8_t type;          /* RTN_* */
	uint8_t proto;         /* RTPROT_* */
	uint8_t scope;
	uint8_t tos;
	uint8_t has_encap;     /* RTA_ENCAP: lwtunnel (MPLS, seg6 ...) */
	uint8_t src_len;       /* rtm_src_len: a source-specific route */
	uint32_t table;        /* RTA_TABLE, else rtm_table */
	uint32_t metric;       /* RTA_PRIORITY */
	uint32_t rtm_flags;    /* RTM_F_* */
	uint16_t nl_flags;     /* nlmsg_flags: NLM_F_APPEND, NLM_F_MULTI ... */
	uint32_t nh_id;        /* RTA_NH_ID; 0: none */
	struct xr_in6 dst;
	struct xr_in6 prefsrc; /* RTA_PREFSRC; 0: none */
	uint16_t n_nh;         /* next hops in nh[] (0: none given) */
	uint16_t n_nh_total;   /* members the message had (> XR_KRT_MAX_NH: cut) */
	struct xr_krt_nh nh[XR_KRT_MAX_NH];
};

/* A next-hop object (RTM_NEWNEXTHOP): one next hop, a blackhole, or a
 * group of other objects' ids with weights. */
struct xr_knh {
	uint8_t del;           /* RTM_DELNEXTHOP */
	uint8_t family;        /* nhmsg's: AF_INET, AF_INET6, AF_UNSPEC (groups) */
	uint8_t blackhole;     /* NHA_BLACKHOLE */
	uint8_t has_encap;
	uint32_t id;           /* NHA_ID */
	uint32_t ifindex;      /* NHA_OIF */
	struct xr_in6 gw;      /* NHA_GATEWAY (family gw_family) */
	uint8_t gw_family;
	uint8_t flags;         /* nh_flags: RTNH_F_* */
	uint16_t n_grp;        /* NHA_GROUP members; 0: not a group */
	struct {
		uint32_t id;
		uint16_t weight;   /* nexthop_grp.weight + 1 */
	} grp[XR_KRT_MAX_NH];
};

/* One neighbour entry (ndmsg). */
struct xr_kneigh {
	uint8_t del;           /* RTM_DELNEIGH */
	uint8_t family;
	uint8_t has_mac;
	uint8_t flags;         /* NTF_* */
	uint16_t state;        /* NUD_* (the same values as XR_NUD_*) */
	uint32_t ifindex;
	struct xr_in6 addr;    /* IPv4 in a[0] */
	uint8_t mac[6];
};

/* 0, or -EINVAL for a message that does not parse (too short, a bad
 * attribute), -ENOTSUP for a message of another type. */
int xr_krt_parse(const struct nlmsghdr *h, struct xr_krt *r);
int xr_knh_parse(const struct nlmsghdr *h, struct xr_knh *n);
int xr_kneigh_parse(const struct nlmsghdr *h, struct xr_kneigh *n);

/* ip's name of a route protocol ("bgp", "kernel", "static", "zebra",
 * "bird" ...: /etc/iproute2/rt_protos as Debian ships it), or NULL. */
const char *xr_rtprot_name(uint8_t proto);

#endif
