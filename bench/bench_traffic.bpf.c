// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding benchmark's generator and sink (make bench only).
 *
 * bench_gen runs under BPF_PROG_TEST_RUN with live frames on the
 * generator's veth and sends every frame with XDP_TX. Live-frame pages
 * come back as the router left them (TTL, MACs, checksum changed), so the
 * whole header is written on every frame. The destination cycles through
 * gen_dsts (1 to 65,536 addresses).
 *
 * bench_sink counts and drops what reaches the sink, and checks each
 * frame: TTL one less than sent, IPv4 header checksum valid, destination
 * MAC the sink's (or, for ECMP, one of sink_nmac, counted per member),
 * source MAC the router's egress port.
 *
 * bench_gen6 and bench_sink6 are the same for IPv6 (fwdbench --ipv6):
 * 64-byte UDP frames with a valid UDP checksum (gen_dsts6 carries it per
 * destination); the sink checks hop limit one less, the MACs, and the
 * UDP checksum, so addresses and payload arrived unchanged.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define GEN_MAX_DSTS 65536

enum { GEN_SENT, SINK_OK, SINK_BAD_TTL, SINK_BAD_CSUM, SINK_BAD_MAC,
       SINK_OTHER, ICMP_OK, ICMP_BAD, SINK_MEMB0,
       BENCH_NCNT = SINK_MEMB0 + 8 };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BENCH_NCNT);
	__type(key, __u32);
	__type(value, __u64);
} bench_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GEN_MAX_DSTS);
	__type(key, __u32);
	__type(value, __be32);
} gen_dsts SEC(".maps");

/* an IPv6 destination and the UDP checksum of the frame sent to it
 * (fwdsetup.c fills it; the same layout there) */
struct gen_dst6 {
	__u8 addr[16];
	__u16 udp_csum;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GEN_MAX_DSTS);
	__type(key, __u32);
	__type(value, struct gen_dst6);
} gen_dsts6 SEC(".maps");

/* Set by the benchmark before load. */
volatile const __u8 gen_smac[6];
volatile const __u8 gen_dmac[6];     /* the router's ingress port */
volatile const __be32 gen_saddr;
volatile const __u8 gen_saddr6[16];
volatile const __u32 gen_ndst_mask;  /* number of destinations - 1 */
volatile const __u16 gen_len = 64;   /* frame bytes */
volatile const __u8 gen_ttl = 64;    /* 1: every frame is an exception */
volatile const __u8 sink_mac[6];
volatile const __u8 sink_router_mac[6];
/* ECMP (fwdecmp.c): the members' MACs are sink_mac with the last byte
 * XORed with the member's index 0 .. sink_nmac - 1, all delivered here;
 * each is counted (SINK_MEMB0 + index) when there are several */
volatile const __u8 sink_nmac = 1;

__u32 gen_seq;

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&bench_cnt, &idx);

	if (v)
		(*v)++;
}

static __always_inline __u16 fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* the one's-complement sum of a 20-byte IPv4 header, unfolded */
static __always_inline __u32 ip_sum(const __u16 *w)
{
	return (__u32)w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + w[6] + w[7] +
	       w[8] + w[9];
}

/* byte by byte: a cast would drop volatile and let the compiler fold in
 * the zeros the constants have before load */
static __always_inline void gen_eth(struct ethhdr *eth, __u16 proto)
{
	for (int k = 0; k < 6; k++) {
		eth->h_dest[k] = gen_dmac[k];
		eth->h_source[k] = gen_smac[k];
	}
	eth->h_proto = bpf_htons(proto);
}

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	struct udphdr *udp = (void *)(iph + 1);
	__u32 i = gen_seq++ & gen_ndst_mask;   /* one CPU: no atomics needed */
	__be32 *dst = bpf_map_lookup_elem(&gen_dsts, &i);
	__u16 *w = (__u16 *)iph;
	__u32 sum;

	if (!dst || (void *)(udp + 1) > end)
		return XDP_ABORTED;
	gen_eth(eth, ETH_P_IP);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0;
	iph->tot_len = bpf_htons(gen_len - sizeof(*eth));
	iph->id = 0;
	iph->frag_off = 0;
	iph->ttl = gen_ttl;
	iph->protocol = 17;
	iph->check = 0;
	iph->saddr = gen_saddr;
	iph->daddr = *dst;
	sum = ip_sum(w);
	iph->check = ~fold(sum);
	udp->source = bpf_htons(9);
	udp->dest = bpf_htons(9);
	udp->len = bpf_htons(gen_len - sizeof(*eth) - sizeof(*iph));
	udp->check = 0;
	count(GEN_SENT);
	return XDP_TX;
}

static __always_inline int mac_eq(const __u8 *a, const volatile __u8 *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] &&
	       a[4] == b[4] && a[5] == b[5];
}

/* Which of the sink's sink_nmac MACs a is (0: the sink's own), or
 * sink_nmac when none. */
static __always_inline __u32 sink_member(const __u8 *a)
{
	__u32 k = (__u32)(a[5] ^ sink_mac[5]);

	if (a[0] != sink_mac[0] || a[1] != sink_mac[1] || a[2] != sink_mac[2] ||
	    a[3] != sink_mac[3] || a[4] != sink_mac[4] || k >= sink_nmac)
		return sink_nmac;
	return k;
}

/* What the sink makes of a frame of the flow (either family): its
 * checksum, TTL or hop limit, MACs; always dropped. */
static __always_inline int sink_count(const struct ethhdr *eth, int csum_ok,
				      __u8 ttl)
{
	__u32 k = sink_member(eth->h_dest);

	if (!csum_ok)
		count(SINK_BAD_CSUM);
	else if (ttl != gen_ttl - 1)
		count(SINK_BAD_TTL);
	else if (k >= sink_nmac || !mac_eq(eth->h_source, sink_router_mac))
		count(SINK_BAD_MAC);
	else if (sink_nmac == 1)
		count(SINK_OK);
	else if (k < 8) {      /* bounded for the verifier: k < sink_nmac */
		count(SINK_OK);
		count(SINK_MEMB0 + k);
	}
	return XDP_DROP;
}

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	__u16 *w = (__u16 *)iph;
	__u32 sum;

	if ((void *)(iph + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    iph->ihl != 5 || iph->protocol != 17) {
		count(SINK_OTHER);
		return XDP_DROP;
	}
	sum = ip_sum(w);
	return sink_count(eth, fold(sum) == 0xffff, iph->ttl);
}

/* ------------------------------------------------------------- IPv6 */

SEC("xdp")
int bench_gen6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip6 + 1);
	__u32 i = gen_seq++ & gen_ndst_mask;   /* one CPU: no atomics needed */
	struct gen_dst6 *dst = bpf_map_lookup_elem(&gen_dsts6, &i);
	__u16 plen = gen_len - sizeof(*eth) - sizeof(*ip6);

	if (!dst || (void *)(udp + 1) + 2 > end)
		return XDP_ABORTED;
	gen_eth(eth, ETH_P_IPV6);
	*(__be32 *)ip6 = bpf_htonl(6u << 28);  /* version, class 0, flow 0 */
	ip6->payload_len = bpf_htons(plen);
	ip6->nexthdr = 17;
	ip6->hop_limit = gen_ttl;
	for (int k = 0; k < 16; k++) {
		ip6->saddr.in6_u.u6_addr8[k] = gen_saddr6[k];
		ip6->daddr.in6_u.u6_addr8[k] = dst->addr[k];
	}
	udp->source = bpf_htons(9);
	udp->dest = bpf_htons(9);
	udp->len = bpf_htons(plen);
	udp->check = dst->udp_csum;
	*(__u16 *)(udp + 1) = 0;               /* the 2 bytes of payload */
	count(GEN_SENT);
	return XDP_TX;
}

/* The one's-complement sum of the UDP datagram with its IPv6 pseudo
 * header: 0xffff folded when the checksum is right. 64-byte frames. */
static __always_inline __u32 udp6_sum(const struct ipv6hdr *ip6)
{
	const __u16 *w = (const __u16 *)&ip6->saddr;
	__u32 sum = bpf_htons(17) + ip6->payload_len;

	/* addresses (16 words), UDP header (4) and payload (1) */
	for (int k = 0; k < 21; k++)
		sum += w[k];
	return sum;
}

SEC("xdp")
int bench_sink6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip6 + 1);

	if ((void *)(udp + 1) + 2 > end || eth->h_proto != bpf_htons(ETH_P_IPV6) ||
	    ip6->nexthdr != 17 ||
	    ip6->payload_len != bpf_htons(gen_len - sizeof(*eth) - sizeof(*ip6))) {
		count(SINK_OTHER);
		return XDP_DROP;
	}
	return sink_count(eth, fold(udp6_sum(ip6)) == 0xffff, ip6->hop_limit);
}

/*
 * On the generator's own link: the ICMP errors the router sends back
 * (the slow-path benchmark). Counted when they are time exceeded, with a
 * valid IP checksum, addressed to the generator by the router's MAC.
 * Everything else (ARP) goes on to the kernel.
 */
SEC("xdp")
int bench_icmp_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	__u8 *icmp = (void *)(iph + 1);
	__u16 *w = (__u16 *)iph;
	__u32 sum;

	if ((void *)(icmp + 2) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    iph->protocol != 1)
		return XDP_PASS;
	sum = ip_sum(w);
	if (iph->ihl == 5 && fold(sum) == 0xffff && icmp[0] == 11 &&
	    icmp[1] == 0 && mac_eq(eth->h_dest, gen_smac) &&
	    mac_eq(eth->h_source, gen_dmac))
		count(ICMP_OK);
	else
		count(ICMP_BAD);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
