/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tc binding of the core: __sk_buff in, TC_ACT_* out. The same
 * receive path as the XDP entry (lib/router.h), reached where XDP cannot
 * serve (clsact ingress). What differs is only what an sk_buff needs:
 * headers pulled into the linear part, the length of the whole packet,
 * GSO packets measured by their segments, trim by bpf_skb_change_tail,
 * transmit by bpf_redirect.
 */
#ifndef XR_BPF_TC_MAIN_H
#define XR_BPF_TC_MAIN_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
/* The flow hash (nhg.h): this entry's global function, below. */
__u32 xr_mp_hash_tc(struct __sk_buff *ctx, __u32 v6);
#define XR_MP_HASH_ENTRY(c, v6) xr_mp_hash_tc((c)->pctx, v6)
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "stats.h"
#include "capture.h"
#include "ipv4.h"
#include "ipv6.h"
#include "router.h"

#define TC_ACT_OK        0
#define TC_ACT_SHOT      2
#define TC_ACT_REDIRECT  7
#define XR_TC_PULL       (ETH_HLEN + 60 + 60)   /* MAC, IP and TCP headers
						 * (IPv6's, and some of its
						 * extension headers) */
_Static_assert(XR_TC_PULL == XR_MP_HASH_LEN,
	       "the flow hash reads what tc has linear (abi/nhg.h)");

/*
 * skb_gso_network_seglen: the IP length of each segment a GSO packet
 * will be cut into (network header, TCP header, gso_size of payload),
 * the network header hl bytes and the TCP header at l4. Plain TCP only:
 * for tunnels (GRE, IPIP, VXLAN) each segment also carries inner
 * headers, and UDP/SCTP GSO sizes mean other things. Anything else is
 * measured whole, and punted when over the MTU.
 */
static __always_inline __u32 tc_tcp_seglen(struct __sk_buff *skb,
					   struct xr_ctx *c, __u8 proto,
					   __u8 *l4, __u32 hl)
{
	if (proto != 6 || (void *)(l4 + 13) > c->data_end)
		return 0;
	return hl + ((l4[12] >> 4) * 4) + skb->gso_size;
}

/* IPv6 BIG TCP: a GSO packet over 64 KiB whose payload length is 0
 * with no Hop-by-Hop header; its length is the skb's. Never cut to its
 * header (ip6_rcv_core's trim), measured by its segments. */
static __always_inline int tc_big_tcp(struct __sk_buff *skb,
				      const struct xr_ctx *c)
{
	const struct ipv6hdr *ip6h = c->data + ETH_HLEN;

	return skb->gso_size && c->family == AF_INET6 &&
	       (const void *)(ip6h + 1) <= c->data_end && !ip6h->payload_len;
}

static __always_inline __u32 tc_gso_seglen(struct __sk_buff *skb,
					   struct xr_ctx *c)
{
	struct ipv6hdr *ip6h;
	struct iphdr *iph;
	__u32 hl;

	if (!skb->gso_size)
		return 0;
	if (c->family == AF_INET6) {     /* TCP right after the header */
		ip6h = xr_ip6h(c);
		return ip6h ? tc_tcp_seglen(skb, c, ip6h->nexthdr,
					    (void *)(ip6h + 1), IP6_HLEN) : 0;
	}
	iph = xr_iph(c);
	if (!iph)
		return 0;
	hl = iph->ihl * 4;
	if (hl < 20 || hl > 60)
		return 0;
	return tc_tcp_seglen(skb, c, iph->protocol, (void *)iph + hl, hl);
}

/*
 * The headers of a GSO TCP packet (a sender's TSO burst, or what GRO
 * merged) as bytes from the start of the frame: MAC, IP (IPv4 with its
 * options; IPv6 with TCP right after its header, as tc_gso_seglen reads
 * it) and TCP with its options. 0: not that, or not readable.
 */
static __always_inline __u32 tc_gso_hdrs(struct __sk_buff *skb)
{
	__u32 l4 = ETH_HLEN + IP6_HLEN;
	__u8 ip[10], doff;

	if (bpf_skb_load_bytes(skb, ETH_HLEN, ip, sizeof(ip)))
		return 0;
	if (skb->protocol == bpf_htons(ETH_P_IP)) {
		if (ip[9] != 6 || (ip[0] & 0xf) < 5)
			return 0;
		l4 = ETH_HLEN + (ip[0] & 0xf) * 4;
	} else if (skb->protocol != bpf_htons(ETH_P_IPV6) || ip[6] != 6) {
		return 0;
	}
	if (bpf_skb_load_bytes(skb, l4 + 12, &doff, 1) || (doff >> 4) < 5)
		return 0;
	return l4 + (doff >> 4) * 4;
}

/*
 * What the core needs linear (bpf_skb_pull_data): XR_TC_PULL bytes, or
 * the whole of a shorter frame; of a GSO TCP packet its headers only,
 * which is all the core and the flow hash read of it. Payload pulled
 * into the head (a copy of the head, as the header is a clone) would
 * stay there to the receiving socket, which cannot then merge the
 * packet into its queue (skb_try_coalesce: data in a head that is not a
 * page fragment): every packet stays a buffer of its own
 * (docs/architecture.md, "Bulk TCP at the two hooks").
 */
static __always_inline __u32 tc_pull_len(struct __sk_buff *skb)
{
	__u32 len = skb->len, hl;

	if (skb->gso_size) {
		hl = tc_gso_hdrs(skb);
		if (hl && hl <= len)
			return hl;
	}
	return len < XR_TC_PULL ? len : XR_TC_PULL;
}

static __always_inline void tc_load(struct __sk_buff *skb, struct xr_ctx *c)
{
	xr_ctx_load(c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	c->frame_len = skb->len;                 /* linear or not */
}

/*
 * The exception to the daemon through the ring buffer, while its socket
 * on the link's queue 0 is bound (the daemon lives); else to the kernel.
 */
static __always_inline int tc_punt(struct __sk_buff *skb, struct xr_ctx *c)
{
	struct xr_xsk_port *port;
	struct xr_tc_punt *r;
	__u32 len = skb->len, slot;
	__u64 n;

	port = xr_punt_port(c);
	/* a GSO packet would reach the daemon as one oversize datagram */
	if (!port || skb->gso_size)
		goto to_kernel;
	slot = port->base;
	if (!bpf_map_lookup_elem(&xr_xsks, &slot))
		goto to_kernel;
	r = bpf_ringbuf_reserve(&xr_tc_punt, sizeof(*r), 0);
	if (!r)
		goto to_kernel;
	xr_punt_meta_fill(&r->meta, c);
	/* bounds the verifier can see: the mask is kept from the compiler,
	 * which knows len is small already */
	n = len;                         /* 64 bits: no zero-extended copy */
	asm volatile("%0 &= 0xfff" : "+r"(n));
	if (n > XR_XSK_PUNT_MAX || n < ETH_HLEN) {
		bpf_ringbuf_discard(r, 0);
		goto to_kernel;
	}
	r->len = (__u32)n;
	if (bpf_skb_load_bytes(skb, 0, r->frame, (__u32)n)) {
		bpf_ringbuf_discard(r, 0);
		goto to_kernel;
	}
	bpf_ringbuf_submit(r, 0);
	return TC_ACT_SHOT;          /* the daemon has it now */
to_kernel:
	XR_OTHER_INC(PuntToKernel);
	return TC_ACT_OK;
}

static __attribute__((noinline)) int tc_capture(struct __sk_buff *skb,
						struct xr_ctx *c, int v)
{
	struct xr_capture_rec *r;
	__u64 n = 0;

	r = xr_capture_begin(c, v, XR_MODE_TC, &n);
	if (!r)
		return 0;
	if (n < 1 || n > XR_CAPTURE_SNAP ||
	    bpf_skb_load_bytes(skb, 0, r->data, (__u32)n)) {
		bpf_ringbuf_discard(r, 0);
		return 0;
	}
	bpf_ringbuf_submit(r, 0);
	return 0;
}

/* The flow hash (nhg.h), checked by the verifier once, on its own. */
XR_MP_HASH_BIND(xr_mp_hash_tc, struct __sk_buff)

static __always_inline int xr_tc_main(struct __sk_buff *skb)
{
	struct xr_ctx cs = { .ifindex = skb->ifindex, .pctx = skb };
	struct xr_ctx *c = &cs;
	__u32 len = skb->len;
	int v;

	xr_stats_begin(c);
	/* A VLAN tag is already out of the frame (skb->vlan_tci) at tc:
	 * the frame would look untagged. VLANs are the kernel's. */
	if (skb->vlan_present) {
		XR_OTHER_INC(PassVlan);
		return TC_ACT_OK;
	}
	/* the core reads the headers in place */
	bpf_skb_pull_data(skb, tc_pull_len(skb));
	tc_load(skb, c);
	v = xr_rcv(c);
	if (v == XR_V_CONTINUE && c->trim && !tc_big_tcp(skb, c)) {
		if (bpf_skb_change_tail(skb, len - c->trim, 0))
			return TC_ACT_OK;   /* the kernel trims what we cannot */
		tc_load(skb, c);
	}
	if (v == XR_V_CONTINUE) {
		c->gso_seglen = tc_gso_seglen(skb, c);
		v = xr_rcv_finish(c);
	}
	if (v == XR_V_HANDLER)
		v = xr_proto_at_tc(c);
	if (v == XR_V_CONTINUE)
		v = xr_forward(c);
	if (c->if_flags & XR_IF_CAPTURE)
		tc_capture(skb, c, v);

	switch (v) {
	case XR_V_REDIRECT:
		xr_if_tx(c->out_ifindex, c->frame_len);
		return (int)bpf_redirect(c->out_ifindex, 0);
	case XR_V_PUNT:
		return tc_punt(skb, c);
	case XR_V_DROP:
		return TC_ACT_SHOT;
	default:
		return TC_ACT_OK;
	}
}

#endif
