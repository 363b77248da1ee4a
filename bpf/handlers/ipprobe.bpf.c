// SPDX-License-Identifier: GPL-2.0
/*
 * An IP protocol handler: a reachability probe on IP protocol 253 (RFC
 * 3692, for experiments), answered in XDP the way ICMP echo is answered
 * by the kernel, and filtered in transit.
 *
 *   addressed to the router  a request (type 1) gets a reply (type 2) from
 *                            the address it was sent to, out of the link it
 *                            came in on, back to the MAC it came from;
 *                            anything else goes to the kernel
 *   transit                  dropped when its source is in probe_deny,
 *                            handed back to the router's forwarding
 *                            otherwise
 *
 *   xdp-router proto add ipproto 253 obj build/handlers/ipprobe.bpf.o
 *
 * Built with nothing but include/xdp_router/handler.h and libbpf.
 */
#include <xdp_router/handler.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>

XR_HANDLER_FLAGS(XR_HANDLER_TRANSIT);  /* transit datagrams too */

#define PROBE_REQUEST 1
#define PROBE_REPLY   2

/* the probe: 12 bytes after the IP header, then any payload */
struct probe_hdr {
	__u8   type;
	__u8   code;
	__sum16 csum;          /* ones' complement of the probe header */
	__be32 id;
	__be32 seq;
};

enum probe_stat {
	PROBE_REQUESTS, PROBE_REPLIES, PROBE_TRANSIT, PROBE_DENIED,
	PROBE_OTHER, PROBE_STAT_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __be32);           /* source address */
	__type(value, __u8);
} probe_deny SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PROBE_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} probe_stats SEC(".maps");

static __always_inline void count(__u32 what)
{
	__u64 *n = bpf_map_lookup_elem(&probe_stats, &what);

	if (n)
		(*n)++;
}

/* ones' complement sum of n 16-bit words, folded and inverted */
static __always_inline __u16 csum_words(const __u16 *w, int n)
{
	__u32 s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += w[i];
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

static __always_inline int probe_reply(struct xdp_md *ctx,
				       const struct xr_handler_meta *m,
				       struct ethhdr *eth, struct iphdr *iph,
				       struct probe_hdr *p)
{
	__u8 mac[ETH_ALEN];
	__be32 a;

	if (p->type != PROBE_REQUEST) {
		count(PROBE_OTHER);
		return XDP_PASS;
	}
	count(PROBE_REQUESTS);
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	a = iph->saddr;
	iph->saddr = iph->daddr;
	iph->daddr = a;
	iph->ttl = 64;
	iph->check = 0;
	iph->check = csum_words((__u16 *)iph, sizeof(*iph) / 2);
	p->type = PROBE_REPLY;
	p->csum = 0;
	p->csum = csum_words((__u16 *)p, sizeof(*p) / 2);
	count(PROBE_REPLIES);
	/* out of the ingress link through the router's port (XDP_TX would
	 * do on most NICs; on veth it waits for the peer's next poll) */
	return xr_handler_transmit(ctx, m->ifindex);
}

SEC("xdp")
int probe_rcv(struct xdp_md *ctx)
{
	const struct xr_handler_meta *m = xr_handler_meta(ctx);
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct probe_hdr *p = (void *)(iph + 1);
	__be32 saddr;

	if (!m || (void *)(p + 1) > end)
		return XDP_PASS;
	if (!m->local) {
		count(PROBE_TRANSIT);
		saddr = iph->saddr;
		if (bpf_map_lookup_elem(&probe_deny, &saddr)) {
			count(PROBE_DENIED);
			return XDP_DROP;
		}
		return xr_handler_forward(ctx);
	}
	if (iph->ihl != 5) {                   /* options: the kernel's */
		count(PROBE_OTHER);
		return XDP_PASS;
	}
	return probe_reply(ctx, m, eth, iph, p);
}

char _license[] SEC("license") = "GPL";
