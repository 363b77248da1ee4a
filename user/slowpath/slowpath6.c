// SPDX-License-Identifier: GPL-2.0
/*
 * xr_sp_handle6: a punted IPv6 frame, finished as the kernel would
 * (net/ipv6/ip6_output.c ip6_forward, route.c ip6_pkt_drop, icmp.c
 * icmp6_send, ndisc.c ndisc_send_redirect, exthdrs.c for Hop-by-Hop).
 */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/fib6.h"
#include "lib/nhg.h"
#include "lib/route6.h"
#include "slowpath/hopopts.h"
#include "slowpath/icmp.h"
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"
#include "slowpath/slowpath.h"

#define REDIRECT_TMO_MS 1000          /* inet_peer_xrlim_allow(peer, 1*HZ) */

static uint64_t now_ms(struct xr_sp *sp)
{
	return sp->clock() / 1000000;
}

static void in6_at(struct xr_in6 *a, const uint8_t *p)
{
	memcpy(a, p, sizeof(*a));
}

/*
 * A route with a next-hop group: the member (fib6_select_path) the hash
 * of the packet at ip (len bytes) the message is about picks under the
 * IPv6 policy, as icmp6_send's rt6_multipath_hash of the offending skb;
 * with the symmetric hash, the path of its flow's reverse direction.
 */
static int route6_member(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 struct xr_route6 *rt)
{
	uint32_t id = xr_nhg_resolve_pkt(sp->m, 1, XR_FIB_NHG | rt->nhg, ip, len);
	const struct xr_nh6 *n;

	if (!id || !sp->m->fib6)
		return -EHOSTUNREACH;
	n = &sp->m->fib6->nh.nh6[id];
	rt->ifindex = n->ifindex;
	rt->gw = n->gw;
	return 0;
}

/*
 * ip6_route_output toward dst for a message about the packet at ip (len
 * bytes): a link-local one is on link ifindex (its fe80::/64), the
 * others by the route table. The egress link (attached),
 * the next hop and the route's prefix length; -errno when there is no
 * unicast route.
 */
static int route6(struct xr_sp *sp, const uint8_t *ip, size_t len,
		  const struct xr_in6 *dst, uint32_t ifindex, uint32_t *oif,
		  struct xr_in6 *nh, uint8_t *plen)
{
	struct xr_route6 rt;

	*nh = *dst;
	if (xr_in6_linklocal(dst)) {
		*oif = ifindex;
		*plen = 64;
	} else {
		if (xr_route6_lookup(sp->m, dst, &rt))
			return -ENETUNREACH;
		if (rt.type != XR_RTN_UNICAST)
			return -EHOSTUNREACH;
		if (rt.nhg && route6_member(sp, ip, len, &rt))
			return -EHOSTUNREACH;
		*oif = rt.ifindex;
		*plen = rt.plen;
		if (!xr_in6_any(&rt.gw))
			*nh = rt.gw;
	}
	return xr_sp_attached(sp, *oif) ? 0 : -ENODEV;
}

static unsigned int icmp6_counter(uint8_t type)
{
	switch (type) {
	case ICMPV6_DEST_UNREACH: return XR_SLOW_Icmp6OutDestUnreachs;
	case ICMPV6_PKT_TOOBIG:   return XR_SLOW_Icmp6OutPktTooBigs;
	case ICMPV6_TIME_EXCEED:  return XR_SLOW_Icmp6OutTimeExcds;
	case ICMPV6_PARAMPROB:    return XR_SLOW_Icmp6OutParmProblems;
	default:                  return XR_SLOW_Icmp6OutRedirects;
	}
}

/* icmp6_send's rules; 0 when the error may go */
static int icmp6_allowed(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 int l2_mcast, uint8_t type, uint8_t code, uint32_t info)
{
	int v = xr_icmp6_may_send(ip, len, l2_mcast, type, code, info);

	if (v == XR_ICMP_NOT_ABOUT_ERROR)
		SP_INC(sp, Icmp6NotSentAboutIcmpError);
	else if (v != XR_ICMP_SEND)
		SP_INC(sp, Icmp6NotSentAboutMcast);
	return v;
}

/* icmpv6_global_allow, icmpv6_xrlim_allow */
static int icmp6_ratelimit(struct xr_sp *sp, uint8_t type,
			   const struct xr_in6 *dst, uint8_t plen)
{
	int v = xr_icmp6_rl_allow(&sp->rl, type, dst, plen, now_ms(sp));

	xr_sp_add(sp, XR_SLOW_PeerEvictions, xr_rl_take_evictions(&sp->rl));
	if (v == XR_RL_GLOBAL)        /* the kernel counts it in Icmp too */
		SP_INC(sp, OutRateLimitGlobal);
	if (v == XR_RL_HOST)
		SP_INC(sp, Icmp6OutRateLimitHost);
	return v;
}

/*
 * icmp6_send: from the packet's destination when it is ours, else the
 * address ipv6_dev_get_saddr picks on the ingress link for the packet's
 * source; routed back like any packet the router sends.
 */
void xr_sp_icmp6_send(struct xr_sp *sp, const uint8_t *ip, size_t len,
		      const struct xr_punt_meta *m, int l2_mcast, uint8_t type,
		      uint8_t code, uint32_t info)
{
	uint8_t out[IPV6_MIN_MTU];
	struct xr_in6 to, pdst, saddr, nh;
	uint32_t oif;
	uint8_t plen;
	size_t n;

	if (icmp6_allowed(sp, ip, len, l2_mcast, type, code, info))
		return;
	in6_at(&to, ip + 8);              /* back to the packet's source */
	in6_at(&pdst, ip + 24);
	if (route6(sp, ip, len, &to, m->ifindex, &oif, &nh, &plen)) {
		SP_INC(sp, Icmp6OutErrors);
		return;
	}
	if (icmp6_ratelimit(sp, type, &to, plen))
		return;
	if (!xr_in6_mcast(&pdst) && !l2_mcast && xr_sp_is_local6(sp, &pdst, 0))
		saddr = pdst;
	else if (xr_sp_saddr6(sp, m->ifindex, &to, &saddr)) {
		SP_INC(sp, Icmp6OutErrors);
		return;
	}
	n = xr_icmp6_build(out, ip, len, type, code, info, &saddr);
	SP_INC(sp, Icmp6OutMsgs);
	xr_sp_inc(sp, icmp6_counter(type));
	xr_sp_neigh_output(sp, oif, &nh, out, n, m);
}

/*
 * The route the fast path found: slot nh_id of xr_fib6_nh, its link and
 * next hop (its gateway, or the packet's destination when that is ::).
 * A Hop-by-Hop packet was punted before the route was used (the kernel
 * parses the options first): out_ifindex is 0 and the slot's type says
 * what ip6_route_input would have: XR_REASON_* of a route error, 0 for a
 * unicast route, -1 for none to act on (a blackhole: silent).
 */
static int punt_route(struct xr_sp *sp, const uint8_t *ip,
		      const struct xr_punt_meta *m, uint32_t *oif,
		      struct xr_in6 *nh)
{
	struct xr_nh6 n;
	__u32 id = m->nh_id;

	if (!id || bpf_map_lookup_elem(sp->m->fib6_nh, &id, &n))
		return XR_REASON_NoRoute;
	if (n.type == XR_RTN_BLACKHOLE)
		return -1;
	if (n.type == XR_RTN_PROHIBIT)
		return XR_REASON_Prohibit;
	if (n.type != XR_RTN_UNICAST)
		return XR_REASON_Unreachable;
	*oif = m->out_ifindex ? m->out_ifindex : n.ifindex;
	if (xr_in6_any(&n.gw))
		in6_at(nh, ip + 24);
	else
		*nh = n.gw;
	return 0;
}

/* ndisc_send_redirect's conditions, then the message */
static void send_redirect(struct xr_sp *sp, const uint8_t *ip, size_t len,
			  const struct xr_punt_meta *m, const struct xr_in6 *target)
{
	uint8_t out[IPV6_MIN_MTU];
	struct xr_in6 ll, src, dst, nh;
	struct xr_neigh tn;
	uint32_t oif;
	uint8_t plen;
	size_t n;
	int known;

	in6_at(&src, ip + 8);
	in6_at(&dst, ip + 24);
	if (xr_sp_lladdr6(sp, m->ifindex, &ll) ||
	    (!xr_in6_eq(&dst, target) && !xr_in6_linklocal(target)))
		return;
	/* "destination is not a neighbour": the source must be on-link */
	if (route6(sp, ip, len, &src, m->ifindex, &oif, &nh, &plen) ||
	    oif != m->ifindex || !xr_in6_eq(&nh, &src))
		return;
	if (!xr_peer6_allow(&sp->rl, &src, REDIRECT_TMO_MS, now_ms(sp))) {
		SP_INC(sp, Icmp6OutRedirectsSuppressed);
		return;
	}
	known = xr_sp_neigh_get(sp, m->ifindex, target, &tn) == 0 &&
		(tn.state & XR_NUD_VALID);
	n = xr_ndisc_build_redirect(out, ip, len, &ll, target,
				    known ? tn.mac : NULL);
	SP_INC(sp, Icmp6OutMsgs);
	SP_INC(sp, Icmp6OutRedirects);
	xr_sp_neigh_output(sp, oif, &nh, out, n, m);
}

/* ip6_forward: "incoming and outgoing devices are the same: send a
 * redirect", limited per destination here, per source in ndisc */
static void sp_redirect6(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m, const struct xr_in6 *nh)
{
	struct xr_in6 dst;

	in6_at(&dst, ip + 24);
	if (xr_peer6_allow(&sp->rl, &dst, REDIRECT_TMO_MS, now_ms(sp)))
		send_redirect(sp, ip, len, m, nh);
	else
		SP_INC(sp, Icmp6OutRedirectsSuppressed);
}

/* ip6_dst_mtu_maybe_forward, at least IPV6_MIN_MTU */
static uint32_t egress_mtu(const struct xr_sp *sp, uint32_t oif)
{
	uint32_t mtu = sp->ifs[oif].mtu;

	return mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : mtu;
}

static void route_error6(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m, int l2_mcast, int reason);

/* Whether ip6_forward sends a redirect: the fast path said so, or, for
 * a packet it punted before routing, it leaves by its own link (and
 * redirects are on there). */
static int wants_redirect(const struct xr_sp *sp, const struct xr_punt_meta *m,
			  uint32_t oif)
{
	if (m->reason == XR_REASON_HopByHop)
		return oif == m->ifindex &&
		       !(sp->ifs[oif].flags & XR_IF_NO_REDIRECTS);
	return m->reason == XR_REASON_Redirect;
}

/* ip6_forward's source checks for a packet leaving by another link:
 * an unspecified source dropped, a link-local one answered 1/2; 0 to go
 * on. (The fast path made them for what it punted after routing.) */
static int scope_refused(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m, int l2_mcast)
{
	struct xr_in6 src;

	in6_at(&src, ip + 8);
	if (xr_in6_any(&src))
		return 1;
	if (!xr_in6_linklocal(&src))
		return 0;
	xr_sp_icmp6_send(sp, ip, len, m, l2_mcast, ICMPV6_DEST_UNREACH,
			 ICMPV6_NOT_NEIGHBOUR, 0);
	return 1;
}

/* ip6_forward for what the fast path could not finish. */
static void sp_forward6(struct xr_sp *sp, uint8_t *ip, size_t len,
			const struct xr_punt_meta *m, int l2_mcast)
{
	uint32_t oif = 0, mtu;
	struct xr_in6 nh;
	int r = punt_route(sp, ip, m, &oif, &nh);

	if (r) {
		route_error6(sp, ip, len, m, l2_mcast, r);
		return;
	}
	if (!xr_sp_attached(sp, oif)) {
		SP_INC(sp, TxErrors);
		return;
	}
	if (ip[7] <= 1) {
		xr_sp_icmp6_send(sp, ip, len, m, l2_mcast, ICMPV6_TIME_EXCEED,
				 ICMPV6_EXC_HOPLIMIT, 0);
		return;
	}
	if (wants_redirect(sp, m, oif))
		sp_redirect6(sp, ip, len, m, &nh);
	else if (oif != m->ifindex && scope_refused(sp, ip, len, m, l2_mcast))
		return;
	mtu = egress_mtu(sp, oif);
	if (len > mtu) {
		xr_sp_icmp6_send(sp, ip, len, m, l2_mcast, ICMPV6_PKT_TOOBIG,
				 0, mtu);
		return;
	}
	ip[7]--;
	SP_INC(sp, Ip6ForwDatagrams);
	xr_sp_neigh_output(sp, oif, &nh, ip, len, m);
}

/* ipv6_parse_hopopts, then ip6_forward */
static void sp_hopopts(struct xr_sp *sp, uint8_t *ip, size_t len,
		       const struct xr_punt_meta *m, int l2_mcast)
{
	uint32_t pointer;
	uint8_t code;
	int v = ip[6] == 0 ? xr_ip6_hopopts(ip, len, &code, &pointer) :
			     XR_HBH_DROP;

	if (v == XR_HBH_FORWARD) {
		sp_forward6(sp, ip, len, m, l2_mcast);
		return;
	}
	SP_INC(sp, Ip6InHdrErrors);
	if (v == XR_HBH_PARAMPROB)
		xr_sp_icmp6_send(sp, ip, len, m, l2_mcast, ICMPV6_PARAMPROB,
				 code, pointer);
}

/* What each route error and scope or size exception gets: ip6_pkt_drop
 * (no route, unreachable and throw: 1/0; prohibit 1/1), ip6_forward. */
static const struct { uint8_t type, code; } reason_icmp6[XR_REASON_MAX] = {
	[XR_REASON_TtlExceeded]  = { ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT },
	[XR_REASON_NoRoute]      = { ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[XR_REASON_Unreachable]  = { ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[XR_REASON_LinkDown]     = { ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[XR_REASON_Prohibit]     = { ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED },
	[XR_REASON_BeyondScope]  = { ICMPV6_DEST_UNREACH, ICMPV6_NOT_NEIGHBOUR },
	[XR_REASON_PacketTooBig] = { ICMPV6_PKT_TOOBIG, 0 },
};

static void route_error6(struct xr_sp *sp, const uint8_t *ip, size_t len,
			 const struct xr_punt_meta *m, int l2_mcast, int reason)
{
	if (reason > 0)
		xr_sp_icmp6_send(sp, ip, len, m, l2_mcast,
				 reason_icmp6[reason].type,
				 reason_icmp6[reason].code, 0);
}

/* The packet's length: its payload length, or for a Hop-by-Hop packet
 * with none (a jumbogram, ip6_rcv_core) the frame's; 0 when malformed. */
static size_t ip6_len(const uint8_t *ip, size_t avail)
{
	size_t tot = XR_IP6_HLEN + (size_t)(ip[4] << 8 | ip[5]);

	if (tot == XR_IP6_HLEN && ip[6] == 0)
		tot = avail;
	return tot > avail ? 0 : tot;
}

void xr_sp_handle6(struct xr_sp *sp, uint8_t *frame, size_t len,
		   const struct xr_punt_meta *m)
{
	uint8_t *ip = frame + 14, r = m->reason;
	int l2_mcast = frame[0] & 1;
	size_t tot;

	if (m->magic != XR_PUNT_MAGIC || len < 14 + XR_IP6_HLEN ||
	    (ip[0] >> 4) != 6 || m->ifindex >= XR_MAX_IFINDEX ||
	    m->out_ifindex >= XR_MAX_IFINDEX || !(tot = ip6_len(ip, len - 14)))
		goto bad;
	switch (r) {
	case XR_REASON_HopByHop:
		sp_hopopts(sp, ip, tot, m, l2_mcast);
		return;
	case XR_REASON_NoNeigh:
	case XR_REASON_Redirect:
		sp_forward6(sp, ip, tot, m, l2_mcast);
		return;
	case XR_REASON_PacketTooBig:
		xr_sp_icmp6_send(sp, ip, tot, m, l2_mcast, ICMPV6_PKT_TOOBIG, 0,
				 m->mtu ? m->mtu : egress_mtu(sp, m->out_ifindex));
		return;
	default:
		if (r >= XR_REASON_MAX || !reason_icmp6[r].type)
			goto bad;
		xr_sp_icmp6_send(sp, ip, tot, m, l2_mcast, reason_icmp6[r].type,
				 reason_icmp6[r].code, 0);
		return;
	}
bad:
	SP_INC(sp, RxBadMeta);
}
