// SPDX-License-Identifier: GPL-2.0
/*
 * The reference contender of the forwarding benchmark (make bench only):
 * a minimal XDP forwarder on the kernel's own FIB through bpf_fib_lookup,
 * the design of xdp-tools' xdp-forward and the kernel's samples/bpf
 * xdp_fwd: look up, decrement TTL (hop limit for IPv6), write the MACs
 * the kernel's neighbour table gives, redirect through a devmap. Written
 * here for the benchmark; anything bpf_fib_lookup cannot finish goes to
 * the kernel.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define AF_INET 2
#define AF_INET6 10

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} fwd_ports SEC(".maps");

/* ip_decrease_ttl, as the kernel and xdp_fwd do it */
static __always_inline void decrease_ttl(struct iphdr *iph)
{
	__u32 check = iph->check;

	check += bpf_htons(0x0100);
	iph->check = (__u16)(check + (check >= 0xFFFF));
	iph->ttl--;
}

/* the IPv4 half of the lookup's input; 0 when the kernel must see it */
static __always_inline int fib_params4(struct iphdr *iph,
				       struct bpf_fib_lookup *fib)
{
	if (iph->ttl <= 1)
		return 0;
	fib->family = AF_INET;
	fib->tos = iph->tos;
	fib->l4_protocol = iph->protocol;
	fib->tot_len = bpf_ntohs(iph->tot_len);
	fib->ipv4_src = iph->saddr;
	fib->ipv4_dst = iph->daddr;
	return 1;
}

/* as xdp_fwd's IPv6 half: the flow label, the addresses, the length */
static __always_inline int fib_params6(struct ipv6hdr *ip6,
				       struct bpf_fib_lookup *fib)
{
	if (ip6->hop_limit <= 1)
		return 0;
	fib->family = AF_INET6;
	fib->flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0FFFFFFF);
	fib->l4_protocol = ip6->nexthdr;
	fib->tot_len = bpf_ntohs(ip6->payload_len);
	__builtin_memcpy(fib->ipv6_src, &ip6->saddr, 16);
	__builtin_memcpy(fib->ipv6_dst, &ip6->daddr, 16);
	return 1;
}

SEC("xdp")
int bench_fibfwd(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	struct ipv6hdr *ip6 = data + sizeof(*eth);
	struct bpf_fib_lookup fib = {};
	long rc;

	if ((void *)(ip6 + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		if (!fib_params6(ip6, &fib))
			return XDP_PASS;
	} else if ((void *)(iph + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP)) {
		if (!fib_params4(iph, &fib))
			return XDP_PASS;
	} else {
		return XDP_PASS;
	}
	fib.ifindex = ctx->ingress_ifindex;

	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	if (!bpf_map_lookup_elem(&fwd_ports, &fib.ifindex))
		return XDP_PASS;
	if (fib.family == AF_INET6)
		ip6->hop_limit--;
	else
		decrease_ttl(iph);
	__builtin_memcpy(eth->h_dest, fib.dmac, 6);
	__builtin_memcpy(eth->h_source, fib.smac, 6);
	return bpf_redirect_map(&fwd_ports, fib.ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";

/*
 * The harness's ceiling (make bench only): no parsing beyond the IP
 * header, no lookup, no check; a fixed rewrite and a redirect to the one
 * egress port. No router can do less per packet, so what it reaches is
 * what the generator, the veth pairs and the sink leave for a router.
 */
volatile const __u8 floor_dmac[6];
volatile const __u8 floor_smac[6];
volatile const __u32 floor_port;

static __always_inline int floor_redirect(struct ethhdr *eth)
{
	for (int k = 0; k < 6; k++) {
		eth->h_dest[k] = floor_dmac[k];
		eth->h_source[k] = floor_smac[k];
	}
	return bpf_redirect_map(&fwd_ports, floor_port, 0);
}

SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);

	if ((void *)(iph + 1) > end)
		return XDP_PASS;
	decrease_ttl(iph);
	return floor_redirect(eth);
}

/* the same for IPv6: a hop limit decrement, the rewrite, the redirect */
SEC("xdp")
int bench_floor6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = data + sizeof(*eth);

	if ((void *)(ip6 + 1) > end)
		return XDP_PASS;
	ip6->hop_limit--;
	return floor_redirect(eth);
}
