/* SPDX-License-Identifier: GPL-2.0 */
/* Protocol handlers: the registry the router dispatches by, and what a
 * handler finds in front of the frame. */
#ifndef XDP_ROUTER_ABI_PROTO_H
#define XDP_ROUTER_ABI_PROTO_H

#include "types.h"

/* ------------------------------------------------------------------ */
/* Protocol handlers (ptype_base / inet_protos): BPF programs of the   */
/* user's, registered with `xdp-router proto add`, reached by tail     */
/* call through the slots of xr_proto_progs. The ABI a handler sees is */
/* include/xdp_router/handler.h; docs/handlers.md describes it.        */
/* ------------------------------------------------------------------ */
#define XR_PROTO_SLOTS       64   /* handlers, slot 0 included */
#define XR_PROTO_SLOT_ROUTER 0    /* the router's own path, resumed */
#define XR_PROTO_MAX_ETH     (XR_PROTO_SLOTS - 1)

enum xr_proto_kind {
	XR_PROTO_ETH = 1,      /* by ethertype, before the IPv4 path */
	XR_PROTO_IP = 2,       /* by IP protocol, for the router's addresses */
	XR_PROTO_IP6 = 3,      /* by IPv6 next header (inet6_protos): the
				* upper-layer header after the extension
				* headers the router reads; l4_off points
				* to it; nexthop is 0 (16 bytes do not fit) */
};

/* ipv6_ext_hdr (include/net/ipv6.h): the headers a walk to an IPv6
 * datagram's upper-layer protocol steps over: Hop-by-Hop (0), Routing
 * (43), Fragment (44), AH (51), Destination options (60); it ends at 59
 * (no next header). The fast path's dispatch by next header, the slow
 * path's ipv6_skip_exthdr and `proto add ip6proto` follow this one list. */
#define XR_IP6_EXT_HDR(nh) ((nh) == 0 || (nh) == 43 || (nh) == 44 ||     \
			    (nh) == 51 || (nh) == 60)
#define XR_IP6_NEXTHDR_NONE 59

/* A handler asks for transit packets of its protocol too (not only
 * those addressed to the router). */
#define XR_PROTO_F_TRANSIT 0x1

/* xr_proto_eth (hash, key: the ethertype as in the frame, network
 * order), xr_proto_ip (array of 256, key: the IP protocol) and
 * xr_proto_ip6 (array of 256, key: the IPv6 next header) give the
 * slot; slot 0 means none. */
struct xr_proto_ent {
	__u16 slot;
	__u16 flags;           /* XR_PROTO_F_* */
};

/* xr_proto_info: array by slot, what `proto show` prints. kind 0: free. */
struct xr_proto_info {
	__u8  kind;            /* enum xr_proto_kind */
	__u8  pad;
	__u16 key;             /* ethertype or IP protocol (host order) */
	__u32 flags;           /* XR_PROTO_F_* */
	__u32 prog_id;         /* the kernel's id of the program */
	__u32 pad2;
	__u64 loaded_ns;       /* CLOCK_REALTIME of the registration */
	char  prog[64];        /* its name in the object */
	char  obj[256];        /* the object file, as given */
};

/*
 * What a handler finds in front of the frame (XDP metadata, between
 * data_meta and data), written by the router just before the tail call.
 * The frame itself is as received: data is the Ethernet header.
 */
#define XR_HANDLER_MAGIC 0x5848        /* "XH" */

struct xr_handler_meta {
	__u16 magic;           /* XR_HANDLER_MAGIC */
	__u8  kind;            /* enum xr_proto_kind it was dispatched by */
	__u8  pkt_type;        /* the kernel's PACKET_HOST (0), _BROADCAST (1),
				* _MULTICAST (2), _OTHERHOST (3): whom the
				* frame's destination MAC names */
	__u16 key;             /* the ethertype or IP protocol (host order) */
	__u8  local;           /* IP: 1 addressed to the router, 0 transit */
	__u8  l3_off;          /* offset of the network header */
	__u16 l4_off;          /* IP: offset of the transport header; ETH: 0 */
	__u16 slot;            /* the handler's slot in xr_proto_progs */
	__u32 ifindex;         /* ingress link */
	__u32 out_ifindex;     /* IP transit: the route's egress link, */
	__be32 nexthop;        /* and its next hop (0 when local) */
};
_Static_assert(sizeof(struct xr_handler_meta) % 4 == 0 &&
	       sizeof(struct xr_handler_meta) <= 32, "xr_handler_meta size");

#endif
