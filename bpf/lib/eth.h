/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link layer: which frames are ours to route (the kernel's eth_type_trans
 * and pkt_type, then the ptype_base dispatch on the ethertype).
 */
#ifndef XR_BPF_ETH_H
#define XR_BPF_ETH_H

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

/*
 * eth_rcv: XR_V_CONTINUE for an IPv4 frame addressed to the ingress
 * interface's own MAC; XR_V_PASS for everything else (broadcast,
 * multicast, other host, ARP, VLAN, other ethertypes, unknown interface).
 */
static __always_inline int eth_rcv(struct xr_ctx *c)
{
	struct ethhdr *eth = c->data;
	struct xr_iface *ifp;

	if ((void *)(eth + 1) > c->data_end) {
		XR_OTHER_INC(PassNotIpv4);
		return XR_V_PASS;
	}
	ifp = bpf_map_lookup_elem(&xr_ifaces, &c->ifindex);
	if (!ifp || !(ifp->flags & XR_IF_ATTACHED)) {
		XR_OTHER_INC(PassUnknownIf);
		return XR_V_PASS;
	}
	xr_if_rx(c->ifindex, c->frame_len);
	c->if_flags = ifp->flags;

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
	if (eth->h_proto != bpf_htons(ETH_P_IP)) {
		XR_OTHER_INC(PassNotIpv4);
		return XR_V_PASS;
	}
	return XR_V_CONTINUE;
}

#endif
