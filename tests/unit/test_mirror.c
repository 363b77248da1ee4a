// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror (sync/mirror.h) over the router's real maps (the skeleton
 * loaded without programs, as test_nhg.c): kernel messages built with
 * libmnl as the kernel and FPM send them, fed to a mirror, committed,
 * and the route table, the FIB, groups, neighbours and counters read
 * back. Both families throughout.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	uint32_t flags;        /* rtm_flags */
	unsigned int n;        /* hops: 1 plain, more RTA_MULTIPATH */
	struct hop h[70];
	int encap;
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
	struct nlmsghdr *h = hdr(r->msg ? r->msg : RTM_NEWROUTE, NLM_F_CREATE);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	struct xr_in6 d = addr(r->dst);

	rtm->rtm_family = (uint8_t)f;
	rtm->rtm_dst_len = r->plen;
	rtm->rtm_table = r->table < 256 ? (uint8_t)(r->table ? r->table : 254) :
					  RT_TABLE_UNSPEC;
	rtm->rtm_protocol = r->proto ? r->proto : RTPROT_STATIC;
	rtm->rtm_type = r->type ? r->type : RTN_UNICAST;
	rtm->rtm_tos = r->tos;
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

	return fam(a) == AF_INET6 ? xr_lpm6_lookup(&ST.m.fib6->trie, &x) :
				    xr_dir24_lookup(&ST.m.fib->dir, ntohl(x.a[0]));
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
