// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-router route get ADDR [from ADDR] [iif DEV] [ipproto N] [sport N]
 *                      [dport N] [len N]
 *
 * Asks the fast path, as `ip route get` asks the kernel: a frame to ADDR
 * goes through the router's own XDP path, the probe program (the path
 * built with XR_PROBE, bpf/lib/probe.h) loaded on the state's maps and
 * run by BPF_PROG_TEST_RUN. It counts nothing, records no capture,
 * calls no handler and transmits nothing (no BPF_F_TEST_XDP_LIVE_FRAMES:
 * a redirect is never carried out; it does not even ask for one); what
 * it decided is printed: route, next hop, neighbour, MTU, verdict and
 * the exception reason or the counter that explains a drop or a pass.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_router/abi.h"
#include "cli/cli.h"
#include "lib/err.h"
#include "lib/netdev.h"
#include "lib/nhg.h"
#include "lib/parse.h"
#include "lib/tables.h"
#include "slowpath/csum.h"
#include "cli/probe_pin.h"
#include "xdp_router_probe.skel.h"

/* The frame: a datagram from outside, DF set, TTL 64, no options; or
 * IPv6, hop limit 64, no extension header. */
#define RG_SRC      "192.0.2.1"       /* from: TEST-NET-1, no one's */
#define RG_SRC6     "3fff::1"         /* 3fff::/20 (RFC 9637), no one's */
#define RG_TTL      64
#define RG_LEN      28                /* IP header and 8 bytes */
#define RG_LEN6     48                /* IPv6 header and 8 bytes */
#define RG_LEN_MAX  3500              /* an XDP test run's frame: a page
				       * less head- and tailroom */
static const uint8_t rg_smac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };

static const char *const rg_opts[] = { "from", "iif", "ipproto", "len",
				       "sport", "dport" };

static int parse_option(int opt, const char *val, struct xr_route_get_req *q)
{
	q->given |= 1u << opt;
	switch (1u << opt) {
	case XR_RG_FROM:
		return xr_parse_inaddr(val, q->family, &q->src);
	case XR_RG_IIF:
		return xr_parse_dev(val, &q->iif);
	case XR_RG_IPPROTO:
		return xr_parse_u32(val, "IP protocol", 0, 255, &q->ipproto);
	case XR_RG_SPORT:
		return xr_parse_u32(val, "port", 0, 65535, &q->sport);
	case XR_RG_DPORT:
		return xr_parse_u32(val, "port", 0, 65535, &q->dport);
	default:
		return xr_parse_u32(val, "length", q->family == AF_INET6 ? 40 : 20,
				    RG_LEN_MAX, &q->len);
	}
}

static int option_index(const char *w)
{
	int k;

	for (k = 0; k < (int)(sizeof(rg_opts) / sizeof(rg_opts[0])); k++)
		if (!strcmp(w, rg_opts[k]))
			return k;
	return -1;
}

/* sport, dport: of a protocol with ports, within the datagram. */
static int check_ports(const struct xr_route_get_req *q)
{
	uint32_t hdr = q->family == AF_INET6 ? 40 : 20;

	if (!(q->given & (XR_RG_SPORT | XR_RG_DPORT)))
		return 0;
	if (!xr_mp_has_ports(q->ipproto)) {
		xr_err("ipproto %u has no ports (sport, dport: 6, 17, 33, 132, 136)",
		       q->ipproto);
		return -1;
	}
	if (q->len < hdr + 4) {
		xr_err("len %u leaves no room for the ports (at least %u)",
		       q->len, hdr + 4);
		return -1;
	}
	return 0;
}

int xr_route_get_req_parse(int argc, char **argv, int family,
			   struct xr_route_get_req *q)
{
	int i, k;

	memset(q, 0, sizeof(*q));
	q->ipproto = IPPROTO_UDP;
	if (argc < 1) {
		xr_err("missing ADDR after \"get\"");
		return -1;
	}
	snprintf(q->what, sizeof(q->what), "%s", argv[0]);
	if (xr_parse_inaddr(argv[0], family, &q->dst))
		return -1;
	q->family = q->dst.family;
	q->len = q->family == AF_INET6 ? RG_LEN6 : RG_LEN;
	for (i = 1; i < argc; i++) {
		k = option_index(argv[i]);
		if (k < 0) {
			xr_err("unknown argument \"%s\"", xr_word(argv[i]));
			return -1;
		}
		NEXT_ARG();
		if (parse_option(k, argv[i], q))
			return -1;
	}
	return check_ports(q);
}

/* ---------------------------------------------------------------- probe */

static struct xr_probe_pin probe = { .dir_fd = -1 };  /* one a process */

/* The probe, on the state's maps (its own globals are its own): the one
 * pinned in the state (cli/probe_pin.h), loaded when there is none. */
static int probe_load(struct xr_cli *cli)
{
	if (probe.dir_fd >= 0)
		return 0;
	if (xr_probe_pin_get(cli, &probe)) {
		probe.dir_fd = -1;
		return -1;
	}
	return 0;
}

/* One run of the pinned probe, its .bss in and out under its lock. */
static int probe_run(struct xdp_router_probe_bpf__bss *bss,
		     struct bpf_test_run_opts *o)
{
	const __u32 k = 0;
	int err;

	if ((err = xr_probe_pin_lock(&probe)))
		return err;
	if (bpf_map_update_elem(probe.bss_fd, &k, bss, 0) ||
	    bpf_prog_test_run_opts(probe.prog_fd, o) < 0 ||
	    bpf_map_lookup_elem(probe.bss_fd, &k, bss))
		err = -errno;
	xr_probe_pin_unlock(&probe);
	return err;
}

/* What one run found. */
struct rg_ans {
	struct xr_probe_res res;
	struct xr_counters cnt;    /* what it would have counted */
	uint8_t dmac[ETH_ALEN];    /* the frame's destination as it left */
	uint32_t iif;
	struct xr_inaddr src;
};

/* IPv6: version 6, no traffic class or flow label, no extension
 * header: the next header is ipproto. */
static void probe_ip6(uint8_t *f, const struct xr_route_get_req *q,
		      const struct xr_inaddr *src)
{
	struct ip6_hdr *ip6 = (struct ip6_hdr *)(f + ETH_HLEN);

	ip6->ip6_flow = htonl(6u << 28);
	ip6->ip6_plen = htons((uint16_t)(q->len - sizeof(*ip6)));
	ip6->ip6_nxt = (uint8_t)q->ipproto;
	ip6->ip6_hlim = RG_TTL;
	memcpy(&ip6->ip6_src, src->b, 16);
	memcpy(&ip6->ip6_dst, q->dst.b, 16);
}

/* The ports, at the start of the upper-layer header l4 (UDP's length
 * too, the rest of the datagram). */
static void probe_ports(uint8_t *l4, const struct xr_route_get_req *q,
			uint32_t hdr)
{
	uint16_t w[3] = { htons((uint16_t)q->sport), htons((uint16_t)q->dport),
			  htons((uint16_t)(q->len - hdr)) };

	if (!xr_mp_has_ports(q->ipproto) || q->len < hdr + 4)
		return;
	memcpy(l4, w, 4);
	if (q->ipproto == IPPROTO_UDP && q->len >= hdr + 8)
		memcpy(l4 + 4, &w[2], 2);
}

static size_t probe_frame(uint8_t *f, const struct xr_route_get_req *q,
			  const struct xr_inaddr *src, const uint8_t *dmac)
{
	struct ethhdr *eth = (struct ethhdr *)f;
	struct iphdr *ip = (struct iphdr *)(eth + 1);

	memset(f, 0, ETH_HLEN + q->len);
	memcpy(eth->h_dest, dmac, ETH_ALEN);
	memcpy(eth->h_source, rg_smac, ETH_ALEN);
	eth->h_proto = htons(q->family == AF_INET6 ? ETH_P_IPV6 : ETH_P_IP);
	if (q->family == AF_INET6) {
		probe_ip6(f, q, src);
		probe_ports(f + ETH_HLEN + 40, q, 40);
		return ETH_HLEN + q->len;
	}
	probe_ports((uint8_t *)(ip + 1), q, 20);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons((uint16_t)q->len);
	ip->frag_off = htons(IP_DF);
	ip->ttl = RG_TTL;
	ip->protocol = (uint8_t)q->ipproto;
	ip->saddr = src->v4;
	ip->daddr = q->dst.v4;
	xr_ip_send_check((uint8_t *)ip);
	return ETH_HLEN + q->len;
}

static int not_attached(uint32_t iif)
{
	char dev[IF_NAMESIZE + 8];

	xr_err("\"%s\" is not attached", xr_word(xr_dev_name(iif, dev)));
	return -1;
}

int xr_route_get_req_check(struct xr_cli *cli, const struct xr_route_get_req *q)
{
	if (q->given & XR_RG_IIF && !xr_cli_link_attached(cli, q->iif))
		return not_attached(q->iif);
	return 0;
}

/* One run from link iif (its entry *ifv); flags 0: nothing live. */
static int probe_ask(const struct xr_route_get_req *q, uint32_t iif,
		     const struct xr_iface *ifv, struct rg_ans *a)
{
	uint8_t in[ETH_HLEN + RG_LEN_MAX], out[sizeof(in)];
	struct xdp_router_probe_bpf__bss bss;
	size_t len;
	int err;
	struct xdp_md ctx = { .ingress_ifindex = iif };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1, .flags = 0);

	a->iif = iif;
	a->src = q->src;
	if (!(q->given & XR_RG_FROM))
		xr_parse_inaddr(q->family == AF_INET6 ? RG_SRC6 : RG_SRC,
				q->family, &a->src);
	len = probe_frame(in, q, &a->src, ifv->mac);
	o.data_size_in = (uint32_t)len;
	ctx.data_end = (uint32_t)len;
	memset(&bss, 0, sizeof(bss));
	bss.xr_probe_tc = ifv->mode == XR_MODE_TC;
	if ((err = probe_run(&bss, &o))) {
		xr_err("cannot run the route get probe: %s", strerror(-err));
		return -1;
	}
	a->res = bss.xr_probe_res;
	a->cnt = bss.xr_probe_counters;
	memcpy(a->dmac, out, ETH_ALEN);
	return 0;
}

/* The attached link of lowest ifindex other than skip, its entry in *v;
 * 0 when there is none. */
static uint32_t attached_link(const struct xr_maps *m, uint32_t skip,
			      struct xr_iface *v)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	struct xr_iface cur;
	uint32_t best = 0;

	for (i = ifs; i && i->if_index; i++)
		if (i->if_index != skip && (!best || i->if_index < best) &&
		    xr_iface_get(m, i->if_index, &cur) == 0) {
			best = i->if_index;
			*v = cur;
		}
	if_freenameindex(ifs);
	return best;
}

/*
 * iif given: that link. Else a packet from outside the route's egress:
 * the attached link of lowest ifindex, or when the route leaves by that
 * very link, the next one (when there is another).
 */
static int probe_route(struct xr_cli *cli, const struct xr_route_get_req *q,
		       struct rg_ans *a)
{
	struct xr_iface ifv;
	uint32_t iif = q->iif, other;

	if (q->given & XR_RG_IIF) {
		if (!cli->have_state || xr_iface_get(&cli->st.m, iif, &ifv))
			return not_attached(iif);
	} else if (!cli->have_state ||
		   !(iif = attached_link(&cli->st.m, 0, &ifv))) {
		xr_err("no link is attached: no packet reaches the fast path "
		       "(xdp-router link attach DEV)");
		return -1;
	}
	if (probe_load(cli) || probe_ask(q, iif, &ifv, a))
		return -1;
	if (q->given & XR_RG_IIF || a->res.out_ifindex != iif)
		return 0;
	other = attached_link(&cli->st.m, iif, &ifv);
	return other ? probe_ask(q, other, &ifv, a) : 0;
}

/* ---------------------------------------------------------------- print */

/* What the answer says, in route get's words. */
struct rg_view {
	const char *action, *reason, *note;
	char note_buf[48];
	int route;                 /* a route to show (not local, none) */
	int unicast;
	char pfx[XR_PFXSTRLEN];
	uint8_t type;              /* the next hop's, of either family */
	uint32_t ifindex;
	struct xr_inaddr gw, nexthop;
	int have_n;                /* lladdr known: mac, nud */
	char mac[18];
	const char *nud;
	int mp;                    /* the route's a group: the member ... */
	uint16_t weight;           /* ... the hash picked, its weight */
};

static int counted(const struct rg_ans *a, uint32_t idx)
{
	return a->cnt.c[idx] != 0;
}

/* Why an IPv6 frame is dropped or given to the kernel: the counter it
 * moved (ip6_rcv_core counts a loopback or multicast source, a loopback
 * destination, as header errors), or a link-local destination, which
 * only the kernel serves. */
static const char *pass_drop_note6(const struct rg_ans *a,
				   const struct xr_inaddr *dst)
{
	if (counted(a, XR_CNT_MIB6(XR_MIB6_Ip6InAddrErrors)))
		return "martian address";
	if (counted(a, XR_CNT_MIB6(XR_MIB6_Ip6InMcastPkts)))
		return "multicast";
	if (counted(a, XR_CNT_MIB6(XR_MIB6_Ip6InHdrErrors)))
		return "bad header or martian address";
	if (xr_inaddr_ll6(dst))
		return "link-local";
	return NULL;
}

/* Why a frame is dropped or given to the kernel: the counter it moved. */
static const char *pass_drop_note(const struct rg_ans *a,
				  const struct xr_inaddr *dst)
{
	if (a->res.family == AF_INET6)
		return pass_drop_note6(a, dst);
	if (counted(a, XR_CNT_OTHER(XR_CNT_MartianSource)))
		return "martian source";
	if (counted(a, XR_CNT_OTHER(XR_CNT_MartianDestination)))
		return "martian destination";
	if (a->res.nh.type == XR_RTN_BROADCAST)
		return "directed broadcast";
	if (counted(a, XR_CNT_MIB(XR_MIB_InBcastPkts)) ||
	    counted(a, XR_CNT_MIB(XR_MIB_InMcastPkts)))
		return "broadcast or multicast";
	return NULL;
}

static const char *const verdict_names[XR_V_MAX] = {
	XR_VERDICT_LIST(XR_VERDICT_NAME)
};

static void view_action(const struct rg_ans *a, const struct xr_inaddr *dst,
			struct rg_view *w)
{
	uint32_t v = a->res.verdict;

	w->action = v < XR_V_MAX && verdict_names[v] ? verdict_names[v] : "pass";
	switch (v) {
	case XR_V_REDIRECT:
		break;
	case XR_V_PUNT:
		w->reason = xr_counter_name(XR_CNT_REASON(a->res.reason));
		break;
	case XR_V_HANDLER:
		snprintf(w->note_buf, sizeof(w->note_buf), "%s %u%s slot %u",
			 a->res.proto_kind == XR_PROTO_IP6 ? "ip6proto" : "ipproto",
			 a->res.proto_key, a->res.proto_local ? "" : " transit",
			 a->res.proto_slot);
		w->note = w->note_buf;
		break;
	case XR_V_PASS:
		if (w->type == XR_RTN_LOCAL) {
			w->action = "local";
			w->note = "one of the router's addresses";
			break;
		}
		/* fall through */
	default:
		w->note = pass_drop_note(a, dst);
	}
}

/* The next hop the fast path used, of either family. */
static void view_nh(const struct rg_ans *a, struct rg_view *w)
{
	memset(&w->gw, 0, sizeof(w->gw));
	memset(&w->nexthop, 0, sizeof(w->nexthop));
	if (a->res.family == AF_INET6) {
		w->type = a->res.nh6.type;
		w->ifindex = a->res.nh6.ifindex;
		w->gw.family = w->nexthop.family = AF_INET6;
		w->gw.v6 = a->res.nh6.gw;
		w->nexthop.v6 = a->res.nexthop6;
		return;
	}
	w->type = a->res.nh.type;
	w->ifindex = a->res.nh.ifindex;
	w->gw.family = w->nexthop.family = AF_INET;
	w->gw.v4 = a->res.nh.gw;
	w->nexthop.v4 = a->res.nexthop;
}

/* The next hop's MAC: as written into the frame when forwarded, else
 * the neighbour table's when usable; its NUD state from the table. */
static void view_neigh(struct xr_cli *cli, const struct rg_ans *a,
		       struct rg_view *w)
{
	struct xr_neigh n = { 0 };
	int have = (w->nexthop.family == AF_INET6 ?
		    xr_neigh6_get(&cli->st.m, a->res.out_ifindex,
				  &w->nexthop.v6, &n) :
		    xr_neigh4_get(&cli->st.m, a->res.out_ifindex,
				  w->nexthop.v4, &n)) == 0;

	w->nud = xr_nud_name(have ? n.state : 0);
	if (a->res.verdict == XR_V_REDIRECT) {
		w->have_n = 1;
		xr_fmt_mac(a->dmac, w->mac);
	} else if (have && (n.state & XR_NUD_VALID)) {
		w->have_n = 1;
		xr_fmt_mac(n.mac, w->mac);
	}
}

/* The route's length: the depth of its FIB entry (either family). */
static uint8_t view_plen(const struct rg_ans *a)
{
	if (a->res.family == AF_INET6)
		return (uint8_t)(a->res.fib_e >> XR_FIB6_DEPTH_SHIFT &
				 XR_FIB6_DEPTH_MASK);
	return xr_fib4_depth(a->res.fib_e);
}

/* A group's route: the member the fast path picked (its next hop id),
 * as the group stores it. */
static void view_mp(struct xr_cli *cli, const struct rg_ans *a,
		    struct rg_view *w)
{
	uint32_t id = a->res.fib_e & (a->res.family == AF_INET6 ?
				      XR_FIB6_ID_MASK : XR_FIB4_ID_MASK);
	struct xr_nhg_info m;

	if (!(id & XR_FIB_NHG) || !w->type)
		return;
	w->mp = 1;
	if (xr_route_mp_member(cli, a->res.family == AF_INET6,
			       id & ~XR_FIB_NHG, a->res.nh_id, &m))
		return;
	w->weight = m.spec.weight;
	w->ifindex = m.spec.ifindex;
	memcpy(w->gw.b, &m.spec.gw, a->res.family == AF_INET6 ? 16 : 4);
}

static void view_make(struct xr_cli *cli, const struct rg_ans *a,
		      const struct xr_route_get_req *q, struct rg_view *w)
{
	uint8_t plen = view_plen(a);
	struct xr_inaddr dst = q->dst;

	memset(w, 0, sizeof(*w));
	view_nh(a, w);
	view_mp(cli, a, w);
	view_action(a, &q->dst, w);
	w->route = w->type && w->type != XR_RTN_LOCAL &&
		   w->type != XR_RTN_BROADCAST;
	w->unicast = w->type == XR_RTN_UNICAST;
	xr_inaddr_mask(&dst, plen);
	if (w->route)
		xr_fmt_inprefix(&dst, plen, w->pfx);
	if (w->unicast)
		view_neigh(cli, a, w);
}

/* A unicast route's next hop, neighbour and MTU. */
static void json_unicast(struct xr_json *j, const struct rg_ans *a,
			 const struct rg_view *w)
{
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	if (w->mp) {
		xj_u64(j, "hash", a->res.mp_hash);
		xj_u64(j, "bucket", xr_mp_bucket(a->res.mp_hash));
	}
	if (!xr_inaddr_is_zero(&w->gw))
		xj_str(j, "gateway", xr_fmt_inaddr(&w->gw, b));
	xj_str(j, "dev", xr_dev_name(w->ifindex, b));
	if (w->weight)
		xj_u64(j, "weight", w->weight);
	xj_str(j, "nexthop", xr_fmt_inaddr(&w->nexthop, b));
	if (w->have_n) {
		xj_str(j, "lladdr", w->mac);
		xj_str(j, "nud", w->nud);
	} else {
		xj_null(j, "lladdr");
	}
	if (a->res.adj.flags & XR_ADJ_TX)
		xj_u64(j, "mtu", a->res.adj.mtu);
}

static void print_json(struct xr_cli *cli, const struct rg_ans *a,
		       const struct xr_route_get_req *q, const struct rg_view *w)
{
	struct xr_json *j = &cli->j;
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	xj_obj_open(j, NULL);
	xj_str(j, "dst", q->what);
	xj_str(j, "from", xr_fmt_inaddr(&a->src, b));
	xj_str(j, "iif", xr_dev_name(a->iif, b));
	xj_u64(j, "ipproto", q->ipproto);
	if (q->given & XR_RG_SPORT)
		xj_u64(j, "sport", q->sport);
	if (q->given & XR_RG_DPORT)
		xj_u64(j, "dport", q->dport);
	xj_u64(j, "len", q->len);
	if (w->route) {
		xj_str(j, "route", w->pfx);
		xj_str(j, "type", xr_rtn_name(w->type));
		xj_bool(j, "multipath", w->mp);
	}
	if (w->unicast)
		json_unicast(j, a, w);
	xj_str(j, "action", w->action);
	if (w->reason)
		xj_str(j, "reason", w->reason);
	if (a->res.verdict == XR_V_HANDLER)
		xj_u64(j, "slot", a->res.proto_slot);
	if (w->note)
		xj_str(j, "note", w->note);
	xj_obj_close(j);
	xj_end(j);
}

/* The options given, echoed as ip route get does. */
static void print_given(const struct rg_ans *a, const struct xr_route_get_req *q)
{
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	if (q->given & XR_RG_FROM)
		printf(" from %s", xr_fmt_inaddr(&a->src, b));
	if (q->given & XR_RG_IIF)
		printf(" iif %s", xr_dev_name(a->iif, b));
	if (q->given & XR_RG_IPPROTO)
		printf(" ipproto %u", q->ipproto);
	if (q->given & XR_RG_SPORT)
		printf(" sport %u", q->sport);
	if (q->given & XR_RG_DPORT)
		printf(" dport %u", q->dport);
	if (q->given & XR_RG_LEN)
		printf(" len %u", q->len);
}

static void text_unicast(const struct rg_ans *a, const struct rg_view *w)
{
	char b[XR_ADDRSTRLEN + IF_NAMESIZE];

	if (w->mp)
		printf(" multipath");
	if (!xr_inaddr_is_zero(&w->gw))
		printf(" via %s", xr_fmt_inaddr(&w->gw, b));
	printf(" dev %s", xr_dev_name(w->ifindex, b));
	if (w->weight)
		printf(" weight %u", w->weight);
	printf(" nexthop %s", xr_fmt_inaddr(&w->nexthop, b));
	if (w->have_n)
		printf(" lladdr %s %s", w->mac, w->nud);
	else
		printf(" lladdr missing");
	if (a->res.adj.flags & XR_ADJ_TX)
		printf(" mtu %u", a->res.adj.mtu);
}

static void print_text(const struct rg_ans *a, const struct xr_route_get_req *q,
		       const struct rg_view *w)
{
	printf("%s", q->what);
	print_given(a, q);
	if (w->route)
		printf(" route %s%s%s", w->unicast ? "" : xr_rtn_name(w->type),
		       w->unicast ? "" : " ", w->pfx);
	if (w->unicast)
		text_unicast(a, w);
	printf(" action %s", w->action);
	if (w->reason)
		printf(" reason %s", w->reason);
	if (w->note)
		printf(" (%s)", w->note);
	printf("\n");
}

int xr_route_get(struct xr_cli *cli, const struct xr_route_get_req *q)
{
	struct rg_ans a;
	struct rg_view w;

	memset(&a, 0, sizeof(a));
	if (probe_route(cli, q, &a))
		return -1;
	/* the frame's family, also when the fast path let it go before it
	 * read its header */
	a.res.family = q->family;
	view_make(cli, &a, q, &w);
	if (cli->json)
		print_json(cli, &a, q, &w);
	else
		print_text(&a, q, &w);
	return 0;
}
