// SPDX-License-Identifier: GPL-2.0
/*
 * ECMP in the fast path (bpf/lib/nhg.h), run for real with
 * BPF_PROG_TEST_RUN through the XDP entry and the tc entry, both
 * families: a route whose FIB entry names a next-hop group of up to
 * four members, each on its own link (mpN, MAC 02:00:00:00:1N:01) via
 * its own gateway (MAC 02:00:00:00:1N:02), so the output frame's MACs
 * say which member a flow took. The expected member is computed here
 * from the flow's fields with abi/nhg.h's words, independently of the
 * fast path's parsing; the probe's mp_hash is compared with it exactly.
 */
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

static void member_link(int i)
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

static void member_mac(int i, uint8_t mac[6], int gw)
{
	const uint8_t m[6] = { 2, 0, 0, 0, (uint8_t)(0x10 + i), gw ? 2 : 1 };

	memcpy(mac, m, 6);
}

/* Member i's next hops: 10.14.i.2 and 2001:db8:14:i::2 on mpi, made by
 * a route through each (neighbour first, so the rewrite has its MAC). */
static void member_nh(int i, int neigh)
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
static void mp_cfg(uint8_t policy4, uint8_t policy6)
{
	struct xr_mp_cfg c;

	cr_assert_eq(xr_mp_cfg_set_policy(&T.m, 0, policy4), 0);
	cr_assert_eq(xr_mp_cfg_set_policy(&T.m, 1, policy6), 0);
	cr_assert_eq(xr_mp_cfg_get(&T.m, &c), 0);
	cr_assert_eq(c.policy4, policy4);
	cr_assert_eq(c.policy6, policy6);
	seed = c.seed;
}

/* route get's probe on the test's maps (as pins share them). */
static void probe_load(void)
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

static void setup(void)
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

static void teardown(void)
{
	if (P)
		xdp_router_probe_bpf__destroy(P);
	P = NULL;
	te_teardown(&T);
}

TestSuite(ecmp, .init = setup, .fini = teardown);

/* ------------------------------------------------------- the group */

static struct xr_nhg G[2];             /* as the fast path reads it */
static uint32_t gid[2];                /* its slot, per family */

/* The group as it is now in the map. */
static void group_read(int v6)
{
	cr_assert_eq(bpf_map_lookup_elem(v6 ? T.m.fib6_nhg : T.m.fib4_nhg,
					 &gid[v6], &G[v6]), 0);
}

static void group_route4(const char *pfx)
{
	struct xr_route4 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.nhg = gid[0] };

	cr_assert_eq(xr_parse_prefix(pfx, &rt.dst, &rt.plen), 0);
	cr_assert_eq(xr_route4_update(&T.m, &rt), 0);
}

static void group_route6(const char *addr, uint8_t plen)
{
	struct xr_route6 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.plen = plen, .nhg = gid[1] };

	cr_assert_eq(pkt_addr6(addr, &rt.dst), 0);
	cr_assert_eq(xr_route6_update(&T.m, &rt), 0);
}

/* The group of the first n members with weights w in family v6, made
 * by the library, and the routes that use it: 198.18.100.0/24 and
 * 198.18.101.0/24, 3fff::/16 and 3ffe::/16. */
static void group_make(int v6, unsigned int n, const uint16_t *w)
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

static void group(unsigned int n, const uint16_t *w)
{
	group_make(0, n, w);
	group_make(1, n, w);
}

static const uint16_t W1[NMEMB] = { 1, 1, 1, 1 };

/* The member (index) whose next hop is id in family v6; -1: none. */
static int member_of(int v6, uint32_t id)
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
};

/* Flow i: source 192.0.2.x / 2001:db8:1::x varied by i, destination in
 * the group's first prefix. */
static struct flow flow_n(int v6, uint32_t i)
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

static int has_ports(uint8_t p)
{
	return p == 6 || p == 17 || p == 33 || p == 132 || p == 136;
}

/* The flow hash of abi/nhg.h, from the flow's fields. */
static uint32_t ref_hash(const struct flow *f, uint8_t policy)
{
	uint32_t w[10], n = 0, i, a;
	int l4 = policy == XR_MP_L4 && !f->frag && has_ports(f->proto);

	for (i = 0; i < (f->v6 ? 4u : 1u); i++) {
		memcpy(&a, f->s + 4 * i, 4);
		w[n++] = a;
	}
	for (i = 0; i < (f->v6 ? 4u : 1u); i++) {
		memcpy(&a, f->d + 4 * i, 4);
		w[n++] = a;
	}
	if (l4) {
		w[n++] = f->proto;
		w[n++] = (uint32_t)f->sport << 16 | f->dport;
	} else if (f->v6) {
		w[n++] = (f->label & 0xfffff) | (uint32_t)f->proto << 24;
	}
	for (a = seed, i = 0; i < n; i++)
		a = xr_mp_mix(a, w[i]);
	return xr_mp_final(a, n);
}

/* The member the group as written gives the flow. */
static int ref_member(const struct flow *f, uint8_t policy)
{
	return member_of(f->v6, G[f->v6].bucket[xr_mp_bucket(ref_hash(f, policy))]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void ip_csum_fix(uint8_t *fr)
{
	fr[IP_OFF_CSUM] = fr[IP_OFF_CSUM + 1] = 0;
	put16(fr + IP_OFF_CSUM, pkt_csum(fr + IP_OFF, 20));
}

/* An IPv4 frame of f (a fragment's payload starts with the ports only
 * when its offset is 0, as on the wire). */
static size_t build4(uint8_t *fr, const struct flow *f)
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
static size_t build6(uint8_t *fr, const struct flow *f)
{
	struct pkt6_spec s = te_spec6();
	uint8_t fh[8] = { f->proto, 0, 0, 0, 0, 0, 0x14, 0x14 };
	uint8_t *l4 = fr + IP6_OFF_L4 + (f->frag ? 8 : 0);
	char sa[64], da[64];
	uint32_t off = (uint32_t)(f->frag - 1);

	inet_ntop(AF_INET6, f->s, sa, sizeof(sa));
	inet_ntop(AF_INET6, f->d, da, sizeof(da));
	s.saddr = sa;
	s.daddr = da;
	s.flow = f->label;
	s.proto = f->proto == 58 ? 58 : 17;
	if (f->frag) {
		put16(fh + 2, (uint16_t)((off >> 1) << 3 | (off & 1)));
		s.nexthdr = 44;
		s.ext = fh;
		s.ext_len = 8;
	}
	size_t len = pkt6_build(fr, &s);

	if (!f->frag && f->proto != 58)
		fr[IP6_OFF_NH] = f->proto;
	put16(l4, f->sport);
	put16(l4 + 2, f->dport);
	return len;
}

static size_t build(uint8_t *fr, const struct flow *f)
{
	return f->v6 ? build6(fr, f) : build4(fr, f);
}

/* ------------------------------------------------------- running */

static uint8_t in[2048], out[2048], out_tc[2048];

/* The output of a forwarded frame: the member's MACs, TTL or hop limit
 * - 1, the IPv4 checksum from scratch, everything else as it came in.
 * Returns the member. */
static int check_forwarded(const uint8_t *fr, size_t il, const uint8_t *o,
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
static int run_both(const struct flow *f)
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
static int run_xdp(const struct flow *f)
{
	size_t il = build(in, f), ol = sizeof(out);

	if (te_run(&T, T.if_in, in, il, out, &ol) != XDP_REDIRECT)
		return -1;
	return check_forwarded(in, il, out, ol, f->v6);
}

/* What the probe (route get) decides for f. */
static struct xr_probe_res probe(const struct flow *f)
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

/* ------------------------------------------------------- the cases */

Test(ecmp, a_flow_takes_one_member_both_families)
{
	struct flow f;
	uint32_t i;
	int v6, m, k;

	group(4, W1);
	for (v6 = 0; v6 < 2; v6++)
		for (i = 0; i < 64; i++) {
			f = flow_n(v6, i);
			m = ref_member(&f, XR_MP_L3);
			for (k = 0; k < 3; k++)
				cr_assert_eq(run_both(&f), m, "v6 %d flow %u", v6, i);
		}
}

/* The fast path's hash is abi/nhg.h's (the probe's mp_hash, exactly),
 * and its member the bucket's, for plain datagrams and fragments, under
 * both policies, in both families. */
static void hash_is_abi_hash(int v6, uint8_t policy)
{
	struct xr_probe_res r;
	struct flow f;
	uint32_t i, h;

	for (i = 0; i < 300; i++) {
		f = flow_n(v6, i * 37);
		f.sport = (uint16_t)(1024 + i * 211);
		f.dport = (uint16_t)(i * 13);
		f.proto = (uint8_t[]){ 17, 6, 132, 47 }[i % 4];
		f.label = v6 ? i * 0x1357 : 0;
		f.frag = i % 5 == 4 ? (int)(1 + ((i % 3) << 1 | 1)) : 0;
		h = ref_hash(&f, policy);
		r = probe(&f);
		cr_assert_eq(r.verdict, XR_V_REDIRECT, "flow %u", i);
		cr_assert_eq(r.mp_hash, h, "v6 %d policy %u flow %u: hash %08x, want %08x",
			     v6, policy, i, r.mp_hash, h);
		cr_assert_eq(r.nh_id, G[v6].bucket[xr_mp_bucket(h)]);
		cr_assert_eq(r.out_ifindex, if_mp[member_of(v6, r.nh_id)]);
		cr_assert_eq(r.fib_e & XR_FIB_NHG, XR_FIB_NHG);
	}
}

Test(ecmp, the_fast_path_hash_is_the_abi_hash)
{
	group(4, W1);
	hash_is_abi_hash(0, XR_MP_L3);
	hash_is_abi_hash(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	hash_is_abi_hash(0, XR_MP_L4);
	hash_is_abi_hash(1, XR_MP_L4);
}

/* n flows (L3: by addresses; L4: by source port) spread over the group
 * within 10% of each member's weighted share. */
static void spread(int v6, uint8_t policy, unsigned int n, const uint16_t *w)
{
	unsigned int cnt[NMEMB] = { 0 }, i, wsum = 0, N = 10000;
	double share;
	struct flow f;
	int m;

	for (i = 0; i < n; i++)
		wsum += w[i];
	for (i = 0; i < N; i++) {
		f = flow_n(v6, policy == XR_MP_L4 ? 7 : i);
		f.sport = (uint16_t)(policy == XR_MP_L4 ? 1024 + i : 4000);
		m = i % 10 ? run_xdp(&f) : run_both(&f);
		cr_assert(m >= 0 && m < (int)n, "flow %u not forwarded to a member", i);
		cr_assert_eq(m, ref_member(&f, policy));
		cnt[m]++;
	}
	for (i = 0; i < n; i++) {
		share = (double)N * w[i] / wsum;
		cr_assert(cnt[i] >= share * 0.9 && cnt[i] <= share * 1.1,
			  "v6 %d policy %u: member %u of %u got %u flows, share %.0f",
			  v6, policy, i, n, cnt[i], share);
	}
}

Test(ecmp, flows_spread_over_two_members)
{
	group(2, W1);
	spread(0, XR_MP_L3, 2, W1);
	spread(1, XR_MP_L3, 2, W1);
}

Test(ecmp, flows_spread_over_four_members)
{
	group(4, W1);
	spread(0, XR_MP_L3, 4, W1);
	spread(1, XR_MP_L3, 4, W1);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	spread(0, XR_MP_L4, 4, W1);
	spread(1, XR_MP_L4, 4, W1);
}

Test(ecmp, flows_spread_by_weight)
{
	const uint16_t w[NMEMB] = { 1, 1, 2, 4 };

	group(4, w);
	spread(0, XR_MP_L3, 4, w);
	spread(1, XR_MP_L3, 4, w);
}

/* L3 ignores the ports: every port of one pair of addresses takes one
 * member; L4 spreads them over all. */
static void ports_matter(int v6, uint8_t policy)
{
	unsigned int seen = 0, i;
	struct flow f = flow_n(v6, 3);
	int m;

	for (i = 0; i < 256; i++) {
		f.sport = (uint16_t)(20000 + i * 7);
		f.dport = (uint16_t)(80 + i % 3);
		m = run_xdp(&f);
		cr_assert_eq(m, ref_member(&f, policy));
		seen |= 1u << m;
	}
	cr_assert_eq(__builtin_popcount(seen), policy == XR_MP_L4 ? 4 : 1,
		     "v6 %d policy %u: members seen %x", v6, policy, seen);
}

Test(ecmp, l3_ignores_ports_l4_uses_them)
{
	group(4, W1);
	ports_matter(0, XR_MP_L3);
	ports_matter(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	ports_matter(0, XR_MP_L4);
	ports_matter(1, XR_MP_L4);
}

/* The fragments of a datagram (first, middle, last) take one member:
 * under L3 the flow's own (that of its unfragmented datagrams), under L4
 * the L3 one, since the later fragments have no ports. */
static void fragments(int v6, uint8_t policy)
{
	const int frags[3] = { 1 + (0 << 1 | 1), 1 + (185 << 1 | 1), 1 + (370 << 1) };
	struct flow f, whole;
	unsigned int i, k;
	int m;

	for (i = 0; i < 200; i++) {
		whole = flow_n(v6, i);
		whole.sport = (uint16_t)(1000 + i);
		m = ref_member(&whole, XR_MP_L3);
		if (policy == XR_MP_L3)
			cr_assert_eq(run_both(&whole), m);
		for (k = 0; k < 3; k++) {
			f = whole;
			f.frag = frags[k];
			cr_assert_eq(run_both(&f), m, "v6 %d policy %u flow %u fragment %u",
				     v6, policy, i, k);
		}
	}
}

Test(ecmp, fragments_follow_the_flow_l3)
{
	group(4, W1);
	fragments(0, XR_MP_L3);
	fragments(1, XR_MP_L3);
}

Test(ecmp, fragments_stay_together_l4)
{
	group(4, W1);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	fragments(0, XR_MP_L4);
	fragments(1, XR_MP_L4);
}

/* ------------------------------------------------- ICMP errors */

/* The datagram an error quotes: from A (198.18.101.x, 3ffe::x), the
 * group's second prefix, to B in its first; so that both the datagram
 * and the error to A are routed by the group. */
static struct flow quoted_flow(int v6, uint32_t i)
{
	struct flow f = flow_n(v6, i);

	memcpy(f.s, f.d, 16);
	if (v6)
		f.s[1] = 0xfe;
	else
		f.s[2] = 101;
	f.sport = (uint16_t)(3000 + i * 17);
	f.dport = (uint16_t)(53 + i % 4);
	return f;
}

/* An ICMP or ICMPv6 message of type from a router on in0's side to the
 * quoted datagram's source, quoting its network header and 8 bytes. */
static size_t build_icmp(uint8_t *fr, const struct flow *q, uint8_t type)
{
	static uint8_t qf[2048];
	struct flow outer = { .v6 = q->v6, .proto = q->v6 ? 58 : 1 };
	size_t hl = q->v6 ? 40 : 20;
	uint8_t *l4;

	build(qf, q);
	pkt_addr6("2001:db8:1::50", outer.s);
	if (!q->v6)
		*(uint32_t *)outer.s = pkt_addr("192.0.2.50");
	memcpy(outer.d, q->s, 16);
	build(fr, &outer);
	l4 = fr + 14 + hl;
	memset(l4, 0, 8);
	l4[0] = type;
	memcpy(l4 + 8, qf + 14, hl + 8);
	if (q->v6) {
		put16(fr + IP6_OFF_PLEN, (uint16_t)(8 + hl + 8));
		return 14 + 40 + 8 + hl + 8;
	}
	put16(fr + IP_OFF + 2, (uint16_t)(20 + 8 + hl + 8));
	put16(l4 + 2, pkt_csum(l4, 8 + hl + 8));
	ip_csum_fix(fr);
	return 14 + 20 + 8 + hl + 8;
}

/* Runs a frame already built through both entries; the member. */
static int run_frame_both(size_t il, int v6)
{
	size_t ol = sizeof(out), ot = sizeof(out_tc);

	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out_tc, &ot), XDP_REDIRECT);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	cr_assert(ot == ol && !memcmp(out, out_tc, ol), "tc and XDP differ");
	return check_forwarded(in, il, out, ol, v6);
}

/* An error (IPv4: destination unreachable, time exceeded, parameter
 * problem; IPv6: destination unreachable, packet too big, time
 * exceeded) takes the member of the datagram it quotes; an echo
 * request is hashed on its own addresses. */
static void icmp_errors(int v6, uint8_t policy)
{
	const uint8_t err4[3] = { 3, 11, 12 }, err6[3] = { 1, 2, 3 };
	struct flow q, echo = { .v6 = v6, .proto = v6 ? 58 : 1 };
	unsigned int i;
	int m;

	for (i = 0; i < 150; i++) {
		q = quoted_flow(v6, i);
		m = run_both(&q);
		cr_assert_eq(m, ref_member(&q, policy));
		cr_assert_eq(run_frame_both(build_icmp(in, &q, v6 ? err6[i % 3] :
						       err4[i % 3]), v6), m,
			     "v6 %d policy %u: error %u left its flow", v6, policy, i);
		cr_assert_eq(probe(&q).mp_hash, ref_hash(&q, policy));
		memcpy(echo.d, q.s, 16);
		if (v6)
			pkt_addr6("2001:db8:1::50", echo.s);
		else
			*(uint32_t *)echo.s = pkt_addr("192.0.2.50");
		cr_assert_eq(run_frame_both(build_icmp(in, &q, v6 ? 128 : 8), v6),
			     ref_member(&echo, policy), "echo %u", i);
	}
}

Test(ecmp, icmp_errors_follow_the_flow_they_quote)
{
	group(4, W1);
	icmp_errors(0, XR_MP_L3);
	icmp_errors(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	icmp_errors(0, XR_MP_L4);
	icmp_errors(1, XR_MP_L4);
}

/* ------------------------------------------------- failures */

#define NFLOWS 2000

/* The member of flow i of each family (by source port under L4). */
static void members_now(int v6, int *m)
{
	struct flow f;
	int i;

	for (i = 0; i < NFLOWS; i++) {
		f = flow_n(v6, (uint32_t)i);
		m[i] = run_xdp(&f);
		cr_assert_eq(m[i], ref_member(&f, XR_MP_L3), "flow %d", i);
	}
}

/* After member k became unusable, only its flows moved (to others). */
static void only_moved(const int *before, const int *after, int k)
{
	int i, moved = 0;

	for (i = 0; i < NFLOWS; i++) {
		cr_assert_neq(after[i], k, "flow %d still on member %d", i, k);
		if (before[i] != k)
			cr_assert_eq(after[i], before[i], "flow %d moved from %d to %d",
				     i, before[i], after[i]);
		moved += before[i] == k;
	}
	cr_assert_gt(moved, NFLOWS / 8, "member %d had %d flows", k, moved);
}

/* Member k out (by cmd_out, the library told), then back (cmd_back). */
static void out_and_back(int k, void (*out_fn)(int), void (*back_fn)(int))
{
	static int before[2][NFLOWS], after[NFLOWS];
	int v6;

	for (v6 = 0; v6 < 2; v6++)
		members_now(v6, before[v6]);
	out_fn(k);
	for (v6 = 0; v6 < 2; v6++) {
		group_read(v6);
		members_now(v6, after);
		only_moved(before[v6], after, k);
	}
	back_fn(k);
	for (v6 = 0; v6 < 2; v6++) {
		group_read(v6);
		members_now(v6, after);
		cr_assert(!memcmp(before[v6], after, sizeof(after)),
			  "v6 %d: not every flow came back", v6);
	}
}

static void link_set(int k, const char *state)
{
	te_sh("ip link set mp%d %s", k, state);
	cr_assert_eq(xr_iface_sync(&T.m, if_mp[k], XR_MODE_NATIVE), 0);
}

static void link_down(int k) { link_set(k, "down"); }
static void link_up(int k) { link_set(k, "up"); }

Test(ecmp, a_link_down_moves_only_its_flows)
{
	group(4, W1);
	out_and_back(1, link_down, link_up);
}

static void neigh_state(int k, uint16_t state)
{
	char gw[64];
	uint8_t mac[6];

	member_mac(k, mac, 1);
	snprintf(gw, sizeof(gw), "10.14.%d.2", k);
	te_neigh(&T, if_mp[k], gw, mac, state);
	snprintf(gw, sizeof(gw), "2001:db8:14:%d::2", k);
	te_neigh6(&T, if_mp[k], gw, mac, state);
}

static void neigh_failed(int k) { neigh_state(k, XR_NUD_FAILED); }
static void neigh_back(int k) { neigh_state(k, XR_NUD_REACHABLE); }

Test(ecmp, a_failed_neighbour_moves_only_its_flows)
{
	const uint16_t w[NMEMB] = { 1, 1, 2, 4 };

	group(4, w);
	out_and_back(3, neigh_failed, neigh_back);
}

/* ------------------------------------------------- exceptions */

/* A member whose gateway is not resolved yet keeps its flows; they are
 * NoNeigh exceptions whose metadata names the member's next hop, which
 * the slow path resolves. */
Test(ecmp, an_unresolved_member_punts_with_its_own_id)
{
	struct xr_xsk_port p = { .base = 3, .queues = 1 };
	struct xr_punt_meta m;
	uint32_t ml, i;
	size_t il, ol;
	struct flow f;
	int seen = 0;

	cr_assert_eq(bpf_map_update_elem(T.m.xsk_ports, &T.if_in, &p, BPF_ANY), 0);
	group(4, W1);
	neigh_state(2, XR_NUD_INCOMPLETE);
	group_read(0);
	for (i = 0; i < 200; i++) {
		f = flow_n(0, i);
		if (ref_member(&f, XR_MP_L3) != 2) {
			cr_assert_neq(run_xdp(&f), -1);
			continue;
		}
		il = build(in, &f);
		ol = sizeof(out);
		cr_assert_eq(te_run_meta(&T, T.if_in, in, il, out, &ol, &ml), XDP_PASS);
		cr_assert_eq(ml, sizeof(m));
		memcpy(&m, out, sizeof(m));
		cr_assert_eq(m.reason, XR_REASON_NoNeigh);
		cr_assert_eq(m.nh_id, nh4[2]);
		cr_assert_eq(m.out_ifindex, if_mp[2]);
		cr_assert_eq(m.nexthop, pkt_addr("10.14.2.2"));
		cr_assert_eq(m.rt_type, XR_RTN_UNICAST);
		cr_assert_eq(m.plen, 24);
		seen++;
	}
	cr_assert_gt(seen, 20);
}

/* A FIB entry naming a free slot is no route. */
Test(ecmp, a_free_slot_is_no_route)
{
	struct flow f = flow_n(0, 1);
	struct xr_nhg g;
	size_t il, ol = sizeof(out);
	uint64_t nr;

	group(2, W1);
	g = G[0];
	g.nmemb = 0;
	cr_assert_eq(bpf_map_update_elem(T.m.fib4_nhg, &gid[0], &g, BPF_ANY), 0);
	nr = te_counter(&T, CNT_MIB(InNoRoutes));
	il = build(in, &f);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(te_counter(&T, CNT_MIB(InNoRoutes)), nr + 1);
	cr_assert_eq(te_counter(&T, CNT_REASON(NoRoute)), 1);
}
