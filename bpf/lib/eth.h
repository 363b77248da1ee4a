/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link layer: which frames are ours to route (the kernel's eth_type_trans
 * and pkt_type, then the ptype_base dispatch on the ethertype), and of
 * which family (eth_family). VLAN tags, when the router takes them, are
 * taken here, before the network layer sees the frame.
 */
#ifndef XR_BPF_ETH_H
#define XR_BPF_ETH_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"

static __always_inline int mac_eq(const __u8 *a, const __u8 *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] &&
	       a[3] == b[3] && a[4] == b[4] && a[5] == b[5];
}

static __always_inline void mac_copy(__u8 *dst, const __u8 *src)
{
	dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2];
	dst[3] = src[3]; dst[4] = src[4]; dst[5] = src[5];
}

/* eth_type_trans's pkt_type: whom the destination MAC names. */
static __always_inline __u8 eth_pkt_type(const struct ethhdr *eth,
					 const struct xr_iface *ifp)
{
	const __u8 *d = eth->h_dest;

	if (d[0] & 1)
		return (d[0] & d[1] & d[2] & d[3] & d[4] & d[5]) == 0xff ?
		       PACKET_BROADCAST : PACKET_MULTICAST;
	return mac_eq(d, ifp->mac) ? PACKET_HOST : PACKET_OTHERHOST;
}

/* The family the router routes frames of this ethertype in; 0: none. */
static __always_inline __u8 eth_family(__be16 type)
{
	if (type == bpf_htons(ETH_P_IP))
		return AF_INET;
	return type == bpf_htons(ETH_P_IPV6) ? AF_INET6 : 0;
}

/*
 * ptype_base: a frame of a registered ethertype goes to its handler,
 * whatever its destination (the handler sees pkt_type). The families the
 * router routes are its own and are never looked up here.
 */
static __always_inline int eth_proto_dispatch(struct xr_ctx *c,
					      struct ethhdr *eth,
					      const struct xr_iface *ifp)
{
	__be16 type = eth->h_proto;
	struct xr_proto_ent *e;

	if (eth_family(type) || c->resumed)
		return XR_V_CONTINUE;
	e = bpf_map_lookup_elem(&xr_proto_eth, &type);
	if (!e || !e->slot)
		return XR_V_CONTINUE;
	return xr_proto_take(c, e->slot, XR_PROTO_ETH, bpf_ntohs(type),
			     eth_pkt_type(eth, ifp), 0, 0);
}

/*
 * eth_rcv: XR_V_CONTINUE for an IPv4 or IPv6 frame addressed to the
 * ingress interface's own MAC, c->family set (AF_INET, AF_INET6);
 * XR_V_HANDLER for a registered ethertype; XR_V_PASS for everything else
 * (broadcast, multicast, other host, ARP, VLAN, other ethertypes, unknown
 * interface).
 */
static __always_inline int eth_rcv(struct xr_ctx *c)
{
	struct ethhdr *eth = c->data;
	struct xr_iface *ifp;
	__u8 family;
	int v;

	if ((void *)(eth + 1) > c->data_end) {
		XR_OTHER_INC(PassNotIp);
		return XR_V_PASS;
	}
	ifp = bpf_map_lookup_elem(&xr_ifaces, &c->ifindex);
	if (!ifp || !(ifp->flags & XR_IF_ATTACHED)) {
		XR_OTHER_INC(PassUnknownIf);
		return XR_V_PASS;
	}
	if (!c->resumed)
		xr_if_rx(c->ifindex, c->frame_len);
	c->if_flags = ifp->flags;
	v = eth_proto_dispatch(c, eth, ifp);
	if (v != XR_V_CONTINUE)
		return v;

	if (eth->h_dest[0] & 1) {            /* PACKET_BROADCAST/MULTICAST */
		XR_OTHER_INC(PassL2Bcast);
		return XR_V_PASS;
	}
	if (!mac_eq(eth->h_dest, ifp->mac)) { /* PACKET_OTHERHOST */
		XR_OTHER_INC(PassOtherHost);
		return XR_V_PASS;
	}
	if (eth->h_proto == bpf_htons(ETH_P_8021Q) ||
	    eth->h_proto == bpf_htons(ETH_P_8021AD)) {
		XR_OTHER_INC(PassVlan);
		return XR_V_PASS;
	}
	family = eth_family(eth->h_proto);
	if (!family) {
		XR_OTHER_INC(PassNotIp);
		return XR_V_PASS;
	}
	c->family = family;
	return XR_V_CONTINUE;
}

#endif
