/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ECMP suites share (test_ecmp.c, test_ecmp_hash.c): the fast
 * path run for real with BPF_PROG_TEST_RUN through the XDP entry and the
 * tc entry, both families, on a route whose FIB entry names a next-hop
 * group of up to four members made by the library, each on its own link
 * (mpN, MAC 02:00:00:00:1N:01) via its own gateway (MAC
 * 02:00:00:00:1N:02), so the output frame's MACs say which member a flow
 * took. The expected member is computed from the flow's fields by the
 * library's user-space hash (xr_mp_hash, what the slow path uses),
 * independently of the fast path's parsing.
 */
#ifndef XR_TEST_ECMP_ENV_H
#define XR_TEST_ECMP_ENV_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/iface.h"
#include "lib/nhg.h"
#include "lib/parse.h"
#include "lib/tables.h"
#include "xdp_router/abi.h"
#include "pkt.h"
#include "testenv.h"
#include "expect.h"
#include "xdp_router_probe.skel.h"

#define NMEMB  4

static struct xr_testenv T;
static uint32_t if_mp[NMEMB];          /* the members' links */
static uint32_t nh4[NMEMB], nh6[NMEMB];    /* their next-hop ids */
static struct xdp_router_probe_bpf *P;

/* ------------------------------------------------------- the setting */

static inline void member_link(int i)
{
	char name[16];

	te_sh("ip link add mp%d address 02:00:00:00:1%d:01 type veth peer name "
	      "mpp%d address 02:00:00:00:1%d:02", i, i, i, i);
	te_sh("sysctl -qw net.ipv6.conf.mp%d.accept_dad=0", i);
	te_sh("ip addr add 10.14.%d.1/24 dev mp%d && ip link set mp%d up && "
	      "ip link set mpp%d up", i, i, i, i);
	snprintf(name, sizeof(name), "mp%d", i);
	if_mp[i] = if_nametoindex(name);
	cr_assert(if_mp[i]);
	cr_assert_eq(xr_iface_sync(&T.m, if_mp[i], XR_MODE_NATIVE), 0);
}

static inline void member_mac(int i, uint8_t mac[6], int gw)
{
	const uint8_t m[6] = { 2, 0, 0, 0, (uint8_t)(0x10 + i), gw ? 2 : 1 };

	memcpy(mac, m, 6);
}

/* Member i's next hops: 10.14.i.2 and 2001:db8:14:i::2 on mpi, made by
 * a route through each (neighbour first, so the rewrite has its MAC). */
static inline void member_nh(int i, int neigh)
{
	char gw[64], pfx[64], gw6[64];
	struct xr_in6 a;
	uint8_t mac[6];

	member_mac(i, mac, 1);
	snprintf(gw, sizeof(gw), "10.14.%d.2", i);
	snprintf(gw6, sizeof(gw6), "2001:db8:14:%d::2", i);
	if (neigh) {
		te_neigh(&T, if_mp[i], gw, mac, XR_NUD_PERMANENT);
		te_neigh6(&T, if_mp[i], gw6, mac, XR_NUD_PERMANENT);
	}
	snprintf(pfx, sizeof(pfx), "198.19.%d.0/24", i);
	te_route(&T, pfx, XR_RTN_UNICAST, gw, if_mp[i]);
	snprintf(pfx, sizeof(pfx), "2001:db8:14:%d::/64", i);
	te_route6(&T, pfx, XR_RTN_UNICAST, NULL, if_mp[i]);
	snprintf(pfx, sizeof(pfx), "2001:db8:15:%d::/64", i);
	te_route6(&T, pfx, XR_RTN_UNICAST, gw6, if_mp[i]);
	cr_assert_eq(xr_nh_find(&T.m.fib->nh, XR_RTN_UNICAST, if_mp[i],
				pkt_addr(gw), &nh4[i]), 0);
	cr_assert_eq(pkt_addr6(gw6, &a), 0);
	cr_assert_eq(xr_nh6_find(&T.m.fib6->nh, XR_RTN_UNICAST, if_mp[i], &a,
				 &nh6[i]), 0);
}

static uint32_t seed;

/* The hash policies, through the library; the seed it drew. */
static inline void mp_cfg(uint8_t policy4, uint8_t policy6)
{
	struct xr_mp_cfg c;

	cr_assert_eq(xr_mp_cfg_set_policy(&T.m, 0, policy4), 0);
	cr_assert_eq(xr_mp_cfg_set_policy(&T.m, 1, policy6), 0);
	cr_assert_eq(xr_mp_cfg_get(&T.m, &c), 0);
	cr_assert_eq(c.policy4, policy4);
	cr_assert_eq(c.policy6, policy6);
	seed = c.seed;
}

/* A fixed seed (the spread's counts then do not depend on the one the
 * library drew). */
static inline void mp_seed(uint32_t s)
{
	struct xr_mp_cfg c;
	uint32_t zero = 0;

	cr_assert_eq(xr_mp_cfg_get(&T.m, &c), 0);
	c.seed = seed = s;
	cr_assert_eq(bpf_map_update_elem(T.m.mp_cfg, &zero, &c, BPF_ANY), 0);
}

/* route get's probe on the test's maps (as pins share them). */
static inline void probe_load(void)
{
	struct bpf_map *map, *same;

	P = xdp_router_probe_bpf__open();
	cr_assert(P);
	bpf_object__for_each_map(map, P->obj) {
		same = bpf_object__find_map_by_name(T.obj, bpf_map__name(map));
		if (same)
			cr_assert_eq(bpf_map__reuse_fd(map, bpf_map__fd(same)), 0);
	}
	cr_assert_eq(xdp_router_probe_bpf__load(P), 0);
}

static inline void setup(void)
{
	int i;

	te_setup6(&T);
	for (i = 0; i < NMEMB; i++) {
		member_link(i);
		member_nh(i, 1);
	}
	cr_assert_eq(xr_mp_cfg_seed(&T.m), 0);
	mp_cfg(XR_MP_L3, XR_MP_L3);
	cr_assert_neq(seed, 0, "no seed drawn");
	probe_load();
}

static inline void teardown(void)
{
	if (P)
		xdp_router_probe_bpf__destroy(P);
	P = NULL;
	te_teardown(&T);
}

/* ------------------------------------------------------- the group */

static struct xr_nhg G[2];             /* as the fast path reads it */
static uint32_t gid[2];                /* its slot, per family */

/* The group as it is now in the map. */
static inline void group_read(int v6)
{
	cr_assert_eq(bpf_map_lookup_elem(v6 ? T.m.fib6_nhg : T.m.fib4_nhg,
					 &gid[v6], &G[v6]), 0);
}

static inline void group_route4(const char *pfx)
{
	struct xr_route4 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.nhg = gid[0] };

	cr_assert_eq(xr_parse_prefix(pfx, &rt.dst, &rt.plen), 0);
	cr_assert_eq(xr_route4_update(&T.m, &rt), 0);
}

static inline void group_route6(const char *addr, uint8_t plen)
{
	struct xr_route6 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.plen = plen, .nhg = gid[1] };

	cr_assert_eq(pkt_addr6(addr, &rt.dst), 0);
	cr_assert_eq(xr_route6_update(&T.m, &rt), 0);
}

/* The group of the first n members with weights w in family v6, made
 * by the library, and the routes that use it: 198.18.100.0/24 and
 * 198.18.101.0/24, 3fff::/16 and 3ffe::/16. */
static inline void group_make(int v6, unsigned int n, const uint16_t *w)
{
	struct xr_nhg_spec sp[NMEMB] = { 0 };
	char gw[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		sp[i].ifindex = if_mp[i];
		sp[i].weight = w[i];
		snprintf(gw, sizeof(gw), v6 ? "2001:db8:14:%u::2" : "10.14.%u.2", i);
		if (v6)
			cr_assert_eq(pkt_addr6(gw, &sp[i].gw), 0);
		else
			sp[i].gw.a[0] = pkt_addr(gw);
	}
	cr_assert_eq(xr_nhg_get(&T.m, v6, sp, n, &gid[v6]), 0);
	if (v6) {
		group_route6("3fff::", 16);
		group_route6("3ffe::", 16);
	} else {
		group_route4("198.18.100.0/24");
		group_route4("198.18.101.0/24");
	}
	cr_assert_eq(xr_nhg_put(&T.m, v6, gid[v6]), 0);
	group_read(v6);
}

static inline void group(unsigned int n, const uint16_t *w)
{
	group_make(0, n, w);
	group_make(1, n, w);
}

static const uint16_t W1[NMEMB] = { 1, 1, 1, 1 };

/* The member (index) whose next hop is id in family v6; -1: none. */
static inline int member_of(int v6, uint32_t id)
{
	int i;

	for (i = 0; i < NMEMB; i++)
		if ((v6 ? nh6[i] : nh4[i]) == id)
			return i;
	return -1;
}

/* ------------------------------------------------------- the flows */

struct flow {
	int v6;
	uint8_t s[16], d[16];          /* IPv4: the first 4 bytes */
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t label;                /* IPv6 */
	int frag;                      /* 0: none; else 1 + offset (8-byte
					* units) << 1 | MF */
	const uint8_t *ext;            /* IPv6: extension headers after the
					* Fragment header (if any), the
					* first of type ext_nh, the last's
					* next header proto */
	size_t ext_len;
	uint8_t ext_nh;
};

/* Flow i: source 192.0.2.x / 2001:db8:1::x varied by i, destination in
 * the group's first prefix. */
static inline struct flow flow_n(int v6, uint32_t i)
{
	struct flow f = { .v6 = v6, .proto = 17, .sport = 4000, .dport = 5000 };
	uint32_t s = htonl(0xc0000200u + (i % 200) + 2);   /* 192.0.2.2 .. */
	uint32_t d = htonl(0xc6126401u + i / 200);          /* 198.18.100.x */

	if (!v6) {
		memcpy(f.s, &s, 4);
		memcpy(f.d, &d, 4);
		return f;
	}
	pkt_addr6("2001:db8:1::", f.s);
	pkt_addr6("3fff::", f.d);
	memcpy(f.s + 12, &i, 4);
	memcpy(f.d + 8, &i, 4);
	f.d[15] = 9;
	return f;
}

/* The flow hash of abi/nhg.h from the flow's fields, by the library's
 * user-space hash (the slow path's): what the fast path must agree
 * with. Whether L4 applies is the caller's to say, as here. */
static inline uint32_t ref_hash(const struct flow *f, uint8_t policy)
{
	struct xr_mp_flow mf = { .v6 = f->v6, .flowlabel = f->label,
				 .proto = f->proto, .sport = f->sport,
				 .dport = f->dport };

	memcpy(&mf.saddr, f->s, f->v6 ? 16 : 4);
	memcpy(&mf.daddr, f->d, f->v6 ? 16 : 4);
	return xr_mp_hash(seed, policy == XR_MP_L4 && !f->frag &&
			  xr_mp_has_ports(f->proto), &mf);
}

/* The member the group as written gives the flow. */
static inline int ref_member(const struct flow *f, uint8_t policy)
{
	return member_of(f->v6, G[f->v6].bucket[xr_mp_bucket(ref_hash(f, policy))]);
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void ip_csum_fix(uint8_t *fr)
{
	fr[IP_OFF_CSUM] = fr[IP_OFF_CSUM + 1] = 0;
	put16(fr + IP_OFF_CSUM, pkt_csum(fr + IP_OFF, 20));
}

/* An IPv4 frame of f (a fragment's payload starts with the ports only
 * when its offset is 0, as on the wire). */
static inline size_t build4(uint8_t *fr, const struct flow *f)
{
	struct pkt_spec s = te_spec();
	size_t len;

	s.proto = f->proto;
	len = pkt_build(fr, &s);
	memcpy(fr + IP_OFF + 12, f->s, 4);
	memcpy(fr + IP_OFF + 16, f->d, 4);
	put16(fr + IP_OFF + 20, f->sport);
	put16(fr + IP_OFF + 22, f->dport);
	if (f->frag)
		put16(fr + IP_OFF + 6, (uint16_t)(((f->frag - 1) >> 1) |
						  ((f->frag - 1) & 1) << 13));
	ip_csum_fix(fr);
	return len;
}

/* An IPv6 frame of f, with a Fragment header for a fragment. */
static inline size_t build6(uint8_t *fr, const struct flow *f)
{
	struct pkt6_spec s = te_spec6();
	uint8_t fh[8] = { f->ext_len ? f->ext_nh : f->proto, 0, 0, 0, 0, 0,
			  0x14, 0x14 };
	static uint8_t hdrs[512];
	size_t hl = f->frag ? 8 : 0;
	uint8_t *l4 = fr + IP6_OFF_L4 + hl + f->ext_len;
	char sa[64], da[64];
	uint32_t off = (uint32_t)(f->frag - 1);

	inet_ntop(AF_INET6, f->s, sa, sizeof(sa));
	inet_ntop(AF_INET6, f->d, da, sizeof(da));
	s.saddr = sa;
	s.daddr = da;
	s.flow = f->label;
	s.proto = f->proto == 58 ? 58 : 17;
	put16(fh + 2, (uint16_t)((off >> 1) << 3 | (off & 1)));
	memcpy(hdrs, fh, hl);
	memcpy(hdrs + hl, f->ext, f->ext_len);
	if (hl + f->ext_len) {
		s.nexthdr = f->frag ? 44 : f->ext_nh;
		s.ext = hdrs;
		s.ext_len = hl + f->ext_len;
	}
	size_t len = pkt6_build(fr, &s);

	if (!s.ext_len && f->proto != 58)
		fr[IP6_OFF_NH] = f->proto;
	put16(l4, f->sport);
	put16(l4 + 2, f->dport);
	return len;
}

static inline size_t build(uint8_t *fr, const struct flow *f)
{
	return f->v6 ? build6(fr, f) : build4(fr, f);
}

/* ------------------------------------------------------- running */

static uint8_t in[2048], out[2048], out_tc[2048];

/* The output of a forwarded frame: the member's MACs, TTL or hop limit
 * - 1, the IPv4 checksum from scratch, everything else as it came in.
 * Returns the member. */
static inline int check_forwarded(const uint8_t *fr, size_t il, const uint8_t *o,
			   size_t ol, int v6)
{
	uint8_t mac[6];
	int m = o[4] - 0x10;

	cr_assert_eq(ol, il, "length %zu, sent %zu", ol, il);
	cr_assert(m >= 0 && m < NMEMB, "destination MAC %02x", o[4]);
	member_mac(m, mac, 1);
	cr_assert(!memcmp(o, mac, 6), "destination MAC is not member %d's gateway", m);
	member_mac(m, mac, 0);
	cr_assert(!memcmp(o + 6, mac, 6), "source MAC is not link mp%d's", m);
	cr_assert(!memcmp(o + 12, fr + 12, 2));
	if (v6) {
		cr_assert_eq(o[IP6_OFF_HLIM], fr[IP6_OFF_HLIM] - 1);
		cr_assert(!memcmp(o + 14, fr + 14, 7));
		cr_assert(!memcmp(o + 22, fr + 22, il - 22));
		return m;
	}
	cr_assert_eq(o[IP_OFF_TTL], fr[IP_OFF_TTL] - 1);
	expect_ip_csum(o);
	cr_assert(!memcmp(o + 14, fr + 14, IP_OFF_TTL - 14));
	cr_assert_eq(o[IP_OFF_TTL + 1], fr[IP_OFF_TTL + 1]);
	cr_assert(!memcmp(o + IP_OFF_CSUM + 2, fr + IP_OFF_CSUM + 2,
			  il - IP_OFF_CSUM - 2));
	return m;
}

/* Runs f through the XDP entry and the tc entry: both forward it to the
 * same member with the same bytes. Returns the member. */
static inline int run_both(const struct flow *f)
{
	size_t il = build(in, f), ol = sizeof(out), ot = sizeof(out_tc);
	int r = te_run_tc(&T, T.if_in, in, il, out_tc, &ot), m;

	cr_assert_eq(r, XDP_REDIRECT, "tc verdict %d", r);
	r = te_run(&T, T.if_in, in, il, out, &ol);
	cr_assert_eq(r, XDP_REDIRECT, "XDP verdict %d", r);
	m = check_forwarded(in, il, out, ol, f->v6);
	cr_assert_eq(ot, ol);
	cr_assert(!memcmp(out, out_tc, ol), "tc and XDP differ");
	return m;
}

/* The XDP entry alone; the member, or -1 when not forwarded. */
static inline int run_xdp(const struct flow *f)
{
	size_t il = build(in, f), ol = sizeof(out);

	if (te_run(&T, T.if_in, in, il, out, &ol) != XDP_REDIRECT)
		return -1;
	return check_forwarded(in, il, out, ol, f->v6);
}

/* What the probe (route get) decides for f. */
static inline struct xr_probe_res probe(const struct flow *f)
{
	size_t il = build(in, f);
	struct xdp_md ctx = { .data_end = (uint32_t)il,
			      .ingress_ifindex = T.if_in };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = il,
		    .data_out = out, .data_size_out = sizeof(out),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	memset(P->bss, 0, sizeof(*P->bss));
	cr_assert_eq(bpf_prog_test_run_opts(
		bpf_program__fd(P->progs.xdp_router_probe), &o), 0);
	return P->bss->xr_probe_res;
}

static inline void neigh_state(int k, uint16_t state)
{
	char gw[64];
	uint8_t mac[6];

	member_mac(k, mac, 1);
	snprintf(gw, sizeof(gw), "10.14.%d.2", k);
	te_neigh(&T, if_mp[k], gw, mac, state);
	snprintf(gw, sizeof(gw), "2001:db8:14:%d::2", k);
	te_neigh6(&T, if_mp[k], gw, mac, state);
}

#endif
