// SPDX-License-Identifier: GPL-2.0
/* xr_sp_handle: a punted frame, finished as the kernel would. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include "lib/fib4.h"
#include "lib/clock.h"
#include "lib/fib6.h"
#include "lib/gen.h"
#include "lib/ifaces.h"
#include "lib/netdev.h"
#include "lib/nhg.h"
#include "lib/parse.h"
#include "lib/route4.h"
#include "slowpath/csum.h"
#include "slowpath/frag.h"
#include "slowpath/icmp.h"
#include "slowpath/slowpath.h"

#define IP_DF 0x4000

void xr_sp_inc(struct xr_sp *sp, unsigned int idx)
{
	xr_sp_add(sp, idx, 1);
}

void xr_sp_add(struct xr_sp *sp, unsigned int idx, uint64_t v)
{
	if (sp->stats && idx < XR_SLOW_MAX && v)
		__atomic_store_n(&sp->stats->c[idx], sp->stats->c[idx] + v,
				 __ATOMIC_RELAXED);
}

int xr_sp_init(struct xr_sp *sp, struct xr_state *st, struct xr_maps *m,
	       struct xr_slow_stats *stats, const struct xr_sp_parms *p,
	       xr_sp_xmit xmit, void *xmit_arg)
{
	memset(sp, 0, sizeof(*sp));
	sp->st = st;
	sp->m = m;
	sp->stats = stats;
	sp->p = *p;
	sp->xmit = xmit;
	sp->xmit_arg = xmit_arg;
	sp->clock = xr_mono_ns;
	sp->ip_id = (uint16_t)xr_mono_ns();
	xr_rl_init(&sp->rl, p->icmp_ratelimit_ms, p->icmp_msgs_per_sec,
		   p->icmp_msgs_burst);
	sp->rl.ratelimit6_ms = p->icmp6_ratelimit_ms;
	return xr_sp_sync(sp);
}

/* Whether an attached link has no link-local address in a6. */
static int ll_missing(const struct xr_sp *sp, const struct xr_addr6_entry *a6,
		      size_t n)
{
	uint32_t i;
	size_t j;

	for (i = 1; i < XR_MAX_IFINDEX; i++) {
		if (!(sp->ifs[i].flags & XR_IF_ATTACHED))
			continue;
		for (j = 0; j < n; j++)
			if (a6[j].val.ifindex == i &&
			    xr_in6_linklocal(&a6[j].addr))
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

/*
 * xr_addrs6 holds an address once, for one link: a link-local address on
 * several attached links (fe80::1 on each LAN) names the first. Each of
 * the others gets its own entry here, from the kernel, so that every
 * link has its link-local address to solicit and redirect from. The
 * kernel is asked only when a link lacks one (the sync runs every half
 * second).
 */
static void addrs6_shared_ll(struct xr_sp *sp, struct xr_addr6_entry **a6,
			     size_t *n)
{
	enum { MAX = 4096 };   /* XR_MAX_ADDRS6: the namespace's, all links */
	struct xr_ifaddr6 *k;
	struct xr_addr6_entry *more;
	int i, nk;
	size_t j;

	if (!ll_missing(sp, *a6, *n))
		return;
	k = calloc(MAX, sizeof(*k));
	nk = k ? xr_dev_addrs6(0, k, MAX) : 0;

	for (i = 0; i < nk; i++) {
		if (k[i].ifindex >= XR_MAX_IFINDEX ||
		    !(sp->ifs[k[i].ifindex].flags & XR_IF_ATTACHED) ||
		    !xr_in6_linklocal(&k[i].addr))
			continue;
		for (j = 0; j < *n; j++)        /* the map's, for another link */
			if (xr_in6_eq(&(*a6)[j].addr, &k[i].addr))
				break;
		if (j == *n || (*a6)[j].val.ifindex == k[i].ifindex ||
		    !(more = realloc(*a6, (*n + 1) * sizeof(**a6))))
			continue;
		*a6 = more;
		more[*n] = (struct xr_addr6_entry){ k[i].addr,
			{ .ifindex = k[i].ifindex, .type = XR_ADDR_LOCAL,
			  .plen = k[i].plen } };
		(*n)++;
	}
	free(k);
}

int xr_sp_sync(struct xr_sp *sp)
{
	struct xr_iface_entry *e = NULL;
	struct xr_addr4_entry *a = NULL;
	struct xr_addr6_entry *a6 = NULL;
	size_t n = 0, na = 0, na6 = 0, i;
	int err;

	err = xr_ifaces_dump(sp->m, &e, &n);
	if (!err)
		err = xr_addrs4_dump(sp->m, &a, &na);
	if (!err)
		err = xr_addrs6_dump(sp->m, &a6, &na6);
	if (err) {
		free(e);
		free(a);
		return err;
	}
	memset(sp->ifs, 0, sizeof(sp->ifs));
	for (i = 0; i < n; i++)
		if (e[i].ifindex < XR_MAX_IFINDEX)
			sp->ifs[e[i].ifindex] = e[i].val;
	free(e);
	addrs6_shared_ll(sp, &a6, &na6);
	free(sp->addrs);
	sp->addrs = a;
	sp->n_addrs = na;
	free(sp->addrs6);
	sp->addrs6 = a6;
	sp->n_addrs6 = na6;
	return 0;
}

/* Whether the next-hop index this process keeps may be out of step with
 * the map: another process wrote next hops (the configuration's
 * generation moved since the last write lock, g) or died while writing
 * (the repair frees slots). Without a state (tests) the maps are shared
 * in-process: always. */
static int sp_nh_index_stale(struct xr_sp *sp, const struct xr_state_gen *g)
{
	uint32_t pid;

	if (!sp->st || !g)
		return 1;
	return !sp->gen_seen || g->gen[XR_GEN_CONFIG] != sp->cfg_gen_locked ||
	       xr_fib4_writer_gone(sp->m->fib, &pid);
}

#define SP_REPAIR_BACKOFF_NS (5 * 1000000000ull)

/* A command that died while writing: repaired before this write. A
 * repair that failed is not tried again for a while: the writes wait
 * (-EWOULDBLOCK keeps them pending), the loop does not spin on repairs. */
static int sp_repair(struct xr_sp *sp)
{
	if (!sp->st)
		return 0;
	if (sp->repair_failed_ns &&
	    sp->clock() - sp->repair_failed_ns < SP_REPAIR_BACKOFF_NS)
		return -EWOULDBLOCK;
	if (xr_state_repair(sp->st)) {
		sp->repair_failed_ns = sp->clock();
		return -EWOULDBLOCK;
	}
	sp->repair_failed_ns = 0;
	return 0;
}

int xr_sp_write_lock(struct xr_sp *sp)
{
	int err = sp->st ? xr_state_trylock(sp->st, 1) : 0;
	struct xr_state_gen g;
	int have_gen;

	if (err)
		return err;
	/* the state removed while we waited (reset): nothing is written to
	 * it; what waits stays pending until the next sync lets it go */
	if (sp->st && !xr_state_dir_current(sp->st)) {
		xr_state_unlock(sp->st);
		return -EWOULDBLOCK;
	}
	have_gen = xr_gen_read(sp->m, &g) == 0;
	/* the index is rebuilt from the map (a 65,536-slot scan) only when
	 * it may be stale, not for every neighbour write */
	if (sp->m->fib && sp_nh_index_stale(sp, have_gen ? &g : NULL)) {
		xr_nh_fini(&sp->m->fib->nh);
		if (sp->m->fib6)
			xr_nh_fini(&sp->m->fib6->nh);
	}
	if (have_gen) {
		sp->cfg_gen_locked = g.gen[XR_GEN_CONFIG];
		sp->gen_seen = 1;
	}
	xr_gen_bump(sp->m, 1u << XR_GEN_NEIGH);
	err = sp_repair(sp);
	if (err)
		xr_state_unlock(sp->st);
	return err;
}

void xr_sp_write_unlock(struct xr_sp *sp)
{
	/* what the write gave up released, the mark cleared (lib/fib4.h) */
	if (sp->m->fib)
		xr_fib4_commit(sp->m->fib);
	if (sp->st)
		xr_state_unlock(sp->st);
}

__be32 xr_sp_link_addr(struct xr_sp *sp, uint32_t ifindex, __be32 peer)
{
	__be32 first = 0;
	size_t i;

	for (i = 0; i < sp->n_addrs; i++) {
		const struct xr_addr4_entry *a = &sp->addrs[i];

		if (a->val.type != XR_ADDR_LOCAL || a->val.ifindex != ifindex)
			continue;
		if (((a->addr ^ peer) & xr_plen_mask(a->val.plen)) == 0)
			return a->addr;
		if (!first)
			first = a->addr;
	}
	return first;
}

int xr_sp_is_local(struct xr_sp *sp, __be32 addr)
{
	size_t i;

	for (i = 0; i < sp->n_addrs; i++)
		if (sp->addrs[i].addr == addr &&
		    sp->addrs[i].val.type == XR_ADDR_LOCAL)
			return 1;
	return 0;
}

static int is_local(__be32 addr, void *arg)
{
	return xr_sp_is_local(arg, addr);
}

int xr_sp_send_ip(struct xr_sp *sp, uint32_t ifindex, const uint8_t dmac[6],
		  const uint8_t *ip, size_t len)
{
	uint8_t f[XR_XSK_FRAME_MAX];
	int err;

	if (!xr_sp_attached(sp, ifindex) || len + 14 > sizeof(f)) {
		SP_INC(sp, TxErrors);
		return -ENODEV;
	}
	memcpy(f, dmac, 6);
	memcpy(f + 6, sp->ifs[ifindex].mac, 6);
	f[12] = (ip[0] >> 4) == 6 ? 0x86 : 0x08;   /* ETH_P_IPV6 : ETH_P_IP */
	f[13] = (ip[0] >> 4) == 6 ? 0xdd : 0x00;
	memcpy(f + 14, ip, len);
	err = sp->xmit(sp->xmit_arg, ifindex, f, len + 14);
	if (err)
		SP_INC(sp, TxErrors);
	else
		SP_INC(sp, TxFrames);
	return err;
}

/* ip_finish_output2: the neighbour's MAC, or resolution with a queue. */
void xr_sp_neigh_output(struct xr_sp *sp, uint32_t ifindex,
			const struct xr_in6 *nexthop, const uint8_t *ip,
			size_t len, const struct xr_punt_meta *m)
{
	struct xr_neigh n;

	if ((ip[0] >> 4) == 6 && xr_na_is4(nexthop)) {
		SP_INC(sp, NdiscUnresolvedDiscards);   /* naddr.h */
		return;
	}
	if (xr_sp_neigh_get(sp, ifindex, nexthop, &n) == 0 &&
	    (n.state & XR_NUD_VALID)) {
		xr_sp_send_ip(sp, ifindex, n.mac, ip, len);
		return;
	}
	xr_sp_resolve_queue(sp, ifindex, nexthop, ip, len, m);
}

static const unsigned int not_sent[] = {
	[XR_ICMP_NOT_ABOUT_ERROR] = XR_SLOW_NotSentAboutIcmpError,
	[XR_ICMP_NOT_ABOUT_FRAGMENT] = XR_SLOW_NotSentAboutFragment,
	[XR_ICMP_NOT_ABOUT_BCAST] = XR_SLOW_NotSentAboutBcast,
};

static unsigned int icmp_counter(uint8_t type, uint8_t code)
{
	switch (type) {
	case ICMP_TIME_EXCEEDED: return XR_SLOW_OutTimeExcds;
	case ICMP_PARAMETERPROB: return XR_SLOW_OutParmProbs;
	case ICMP_REDIRECT:      return XR_SLOW_OutRedirects;
	default:
		switch (code) {
		case ICMP_NET_UNREACH:  return XR_SLOW_OutDestUnreachsNet;
		case ICMP_FRAG_NEEDED:  return XR_SLOW_OutDestUnreachsFragNeeded;
		case ICMP_PKT_FILTERED: return XR_SLOW_OutDestUnreachsProhibited;
		default:                return XR_SLOW_OutDestUnreachsHost;
		}
	}
}

/* icmp_route_lookup: the route back to dst, the source of the datagram
 * at ip (len bytes) an error is about, from the FIB the fast path reads
 * (mapped: no syscall), else from the route table. A route with a
 * next-hop group takes the member the hash of that datagram picks under
 * the IPv4 policy (Linux: the offending skb's), with the symmetric hash
 * the path of its flow's reverse direction. */
static int route_output(struct xr_sp *sp, const uint8_t *ip, size_t len,
			__be32 dst, uint32_t *oif, __be32 *nh)
{
	struct xr_route4 rt;

	if (sp->m->fib) {
		uint32_t e = xr_fib4_lookup(sp->m->fib, ntohl(dst)), id;
		const struct xr_nh4 *n;

		if (!(e & XR_FIB4_VALID))
			return -ENETUNREACH;
		id = xr_nhg_resolve_pkt(sp->m, 0, e & XR_FIB4_ID_MASK, ip, len);
		n = &sp->m->fib->nh.nh[id];
		if (!id || n->type != XR_RTN_UNICAST)
			return -EHOSTUNREACH;
		*oif = n->ifindex;
		*nh = n->gw ? n->gw : dst;
	} else {
		if (xr_route4_lookup(sp->m, dst, &rt) || rt.type != XR_RTN_UNICAST ||
		    rt.nhg)      /* its members are in the FIB's maps only */
			return -ENETUNREACH;
		*oif = rt.ifindex;
		*nh = rt.gw ? rt.gw : dst;
	}
	/* only attached links have a socket to send with */
	if (!xr_sp_attached(sp, *oif))
		return -ENODEV;
	return 0;
}

static uint64_t sp_now_ms(struct xr_sp *sp)
{
	return sp->clock() / 1000000;
}

/* The inet_peer entries the last limit replaced while still live. */
static void sp_peer_evictions(struct xr_sp *sp)
{
	xr_sp_add(sp, XR_SLOW_PeerEvictions, xr_rl_take_evictions(&sp->rl));
}

/*
 * icmp_send: an error about the datagram ip (as it is now), from the
 * address of the link it came in on (m->ifindex), routed back to its
 * source like any datagram the router sends.
 */
void xr_sp_icmp_send(struct xr_sp *sp, const uint8_t *ip, size_t len,
		     const struct xr_punt_meta *m, int l2_bcast, uint8_t type,
		     uint8_t code, __be32 info)
{
	uint8_t out[XR_ICMP_MAX_LEN];
	uint32_t oif;
	__be32 src, dst, nh;
	struct xr_in6 nh6;
	size_t n;
	int v;

	v = xr_icmp_may_send(ip, len, l2_bcast, m->rt_type == XR_RTN_BROADCAST);
	if (v != XR_ICMP_SEND) {
		xr_sp_inc(sp, not_sent[v]);
		return;
	}
	memcpy(&dst, ip + 12, 4);
	v = xr_icmp_rl_allow(&sp->rl, type, code, dst, sp_now_ms(sp));
	sp_peer_evictions(sp);
	if (v == XR_RL_GLOBAL) {
		SP_INC(sp, OutRateLimitGlobal);
		return;
	}
	if (v == XR_RL_HOST) {
		SP_INC(sp, OutRateLimitHost);
		return;
	}
	src = xr_sp_link_addr(sp, m->ifindex, dst);
	if (!src || route_output(sp, ip, len, dst, &oif, &nh)) {
		SP_INC(sp, OutErrors);
		return;
	}
	n = xr_icmp_build(out, ip, len, type, code, info, src, sp->ip_id++);
	SP_INC(sp, OutMsgs);
	xr_sp_inc(sp, icmp_counter(type, code));
	nh6 = xr_na4(nh);
	xr_sp_neigh_output(sp, oif, &nh6, out, n, m);
}

struct frag_ctx {
	struct xr_sp *sp;
	uint32_t ifindex;
	struct xr_in6 nexthop;
	const struct xr_punt_meta *m;
};

static int frag_out(void *arg, uint8_t *f, size_t len)
{
	struct frag_ctx *fc = arg;

	SP_INC(fc->sp, FragCreates);
	xr_sp_neigh_output(fc->sp, fc->ifindex, &fc->nexthop, f, len, fc->m);
	return 0;
}

/* ip_forward for what the fast path could not finish. */
static void sp_forward(struct xr_sp *sp, uint8_t *ip, size_t len,
		       const struct xr_punt_meta *m, int l2_bcast,
		       const struct xr_ipopt *opt)
{
	uint32_t oif = m->out_ifindex;
	struct frag_ctx fc = { sp, oif, xr_na4(m->nexthop), m };
	uint16_t frag_off;
	uint32_t mtu;
	__be32 egress;
	int v;

	if (!xr_sp_attached(sp, oif)) {
		SP_INC(sp, TxErrors);
		return;
	}
	if (ip[8] <= 1) {                 /* too_many_hops */
		xr_sp_icmp_send(sp, ip, len, m, l2_bcast, ICMP_TIME_EXCEEDED,
				ICMP_EXC_TTL, 0);
		return;
	}
	mtu = sp->ifs[oif].mtu;
	frag_off = (uint16_t)(ip[6] << 8 | ip[7]);
	if (len > mtu && (frag_off & IP_DF)) {   /* ip_exceeds_mtu */
		SP_INC(sp, FragFails);
		xr_sp_icmp_send(sp, ip, len, m, l2_bcast, ICMP_DEST_UNREACH,
				ICMP_FRAG_NEEDED, htonl(mtu));
		return;
	}
	ip[8]--;                          /* ip_decrease_ttl */
	xr_ip_send_check(ip);
	if (m->reason == XR_REASON_Redirect) {   /* ip_rt_send_redirect */
		__be32 src;

		memcpy(&src, ip + 12, 4);
		if (!opt || !opt->srr) {
			v = xr_redirect_allow(&sp->rl, src, sp_now_ms(sp));
			sp_peer_evictions(sp);
			if (v)
				xr_sp_icmp_send(sp, ip, len, m, l2_bcast,
						ICMP_REDIRECT, ICMP_REDIR_HOST,
						m->nexthop);
			else
				SP_INC(sp, OutRedirectsSuppressed);
		}
	}
	if (opt) {                        /* ip_forward_finish: options */
		egress = xr_sp_link_addr(sp, oif, m->nexthop);
		if (xr_ip_options_forward(ip, opt, egress))
			xr_ip_send_check(ip);
	}
	SP_INC(sp, ForwDatagrams);
	if (len <= mtu) {
		xr_sp_neigh_output(sp, oif, &fc.nexthop, ip, len, m);
		return;
	}
	if (xr_ip_fragment(ip, len, mtu, frag_out, &fc) > 0)
		SP_INC(sp, FragOKs);
	else
		SP_INC(sp, FragFails);
}

/* The unreachable ip_error sends for each route error (dst.error). */
static const struct { uint8_t type, code; } reason_icmp[XR_REASON_MAX] = {
	[XR_REASON_NoRoute]     = { ICMP_DEST_UNREACH, ICMP_NET_UNREACH },
	[XR_REASON_Unreachable] = { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
	[XR_REASON_Prohibit]    = { ICMP_DEST_UNREACH, ICMP_PKT_FILTERED },
	/* fib_sync_down_dev: the route is gone while its link is down */
	[XR_REASON_LinkDown]    = { ICMP_DEST_UNREACH, ICMP_NET_UNREACH },
};

/* ip_error: an unreachable from a route error, limited per offending
 * source before icmp_send applies its own limits. */
static void sp_ip_error(struct xr_sp *sp, const uint8_t *ip, size_t len,
			const struct xr_punt_meta *m, int l2_bcast)
{
	__be32 src;
	int v;

	memcpy(&src, ip + 12, 4);
	v = xr_ip_error_allow(&sp->rl, src, sp_now_ms(sp));
	sp_peer_evictions(sp);
	if (!v) {
		SP_INC(sp, OutDestUnreachsSuppressed);
		return;
	}
	xr_sp_icmp_send(sp, ip, len, m, l2_bcast, reason_icmp[m->reason].type,
			reason_icmp[m->reason].code, 0);
}

void xr_sp_handle(struct xr_sp *sp, uint8_t *frame, size_t len,
		  const struct xr_punt_meta *m)
{
	uint8_t *ip = frame + 14, pp = 0;
	struct xr_ipopt opt, *o = NULL;
	int l2_bcast;
	size_t hlen, tot;

	SP_INC(sp, RxFrames);
	if (len >= 14 && frame[12] == 0x86 && frame[13] == 0xdd) {
		xr_sp_handle6(sp, frame, len, m);
		return;
	}
	if (m->magic != XR_PUNT_MAGIC || len < 14 + 20 || (ip[0] >> 4) != 4)
		goto bad;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	tot = (size_t)(ip[2] << 8 | ip[3]);
	if (hlen < 20 || tot < hlen || tot > len - 14 ||
	    m->ifindex >= XR_MAX_IFINDEX)
		goto bad;
	l2_bcast = frame[0] & 1;

	if (hlen > 20) {                  /* ip_rcv_options */
		__be32 src;

		memcpy(&src, ip + 12, 4);
		if (xr_ip_options_compile(ip, &opt, xr_sp_link_addr(sp, m->ifindex, src),
					  xr_ip_timestamp_now(), is_local, sp,
					  &pp) != XR_IPOPT_OK) {
			SP_INC(sp, InHdrErrors);
			xr_ip_send_check(ip);
			xr_sp_icmp_send(sp, ip, tot, m, l2_bcast,
					ICMP_PARAMETERPROB, 0, htonl((uint32_t)pp << 24));
			return;
		}
		xr_ip_send_check(ip);
		if (opt.srr) {            /* accept_source_route = 0 */
			SP_INC(sp, SourceRouteDrops);
			return;
		}
		o = &opt;
	}

	switch (m->reason) {
	case XR_REASON_TtlExceeded:       /* ip_forward: too_many_hops */
		xr_sp_icmp_send(sp, ip, tot, m, l2_bcast, ICMP_TIME_EXCEEDED,
				ICMP_EXC_TTL, 0);
		return;
	case XR_REASON_NoRoute:
	case XR_REASON_Unreachable:
	case XR_REASON_Prohibit:
	case XR_REASON_LinkDown:
		sp_ip_error(sp, ip, tot, m, l2_bcast);
		return;
	case XR_REASON_FragNeeded:
	case XR_REASON_NoNeigh:
	case XR_REASON_IpOptions:
	case XR_REASON_Redirect:
		sp_forward(sp, ip, tot, m, l2_bcast, o);
		return;
	default:
		break;
	}
bad:
	SP_INC(sp, RxBadMeta);
}

void xr_sp_fini(struct xr_sp *sp)
{
	size_t i;

	for (i = 0; i < sp->n_unres; i++)
		xr_sp_unres_free(sp, &sp->unres[i]);
	sp->n_unres = 0;
	xr_sp_pend_free(sp);
	free(sp->addrs);
	sp->addrs = NULL;
	sp->n_addrs = 0;
	free(sp->addrs6);
	sp->addrs6 = NULL;
	sp->n_addrs6 = 0;
}
