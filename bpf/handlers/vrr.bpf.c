// SPDX-License-Identifier: GPL-2.0
/*
 * An ethertype handler: VRR (Virtual Ring Routing), the custom L2
 * protocol the seed registers with dev_add_pack(&vrr_packet_type) on
 * ETH_P_VRR. Data frames are forwarded by destination id, looked up in
 * vrr_routes; control frames (hello, setup, teardown) and data for this
 * node's own id (vrr_self) go to the kernel, where the VRR daemon's
 * packet socket reads them.
 *
 *   xdp-router proto add ethertype 0x88b5 obj build/handlers/vrr.bpf.o
 *   bpftool map update pinned $STATE/proto/eth-88b5/vrr_routes \
 *           key <dest id, 4 bytes LE> value <ifindex, 4 bytes LE> <MAC> 0 0
 *
 * Built with nothing but include/xdp_router/handler.h and libbpf.
 */
#include <xdp_router/handler.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>

#define ETH_P_VRR   0x88B5
#define VRR_VERSION 1

/* the seed's struct vrr_header, 16 bytes after the Ethernet header */
struct vrr_header {
	__u8   vrr_version;
	__u8   pkt_type;       /* enum vrr_pkt_type */
	__be16 protocol;
	__be16 data_len;       /* bytes after this header */
	__u8   free;
	__u8   h_csum;
	__be32 src_id;
	__be32 dest_id;
};

enum vrr_pkt_type {
	VRR_DATA, VRR_HELLO, VRR_SETUP_REQ, VRR_SETUP, VRR_SETUP_FAIL,
	VRR_TEARDOWN, VRR_NPTYPES
};

/* the next hop toward a destination id */
struct vrr_route {
	__u32 ifindex;         /* an attached link */
	__u8  mac[6];          /* the neighbour's MAC on it */
	__u16 pad;
};

enum vrr_stat {
	VRR_RX, VRR_FORWARDED, VRR_LOCAL, VRR_BAD_HEADER, VRR_NO_ROUTE,
	VRR_NOT_OURS, VRR_STAT_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);            /* destination id, host order */
	__type(value, struct vrr_route);
} vrr_routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);          /* this node's id */
} vrr_self SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VRR_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} vrr_stats SEC(".maps");

static __always_inline void count(__u32 what)
{
	__u64 *n = bpf_map_lookup_elem(&vrr_stats, &what);

	if (n)
		(*n)++;
}

SEC("xdp")
int vrr_rcv(struct xdp_md *ctx)
{
	const struct xr_handler_meta *m = xr_handler_meta(ctx);
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vrr_header *vh = (void *)(eth + 1);
	const struct xr_iface *out;
	struct vrr_route *rt;
	__u32 zero = 0, dest, *self;

	if (!m)
		return XDP_PASS;
	count(VRR_RX);
	if (m->pkt_type == 3) {                /* PACKET_OTHERHOST */
		count(VRR_NOT_OURS);
		return XDP_PASS;
	}
	if ((void *)(vh + 1) > end || vh->vrr_version != VRR_VERSION ||
	    vh->pkt_type >= VRR_NPTYPES ||
	    sizeof(*eth) + sizeof(*vh) + bpf_ntohs(vh->data_len) >
	    (__u64)(end - data)) {
		count(VRR_BAD_HEADER);
		return XDP_DROP;
	}
	dest = bpf_ntohl(vh->dest_id);
	self = bpf_map_lookup_elem(&vrr_self, &zero);
	if (vh->pkt_type != VRR_DATA || (self && *self == dest)) {
		count(VRR_LOCAL);              /* the VRR daemon's */
		return XDP_PASS;
	}
	rt = bpf_map_lookup_elem(&vrr_routes, &dest);
	out = rt ? xr_handler_iface(rt->ifindex) : NULL;
	if (!out) {
		count(VRR_NO_ROUTE);
		return XDP_DROP;
	}
	__builtin_memcpy(eth->h_dest, rt->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, out->mac, ETH_ALEN);
	count(VRR_FORWARDED);
	return xr_handler_transmit(ctx, rt->ifindex);
}

char _license[] SEC("license") = "GPL";
