/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parse context and verdicts shared by every entry program. The
 * logic in eth.h, ipv4.h, ipv6.h, fib4.h, fib6.h, neigh.h and forward.h
 * works on this context only, never on xdp_md or __sk_buff, so the XDP
 * and tc entries share all of it. c->family says which network layer the
 * frame is for (set by eth_rcv from the ethertype); the fields that hold
 * an address or a next hop say their family in their name (nexthop4,
 * nexthop6, nh6); the next hop's address shares its place with the
 * other family's (a union: the context is zeroed for every packet).
 */
#ifndef XR_BPF_CTX_H
#define XR_BPF_CTX_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../../include/xdp_router/abi.h"   /* enum xr_verdict, ... */

#define ETH_HLEN        14
#define ETH_P_IP        0x0800
#define ETH_P_IPV6      0x86DD
#define ETH_P_8021Q     0x8100
#define ETH_P_8021AD    0x88A8
#define IP_DF           0x4000
#define IP_MF           0x2000
#define IP_OFFSET       0x1fff
#define AF_INET         2       /* c->family (include/linux/socket.h) */
#define AF_INET6        10

/* skb->pkt_type, from the destination MAC (eth_type_trans) */
#define PACKET_HOST      0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3

struct xr_ctx {
	struct xr_counters *cnt;   /* this CPU's counters */
	void *pctx;            /* the entry's own context (xdp_md,
				* __sk_buff), for the entry's functions
				* only (XR_MP_HASH_ENTRY, nhg.h) */
	void *data;
	void *data_end;
	__u32 ifindex;         /* ingress */
	__u32 if_flags;        /* its XR_IF_* flags */
	__u32 frame_len;       /* bytes in the frame as received */
	__u32 trim;            /* link-layer padding beyond tot_len */
	__u32 gso_seglen;      /* tc, a GSO packet: the IP length of each
				* of its segments (0: not GSO) */
	__u32 reason;          /* enum xr_reason, for XR_V_PUNT */
	/* what the route lookup found */
	__u32 out_ifindex;
	__u32 mtu;
	union {                /* the gateway, or the destination: */
		__be32 nexthop4;           /* IPv4 */
		struct xr_in6 nexthop6;    /* IPv6 */
	};
	__u32 fib_e;           /* the FIB entry of the destination: prefix
				* length and next-hop id (XR_FIB4_*,
				* XR_FIB6_*) */
	struct xr_nh4 *nh;     /* ... and that next hop: route type,
				* device, gateway, rewrite (IPv4) */
	struct xr_nh6 *nh6;    /* (IPv6; not in a union with nh: the
				* verifier must see which map each is of) */
	__u32 nh_id;           /* ... its id: the entry's, or the member
				* of its next-hop group (nhg.h) */
	__u32 mp_hash;         /* the flow hash, when a group was met */
	/* a registered protocol (XR_V_HANDLER) */
	__u32 proto_slot;
	__u16 proto_key;       /* ethertype, IP protocol or IPv6 next
				* header (host order) */
	__u8  proto_kind;      /* enum xr_proto_kind */
	__u8  proto_pkt_type;  /* ETH: PACKET_* of the destination MAC */
	__u8  proto_local;     /* IP: addressed to the router */
	__u8  resumed;         /* handed back by a handler of this kind:
				* no dispatch again, no counting twice */
	__u16 proto_l4_off;    /* IP, IP6: where the transport header
				* starts */
	__u8  family;          /* AF_INET, AF_INET6: the network header
				* after the MAC header (eth_rcv, from the
				* ethertype) */
};

static __always_inline void xr_ctx_load(struct xr_ctx *c, void *data,
					void *data_end)
{
	c->data = data;
	c->data_end = data_end;
	c->frame_len = (__u32)(data_end - data);
}

/* An exception, for the slow path: why. */
static __always_inline int xr_punt_reason(struct xr_ctx *c, __u32 reason)
{
	c->reason = reason;
	return XR_V_PUNT;
}

/* A registered protocol takes the frame (XR_V_HANDLER): what its
 * handler's metadata will say (router.h, xr_handler_meta_fill). */
static __always_inline int xr_proto_take(struct xr_ctx *c, __u32 slot,
					 __u8 kind, __u16 key, __u8 pkt_type,
					 __u8 local, __u16 l4_off)
{
	c->proto_slot = slot;
	c->proto_kind = kind;
	c->proto_key = key;
	c->proto_pkt_type = pkt_type;
	c->proto_local = local;
	c->proto_l4_off = l4_off;
	return XR_V_HANDLER;
}

#endif
