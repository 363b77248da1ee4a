// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 fast path, run for real with BPF_PROG_TEST_RUN: one case per
 * check of ip6_rcv_core, ip6_route_input and ip6_forward and per
 * exception. Built twice, as test_fastpath6 through the XDP entry and
 * with -DXR_TEST_TC as test_fastpath6_tc through the tc entry (te_run).
 * Every case asserts the verdict, the counter that moved (by name) and,
 * for forwarded frames, the output bytes (hop limit - 1, MACs, every
 * other byte as it came, the padding cut exactly).
 */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "lib/iface.h"
#include "xdp_router/abi.h"
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"
#include "expect.h"

static struct xr_testenv T;

static void setup(void) { te_setup6(&T); }
static void teardown(void) { te_teardown(&T); }

TestSuite(fastpath6, .init = setup, .fini = teardown);

static uint8_t in[4096], out[4096];

static int run_spec(const struct pkt6_spec *s, size_t *in_len, size_t *out_len)
{
	*in_len = pkt6_build(in, s);
	*out_len = sizeof(out);
	return te_run(&T, T.if_in, in, *in_len, out, out_len);
}

/* Runs s, expects act and the counter idx to move by exactly one
 * (expect_run). */
static void expect(const struct pkt6_spec *s, int act, uint32_t idx)
{
	size_t il = pkt6_build(in, s);

	expect_run(&T, in, il, act, idx);
}

/* s is forwarded to dmac, bytes checked. */
static void forwarded(const struct pkt6_spec *s, const uint8_t dmac[6])
{
	size_t il, ol;
	int r = run_spec(s, &il, &ol);

	cr_assert_eq(r, XDP_REDIRECT, "verdict %d (dst %s)", r, s->daddr);
	expect_forwarded6(in, out, ol, dmac);
}

/* Exceptions of every reason counted since the start. */
static uint64_t exceptions(void)
{
	uint64_t n = 0;
	int r;

	for (r = 1; r < XR_REASON_MAX; r++)   /* HopByHop is V1_MAX's value */
		n += te_counter(&T, XR_CNT_REASON(r));
	return n;
}

/* ------------------------------------------------------ forwarding */

Test(fastpath6, forwards_and_rewrites)
{
	struct pkt6_spec s = te_spec6();
	struct xr_if_stats st;
	size_t il, ol;

	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InOctets)), il - 14);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutForwDatagrams)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutOctets)), il - 14);
	cr_assert_eq(te_counter(&T, CNT_MIB(InReceives)), 0, "not IPv4's");
	cr_assert_eq(te_counter(&T, CNT_MIB(ForwDatagrams)), 0);
	cr_assert_eq(xr_if_stats_read(&T.m, T.if_out, &st), 0);
	cr_assert_eq(st.tx_packets, 1);
	cr_assert_eq(st.tx_bytes, ol);
	cr_assert_eq(xr_if_stats_read(&T.m, T.if_in, &st), 0);
	cr_assert_eq(st.rx_packets, 1);
	cr_assert_eq(st.rx_bytes, il);
}

Test(fastpath6, traffic_class_and_flow_label_kept)
{
	struct pkt6_spec s = te_spec6();

	s.tclass = 0xb9;               /* DSCP 46, ECN 01 */
	s.flow = 0xabcde;
	forwarded(&s, TE_MAC_NH);      /* every byte but hop limit and MACs */
	cr_assert_eq(out[14], 0x6b);
	cr_assert_eq(out[15], 0x9a);
}

Test(fastpath6, icmpv6_forwarded_untouched)
{
	struct pkt6_spec s = te_spec6();

	s.proto = 58;
	forwarded(&s, TE_MAC_NH);
	cr_assert_eq(pkt_csum(out + IP6_OFF_L4, 32), pkt_csum(in + IP6_OFF_L4, 32));
}

Test(fastpath6, connected_destination_uses_its_neighbour)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = "2001:db8:2::2";
	forwarded(&s, TE_MAC_NH);
}

Test(fastpath6, hop_limit_2_is_forwarded_with_1)
{
	struct pkt6_spec s = te_spec6();

	s.hop_limit = 2;
	forwarded(&s, TE_MAC_NH);
	cr_assert_eq(out[IP6_OFF_HLIM], 1);
	s.hop_limit = 255;
	forwarded(&s, TE_MAC_NH);
	cr_assert_eq(out[IP6_OFF_HLIM], 254);
}

/* ---------------------------------------------------- ip6_rcv_core */

#ifndef XR_TEST_TC   /* BPF_PROG_TEST_RUN builds no sk_buff this short */
Test(fastpath6, too_short_for_the_header)
{
	struct pkt6_spec s = te_spec6();
	size_t il = pkt6_build(in, &s), ol = sizeof(out);

	il = 14 + 39;
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InHdrErrors)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), 1);
}
#endif

Test(fastpath6, version_not_6)
{
	struct pkt6_spec s = te_spec6();

	s.version = 4;
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InHdrErrors));
	s.version = 7;
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InHdrErrors));
}

Test(fastpath6, payload_length_beyond_frame_is_truncated)
{
	struct pkt6_spec s = te_spec6();

	s.plen_delta = 1;
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InTruncatedPkts));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InHdrErrors)), 0,
		     "ip6_rcv_core counts a truncated packet once");
}

Test(fastpath6, padding_is_trimmed_exactly)
{
	struct pkt6_spec s = te_spec6();
	size_t il, ol;

	s.payload_len = 8;
	s.padding = 12;
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	cr_assert_eq(il, 14 + 40 + 8 + 12);
	expect_forwarded6(in, out, ol, TE_MAC_NH);   /* ol == 14 + 40 + 8 */
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutOctets)), 48);
	s.padding = 0;                 /* a shorter payload length than */
	s.payload_len = 64;            /* the frame holds: cut to it */
	s.plen_delta = -20;
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	cr_assert_eq(ol, il - 20);
}

static void hdr_error_src(const char *src)
{
	struct pkt6_spec s = te_spec6();

	s.saddr = src;
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InHdrErrors));
}

static void hdr_error_dst(const char *dst)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = dst;
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InHdrErrors));
}

/* RFC 4291 2.5.3 and 2.7, as ip6_rcv_core drops them (Ip6InHdrErrors,
 * not Ip6InAddrErrors), even with a default route */
Test(fastpath6, loopback_and_multicast_sources_are_dropped)
{
	te_route6(&T, "::/0", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	hdr_error_src("::1");
	hdr_error_dst("::1");
	hdr_error_src("ff02::1");
	hdr_error_src("ff0e::1234");
	hdr_error_dst("ff01::1");      /* interface-local scope */
	hdr_error_dst("ff00::1");      /* reserved scope 0 */
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InAddrErrors)), 0);
}

/* The kernel's ip6_rcv_core no longer drops v4-mapped sources (the
 * check went to tcp_v6_conn_request): routed like any other. */
Test(fastpath6, v4_mapped_addresses_are_routed)
{
	struct pkt6_spec s = te_spec6();

	s.saddr = "::ffff:192.0.2.2";
	forwarded(&s, TE_MAC_NH);
}

/* --------------------------------------------- ip6_route_input */

Test(fastpath6, multicast_destinations_go_to_the_kernel)
{
	struct pkt6_spec s = te_spec6();

	te_route6(&T, "::/0", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	s.daddr = "ff02::1";
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InMcastPkts));
	s.daddr = "ff0e::1:2";
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InMcastPkts));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutForwDatagrams)), 0);
}

Test(fastpath6, local_addresses_are_delivered)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = "2001:db8:1::1";
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InDelivers));
	s.daddr = "2001:db8:2::1";     /* ours on another link */
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InDelivers));
	s.daddr = "fe80::a0";          /* link-local */
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InDelivers));
	s.daddr = "fe80::b0";
	s.hop_limit = 1;               /* local: the hop limit does not matter */
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InDelivers));
	cr_assert_eq(exceptions(), 0);
}

Test(fastpath6, local_addresses_win_over_any_route)
{
	struct pkt6_spec s = te_spec6();

	/* routes longer and shorter than the connected /64 around
	 * 2001:db8:1::1, as the kernel's local table comes before main */
	te_route6(&T, "2001:db8:1::/120", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	te_route6(&T, "2001:db8::/32", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	s.daddr = "2001:db8:1::1";
	expect(&s, XDP_PASS, CNT_MIB6(Ip6InDelivers));
	s.daddr = "2001:db8:1::7";     /* the /120 takes its neighbours */
	forwarded(&s, TE_MAC_NH);
}

/* Not ours: the ingress link's own business (the kernel's route on
 * that link), never forwarded here, whatever the routes say. */
Test(fastpath6, link_local_destinations_go_to_the_kernel)
{
	struct pkt6_spec s = te_spec6();
	uint64_t rx = te_counter(&T, CNT_MIB6(Ip6InReceives));
	size_t il, ol;

	te_route6(&T, "::/0", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	s.daddr = "fe80::1234";
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_PASS);
	cr_assert_eq(ol, il);
	cr_assert(!memcmp(in, out, il));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), rx + 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutForwDatagrams)), 0);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InDelivers)), 0);
	cr_assert_eq(exceptions(), 0);
}

static const uint8_t NH16[6] = { 0x02, 0, 0, 0, 0x16, 0x16 };
static const uint8_t NH32[6] = { 0x02, 0, 0, 0, 0x32, 0x32 };
static const uint8_t NH48[6] = { 0x02, 0, 0, 0, 0x48, 0x48 };
static const uint8_t NH64[6] = { 0x02, 0, 0, 0, 0x64, 0x64 };
static const uint8_t NH128[6] = { 0x02, 0, 0, 0, 0x12, 0x80 };

static void goes_to(const char *dst, const uint8_t mac[6])
{
	struct pkt6_spec s = te_spec6();

	s.daddr = dst;
	forwarded(&s, mac);
}

Test(fastpath6, lpm_picks_the_longest_prefix)
{
	struct xr_in6 host;

	te_neigh6(&T, T.if_out, "2001:db8:2::16", NH16, XR_NUD_PERMANENT);
	te_neigh6(&T, T.if_out, "2001:db8:2::32", NH32, XR_NUD_PERMANENT);
	te_neigh6(&T, T.if_out, "2001:db8:2::48", NH48, XR_NUD_PERMANENT);
	te_neigh6(&T, T.if_out, "fe80::64", NH64, XR_NUD_PERMANENT);
	te_neigh6(&T, T.if_out, "2001:db8:2::128", NH128, XR_NUD_PERMANENT);
	te_route6(&T, "::/0", XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	te_route6(&T, "2a00::/16", XR_RTN_UNICAST, "2001:db8:2::16", T.if_out);
	te_route6(&T, "2a00:1::/32", XR_RTN_UNICAST, "2001:db8:2::32", T.if_out);
	te_route6(&T, "2a00:1:2::/48", XR_RTN_UNICAST, "2001:db8:2::48", T.if_out);
	te_route6(&T, "2a00:1:2:3::/64", XR_RTN_UNICAST, "fe80::64", T.if_out);
	te_route6(&T, "2a00:1:2:3::9/128", XR_RTN_UNICAST, "2001:db8:2::128",
		  T.if_out);
	goes_to("2a00:1:2:3::9", NH128);
	goes_to("2a00:1:2:3::8", NH64);       /* via a link-local gateway */
	goes_to("2a00:1:2:4::9", NH48);
	goes_to("2a00:1:3::9", NH32);
	goes_to("2a00:2::9", NH16);
	goes_to("2a01::9", TE_MAC_NH);        /* ::/0 */
	cr_assert_eq(pkt_addr6("2a00:1:2:3::9", &host), 0);
	cr_assert_eq(xr_route6_delete(&T.m, &host, 128), 0);
	goes_to("2a00:1:2:3::9", NH64);
}

Test(fastpath6, no_route)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = "2001:db8:99::1";
	expect(&s, XDP_PASS, CNT_REASON(NoRoute));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InNoRoutes)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB(InNoRoutes)), 0, "not IPv4's");
}

/* ip6_pkt_drop: the unspecified destination counts Ip6InAddrErrors */
Test(fastpath6, unspecified_destination_without_route)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = "::";
	expect(&s, XDP_PASS, CNT_REASON(NoRoute));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InAddrErrors)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InNoRoutes)), 0);
}

Test(fastpath6, blackhole_drops)
{
	struct pkt6_spec s = te_spec6();

	te_route6(&T, "2001:db8:3:0:8000::/65", XR_RTN_BLACKHOLE, NULL, 0);
	s.daddr = "2001:db8:3:0:8000::1";
	expect(&s, XDP_DROP, CNT_OTHER(BlackholeDrops));
	s.daddr = "2001:db8:3::9";     /* the /64 still forwards */
	forwarded(&s, TE_MAC_NH);
}

/* ip6_pkt_discard and ip6_pkt_prohibit both count Ip6InNoRoutes */
Test(fastpath6, unreachable_and_prohibit_are_exceptions)
{
	struct pkt6_spec s = te_spec6();

	te_route6(&T, "2001:db8:3::/64", XR_RTN_UNREACHABLE, NULL, 0);
	expect(&s, XDP_PASS, CNT_REASON(Unreachable));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InNoRoutes)), 1);
	te_route6(&T, "2001:db8:3::/64", XR_RTN_PROHIBIT, NULL, 0);
	expect(&s, XDP_PASS, CNT_REASON(Prohibit));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InNoRoutes)), 2);
}

/* ------------------------------------------- extension headers */

/* Hop-by-Hop header: next header UDP, length 0 (8 bytes), then 6
 * bytes of options as given. */
static void hbh(struct pkt6_spec *s, uint8_t *h, const uint8_t opts[6])
{
	h[0] = 17;
	h[1] = 0;
	memcpy(h + 2, opts, 6);
	s->nexthdr = 0;
	s->ext = h;
	s->ext_len = 8;
}

Test(fastpath6, hop_by_hop_padding_only_is_forwarded)
{
	static const uint8_t padn4[6] = { 1, 4, 0, 0, 0, 0 };
	static const uint8_t pad1s[6] = { 0, 0, 0, 0, 0, 0 };
	static const uint8_t mixed[6] = { 0, 1, 3, 0, 0, 0 };
	static const uint8_t then1[6] = { 1, 3, 0, 0, 0, 0 };    /* PadN, Pad1 */
	static const uint8_t two[6] = { 1, 0, 1, 2, 0, 0 };
	const uint8_t *ok[] = { padn4, pad1s, mixed, two, then1 };
	struct pkt6_spec s = te_spec6();
	uint8_t h[8];
	size_t i;

	for (i = 0; i < 5; i++) {
		hbh(&s, h, ok[i]);
		forwarded(&s, TE_MAC_NH);   /* the header kept as it came */
		cr_assert_eq(out[IP6_OFF_NH], 0);
	}
	cr_assert_eq(te_counter(&T, CNT_REASON(HopByHop)), 0);
}

Test(fastpath6, hop_by_hop_options_go_to_the_slow_path)
{
	static const uint8_t alert[6] = { 5, 2, 0, 0, 1, 0 };   /* RA + PadN */
	static const uint8_t nonzero[6] = { 1, 4, 0, 0, 7, 0 };
	static const uint8_t unknown[6] = { 0x3e, 4, 1, 2, 3, 4 };
	static const uint8_t overrun[6] = { 1, 5, 0, 0, 0, 0 }; /* 7 of 6 */
	const uint8_t *punt[] = { alert, nonzero, unknown, overrun };
	struct pkt6_spec s = te_spec6();
	uint8_t h[16] = { 17, 1, 1, 12 };   /* 16 bytes of padding: too much */
	size_t i;

	for (i = 0; i < 4; i++) {
		hbh(&s, h, punt[i]);
		expect(&s, XDP_PASS, CNT_REASON(HopByHop));
	}
	s.ext_len = 16;
	memset(h + 4, 0, 12);
	h[0] = 17; h[1] = 1; h[2] = 1; h[3] = 12;
	expect(&s, XDP_PASS, CNT_REASON(HopByHop));
	/* before the route: a Hop-by-Hop header with no route is the
	 * slow path's Hop-by-Hop processing first, as in ip6_rcv_core */
	hbh(&s, h, alert);
	s.daddr = "2001:db8:99::1";
	expect(&s, XDP_PASS, CNT_REASON(HopByHop));
	cr_assert_eq(te_counter(&T, CNT_REASON(NoRoute)), 0);
}

/* A payload length of 0 with a Hop-by-Hop header: a jumbogram, not
 * measured by ip6_rcv_core, processed by the slow path. */
Test(fastpath6, jumbogram_goes_to_the_slow_path)
{
	static const uint8_t padn4[6] = { 1, 4, 0, 0, 0, 0 };
	struct pkt6_spec s = te_spec6();
	uint8_t h[8];

	hbh(&s, h, padn4);
	s.plen_delta = -40;            /* 8 + 32 - 40 = 0 */
	expect(&s, XDP_PASS, CNT_REASON(HopByHop));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InTruncatedPkts)), 0);
}

Test(fastpath6, other_extension_headers_are_forwarded_untouched)
{
	/* Destination options (PadN), Routing (type 4, segments left 0),
	 * Fragment (offset 8, M) and all three chained */
	static const uint8_t dst[8] = { 17, 0, 1, 4, 0, 0, 0, 0 };
	static const uint8_t rt[24] = { 17, 2, 4, 0, 0, 0, 0, 0,
					0x20, 0x01, 0x0d, 0xb8, 0, 3, 0, 0,
					0, 0, 0, 0, 0, 0, 0, 9 };
	static const uint8_t frag[8] = { 17, 0, 0, 9, 0xca, 0xfe, 0, 1 };
	static const uint8_t chain[16] = { 43, 0, 1, 4, 0, 0, 0, 0,
					   44, 0, 4, 0, 0, 0, 0, 0 };
	uint8_t c[40];
	struct pkt6_spec s = te_spec6();

	s.ext = dst; s.ext_len = 8; s.nexthdr = 60;
	forwarded(&s, TE_MAC_NH);
	s.ext = rt; s.ext_len = 24; s.nexthdr = 43;
	forwarded(&s, TE_MAC_NH);
	s.ext = frag; s.ext_len = 8; s.nexthdr = 44;
	forwarded(&s, TE_MAC_NH);
	memcpy(c, chain, 16);          /* dest -> routing -> fragment */
	c[16] = 44; c[17] = 0; c[18] = 4; c[19] = 0; memset(c + 20, 0, 4);
	memcpy(c + 24, frag, 8);
	s.ext = c; s.ext_len = 32; s.nexthdr = 60;
	c[8] = 43; c[9] = 0; c[10] = 4; c[11] = 0;   /* routing: 8 bytes */
	c[16] = 44;
	forwarded(&s, TE_MAC_NH);
	cr_assert_eq(exceptions(), 0);
}

/* ---------------------------------------------------- ip6_forward */

Test(fastpath6, hop_limit_1_is_an_exception)
{
	struct pkt6_spec s = te_spec6();

	s.hop_limit = 1;
	expect(&s, XDP_PASS, CNT_REASON(TtlExceeded));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InHdrErrors)), 1);
	s.hop_limit = 0;
	s.hl_zero = 1;
	expect(&s, XDP_PASS, CNT_REASON(TtlExceeded));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InHdrErrors)), 2);
}

/* "This check is security critical": a link-local source never leaves
 * its link (ICMPv6 1/2 from the slow path), the unspecified one is
 * dropped; both Ip6InAddrErrors. */
Test(fastpath6, link_local_source_beyond_its_link)
{
	struct pkt6_spec s = te_spec6();

	s.saddr = "fe80::a2";
	expect(&s, XDP_PASS, CNT_REASON(BeyondScope));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InAddrErrors)), 1);
	s.saddr = "::";
	expect(&s, XDP_DROP, CNT_MIB6(Ip6InAddrErrors));
	cr_assert_eq(te_counter(&T, CNT_OTHER(MartianSource)), 1);
}

Test(fastpath6, over_mtu_is_packet_too_big)
{
	struct pkt6_spec s = te_spec6();
	size_t il, ol;

	te_sh("ip link set out0 mtu 1400");
	cr_assert_eq(xr_iface_sync(&T.m, T.if_out, XR_MODE_NATIVE), 0);
	s.payload_len = 1400 - 40;     /* exactly the MTU: forwarded */
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	s.payload_len++;               /* one byte over */
	expect(&s, XDP_PASS, CNT_REASON(PacketTooBig));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InTooBigErrors)), 1);
}

#ifdef XR_TEST_TC
/* skb_gso_network_seglen: a TCP GSO packet over the MTU whose segments
 * (40 + 20 + gso_size) fit is forwarded; one whose segments do not is
 * PacketTooBig (to the kernel: the daemon takes no GSO packet). */
Test(fastpath6, gso_tcp_is_measured_by_its_segments)
{
	struct pkt6_spec s = te_spec6();
	uint64_t ptb;
	size_t il, ol = sizeof(out);

	te_sh("ip link set out0 mtu 1400");
	cr_assert_eq(xr_iface_sync(&T.m, T.if_out, XR_MODE_NATIVE), 0);
	s.proto = 6;                   /* its data offset byte: 0x55, 20 */
	s.payload_len = 2000;
	il = pkt6_build(in, &s);
	cr_assert_eq(in[IP6_OFF_L4 + 12] >> 4, 5);
	cr_assert_eq(te_run_tc_gso(&T, T.if_in, 1340, in, il, out, &ol),
		     XDP_REDIRECT, "segments of 40 + 20 + 1340 = 1400");
	expect_forwarded6(in, out, ol, TE_MAC_NH);
	ptb = te_counter(&T, CNT_REASON(PacketTooBig));
	ol = sizeof(out);
	cr_assert_eq(te_run_tc_gso(&T, T.if_in, 1341, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(te_counter(&T, CNT_REASON(PacketTooBig)), ptb + 1);
	s.proto = 17;                  /* not TCP: measured whole */
	il = pkt6_build(in, &s);
	ol = sizeof(out);
	cr_assert_eq(te_run_tc_gso(&T, T.if_in, 1000, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(te_counter(&T, CNT_REASON(PacketTooBig)), ptb + 2);
}
#endif

/* ip6_forward never takes an MTU under IPV6_MIN_MTU */
Test(fastpath6, mtu_below_1280_counts_as_1280)
{
	struct pkt6_spec s = te_spec6();
	size_t il, ol;

	te_sh("ip link set out0 mtu 1000");
	cr_assert_eq(xr_iface_sync(&T.m, T.if_out, XR_MODE_NATIVE), 0);
	s.payload_len = 1280 - 40;
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	s.payload_len++;
	expect(&s, XDP_PASS, CNT_REASON(PacketTooBig));
}

Test(fastpath6, missing_neighbour_is_an_exception)
{
	struct pkt6_spec s = te_spec6();
	struct xr_in6 gw;

	s.daddr = "2001:db8:2::77";    /* connected, no neighbour */
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	cr_assert_eq(pkt_addr6("2001:db8:2::2", &gw), 0);
	cr_assert_eq(xr_neigh6_delete(&T.m, T.if_out, &gw), 0);
	s.daddr = "2001:db8:3::9";     /* via the gateway, now unresolved */
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
}

Test(fastpath6, unresolved_neighbour_states_are_not_used)
{
	struct pkt6_spec s = te_spec6();

	te_neigh6(&T, T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_INCOMPLETE);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	te_neigh6(&T, T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_FAILED);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	te_neigh6(&T, T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_STALE);
	forwarded(&s, TE_MAC_NH);
	s.daddr = "2001:db8:2::5";
	te_neigh6(&T, T.if_out, "2001:db8:2::5", NH16, XR_NUD_INCOMPLETE);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	te_neigh6(&T, T.if_out, "2001:db8:2::5", NH16, XR_NUD_DELAY);
	forwarded(&s, NH16);
}

Test(fastpath6, neighbour_change_reaches_the_cached_rewrite)
{
	static const uint8_t MAC2[6] = { 0x02, 0, 0, 0, 0x77, 0x77 };
	struct pkt6_spec s = te_spec6();

	te_neigh6(&T, T.if_out, "2001:db8:2::2", MAC2, XR_NUD_REACHABLE);
	forwarded(&s, MAC2);
	te_neigh6(&T, T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_PERMANENT);
	forwarded(&s, TE_MAC_NH);
}

Test(fastpath6, egress_not_attached_is_an_exception)
{
	struct pkt6_spec s = te_spec6();

	te_route6(&T, "2001:db8:3::/64", XR_RTN_UNICAST, NULL, T.if_far);
	expect(&s, XDP_PASS, CNT_REASON(TxNotAttached));
	xr_iface_forget(&T.m, T.if_out);
	s.daddr = "2001:db8:2::2";
	expect(&s, XDP_PASS, CNT_REASON(TxNotAttached));
}

Test(fastpath6, egress_missing_from_devmap_is_counted_and_dropped)
{
	struct pkt6_spec s = te_spec6();
	uint32_t k = T.if_out;
	size_t il, ol;

	cr_assert_eq(bpf_map_delete_elem(T.m.tx_ports, &k), 0);
	if (TE_HOOK_TC) {       /* tc sends by ifindex: no devmap to miss */
		cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
		cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutDiscards)), 0);
		return;
	}
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6OutDiscards)), 1);
	cr_assert_eq(te_counter(&T, CNT_MIB(OutDiscards)), 0, "not IPv4's");
	cr_assert_eq(te_counter(&T, CNT_OTHER(RedirectErrors)), 1);
}

/* --------------------------------------------------- redirects */

/* 2001:db8:5::/64 back out of in0, the link the packets come in on */
static const uint8_t GW_LL[6] = { 0x02, 0, 0, 0, 0xa3, 0xa3 };

static void hairpin(const char *gw)
{
	te_neigh6(&T, T.if_in, "fe80::a3", GW_LL, XR_NUD_PERMANENT);
	te_neigh6(&T, T.if_in, "2001:db8:1::3", GW_LL, XR_NUD_PERMANENT);
	te_route6(&T, "2001:db8:5::/64", XR_RTN_UNICAST, gw, T.if_in);
}

/* In hairpin, forwarded back out of in0 to the gateway's MAC. */
static void hairpinned(const struct pkt6_spec *s, const uint8_t dmac[6])
{
	size_t il, ol;

	cr_assert_eq(run_spec(s, &il, &ol), XDP_REDIRECT, "src %s dst %s",
		     s->saddr, s->daddr);
	cr_assert_eq(ol, il);
	cr_assert(!memcmp(out, dmac, 6));
	cr_assert(!memcmp(out + 6, TE_MAC_IN, 6), "from in0's MAC");
	cr_assert_eq(out[IP6_OFF_HLIM], in[IP6_OFF_HLIM] - 1);
	cr_assert(!memcmp(out + 12, in + 12, IP6_OFF_HLIM - 12));
	cr_assert(!memcmp(out + IP6_OFF_HLIM + 1, in + IP6_OFF_HLIM + 1,
			  il - IP6_OFF_HLIM - 1));
}

Test(fastpath6, redirect_to_a_link_local_gateway_on_the_senders_link)
{
	struct pkt6_spec s = te_spec6();

	hairpin("fe80::a3");
	s.daddr = "2001:db8:5::9";
	expect(&s, XDP_PASS, CNT_REASON(Redirect));   /* on-link source */
	s.saddr = "fe80::a2";                           /* link-local source */
	expect(&s, XDP_PASS, CNT_REASON(Redirect));
	cr_assert_eq(te_counter(&T, CNT_REASON(BeyondScope)), 0,
		     "a link-local source on its own link");
}

Test(fastpath6, redirect_to_a_destination_on_the_senders_link)
{
	struct pkt6_spec s = te_spec6();

	s.daddr = "2001:db8:1::7";     /* connected on in0: target = dst */
	expect(&s, XDP_PASS, CNT_REASON(Redirect));
}

/* ndisc_send_redirect: "target address is not link-local unicast" */
Test(fastpath6, no_redirect_to_a_global_gateway)
{
	struct pkt6_spec s = te_spec6();

	hairpin("2001:db8:1::3");
	s.daddr = "2001:db8:5::9";
	hairpinned(&s, GW_LL);
	cr_assert_eq(exceptions(), 0);
}

/* the sender is not on the link (its route is via a gateway): it could
 * not reach the target itself */
Test(fastpath6, no_redirect_for_an_off_link_sender)
{
	struct pkt6_spec s = te_spec6();

	hairpin("fe80::a3");
	te_route6(&T, "2001:db8:7::/64", XR_RTN_UNICAST, "2001:db8:1::2", T.if_in);
	s.saddr = "2001:db8:7::1";
	s.daddr = "2001:db8:5::9";
	hairpinned(&s, GW_LL);
	cr_assert_eq(exceptions(), 0);
}

Test(fastpath6, no_redirect_when_the_link_says_so)
{
	struct pkt6_spec s = te_spec6();

	hairpin("fe80::a3");
	te_if_flags(&T, T.if_in, XR_IF_NO_REDIRECTS, 0);
	s.daddr = "2001:db8:5::9";
	hairpinned(&s, GW_LL);
	cr_assert_eq(exceptions(), 0);
}

/* ------------------------------------------------- the probe */

#ifndef XR_TEST_TC
#include <bpf/libbpf.h>
#include "xdp_router_probe.skel.h"

/* route get's probe on the test's maps: what it decides for s. */
static struct xr_probe_res probe(const struct pkt6_spec *s)
{
	struct xdp_router_probe_bpf *p = xdp_router_probe_bpf__open();
	struct xr_probe_res r;
	struct bpf_map *map, *same;
	size_t il = pkt6_build(in, s), ol = sizeof(out);
	struct xdp_md ctx = { .data_end = (uint32_t)il,
			      .ingress_ifindex = T.if_in };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = il,
		    .data_out = out, .data_size_out = ol, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	cr_assert(p);
	bpf_object__for_each_map(map, p->obj) {
		same = bpf_object__find_map_by_name(T.obj, bpf_map__name(map));
		if (same)
			cr_assert_eq(bpf_map__reuse_fd(map, bpf_map__fd(same)), 0);
	}
	cr_assert_eq(xdp_router_probe_bpf__load(p), 0);
	cr_assert_eq(bpf_prog_test_run_opts(
		bpf_program__fd(p->progs.xdp_router_probe), &o), 0);
	r = p->bss->xr_probe_res;
	xdp_router_probe_bpf__destroy(p);
	return r;
}

Test(fastpath6, probe_names_the_ipv6_next_hop)
{
	struct pkt6_spec s = te_spec6();
	struct xr_probe_res r = probe(&s);
	struct xr_in6 gw, dst;

	cr_assert_eq(pkt_addr6("2001:db8:2::2", &gw), 0);
	cr_assert_eq(r.verdict, XR_V_REDIRECT);
	cr_assert_eq(r.family, 10);
	cr_assert_eq(r.out_ifindex, T.if_out);
	cr_assert(!memcmp(&r.nexthop6, &gw, 16));
	cr_assert(!memcmp(&r.nh6.gw, &gw, 16));
	cr_assert_eq(r.nh6.ifindex, T.if_out);
	cr_assert_eq(r.nh6.type, XR_RTN_UNICAST);
	cr_assert_eq((r.fib_e >> XR_FIB6_DEPTH_SHIFT) & XR_FIB6_DEPTH_MASK, 64);
	cr_assert(!memcmp(r.adj.dmac, TE_MAC_NH, 6));
	cr_assert(!memcmp(r.adj.smac, TE_MAC_OUT, 6));
	cr_assert_eq(r.nexthop, 0);
	s.daddr = "2001:db8:2::2";     /* connected: the destination */
	r = probe(&s);
	cr_assert_eq(pkt_addr6(s.daddr, &dst), 0);
	cr_assert(!memcmp(&r.nexthop6, &dst, 16));
	cr_assert_eq(te_counter(&T, CNT_MIB6(Ip6InReceives)), 0,
		     "the probe counts into its own");
}
#endif
