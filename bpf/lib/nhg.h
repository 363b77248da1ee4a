/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fib_select_multipath for both families: a FIB entry with XR_FIB_NHG
 * names a next-hop group (include/xdp_router/abi/nhg.h), whose member
 * for a packet is bucket[xr_mp_bucket(hash)] (the top 7 bits), the hash
 * being the symmetric flow hash of abi/nhg.h (fib_multipath_hash,
 * rt6_multipath_hash) under the family's policy in xr_mp_cfg:
 *   L3 (0): the addresses (IPv6: and flow label, next header);
 *   L4 (1): the addresses, protocol and ports; a fragment, a protocol
 *           without ports, or one whose ports are not in the frame: L3.
 * An ICMP or ICMPv6 error is hashed on the header it quotes (under L4
 * its ports too), as the kernel's ip_multipath_l3_keys and
 * ip6_multipath_l3_keys do, so it takes the member of the flow it is
 * about. The hash reads the frame's first XR_MP_HASH_LEN bytes only
 * (what tc has linear): a quote, header or ports past them count as
 * absent, at XDP as at tc. IPv6's "next header" is the upper-layer protocol past the
 * extension headers (ip6_skip_exthdr, walked only when the first next
 * header is one), so that every fragment of a flow hashes as its
 * unfragmented packets. Only
 * the destination's lookup selects (ip_route_input_addr,
 * ip6_route_input_addr): a group entry met anywhere else (the source
 * checks, the redirect test) is no next hop at all, so not local, not
 * on-link. docs/architecture.md "ECMP".
 */
#ifndef XR_BPF_NHG_H
#define XR_BPF_NHG_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "../../include/xdp_router/abi.h"
#include "ctx.h"
#include "maps.h"
#include "exthdr6.h"
#include "fib4.h"
#include "fib6.h"

#define XR_ICMPV6         58      /* IPPROTO_ICMPV6 */
#define XR_ICMP_HLEN      8       /* an error's header, before the quote */

/* The settings (policy of the family, seed); NULL: the map is empty. */
static __always_inline struct xr_mp_cfg *xr_mp_cfg_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xr_mp_cfg, &zero);
}

/* 1 when the n bytes at p lie past what the hash reads: beyond the
 * frame or XR_MP_HASH_LEN (abi/nhg.h: the same at XDP and tc). */
static __always_inline int xr_mp_past(const struct xr_ctx *c, const void *p,
				      __u32 n)
{
	return p + n > c->data + XR_MP_HASH_LEN;
}

/* The ports word at l4 (sport << 16 | dport, host order); -1 when the
 * frame does not hold them within XR_MP_HASH_LEN. */
static __always_inline long xr_mp_ports(const struct xr_ctx *c,
					const void *l4)
{
	if (l4 + 4 > c->data_end || xr_mp_past(c, l4, 4))
		return -1;
	return bpf_ntohl(*(const __u32 *)l4);
}

/* The group slot of a FIB entry's id. */
static __always_inline __u32 xr_nhg_slot(__u32 id)
{
	return id & ~XR_FIB_NHG;
}

/* The member of group gid of map nhgs for hash; 0 for a free or missing
 * slot (no route). */
static __always_inline __u32 xr_nhg_member(void *nhgs, __u32 gid,
					   __u32 hash)
{
	struct xr_nhg *g = bpf_map_lookup_elem(nhgs, &gid);

	if (!g || !g->nmemb)
		return 0;
	return g->bucket[xr_mp_bucket(hash)];
}

/* ------------------------------------------------------------ IPv4 */

/* icmp_is_err: the ICMP types that quote the datagram they are about. */
static __always_inline int icmp_is_err(__u8 type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 ||
	       type == 12;
}

static __always_inline int ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & bpf_htons(IP_MF | IP_OFFSET)) != 0;
}

/* The header the hash reads: the one an ICMP error quotes (whole in the
 * frame), else the datagram's own. As ip_multipath_l3_keys: not for a
 * fragment other than the first. */
static __always_inline const struct iphdr *
ip_mp_key(const struct xr_ctx *c, const struct iphdr *iph)
{
	const __u8 *icmp = (const void *)iph + iph->ihl * 4;
	const struct iphdr *in = (const void *)(icmp + XR_ICMP_HLEN);

	if (iph->protocol != IPPROTO_ICMP ||
	    (iph->frag_off & bpf_htons(IP_OFFSET)))
		return iph;
	if ((const void *)(in + 1) > c->data_end ||
	    xr_mp_past(c, in, sizeof(*in)) || !icmp_is_err(icmp[0]))
		return iph;
	return in;
}

/* fib_multipath_hash: the flow hash of an IPv4 datagram (abi/nhg.h's
 * words, symmetric). A fragment, outer or quoted, is hashed by L3. */
static __always_inline __u32 ip_mp_hash(const struct xr_ctx *c,
					const struct iphdr *iph,
					const struct xr_mp_cfg *cfg)
{
	const struct iphdr *k = ip_mp_key(c, iph);
	const __u32 *s = &k->saddr, *d = &k->daddr;
	long ports;

	if (cfg->policy4 != XR_MP_L4 || ip_is_fragment(iph) ||
	    ip_is_fragment(k) || !xr_mp_has_ports(k->protocol))
		return xr_mp_hash4(cfg->seed, s, d);
	ports = xr_mp_ports(c, (const void *)k + (k->ihl & 0xf) * 4);
	if (ports < 0)
		return xr_mp_hash4(cfg->seed, s, d);
	return xr_mp_hash4_l4(cfg->seed, s, d, k->protocol, (__u32)ports);
}

/* ------------------------------------------------------------ IPv6 */

/* What the hash reads of an IPv6 packet: the header (the packet's or,
 * for an ICMPv6 error, the one it quotes), its upper-layer protocol and
 * where that starts. */
struct ip6_mp_key {
	const struct ipv6hdr *h;
	struct ip6_l4 l4;
	int l4_ok;             /* the walk found the upper layer */
};

/* ip6_multipath_l3_keys: an ICMPv6 error (right after the header, a
 * type under 128) whose quoted header is whole in the frame is hashed
 * on that header. */
static __always_inline const struct ipv6hdr *
ip6_mp_key_hdr(const struct xr_ctx *c, const struct ipv6hdr *ip6h)
{
	const __u8 *icmp = (const void *)(ip6h + 1);
	const struct ipv6hdr *in = (const void *)(icmp + XR_ICMP_HLEN);

	if (ip6h->nexthdr != XR_ICMPV6 || (const void *)(in + 1) > c->data_end ||
	    xr_mp_past(c, in, sizeof(*in)))
		return ip6h;
	return icmp[0] < 128 ? in : ip6h;
}

/* ipv6_skip_exthdr from the key header, only when its next header is
 * an extension header: a plain TCP or UDP packet pays no walk. 0, or -1
 * when the walk finds no upper layer. */
static __always_inline int ip6_mp_l4(const struct xr_ctx *c,
				     struct ip6_mp_key *k)
{
	__u32 off = (const void *)(k->h + 1) - c->data;

	if (!ip6_ext_hdr(k->h->nexthdr)) {
		k->l4.off = off;
		k->l4.proto = k->h->nexthdr;
		return k->l4.proto == NEXTHDR_NONE ? -1 : 0;
	}
	return ip6_skip_exthdr_at(c, off, k->h->nexthdr, &k->l4,
				  XR_MP_HASH_LEN);
}

/* rt6_multipath_hash: the flow hash of an IPv6 packet (abi/nhg.h's
 * words, symmetric). The protocol is the upper layer's; past a Fragment
 * header, that header's next header (a later fragment holds no more
 * headers: so every fragment hashes alike, by L3); the key header's
 * next header when the walk finds neither. */
static __always_inline __u32 ip6_mp_hash(const struct xr_ctx *c,
					 const struct ipv6hdr *ip6h,
					 const struct xr_mp_cfg *cfg)
{
	struct ip6_mp_key k = { .h = ip6_mp_key_hdr(c, ip6h) };
	const __u32 *s = (const __u32 *)&k.h->saddr;
	const __u32 *d = (const __u32 *)&k.h->daddr;
	__u32 proto;
	long ports = -1;

	k.l4_ok = !ip6_mp_l4(c, &k);
	proto = k.l4.frag ? k.l4.frag_nh : k.l4_ok ? k.l4.proto : k.h->nexthdr;
	if (cfg->policy6 == XR_MP_L4 && k.l4_ok && !k.l4.frag &&
	    xr_mp_has_ports(proto))
		ports = xr_mp_ports(c, c->data + (k.l4.off & 0xfff));
	if (ports < 0)
		return xr_mp_hash6(cfg->seed, s, d,
				   bpf_ntohl(*(const __u32 *)k.h), proto);
	return xr_mp_hash6_l4(cfg->seed, s, d, proto, (__u32)ports);
}

/* The flow hash of the frame c holds (IPv6 when v6) under the settings
 * of xr_mp_cfg (the entries' XR_MP_HASH_ENTRY); 0 without them. */
static __always_inline __u32 xr_mp_hash_frame(const struct xr_ctx *c, int v6)
{
	const struct xr_mp_cfg *cfg = xr_mp_cfg_get();
	const void *l3 = c->data + ETH_HLEN;

	if (!cfg)
		return 0;
	if (v6) {
		if (l3 + sizeof(struct ipv6hdr) > c->data_end)
			return 0;
		return ip6_mp_hash(c, l3, cfg);
	}
	if (l3 + sizeof(struct iphdr) > c->data_end)
		return 0;
	return ip_mp_hash(c, l3, cfg);
}

/*
 * The entry binds the hash to its program's context: xr_mp_hash_frame
 * in a global function of its own (XR_MP_HASH_BIND), which the verifier
 * checks once, on its own, instead of once more on every path of the
 * program that reaches a group (each branch of the parsing would double
 * the paths after it). The entry names it in XR_MP_HASH_ENTRY before it
 * includes the core (xdp_main.h, tc_main.h); without one (a header
 * compiled on its own) the hash is inline.
 */
#ifndef XR_MP_HASH_ENTRY
#define XR_MP_HASH_ENTRY(c, v6) xr_mp_hash_frame(c, v6)
#endif

#define XR_MP_HASH_BIND(fn, ctx_type)                                     \
__noinline __u32 fn(ctx_type *pc, __u32 v6)                               \
{                                                                         \
	struct xr_ctx c = {};                                             \
									  \
	xr_ctx_load(&c, (void *)(long)pc->data, (void *)(long)pc->data_end); \
	return xr_mp_hash_frame(&c, v6);                                  \
}

/* ----------------------------------------------------- selection */

/*
 * fib_select_multipath: the next-hop id to use for the FIB entry id of
 * the destination of the frame c holds (IPv6 when v6): id itself, or,
 * for a group, the member its bucket for the frame's hash names
 * (c->mp_hash); 0: none (a free slot).
 */
static __always_inline __u32 xr_nh_select(struct xr_ctx *c, __u32 id, int v6)
{
	if (!(id & XR_FIB_NHG))
		return id;
	c->mp_hash = XR_MP_HASH_ENTRY(c, v6);
	return xr_nhg_member(v6 ? (void *)&xr_fib6_nhg : (void *)&xr_fib4_nhg,
			     xr_nhg_slot(id), c->mp_hash);
}

/*
 * The destination's next hop (struct xr_nh4, IPv6: xr_nh6) for the FIB
 * entry c->fib_e (valid: the family's VALID bit, mask: its id's bits):
 * the entry's, or its group's member for this flow (xr_nh_select), its
 * id in c->nh_id; NULL: none.
 */
static __always_inline void *xr_route_input_nh(struct xr_ctx *c, __u32 valid,
					       __u32 mask, int v6)
{
	if (!(c->fib_e & valid))
		return NULL;
	c->nh_id = xr_nh_select(c, c->fib_e & mask, v6);
	return v6 ? (void *)fib6_nh_id(c->nh_id) : (void *)fib4_nh_id(c->nh_id);
}

#endif
