// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror (sync/mirror.h) over the router's real maps (the skeleton
 * loaded without programs, as test_nhg.c): kernel messages built with
 * libmnl as the kernel and FPM send them, fed to a mirror, committed,
 * and the route table, the FIB, groups, neighbours and counters read
 * back. Both families throughout.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <net/if.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/file.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <linux/nexthop.h>
#include <linux/neighbour.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/gen.h"
#include "lib/neigh4.h"
#include "lib/neigh6.h"
#include "lib/nhg.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "lib/state.h"
#include "sync/krt.h"
#include "sync/mirror.h"
#include "xdp_router.skel.h"

static struct xdp_router_bpf *S;
static struct xr_state ST;
static struct xr_mirror *MI;
static uint64_t C[32];
static char buf[65536];

#define CNT(n) (C[XR_SYNC_##n])

static void mirror_new(unsigned int what, uint32_t table)
{
	struct xr_mirror_parms p = { .what = what, .table = table };

	if (MI)
		xr_mirror_free(MI);
	MI = xr_mirror_new(&ST, &p, C);
	cr_assert(MI);
}

static void setup(void)
{
	struct bpf_program *p;

	S = xdp_router_bpf__open();
	cr_assert(S);
	bpf_object__for_each_program(p, S->obj)
		bpf_program__set_autoload(p, false);
	cr_assert_eq(xdp_router_bpf__load(S), 0);
	memset(&ST, 0, sizeof(ST));
	ST.lock_fd = ST.dir_fd = ST.base_fd = -1;
	cr_assert_eq(xr_maps_from_obj(&ST.m, S->obj), 0);
	memset(C, 0, sizeof(C));
	MI = NULL;
	mirror_new(XR_MIRROR_ROUTES | XR_MIRROR_NEIGH, 254);
}

static void teardown(void)
{
	xr_mirror_free(MI);
	MI = NULL;
	cr_assert_eq(xr_maps_close_fib(&ST.m), 0);
	xdp_router_bpf__destroy(S);
	if (ST.lock_fd >= 0)
		close(ST.lock_fd);
}

TestSuite(mirror, .init = setup, .fini = teardown);

/* ---- addresses ---- */

static int fam(const char *a)
{
	return strchr(a, ':') ? AF_INET6 : AF_INET;
}

static struct xr_in6 addr(const char *a)
{
	struct xr_in6 x;

	memset(&x, 0, sizeof(x));
	cr_assert_eq(inet_pton(fam(a), a, &x), 1, "%s", a);
	return x;
}

static size_t alen(int f)
{
	return f == AF_INET6 ? 16 : 4;
}

/* ---- messages ---- */

struct hop {
	const char *gw;        /* NULL: none */
	uint32_t oif;
	uint8_t hops;          /* weight - 1 */
};

struct rt {
	uint16_t msg;          /* RTM_NEWROUTE (0) or RTM_DELROUTE */
	const char *dst;
	uint8_t plen;
	uint8_t type;          /* 0: unicast */
	uint8_t proto;         /* 0: static */
	uint32_t table;        /* 0: main */
	uint32_t metric;
	uint32_t nh_id;
	uint8_t tos;
	uint8_t src_len;       /* a source-specific route */
	uint32_t flags;        /* rtm_flags */
	unsigned int n;        /* hops: 1 plain, more RTA_MULTIPATH */
	struct hop h[70];
	int encap;
	uint16_t nlf;          /* more nlmsg_flags (NLM_F_APPEND ...) */
};

static struct nlmsghdr *hdr(uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);

	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	return h;
}

static void put_gw(struct nlmsghdr *h, int f, const char *gw)
{
	struct xr_in6 g;

	if (!gw)
		return;
	if (fam(gw) != f) {    /* another family's gateway: RTA_VIA */
		char via[2 + 16];
		uint16_t vf = (uint16_t)fam(gw);

		g = addr(gw);
		memcpy(via, &vf, 2);
		memcpy(via + 2, &g, alen(vf));
		mnl_attr_put(h, RTA_VIA, 2 + alen(vf), via);
		return;
	}
	g = addr(gw);
	mnl_attr_put(h, RTA_GATEWAY, alen(f), &g);
}

static void put_multipath(struct nlmsghdr *h, int f, const struct rt *r)
{
	struct nlattr *nest = mnl_attr_nest_start(h, RTA_MULTIPATH);

	for (unsigned int k = 0; k < r->n; k++) {
		struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(h);

		h->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)r->h[k].oif;
		rtnh->rtnh_hops = r->h[k].hops;
		put_gw(h, f, r->h[k].gw);
		rtnh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(h) -
						  (char *)rtnh);
	}
	mnl_attr_nest_end(h, nest);
}

static struct nlmsghdr *route_msg(const struct rt *r)
{
	int f = fam(r->dst);
	struct nlmsghdr *h = hdr(r->msg ? r->msg : RTM_NEWROUTE,
				 (uint16_t)(NLM_F_CREATE | r->nlf));
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	struct xr_in6 d = addr(r->dst);

	rtm->rtm_family = (uint8_t)f;
	rtm->rtm_dst_len = r->plen;
	rtm->rtm_table = r->table < 256 ? (uint8_t)(r->table ? r->table : 254) :
					  RT_TABLE_UNSPEC;
	rtm->rtm_protocol = r->proto ? r->proto : RTPROT_STATIC;
	rtm->rtm_type = r->type ? r->type : RTN_UNICAST;
	rtm->rtm_tos = r->tos;
	rtm->rtm_src_len = r->src_len;
	rtm->rtm_flags = r->flags;
	mnl_attr_put_u32(h, RTA_TABLE, r->table ? r->table : 254);
	mnl_attr_put(h, RTA_DST, alen(f), &d);
	mnl_attr_put_u32(h, RTA_PRIORITY, r->metric);
	if (r->nh_id)
		mnl_attr_put_u32(h, RTA_NH_ID, r->nh_id);
	if (r->encap)
		mnl_attr_put_u16(h, RTA_ENCAP_TYPE, 1);
	if (r->encap)
		mnl_attr_put_u32(h, RTA_ENCAP, 0);
	if (r->n == 1) {
		if (r->h[0].oif)
			mnl_attr_put_u32(h, RTA_OIF, r->h[0].oif);
		put_gw(h, f, r->h[0].gw);
	} else if (r->n > 1) {
		put_multipath(h, f, r);
	}
	return h;
}

static int feed(const struct rt *r)
{
	return xr_mirror_msg(MI, route_msg(r));
}

static void commit(void)
{
	int ret;
	int rounds = 0;

	while ((ret = xr_mirror_commit(MI, 0)) == 1 && rounds++ < 10)
		;
	cr_assert_eq(ret, 0, "commit: %d", ret);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
}

/* ---- the table, read back ---- */

/* The route dst/plen of the route table in one shape for both
 * families; 0 or -ENOENT. */
struct got {
	uint8_t type, proto;
	uint32_t ifindex, nhg, metric;
	struct xr_in6 gw;
};

static int get(const char *dst, uint8_t plen, struct got *g)
{
	struct xr_in6 d = addr(dst);
	int err;

	memset(g, 0, sizeof(*g));
	if (fam(dst) == AF_INET6) {
		struct xr_route6 r;

		if ((err = xr_route6_get(&ST.m, &d, plen, &r)))
			return err;
		*g = (struct got){ r.type, r.proto, r.ifindex, r.nhg, r.metric, r.gw };
		return 0;
	}
	struct xr_route4 r;

	if ((err = xr_route4_get(&ST.m, d.a[0], plen, &r)))
		return err;
	*g = (struct got){ r.type, r.proto, r.ifindex, r.nhg, r.metric,
			   { { r.gw, 0, 0, 0 } } };
	return 0;
}

/* The FIB's entry for an address (0: none). */
static uint32_t fib(const char *a)
{
	struct xr_in6 x = addr(a);

	return fam(a) == AF_INET6 ? xr_fib6_lookup(ST.m.fib6, &x) :
				    xr_fib4_lookup(ST.m.fib, ntohl(x.a[0]));
}

static uint8_t fib_depth(const char *a)
{
	uint32_t e = fib(a);

	return fam(a) == AF_INET6 ? xr_fib6_depth(e) : xr_fib4_depth(e);
}

static void gw_is(const struct got *g, const char *gw)
{
	struct xr_in6 want = addr(gw);

	cr_assert_eq(memcmp(&g->gw, &want, sizeof(want)), 0, "gateway %s", gw);
}

/* The members of a group route, sorted as stored. */
static unsigned int members(int f, uint32_t gid, struct xr_nhg_info *inf)
{
	unsigned int n = XR_NHG_MAX_MEMBERS;

	cr_assert_eq(xr_nhg_read(&ST.m, f == AF_INET6, gid, inf, &n), 0);
	return n;
}

static size_t table_size(int f)
{
	size_t n;
	void *out;

	if (f == AF_INET6)
		cr_assert_eq(xr_route6_dump(&ST.m, (struct xr_route6 **)&out, &n), 0);
	else
		cr_assert_eq(xr_route4_dump(&ST.m, (struct xr_route4 **)&out, &n), 0);
	free(out);
	return n;
}

/* ---- the addresses of each family's cases ---- */

struct fa {
	const char *net, *host, *gw1, *gw2, *gw3, *net2, *host2;
	uint8_t plen;
};

static const struct fa F4 = { "198.18.1.0", "198.18.1.7", "192.0.2.1",
			      "192.0.2.2", "192.0.2.3", "198.18.2.0",
			      "198.18.2.9", 24 };
static const struct fa F6 = { "2001:db8:1::", "2001:db8:1::7", "fe80::1",
			      "fe80::2", "fe80::3", "2001:db8:2::",
			      "2001:db8:2::9", 48 };

static const struct fa *fa(int v6)
{
	return v6 ? &F6 : &F4;
}

/* ---- unicast, one next hop ---- */

static void unicast(int v6)
{
	const struct fa *a = fa(v6);
	struct rt r = { .dst = a->net, .plen = a->plen, .proto = 186,
			.metric = 20, .n = 1, .h = { { a->gw1, 5, 0 } } };
	struct got g;

	cr_assert_eq(feed(&r), 0);
	cr_assert_eq(CNT(RouteMsgs), 1);
	cr_assert_eq(xr_mirror_dirty(MI), 1);
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT, "not before the commit");
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.type, XR_RTN_UNICAST);
	cr_assert_eq(g.proto, 186);
	cr_assert_eq(g.metric, 20);
	cr_assert_eq(g.ifindex, 5);
	cr_assert_eq(g.nhg, 0);
	gw_is(&g, a->gw1);
	cr_assert_eq(fib_depth(a->host), a->plen, "the FIB has it");
	cr_assert_eq(CNT(RoutesAdded), 1);
	cr_assert_eq(CNT(Batches), 1);

	/* replaced: another gateway */
	r.h[0].gw = a->gw2;
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	gw_is(&g, a->gw2);
	cr_assert_eq(CNT(RoutesAdded), 2);

	/* deleted */
	r.msg = RTM_DELROUTE;
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT);
	cr_assert_eq(fib(a->host), 0, "gone from the FIB");
	cr_assert_eq(CNT(RoutesDeleted), 1);
}

Test(mirror, unicast4) { unicast(0); }
Test(mirror, unicast6) { unicast(1); }

/* The same messages again, and a resync with the same dump: nothing
 * written. */
static void idempotent(int v6)
{
	const struct fa *a = fa(v6);
	struct rt r1 = { .dst = a->net, .plen = a->plen, .n = 1,
			 .h = { { a->gw1, 5, 0 } } };
	struct rt r2 = { .dst = a->net2, .plen = a->plen, .n = 2,
			 .h = { { a->gw1, 5, 0 }, { a->gw2, 6, 1 } } };

	feed(&r1);
	feed(&r2);
	commit();
	cr_assert_eq(CNT(RoutesAdded), 2);
	feed(&r1);
	feed(&r2);
	cr_assert_eq(xr_mirror_dirty(MI), 0, "the same routes: nothing to do");
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	feed(&r2);
	feed(&r1);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	commit();
	cr_assert_eq(CNT(RoutesAdded), 2, "nothing written again");
	cr_assert_eq(CNT(RoutesDeleted), 0);
	/* a new mirror (a restart) over the same maps: the dump writes
	 * nothing either */
	mirror_new(XR_MIRROR_ROUTES, 254);
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	feed(&r1);
	feed(&r2);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	commit();
	cr_assert_eq(CNT(RoutesAdded), 2, "a restart writes nothing");
	cr_assert_eq(CNT(RoutesDeleted), 0);
}

Test(mirror, idempotent4) { idempotent(0); }
Test(mirror, idempotent6) { idempotent(1); }

/* ---- multipath: a group with weights ---- */

static void multipath(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .n = 3,
			.h = { { a->gw1, 5, 0 }, { a->gw2, 6, 2 },
			       { a->gw3, 7, 0 } } };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	struct got g;
	unsigned int n;

	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert(g.nhg, "a group");
	cr_assert_eq(g.ifindex, 0);
	n = members(f, g.nhg, inf);
	cr_assert_eq(n, 3);
	for (unsigned int k = 0; k < n; k++) {
		uint16_t w = inf[k].spec.ifindex == 6 ? 3 : 1;
		struct xr_in6 want = addr(inf[k].spec.ifindex == 5 ? a->gw1 :
					  inf[k].spec.ifindex == 6 ? a->gw2 : a->gw3);

		cr_assert_eq(inf[k].spec.weight, w, "weight rtnh_hops + 1");
		cr_assert_eq(memcmp(&inf[k].spec.gw, &want, sizeof(want)), 0);
	}
	cr_assert(fib(a->host) & XR_FIB_NHG, "the FIB points at the group");
	/* one member left: a plain next hop */
	r.n = 1;
	r.h[0] = (struct hop){ a->gw2, 6, 0 };
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.nhg, 0);
	cr_assert_eq(g.ifindex, 6);
	gw_is(&g, a->gw2);
	cr_assert_eq(table_size(f), 1);
}

Test(mirror, multipath4) { multipath(0); }
Test(mirror, multipath6) { multipath(1); }

/* ---- metrics: the lowest one is the FIB's ---- */

static void metrics(int v6)
{
	const struct fa *a = fa(v6);
	struct rt hi = { .dst = a->net, .plen = a->plen, .metric = 200, .n = 1,
			 .h = { { a->gw1, 5, 0 } } };
	struct rt lo = hi;
	struct xr_mirror_stats s;
	struct got g;

	lo.metric = 100;
	lo.h[0] = (struct hop){ a->gw2, 6, 0 };
	feed(&hi);
	commit();
	feed(&lo);
	commit();
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes, 2);
	cr_assert_eq(s.prefixes, 1);
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.metric, 100);
	cr_assert_eq(g.ifindex, 6, "the lower metric wins");
	/* a worse one changes nothing */
	hi.h[0].gw = a->gw3;
	feed(&hi);
	commit();
	cr_assert_eq(CNT(RoutesAdded), 2, "the best did not change");
	/* the best goes: the next one takes its place */
	lo.msg = RTM_DELROUTE;
	feed(&lo);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.metric, 200);
	gw_is(&g, a->gw3);
	hi.msg = RTM_DELROUTE;
	feed(&hi);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT);
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes + s.prefixes, 0);
}

Test(mirror, metrics4) { metrics(0); }
Test(mirror, metrics6) { metrics(1); }

/* ---- blackhole, unreachable, prohibit ---- */

static void types(int v6)
{
	const struct fa *a = fa(v6);
	static const uint8_t t[] = { RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT };
	struct got g;

	for (unsigned int k = 0; k < 3; k++) {
		struct rt r = { .dst = a->net, .plen = a->plen, .type = t[k] };

		feed(&r);
		commit();
		cr_assert_eq(get(a->net, a->plen, &g), 0);
		cr_assert_eq(g.type, t[k]);
		cr_assert_eq(g.ifindex, 0);
		cr_assert(fib(a->host), "in the FIB");
	}
	cr_assert_eq(CNT(RoutesAdded), 3);
}

Test(mirror, types4) { types(0); }
Test(mirror, types6) { types(1); }

/* ---- what is not mirrored ---- */

static void ignored(int v6)
{
	const struct fa *a = fa(v6);
	struct rt base = { .dst = a->net, .plen = a->plen, .n = 1,
			   .h = { { a->gw1, 5, 0 } } };
	struct rt r[6];
	struct xr_mirror_stats s;
	struct got g;

	for (int k = 0; k < 6; k++)
		r[k] = base;
	r[0].table = 100;                 /* another table */
	r[1].table = 1000;                /* RTA_TABLE beyond rtm_table */
	r[2].flags = RTM_F_CLONED;
	r[3].tos = 0x10;
	r[4].type = RTN_LOCAL;
	r[5].src_len = 16;                /* from 2001:db8::/16 only */
	for (int k = 0; k < 6; k++)
		cr_assert_eq(feed(&r[k]), 0);
	cr_assert_eq(CNT(RoutesIgnored), 6);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT);
	/* a mirror of table 1000 takes the route of table 1000 */
	mirror_new(XR_MIRROR_ROUTES, 1000);
	feed(&r[1]);
	feed(&base);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(CNT(RoutesIgnored), 7, "main's is not table 1000's");
}

Test(mirror, ignored4) { ignored(0); }
Test(mirror, ignored6) { ignored(1); }

/* ---- routes we cannot express: handed to the kernel ---- */

static void to_kernel_is(const char *dst, uint8_t plen)
{
	struct got g;

	cr_assert_eq(get(dst, plen, &g), 0);
	cr_assert_eq(g.type, XR_RTN_UNICAST);
	cr_assert_eq(g.ifindex, 1, "through lo");
	cr_assert_eq(g.nhg, 0);
	gw_is(&g, fam(dst) == AF_INET6 ? "::" : "0.0.0.0");
}

static void to_kernel(int v6)
{
	const struct fa *a = fa(v6);
	struct rt other = { .dst = a->net, .plen = a->plen, .n = 1,
			    .h = { { v6 ? "192.0.2.1" : "fe80::1", 5, 0 } } };
	struct rt encap = { .dst = a->net2, .plen = a->plen, .n = 1,
			    .h = { { a->gw1, 5, 0 } }, .encap = 1 };
	const char *third = v6 ? "2001:db8:3::" : "198.18.3.0";
	struct rt unknown = { .dst = third, .plen = a->plen, .nh_id = 77 };

	feed(&other);
	feed(&encap);
	feed(&unknown);
	commit();
	to_kernel_is(a->net, a->plen);
	to_kernel_is(a->net2, a->plen);
	to_kernel_is(third, a->plen);
	cr_assert_eq(CNT(RoutesToKernel), 3);
	cr_assert_eq(CNT(RouteErrors), 0);
}

Test(mirror, to_kernel4) { to_kernel(0); }
Test(mirror, to_kernel6) { to_kernel(1); }

/* ---- next-hop objects ---- */

/* RTM_NEWNEXTHOP id: a gateway on oif, a blackhole (gw "bh"), or a
 * group (grp ids with weights - 1). */
static int feed_nh(uint16_t type, int f, uint32_t id, const char *gw,
		   uint32_t oif, const uint32_t *grp, const uint8_t *w,
		   unsigned int n)
{
	struct nlmsghdr *h = hdr(type, NLM_F_CREATE);
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(h, sizeof(*nhm));

	nhm->nh_family = (uint8_t)(n ? AF_UNSPEC : f);
	mnl_attr_put_u32(h, NHA_ID, id);
	if (n) {
		struct nexthop_grp g[128];

		memset(g, 0, sizeof(g));
		for (unsigned int k = 0; k < n; k++) {
			g[k].id = grp[k];
			g[k].weight = w ? w[k] : 0;
		}
		mnl_attr_put(h, NHA_GROUP, n * sizeof(g[0]), g);
	} else if (gw && !strcmp(gw, "bh")) {
		mnl_attr_put(h, NHA_BLACKHOLE, 0, NULL);
	} else if (type == RTM_NEWNEXTHOP) {
		struct xr_in6 g = addr(gw);

		mnl_attr_put_u32(h, NHA_OIF, oif);
		mnl_attr_put(h, NHA_GATEWAY, alen(f), &g);
	}
	return xr_mirror_msg(MI, h);
}

static void nh_objects(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r1 = { .dst = a->net, .plen = a->plen, .proto = 11, .nh_id = 1 };
	struct rt r2 = { .dst = a->net2, .plen = a->plen, .proto = 11, .nh_id = 10 };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	struct got g;

	cr_assert_eq(feed_nh(RTM_NEWNEXTHOP, f, 1, a->gw1, 5, NULL, NULL, 0), 0);
	feed_nh(RTM_NEWNEXTHOP, f, 2, a->gw2, 6, NULL, NULL, 0);
	feed_nh(RTM_NEWNEXTHOP, f, 10, NULL, 0, (uint32_t[]){ 1, 2 },
		(uint8_t[]){ 0, 4 }, 2);
	cr_assert_eq(CNT(NexthopMsgs), 3);
	feed(&r1);
	feed(&r2);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.ifindex, 5);
	gw_is(&g, a->gw1);
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), 2);
	cr_assert_eq(inf[0].spec.weight + inf[1].spec.weight, 6,
		     "weights nexthop_grp.weight + 1");

	/* object 1 replaced: both routes follow */
	feed_nh(RTM_NEWNEXTHOP, f, 1, a->gw3, 7, NULL, NULL, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.ifindex, 7);
	gw_is(&g, a->gw3);
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	members(f, g.nhg, inf);
	cr_assert(inf[0].spec.ifindex == 7 || inf[1].spec.ifindex == 7);

	/* the same object again: nothing written */
	uint64_t added = CNT(RoutesAdded);
	feed_nh(RTM_NEWNEXTHOP, f, 1, a->gw3, 7, NULL, NULL, 0);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
	cr_assert_eq(CNT(RoutesAdded), added);

	/* object 2 deleted: out of the group, which is left with one
	 * member; object 1 deleted: both routes go, as in the kernel */
	feed_nh(RTM_DELNEXTHOP, f, 2, NULL, 0, NULL, NULL, 0);
	commit();
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	cr_assert_eq(g.nhg, 0, "one member left: a plain next hop");
	cr_assert_eq(g.ifindex, 7);
	feed_nh(RTM_DELNEXTHOP, f, 1, NULL, 0, NULL, NULL, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT);
	cr_assert_eq(get(a->net2, a->plen, &g), -ENOENT);
	struct xr_mirror_stats s;
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes, 0);
	cr_assert_eq(s.nexthops, 0, "the emptied group went too");
}

Test(mirror, nh_objects4) { nh_objects(0); }
Test(mirror, nh_objects6) { nh_objects(1); }

/* A blackhole object, and a route naming an object that comes later. */
static void nh_late(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .nh_id = 5 };
	struct rt b = { .dst = a->net2, .plen = a->plen, .nh_id = 6 };
	struct got g;

	feed_nh(RTM_NEWNEXTHOP, f, 6, "bh", 0, NULL, NULL, 0);
	feed(&r);
	feed(&b);
	commit();
	to_kernel_is(a->net, a->plen);
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	cr_assert_eq(g.type, XR_RTN_BLACKHOLE);
	feed_nh(RTM_NEWNEXTHOP, f, 5, a->gw1, 5, NULL, NULL, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.ifindex, 5, "resolved once the object came");
}

Test(mirror, nh_late4) { nh_late(0); }
Test(mirror, nh_late6) { nh_late(1); }

/* ---- groups bigger than a group holds ---- */

static void wide(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .n = 70 };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	static char gws[70][48];
	struct got g;

	for (unsigned int k = 0; k < 70; k++) {
		snprintf(gws[k], sizeof(gws[k]), v6 ? "fe80::%x" : "192.0.2.%u",
			 k + 1);
		r.h[k] = (struct hop){ gws[k], 5, 0 };
	}
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), XR_NHG_MAX_MEMBERS, "the first 64");
}

Test(mirror, wide4) { wide(0); }
Test(mirror, wide6) { wide(1); }

/* ---- IPv6 siblings: one next hop deleted at a time ---- */

Test(mirror, sibling6)
{
	struct rt r = { .dst = F6.net, .plen = 48, .metric = 1024, .n = 3,
			.h = { { F6.gw1, 5, 0 }, { F6.gw2, 6, 0 },
			       { F6.gw3, 7, 0 } } };
	struct rt d = { .msg = RTM_DELROUTE, .dst = F6.net, .plen = 48,
			.metric = 1024, .n = 1, .h = { { F6.gw2, 6, 0 } } };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	struct got g;

	feed(&r);
	commit();
	feed(&d);
	commit();
	cr_assert_eq(get(F6.net, 48, &g), 0);
	cr_assert_eq(members(AF_INET6, g.nhg, inf), 2);
	cr_assert(inf[0].spec.ifindex != 6 && inf[1].spec.ifindex != 6);
	/* the rest named: the route goes */
	d.n = 2;
	d.h[0] = (struct hop){ F6.gw1, 5, 0 };
	d.h[1] = (struct hop){ F6.gw3, 7, 0 };
	feed(&d);
	commit();
	cr_assert_eq(get(F6.net, 48, &g), -ENOENT);
}

/* IPv4 deletes a multipath route whole. */
Test(mirror, multipath_del4)
{
	struct rt r = { .dst = F4.net, .plen = 24, .n = 2,
			.h = { { F4.gw1, 5, 0 }, { F4.gw2, 6, 0 } } };
	struct got g;

	feed(&r);
	commit();
	r.msg = RTM_DELROUTE;
	r.n = 1;
	feed(&r);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), -ENOENT);
}

/* ---- neighbours ---- */

static int feed_neigh(uint16_t type, const char *a, uint32_t ifindex,
		      uint16_t state, const uint8_t *mac, uint8_t flags)
{
	struct nlmsghdr *h = hdr(type, NLM_F_CREATE);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(h, sizeof(*nd));
	struct xr_in6 x = addr(a);

	nd->ndm_family = (uint8_t)fam(a);
	nd->ndm_ifindex = (int)ifindex;
	nd->ndm_state = state;
	nd->ndm_flags = flags;
	mnl_attr_put(h, NDA_DST, alen(fam(a)), &x);
	if (mac)
		mnl_attr_put(h, NDA_LLADDR, 6, mac);
	return xr_mirror_msg(MI, h);
}

static int neigh_get(const char *a, uint32_t ifindex, struct xr_neigh *n)
{
	struct xr_in6 x = addr(a);

	return fam(a) == AF_INET6 ? xr_neigh6_get(&ST.m, ifindex, &x, n) :
				    xr_neigh4_get(&ST.m, ifindex, x.a[0], n);
}

static void neighbours(int v6)
{
	const struct fa *a = fa(v6);
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0xb2 };
	static const uint8_t mac2[6] = { 2, 0, 0, 0, 0, 0xb3 };
	struct xr_neigh n;

	feed_neigh(RTM_NEWNEIGH, a->gw1, 5, NUD_REACHABLE, mac, 0);
	feed_neigh(RTM_NEWNEIGH, a->gw2, 5, NUD_INCOMPLETE, NULL, 0);
	feed_neigh(RTM_NEWNEIGH, a->gw3, 5, NUD_REACHABLE, mac, NTF_PROXY);
	feed_neigh(RTM_NEWNEIGH, a->gw3, 1, NUD_NOARP, mac, 0);   /* lo */
	cr_assert_eq(CNT(NeighMsgs), 4);
	commit();
	cr_assert_eq(neigh_get(a->gw1, 5, &n), 0);
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
	cr_assert_eq(memcmp(n.mac, mac, 6), 0);
	cr_assert_eq(neigh_get(a->gw2, 5, &n), 0);
	cr_assert_eq(n.state, XR_NUD_INCOMPLETE, "as the kernel has it");
	cr_assert_eq(neigh_get(a->gw3, 5, &n), -ENOENT, "not a proxy entry");
	cr_assert_eq(neigh_get(a->gw3, 1, &n), -ENOENT, "not lo's");
	cr_assert_eq(CNT(NeighUpdates), 2);
	/* the same again: not written; a new MAC, FAILED: written */
	feed_neigh(RTM_NEWNEIGH, a->gw1, 5, NUD_REACHABLE, mac, 0);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
	feed_neigh(RTM_NEWNEIGH, a->gw1, 5, NUD_STALE, mac2, 0);
	feed_neigh(RTM_NEWNEIGH, a->gw2, 5, NUD_FAILED, NULL, 0);
	commit();
	cr_assert_eq(neigh_get(a->gw1, 5, &n), 0);
	cr_assert_eq(n.state, XR_NUD_STALE);
	cr_assert_eq(memcmp(n.mac, mac2, 6), 0);
	cr_assert_eq(neigh_get(a->gw2, 5, &n), 0);
	cr_assert_eq(n.state, XR_NUD_FAILED);
	cr_assert_eq(CNT(NeighUpdates), 4);
	feed_neigh(RTM_DELNEIGH, a->gw1, 5, 0, NULL, 0);
	commit();
	cr_assert_eq(neigh_get(a->gw1, 5, &n), -ENOENT);
	/* a resync naming gw2 only: an entry the dump lacks goes, the
	 * map's own too (a previous run's) */
	struct xr_in6 x = addr(a->gw3);
	struct xr_neigh left = { .state = XR_NUD_PERMANENT };
	cr_assert_eq(v6 ? xr_neigh6_update(&ST.m, 9, &x, &left) :
			  xr_neigh4_update(&ST.m, 9, x.a[0], &left), 0);
	feed_neigh(RTM_NEWNEIGH, a->gw3, 6, NUD_REACHABLE, mac, 0);
	commit();
	xr_mirror_resync_begin(MI, XR_MIRROR_NEIGH);
	feed_neigh(RTM_NEWNEIGH, a->gw2, 5, NUD_FAILED, NULL, 0);
	xr_mirror_resync_end(MI, XR_MIRROR_NEIGH);
	commit();
	cr_assert_eq(neigh_get(a->gw2, 5, &n), 0);
	cr_assert_eq(neigh_get(a->gw3, 6, &n), -ENOENT);
	cr_assert_eq(neigh_get(a->gw3, 9, &n), -ENOENT);
}

Test(mirror, neighbours4) { neighbours(0); }
Test(mirror, neighbours6) { neighbours(1); }

/* A mirror of routes only leaves neighbours alone. */
Test(mirror, routes_only)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0xb2 };
	struct xr_neigh n;

	mirror_new(XR_MIRROR_ROUTES, 254);
	feed_neigh(RTM_NEWNEIGH, F4.gw1, 5, NUD_REACHABLE, mac, 0);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
	commit();
	cr_assert_eq(neigh_get(F4.gw1, 5, &n), -ENOENT);
	cr_assert_eq(CNT(NeighMsgs), 0);
}

/* ---- resync: mark and sweep ---- */

/* Link l attached (its entry in xr_ifaces), as link attach leaves it. */
static void attach(uint32_t l)
{
	struct xr_iface v = { .flags = XR_IF_UP | XR_IF_ATTACHED, .mtu = 1500 };

	cr_assert_eq(bpf_map_update_elem(ST.m.ifaces, &l, &v, BPF_ANY), 0);
}

static void sweep(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r1 = { .dst = a->net, .plen = a->plen, .n = 1,
			 .h = { { a->gw1, 5, 0 } } };
	struct rt r2 = { .dst = a->net2, .plen = a->plen, .n = 1,
			 .h = { { a->gw2, 5, 0 } } };
	const char *left = v6 ? "2001:db8:9::" : "198.18.9.0";
	const char *conn = v6 ? "2001:db8:8::" : "198.18.8.0";
	struct xr_in6 d = addr(left), c = addr(conn);
	struct got g;

	/* what a killed run left (a static route), and link attach's
	 * connected route of an attached link */
	attach(4);
	if (v6) {
		struct xr_route6 o = { .dst = d, .plen = 48, .type = 1,
				       .proto = 186, .ifindex = 5, .gw = addr(a->gw3) };
		struct xr_route6 k = { .dst = c, .plen = 48, .type = 1,
				       .proto = XR_RTPROT_KERNEL, .ifindex = 4 };
		cr_assert_eq(xr_route6_update(&ST.m, &o), 0);
		cr_assert_eq(xr_route6_update(&ST.m, &k), 0);
	} else {
		struct xr_route4 o = { .dst = d.a[0], .plen = 24, .type = 1,
				       .proto = 186, .ifindex = 5,
				       .gw = addr(a->gw3).a[0] };
		struct xr_route4 k = { .dst = c.a[0], .plen = 24, .type = 1,
				       .proto = XR_RTPROT_KERNEL, .ifindex = 4 };
		cr_assert_eq(xr_route4_update(&ST.m, &o), 0);
		cr_assert_eq(xr_route4_update(&ST.m, &k), 0);
	}
	feed(&r1);
	feed(&r2);
	commit();
	cr_assert_eq(table_size(f), 4, "events do not sweep");
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	feed(&r1);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(get(a->net2, a->plen, &g), -ENOENT, "not in the dump");
	cr_assert_eq(get(left, a->plen, &g), -ENOENT, "a previous run's");
	cr_assert_eq(get(conn, a->plen, &g), 0, "link attach's stays");
	cr_assert_eq(table_size(f), 2);
	cr_assert_eq(CNT(RoutesDeleted), 2);
	cr_assert_eq(CNT(RoutesAdded), 2);
}

Test(mirror, sweep4) { sweep(0); }
Test(mirror, sweep6) { sweep(1); }

/* The kernel's connected route of an attached link is link attach's:
 * not written, not deleted; on a link not attached it is mirrored. */
static void connected(int v6)
{
	const struct fa *a = fa(v6);
	struct rt r = { .dst = a->net, .plen = a->plen, .proto = RTPROT_KERNEL,
			.n = 1, .h = { { NULL, 4, 0 } } };
	struct rt far = r;
	struct got g;

	attach(4);
	far.dst = a->net2;
	far.h[0].oif = 8;
	feed(&r);
	feed(&far);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT, "link attach's to write");
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	cr_assert_eq(g.ifindex, 8);
	cr_assert_eq(g.proto, RTPROT_KERNEL);
}

Test(mirror, connected4) { connected(0); }
Test(mirror, connected6) { connected(1); }

/* ---- bad messages: counted, nothing changed, no crash ---- */

Test(mirror, bad_messages)
{
	struct rt good = { .dst = F4.net, .plen = 24, .n = 1,
			   .h = { { F4.gw1, 5, 0 } } };
	struct nlmsghdr *h;
	struct rtmsg *rtm;
	int bad = 0;

	/* too short for its rtmsg */
	h = route_msg(&good);
	h->nlmsg_len = NLMSG_LENGTH(4);
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* RTA_DST of the wrong size */
	h = hdr(RTM_NEWROUTE, 0);
	rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = 24,
			       .rtm_table = 254, .rtm_type = RTN_UNICAST };
	mnl_attr_put(h, RTA_DST, 3, "abc");
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* RTA_OIF not a u32 */
	h = hdr(RTM_NEWROUTE, 0);
	rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET6, .rtm_dst_len = 48,
			       .rtm_table = 254, .rtm_type = RTN_UNICAST };
	mnl_attr_put_u16(h, RTA_OIF, 5);
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* a prefix longer than the family's */
	h = route_msg(&good);
	((struct rtmsg *)mnl_nlmsg_get_payload(h))->rtm_dst_len = 33;
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* an rtnexthop longer than RTA_MULTIPATH */
	good.n = 2;
	good.h[1] = (struct hop){ F4.gw2, 6, 0 };
	h = route_msg(&good);
	{
		struct nlattr *at = (struct nlattr *)((char *)h +
			h->nlmsg_len) ;
		(void)at;
		struct rtnexthop *rtnh = NULL;
		struct nlattr *a;
		mnl_attr_for_each(a, h, sizeof(struct rtmsg))
			if (mnl_attr_get_type(a) == RTA_MULTIPATH)
				rtnh = mnl_attr_get_payload(a);
		cr_assert(rtnh);
		rtnh->rtnh_len = 200;
	}
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* a group of a bad size, a neighbour without its address */
	h = hdr(RTM_NEWNEXTHOP, 0);
	mnl_nlmsg_put_extra_header(h, sizeof(struct nhmsg));
	mnl_attr_put_u32(h, NHA_ID, 3);
	mnl_attr_put(h, NHA_GROUP, 5, "abcde");
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	h = hdr(RTM_NEWNEIGH, 0);
	((struct ndmsg *)mnl_nlmsg_put_extra_header(h, sizeof(struct ndmsg)))
		->ndm_family = AF_INET;
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	/* a header alone */
	h = hdr(RTM_NEWNEXTHOP, 0);
	cr_assert_eq(xr_mirror_msg(MI, h), -EINVAL); bad++;
	cr_assert_eq(CNT(BadMsgs), (uint64_t)bad);
	cr_assert_eq(CNT(RouteMsgs) + CNT(NexthopMsgs) + CNT(NeighMsgs), 0);
	cr_assert_eq(xr_mirror_dirty(MI), 0, "nothing changed");
	/* other messages, another family's routes and neighbours (MPLS,
	 * bridge FDB entries zebra sends over FPM): ignored, not bad */
	h = route_msg(&good);
	((struct rtmsg *)mnl_nlmsg_get_payload(h))->rtm_family = AF_MPLS;
	cr_assert_eq(xr_mirror_msg(MI, h), 0);
	cr_assert_eq(CNT(RoutesIgnored), 1);
	h = hdr(RTM_NEWNEIGH, 0);
	((struct ndmsg *)mnl_nlmsg_put_extra_header(h, sizeof(struct ndmsg)))
		->ndm_family = AF_BRIDGE;
	cr_assert_eq(xr_mirror_msg(MI, h), 0);
	cr_assert_eq(xr_mirror_dirty(MI), 0);
	h = hdr(NLMSG_DONE, 0);
	cr_assert_eq(xr_mirror_msg(MI, h), 0);
	h = hdr(RTM_NEWLINK, 0);
	cr_assert_eq(xr_mirror_msg(MI, h), 0);
	cr_assert_eq(CNT(BadMsgs), (uint64_t)bad);
}

/* Random bytes as messages of each kind: never a crash. */
Test(mirror, garbage)
{
	static const uint16_t types[] = { RTM_NEWROUTE, RTM_DELROUTE,
		RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_NEWNEIGH, RTM_DELNEIGH };
	unsigned int seed = 15;

	for (int i = 0; i < 20000; i++) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		size_t len = sizeof(*h) + (size_t)(rand_r(&seed) % 200);

		for (size_t k = sizeof(*h); k < len; k++)
			buf[k] = (char)rand_r(&seed);
		h->nlmsg_len = (uint32_t)len;
		h->nlmsg_type = types[i % 6];
		xr_mirror_msg(MI, h);
	}
	cr_assert(CNT(BadMsgs) > 0);
	while (xr_mirror_commit(MI, 0) == 1)
		;
	cr_assert_eq(xr_mirror_dirty(MI), 0);
}

/* ---- the lock ---- */

Test(mirror, lock)
{
	struct rt r = { .dst = F4.net, .plen = 24, .n = 1,
			.h = { { F4.gw1, 5, 0 } } };
	char dir[] = "/tmp/xr-mirror-lock-XXXXXX";
	struct got g;
	int other;

	cr_assert(mkdtemp(dir));
	snprintf(ST.dir, sizeof(ST.dir), "%s", dir);
	ST.lock_fd = open(dir, O_RDONLY | O_DIRECTORY);
	other = open(dir, O_RDONLY | O_DIRECTORY);
	cr_assert(ST.lock_fd >= 0 && other >= 0);
	cr_assert_eq(flock(other, LOCK_SH), 0, "a command reads");
	feed(&r);
	cr_assert_eq(xr_mirror_commit(MI, 0), -EWOULDBLOCK);
	cr_assert_eq(get(F4.net, 24, &g), -ENOENT, "nothing written");
	cr_assert_eq(xr_mirror_dirty(MI), 1, "still to do");
	cr_assert_eq(flock(other, LOCK_UN), 0);
	cr_assert_eq(xr_mirror_commit(MI, 0), 0);
	cr_assert_eq(get(F4.net, 24, &g), 0);
	cr_assert_eq(flock(other, LOCK_EX | LOCK_NB), 0, "the mirror let it go");
	close(other);
	rmdir(dir);
}

/* ---- a bounded commit, a big table, memory ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct nlmsghdr *route4_n(uint32_t i, uint32_t oif, const char *gw)
{
	char dst[32];
	struct rt r = { .dst = dst, .plen = 24, .proto = 186, .metric = 20,
			.n = 1, .h = { { gw, oif, 0 } } };

	snprintf(dst, sizeof(dst), "%u.%u.%u.0", 10 + (i >> 16), (i >> 8) & 255,
		 i & 255);
	return route_msg(&r);
}

Test(mirror, bounded)
{
	for (uint32_t i = 0; i < 1000; i++)
		xr_mirror_msg(MI, route4_n(i, 5, F4.gw1));
	cr_assert_eq(xr_mirror_commit(MI, 300), 1, "more to do");
	cr_assert_eq(xr_mirror_dirty(MI), 700);
	cr_assert_eq(table_size(AF_INET), 300);
	commit();
	cr_assert_eq(table_size(AF_INET), 1000);
}

Test(mirror, big, .timeout = 120)
{
	static const char *gws[] = { "192.0.2.1", "192.0.2.2", "192.0.2.3" };
	const char *env = getenv("XR_MIRROR_BIG");   /* a bigger run by hand */
	const uint32_t n = env ? (uint32_t)atoi(env) : 200000;
	struct xr_mirror_stats s;
	double t0, t1, t2;

	t0 = now_s();
	for (uint32_t i = 0; i < n; i++)
		cr_assert_eq(xr_mirror_msg(MI, route4_n(i, 5 + i % 3, gws[i % 3])), 0);
	t1 = now_s();
	commit();
	t2 = now_s();
	cr_log_info("%u routes: messages %.2f s, commit %.2f s", n, t1 - t0,
		    t2 - t1);
	cr_assert_eq(table_size(AF_INET), n);
	cr_assert_eq(CNT(RoutesAdded), n);
	cr_assert(CNT(Batches) >= n / 4096);
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes, n);
	cr_assert_eq(s.prefixes, n);
	cr_assert_lt(s.bytes / n, 100, "%zu bytes a route", s.bytes / n);
	cr_log_info("shadow: %zu bytes for %u routes (%zu a route)", s.bytes, n,
		    s.bytes / n);
	/* each address forwarded by its route */
	cr_assert_eq(fib_depth("10.1.2.3"), 24);
	cr_assert_eq(fib_depth("12.13.64.1"), 24);
	/* a restart: a new mirror, the same table dumped: nothing written */
	mirror_new(XR_MIRROR_ROUTES, 254);
	t0 = now_s();
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	for (uint32_t i = 0; i < n; i++)
		xr_mirror_msg(MI, route4_n(i, 5 + i % 3, gws[i % 3]));
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	t1 = now_s();
	commit();
	t2 = now_s();
	cr_log_info("restart, %u routes: messages and sweep %.2f s, commit %.2f s",
		    n, t1 - t0, t2 - t1);
	cr_assert_eq(CNT(RoutesAdded), n, "nothing written again");
	cr_assert_eq(CNT(RoutesDeleted), 0);
}

/* zebra's delete over FPM: no type (RTN_UNSPEC), no next hop, metric
 * 20; an update is that delete and the new route in one frame. */
static void fpm_delete(int v6)
{
	const struct fa *a = fa(v6);
	struct rt r = { .dst = a->net, .plen = a->plen, .proto = 186,
			.metric = 20, .n = 1, .h = { { a->gw1, 5, 0 } } };
	struct rt d = { .msg = RTM_DELROUTE, .dst = a->net, .plen = a->plen,
			.metric = 20 };
	struct nlmsghdr *h;
	struct got g;

	feed(&r);
	commit();
	h = route_msg(&d);
	((struct rtmsg *)mnl_nlmsg_get_payload(h))->rtm_type = RTN_UNSPEC;
	xr_mirror_msg(MI, h);        /* the update: delete, then the new one */
	r.h[0].gw = a->gw2;
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	gw_is(&g, a->gw2);
	cr_assert_eq(CNT(RoutesDeleted), 0, "replaced, never absent");
	h = route_msg(&d);
	((struct rtmsg *)mnl_nlmsg_get_payload(h))->rtm_type = RTN_UNSPEC;
	xr_mirror_msg(MI, h);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), -ENOENT);
	cr_assert_eq(CNT(RoutesIgnored), 0);
}

Test(mirror, fpm_delete4) { fpm_delete(0); }
Test(mirror, fpm_delete6) { fpm_delete(1); }

Test(mirror, rtprot_names)
{
	cr_assert_str_eq(xr_rtprot_name(186), "bgp");
	cr_assert_str_eq(xr_rtprot_name(2), "kernel");
	cr_assert_str_eq(xr_rtprot_name(12), "bird");
	cr_assert_str_eq(xr_rtprot_name(11), "zebra");
	cr_assert_str_eq(xr_rtprot_name(196), "static", "FRR's own static");
	cr_assert_null(xr_rtprot_name(250));
}

/* A link attached after the kernel's connected route on it was
 * mirrored, and detached again: link_changed hands the route over to
 * link attach, and back. */
static void link_changes(int v6)
{
	const struct fa *a = fa(v6);
	struct rt conn = { .dst = a->net, .plen = a->plen, .proto = RTPROT_KERNEL,
			   .n = 1, .h = { { NULL, 4, 0 } } };
	struct rt other = { .dst = a->net2, .plen = a->plen, .n = 1,
			    .h = { { a->gw1, 4, 0 } } };
	struct xr_iface none = { 0 };
	uint32_t l = 4;
	struct got g;

	feed(&conn);
	feed(&other);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0, "not attached: ours");
	attach(4);
	xr_mirror_link_changed(MI, 4, 1);
	cr_assert_eq(xr_mirror_dirty(MI), 1, "only the connected route");
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0, "left as it is for link attach");
	cr_assert_eq(CNT(RoutesDeleted), 0);
	/* detached: link detach took its connected route away */
	cr_assert_eq(bpf_map_update_elem(ST.m.ifaces, &l, &none, BPF_ANY), 0);
	struct xr_in6 net = addr(a->net);
	cr_assert_eq(v6 ? xr_route6_delete(&ST.m, &net, a->plen) :
			  xr_route4_delete(&ST.m, net.a[0], a->plen), 0);
	xr_mirror_link_changed(MI, 4, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0, "ours again");
	cr_assert_eq(g.ifindex, 4);
}

Test(mirror, link_changes4) { link_changes(0); }
Test(mirror, link_changes6) { link_changes(1); }

/* The copy of the table a resync reads answers the commits after it,
 * until another writer moves the configuration: then the table is asked
 * again. */
static void snapshot(int v6)
{
	const struct fa *a = fa(v6);
	struct rt r = { .dst = a->net, .plen = a->plen, .n = 1,
			.h = { { a->gw1, 5, 0 } } };
	struct xr_in6 net = addr(a->net), g3 = addr(a->gw3);
	struct got g;

	feed(&r);
	commit();
	mirror_new(XR_MIRROR_ROUTES, 254);
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	feed(&r);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	/* a command changes the route meanwhile (as a writer does: the
	 * configuration's generation bumped) */
	if (v6) {
		struct xr_route6 o = { .dst = net, .plen = a->plen, .type = 1,
				       .proto = 4, .ifindex = 7, .gw = g3 };
		cr_assert_eq(xr_route6_update(&ST.m, &o), 0);
	} else {
		struct xr_route4 o = { .dst = net.a[0], .plen = a->plen, .type = 1,
				       .proto = 4, .ifindex = 7, .gw = g3.a[0] };
		cr_assert_eq(xr_route4_update(&ST.m, &o), 0);
	}
	cr_assert_eq(xr_gen_bump(&ST.m, 1u << XR_GEN_CONFIG), 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	gw_is(&g, a->gw1);
	cr_assert_eq(g.ifindex, 5, "the table asked, not the stale copy");
}

Test(mirror, snapshot4) { snapshot(0); }
Test(mirror, snapshot6) { snapshot(1); }

/* The same hop twice in RTA_MULTIPATH (the kernel takes it): one member,
 * the weights added; an object group's weights above 256: 256. */
static void same_hop(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .n = 3,
			.h = { { a->gw1, 5, 1 }, { a->gw2, 6, 0 },
			       { a->gw1, 5, 2 } } };
	struct rt o = { .dst = a->net2, .plen = a->plen, .nh_id = 30 };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	struct got g;

	feed(&r);
	feed_nh(RTM_NEWNEXTHOP, f, 31, a->gw1, 5, NULL, NULL, 0);
	feed_nh(RTM_NEWNEXTHOP, f, 32, a->gw2, 6, NULL, NULL, 0);
	{
		struct nlmsghdr *h = hdr(RTM_NEWNEXTHOP, NLM_F_CREATE);
		struct nhmsg *nhm = mnl_nlmsg_put_extra_header(h, sizeof(*nhm));
		struct nexthop_grp gr[2] = { { .id = 31, .weight = 0xff,
					       .weight_high = 0x3 },
					     { .id = 32, .weight = 9 } };

		nhm->nh_family = AF_UNSPEC;
		mnl_attr_put_u32(h, NHA_ID, 30);
		mnl_attr_put(h, NHA_GROUP, sizeof(gr), gr);
		cr_assert_eq(xr_mirror_msg(MI, h), 0);
	}
	feed(&o);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), 2, "gw1 once");
	for (int k = 0; k < 2; k++)
		cr_assert_eq(inf[k].spec.weight, inf[k].spec.ifindex == 5 ? 5 : 1,
			     "weights 2 + 3 for gw1");
	cr_assert_eq(get(a->net2, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), 2);
	for (int k = 0; k < 2; k++)
		cr_assert_eq(inf[k].spec.weight, inf[k].spec.ifindex == 5 ? 256 : 10,
			     "1024 capped at 256; 9 + 1");
}

Test(mirror, same_hop4) { same_hop(0); }
Test(mirror, same_hop6) { same_hop(1); }

/* A group before its members (zebra sends objects in its hash's order),
 * a route through it before them too: to the kernel until every member
 * is known, then the group. */
static void group_first(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .proto = 186, .nh_id = 40 };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	struct got g;

	feed_nh(RTM_NEWNEXTHOP, f, 40, NULL, 0, (uint32_t[]){ 41, 42 }, NULL, 2);
	feed(&r);
	commit();
	to_kernel_is(a->net, a->plen);
	feed_nh(RTM_NEWNEXTHOP, f, 41, a->gw1, 5, NULL, NULL, 0);
	commit();
	to_kernel_is(a->net, a->plen);
	feed_nh(RTM_NEWNEXTHOP, f, 42, a->gw2, 6, NULL, NULL, 0);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), 2, "the group once its members came");
}

Test(mirror, group_first4) { group_first(0); }
Test(mirror, group_first6) { group_first(1); }

/* ---- which links the shadow's next hops use ---- */

static void link_used(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .metric = 30, .n = 2,
			.h = { { a->gw1, 5, 0 }, { a->gw2, 6, 0 } } };
	struct rt o = { .dst = a->net2, .plen = a->plen, .nh_id = 3 };

	cr_assert_eq(xr_mirror_link_used(MI, 5), 0, "nothing yet");
	feed(&r);
	cr_assert_eq(xr_mirror_link_used(MI, 5), 1, "a member, before a commit");
	cr_assert_eq(xr_mirror_link_used(MI, 6), 1);
	cr_assert_eq(xr_mirror_link_used(MI, 7), 0);
	feed_nh(RTM_NEWNEXTHOP, f, 3, a->gw3, 7, NULL, NULL, 0);
	cr_assert_eq(xr_mirror_link_used(MI, 7), 1, "an object, no route yet");
	feed(&o);
	r.msg = RTM_DELROUTE;
	feed(&r);
	cr_assert_eq(xr_mirror_link_used(MI, 5), 0, "its route gone");
	cr_assert_eq(xr_mirror_link_used(MI, 6), 0);
	feed_nh(RTM_DELNEXTHOP, f, 3, NULL, 0, NULL, NULL, 0);
	cr_assert_eq(xr_mirror_link_used(MI, 7), 0, "object and route gone");
}

Test(mirror, link_used4) { link_used(0); }
Test(mirror, link_used6) { link_used(1); }

/* ---- a resync's copy of the table, while its commit is under way ---- */

/* Prefix i of a family's numbered set ("198.18.i.0/24", "2001:db8:i::/48"). */
static const char *nth(int v6, int i, char *d, size_t n)
{
	snprintf(d, n, v6 ? "2001:db8:%x::" : "198.18.%d.0", i);
	return d;
}

/* A route P added after resync_end, written while other prefixes are
 * still queued (the copy read at the sweep still held), then withdrawn:
 * it leaves the FIB, though the copy never had it. */
static void snap_stale(int v6)
{
	const struct fa *a = fa(v6);
	const char *pd = v6 ? "2001:db8:ff::" : "198.51.100.0";
	struct rt r = { .plen = a->plen, .n = 1, .h = { { a->gw1, 5, 0 } } };
	struct rt p = { .dst = pd, .plen = a->plen, .n = 1,
			.h = { { a->gw2, 5, 0 } } };
	char d[64];
	struct got g;
	int k;

	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	for (k = 0; k < 5; k++) {
		r.dst = nth(v6, k, d, sizeof(d));
		feed(&r);
	}
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	feed(&p);
	for (k = 10; k < 15; k++) {
		r.dst = nth(v6, k, d, sizeof(d));
		feed(&r);
	}
	cr_assert_eq(xr_mirror_commit(MI, 7), 1, "some left queued");
	cr_assert_eq(get(pd, a->plen, &g), 0, "P written");
	p.msg = RTM_DELROUTE;
	feed(&p);
	commit();
	cr_assert_eq(get(pd, a->plen, &g), -ENOENT, "P withdrawn: gone");
	cr_assert_eq(fib(v6 ? "2001:db8:ff::1" : "198.51.100.1"), 0);
	cr_assert_eq(table_size(v6 ? AF_INET6 : AF_INET), 10);
}

Test(mirror, snap_stale4) { snap_stale(0); }
Test(mirror, snap_stale6) { snap_stale(1); }

/* ---- a connected route, covered by a route of lower metric, back ---- */

/* A namespace of this test's own with a link holding an address in
 * each family's net (198.18.1.1/24, 2001:db8:1::1/48): its ifindex,
 * attached. */
static uint32_t conn_link(void)
{
	uint32_t l;

	cr_assert_eq(unshare(CLONE_NEWNET), 0);
	cr_assert_eq(system("ip link add xfa0 type veth peer name xfa1 && "
			    "sysctl -qw net.ipv6.conf.xfa0.accept_dad=0 && "
			    "ip link set xfa0 up && ip link set xfa1 up && "
			    "ip addr add 198.18.1.1/24 dev xfa0 && "
			    "ip -6 addr add 2001:db8:1::1/48 dev xfa0 nodad"), 0);
	l = if_nametoindex("xfa0");
	cr_assert(l);
	attach(l);
	return l;
}

/* The route of net/plen as link attach writes it on l (prefsrc the
 * link's address), or checked to be that. */
static void conn_route(int v6, uint32_t l, int check)
{
	const struct fa *a = fa(v6);
	struct xr_in6 d = addr(a->net), src = addr(v6 ? "2001:db8:1::1" : "198.18.1.1");

	if (v6) {
		struct xr_route6 k = { .dst = d, .plen = a->plen, .type = 1,
				       .proto = XR_RTPROT_KERNEL, .ifindex = l,
				       .prefsrc = src }, r;
		if (!check) {
			cr_assert_eq(xr_route6_update(&ST.m, &k), 0);
			return;
		}
		cr_assert_eq(xr_route6_get(&ST.m, &d, a->plen, &r), 0);
		cr_assert_eq(memcmp(&r, &k, sizeof(r)), 0,
			     "link attach's route: ifindex %u proto %u", r.ifindex, r.proto);
		return;
	}
	struct xr_route4 k = { .dst = d.a[0], .plen = a->plen, .type = 1,
			       .proto = XR_RTPROT_KERNEL, .ifindex = l,
			       .prefsrc = src.a[0] }, r;
	if (!check) {
		cr_assert_eq(xr_route4_update(&ST.m, &k), 0);
		return;
	}
	cr_assert_eq(xr_route4_get(&ST.m, d.a[0], a->plen, &r), 0);
	cr_assert_eq(memcmp(&r, &k, sizeof(r)), 0,
		     "link attach's route: ifindex %u proto %u", r.ifindex, r.proto);
}

/* A gateway route of lower metric over link attach's connected route:
 * the FIB gets it; when it is withdrawn (or, after a restart, no longer
 * in the dump: a killed run left it), the connected route is written
 * back as link attach makes it. */
static void conn_back(int v6, int restart)
{
	const struct fa *a = fa(v6);
	uint32_t l = conn_link();
	struct rt conn = { .dst = a->net, .plen = a->plen, .proto = RTPROT_KERNEL,
			   .metric = v6 ? 256 : 100, .n = 1, .h = { { NULL, l, 0 } } };
	struct rt bgp = { .dst = a->net, .plen = a->plen, .proto = 12,
			  .metric = v6 ? 32 : 0, .n = 1, .h = { { a->gw1, 5, 0 } } };
	struct got g;

	conn_route(v6, l, 0);
	feed(&conn);
	feed(&bgp);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(g.ifindex, 5, "the lower metric's");
	if (restart) {
		mirror_new(XR_MIRROR_ROUTES | XR_MIRROR_NEIGH, 254);   /* kill -9 */
		xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
		feed(&conn);
		xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	} else {
		bgp.msg = RTM_DELROUTE;
		feed(&bgp);
	}
	commit();
	conn_route(v6, l, 1);
	cr_assert_eq(CNT(RoutesDeleted), 0);
}

Test(mirror, conn_back4) { conn_back(0, 0); }
Test(mirror, conn_back6) { conn_back(1, 0); }
Test(mirror, conn_restart4) { conn_back(0, 1); }
Test(mirror, conn_restart6) { conn_back(1, 1); }

/* ---- IPv4 aliases: `ip route append` ---- */

/* Route P via gw1 dev 5, then P via gw2 dev 6 appended: the kernel
 * forwards by the first; which goes on a delete follows its next hop. */
static void append_two(struct rt *r1, struct rt *r2)
{
	struct got g;

	*r1 = (struct rt){ .dst = F4.net, .plen = 24, .n = 1,
			   .h = { { F4.gw1, 5, 0 } } };
	*r2 = (struct rt){ .dst = F4.net, .plen = 24, .n = 1, .nlf = NLM_F_APPEND,
			   .h = { { F4.gw2, 6, 0 } } };
	feed(r1);
	commit();
	feed(r2);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), 0);
	cr_assert_eq(g.ifindex, 5, "the first alias stays the FIB's: %u", g.ifindex);
	cr_assert_eq(xr_mirror_link_used(MI, 6), 1, "the alias is held");
	r1->msg = r2->msg = RTM_DELROUTE;
	r2->nlf = 0;
}

/* One alias deleted (the first, or the appended one), then the other. */
static void append_del(int first)
{
	struct rt r1, r2;
	struct xr_mirror_stats s;
	struct got g;

	append_two(&r1, &r2);
	feed(first ? &r1 : &r2);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), 0, "the other stays");
	cr_assert_eq(g.ifindex, first ? 6 : 5, "the one not named: %u", g.ifindex);
	gw_is(&g, first ? F4.gw2 : F4.gw1);
	cr_assert_eq(xr_mirror_link_used(MI, first ? 5 : 6), 0, "the named went");
	feed(first ? &r2 : &r1);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), -ENOENT);
	xr_mirror_stats(MI, &s);
	cr_assert_eq(s.routes, 0);
	cr_assert_eq(s.prefixes, 0);
}

Test(mirror, append_del_second4) { append_del(0); }
Test(mirror, append_del_first4) { append_del(1); }

/* A dump has both aliases, the first first (NLM_F_MULTI): the second is
 * an alias, kept by the sweep; the same dump again changes nothing. */
Test(mirror, append_dump4)
{
	struct rt r1 = { .dst = F4.net, .plen = 24, .n = 1, .nlf = NLM_F_MULTI,
			 .h = { { F4.gw1, 5, 0 } } };
	struct rt r2 = r1;
	struct got g;

	r2.h[0] = (struct hop){ F4.gw2, 6, 0 };
	for (int k = 0; k < 2; k++) {
		xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
		feed(&r1);
		feed(&r2);
		xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
		commit();
		cr_assert_eq(get(F4.net, 24, &g), 0);
		cr_assert_eq(g.ifindex, 5, "the first: %u", g.ifindex);
		cr_assert_eq(xr_mirror_link_used(MI, 6), 1, "the alias kept");
	}
	cr_assert_eq(CNT(RoutesAdded), 1);
	r1.msg = RTM_DELROUTE;
	r1.nlf = 0;
	feed(&r1);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), 0);
	cr_assert_eq(g.ifindex, 6, "promoted");
}

/* ---- IPv6: link-local prefixes, device routes of one prefix on two links ---- */

Test(mirror, link_local6)
{
	struct rt r = { .dst = "fe80::", .plen = 64, .proto = RTPROT_KERNEL,
			.metric = 256, .n = 1, .h = { { NULL, 7, 0 } } };
	struct got g;

	feed(&r);
	r.h[0].oif = 8;
	feed(&r);
	commit();
	cr_assert_eq(get("fe80::", 64, &g), -ENOENT);
	cr_assert_eq(CNT(RoutesIgnored), 2);
	cr_assert_eq(xr_mirror_link_used(MI, 7), 0);
}

/* 2001:db8:5::/64 dev 7 then dev 8, one metric: two routes, the FIB
 * the first's; a delete takes the one of its link. */
static void two_links(struct rt *d7, struct rt *d8)
{
	struct got g;

	*d7 = (struct rt){ .dst = "2001:db8:5::", .plen = 64, .proto = RTPROT_KERNEL,
			   .metric = 256, .n = 1, .h = { { NULL, 7, 0 } } };
	*d8 = *d7;
	d8->h[0].oif = 8;
	feed(d7);
	feed(d8);
	commit();
	cr_assert_eq(get("2001:db8:5::", 64, &g), 0);
	cr_assert_eq(g.ifindex, 7, "the first: %u", g.ifindex);
	cr_assert_eq(xr_mirror_link_used(MI, 8), 1, "the second held");
}

Test(mirror, dev_two_links6)
{
	struct rt d7, d8;
	struct got g;

	two_links(&d7, &d8);
	d8.msg = RTM_DELROUTE;
	feed(&d8);
	commit();
	cr_assert_eq(get("2001:db8:5::", 64, &g), 0, "dev 7's stays");
	cr_assert_eq(g.ifindex, 7);
	d8.msg = 0;
	feed(&d8);
	d7.msg = RTM_DELROUTE;
	feed(&d7);
	commit();
	cr_assert_eq(get("2001:db8:5::", 64, &g), 0, "dev 8's now");
	cr_assert_eq(g.ifindex, 8);
	d8.msg = RTM_DELROUTE;
	feed(&d8);
	commit();
	cr_assert_eq(get("2001:db8:5::", 64, &g), -ENOENT);
}

/* The first went while nobody listened: the resync's dump has the
 * second alone, which the FIB gets. */
Test(mirror, dev_two_links_resync6)
{
	struct rt d7, d8;
	struct got g;

	two_links(&d7, &d8);
	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	feed(&d8);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	commit();
	cr_assert_eq(get("2001:db8:5::", 64, &g), 0);
	cr_assert_eq(g.ifindex, 8);
	cr_assert_eq(xr_mirror_link_used(MI, 7), 0);
}

/* ---- counters: neighbour writes refused, groups cut ---- */

/* The neighbour map swapped for an array of one entry: a write of the
 * entry of link 5 is refused (E2BIG), counted NeighErrors. */
Test(mirror, neigh_errors)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	int saved = ST.m.neigh4;
	int tiny = bpf_map_create(BPF_MAP_TYPE_ARRAY, "xfa_tiny", 4,
				  sizeof(struct xr_neigh), 1, NULL);

	cr_assert(tiny >= 0);
	ST.m.neigh4 = tiny;
	feed_neigh(RTM_NEWNEIGH, F4.gw1, 5, NUD_REACHABLE, mac, 0);
	commit();
	ST.m.neigh4 = saved;
	close(tiny);
	cr_assert_eq(CNT(NeighErrors), 1);
	cr_assert_eq(CNT(RouteErrors), 0, "not a route's");
	cr_assert_eq(CNT(NeighUpdates), 0);
}

/* A group object of 70 members: its route gets the first 64, and the
 * object is counted GroupsCut, as a route of 70 is. */
static void wide_obj(int v6)
{
	const struct fa *a = fa(v6);
	int f = v6 ? AF_INET6 : AF_INET;
	struct rt r = { .dst = a->net, .plen = a->plen, .nh_id = 1000 };
	struct xr_nhg_info inf[XR_NHG_MAX_MEMBERS];
	uint32_t ids[70];
	char gw[48];
	struct got g;

	for (unsigned int k = 0; k < 70; k++) {
		snprintf(gw, sizeof(gw), v6 ? "fe80::%x" : "192.0.2.%u", k + 1);
		ids[k] = k + 1;
		feed_nh(RTM_NEWNEXTHOP, f, k + 1, gw, 5, NULL, NULL, 0);
	}
	feed_nh(RTM_NEWNEXTHOP, f, 1000, NULL, 0, ids, NULL, 70);
	feed(&r);
	commit();
	cr_assert_eq(get(a->net, a->plen, &g), 0);
	cr_assert_eq(members(f, g.nhg, inf), XR_NHG_MAX_MEMBERS, "the first 64");
	cr_assert_eq(CNT(GroupsCut), 1);
	wide(v6);
	cr_assert_eq(CNT(GroupsCut), 2, "a route of 70 too");
}

Test(mirror, wide_obj4) { wide_obj(0); }
Test(mirror, wide_obj6) { wide_obj(1); }

/* A VXLAN bridge's FDB entries (AF_BRIDGE, NDA_DST the remote of either
 * family, NDA_LLADDR): ignored quietly, not BadMsgs, nothing written. */
Test(mirror, bridge_fdb)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	const char *dst[] = { "192.0.2.7", "2001:db8::7" };

	for (unsigned int k = 0; k < 2; k++) {
		struct nlmsghdr *h = hdr(RTM_NEWNEIGH, NLM_F_CREATE);
		struct ndmsg *nd = mnl_nlmsg_put_extra_header(h, sizeof(*nd));
		struct xr_in6 x = addr(dst[k]);

		nd->ndm_family = AF_BRIDGE;
		nd->ndm_ifindex = 5;
		nd->ndm_state = NUD_NOARP | NUD_PERMANENT;
		mnl_attr_put(h, NDA_LLADDR, 6, mac);
		mnl_attr_put(h, NDA_DST, alen(fam(dst[k])), &x);
		cr_assert_eq(xr_mirror_msg(MI, h), 0, "%s", dst[k]);
	}
	commit();
	cr_assert_eq(CNT(BadMsgs), 0);
	cr_assert_eq(CNT(NeighUpdates), 0);
	cr_assert_eq(CNT(NeighErrors), 0);
}

/* ---- the configuration's generation: routes, not neighbours ---- */

static uint64_t cfg_gen(void)
{
	struct xr_state_gen g;

	cr_assert_eq(xr_gen_read(&ST.m, &g), 0);
	return g.gen[XR_GEN_CONFIG];
}

/* The slow path rebuilds its next-hop index when the configuration's
 * generation moved: a neighbour-only commit, or a route written again
 * unchanged, leaves it; a route written moves it. */
Test(mirror, gen_config)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct rt r = { .dst = F4.net, .plen = 24, .n = 1, .h = { { F4.gw1, 5, 0 } } };
	uint64_t g0 = cfg_gen();

	feed(&r);
	commit();
	cr_assert_gt(cfg_gen(), g0, "a route written");
	g0 = cfg_gen();
	feed_neigh(RTM_NEWNEIGH, F4.gw1, 5, NUD_REACHABLE, mac, 0);
	commit();
	cr_assert_eq(CNT(NeighUpdates), 1);
	cr_assert_eq(cfg_gen(), g0, "a neighbour alone");
	mirror_new(XR_MIRROR_ROUTES, 254);          /* a restart: all queued */
	feed(&r);
	commit();
	cr_assert_eq(CNT(RoutesAdded), 1, "the same route not written");
	cr_assert_eq(cfg_gen(), g0, "nothing written");
	r.msg = RTM_DELROUTE;
	feed(&r);
	commit();
	cr_assert_gt(cfg_gen(), g0, "a route deleted");
}

/* ---- next-hop objects changing under many routes ---- */

#define CHURN_ROUTES 100000
#define CHURN_OBJS   1000

/* 100,000 routes through 1,000 objects, each object then moved to
 * another gateway (a peer's next hops changing): every route follows.
 * The time the 1,000 object messages take is printed (docs: figures). */
Test(mirror, obj_churn, .timeout = 120)
{
	char dst[32], gw[32];
	struct rt r = { .dst = dst, .plen = 24, .proto = 186 };
	struct got g;
	double t0, t1;
	uint32_t k;

	for (k = 0; k < CHURN_OBJS; k++) {
		snprintf(gw, sizeof(gw), "192.0.%u.%u", 2 + k / 250, 1 + k % 250);
		feed_nh(RTM_NEWNEXTHOP, AF_INET, k + 1, gw, 5, NULL, NULL, 0);
	}
	for (k = 0; k < CHURN_ROUTES; k++) {
		snprintf(dst, sizeof(dst), "%u.%u.%u.0", 10 + (k >> 16),
			 (k >> 8) & 255, k & 255);
		r.nh_id = k % CHURN_OBJS + 1;
		feed(&r);
	}
	commit();
	t0 = now_s();
	for (k = 0; k < CHURN_OBJS; k++) {
		snprintf(gw, sizeof(gw), "192.0.%u.%u", 2 + k / 250, 1 + k % 250);
		feed_nh(RTM_NEWNEXTHOP, AF_INET, k + 1, gw, 6, NULL, NULL, 0);
	}
	t1 = now_s();
	commit();
	fprintf(stderr, "obj_churn: %u object changes under %u routes: messages %.3f s, "
		"commit %.3f s\n", CHURN_OBJS, CHURN_ROUTES, t1 - t0, now_s() - t1);
	for (k = 0; k < CHURN_ROUTES; k += 997) {
		snprintf(dst, sizeof(dst), "%u.%u.%u.0", 10 + (k >> 16),
			 (k >> 8) & 255, k & 255);
		cr_assert_eq(get(dst, 24, &g), 0, "%s", dst);
		cr_assert_eq(g.ifindex, 6, "%s followed its object", dst);
	}
	cr_assert_eq(xr_mirror_link_used(MI, 5), 0);
}

/* A replace (NLM_F_REPLACE: `ip route replace`, zebra over FPM) of a key
 * is never an alias, even in a dump: the route changes. */
Test(mirror, replace_not_alias4)
{
	struct rt r = { .dst = F4.net, .plen = 24, .n = 1, .h = { { F4.gw1, 5, 0 } } };
	struct got g;

	xr_mirror_resync_begin(MI, XR_MIRROR_ROUTES);
	r.nlf = NLM_F_MULTI;
	feed(&r);
	r.nlf = NLM_F_MULTI | NLM_F_REPLACE;
	r.h[0] = (struct hop){ F4.gw2, 6, 0 };
	feed(&r);
	xr_mirror_resync_end(MI, XR_MIRROR_ROUTES);
	commit();
	cr_assert_eq(get(F4.net, 24, &g), 0);
	cr_assert_eq(g.ifindex, 6, "replaced: %u", g.ifindex);
	cr_assert_eq(xr_mirror_link_used(MI, 5), 0, "no alias left");
}
