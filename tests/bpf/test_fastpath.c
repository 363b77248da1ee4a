// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path, run for real with BPF_PROG_TEST_RUN: one case per check
 * of the receive path and per exception. Built twice: as test_fastpath
 * through the XDP entry, and with -DXR_TEST_TC as test_fastpath_tc
 * through the tc entry (te_run), the same cases. Every case asserts the verdict,
 * the counter that moved and, for forwarded frames, the output bytes.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/iface.h"
#include "lib/parse.h"
#include "xdp_router/abi.h"
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"
#include "expect.h"

static struct xr_testenv T;

static void setup(void) { te_setup(&T); }
static void teardown(void) { te_teardown(&T); }

TestSuite(fastpath, .init = setup, .fini = teardown);

static struct pkt_spec base(void) { return te_spec(); }

static uint8_t in[2048], out[2048];

static int run_spec(const struct pkt_spec *s, size_t *in_len, size_t *out_len)
{
	*in_len = pkt_build(in, s);
	*out_len = sizeof(out);
	return te_run(&T, T.if_in, in, *in_len, out, out_len);
}

/* Runs s, expects act and the counter idx to move by exactly one
 * (expect_run). */
static void expect(const struct pkt_spec *s, int act, uint32_t idx)
{
	size_t il = pkt_build(in, s);

	expect_run(&T, in, il, act, idx);
}

/* ------------------------------------------------------ 1. Ethernet */

Test(fastpath, forwards_and_rewrites)
{
	struct pkt_spec s = base();
	uint64_t fwd = te_counter(&T, CNT_MIB(ForwDatagrams));
	struct xr_if_stats st;
	size_t il, ol;

	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	cr_assert_eq(te_counter(&T, CNT_MIB(ForwDatagrams)), fwd + 1);
	cr_assert_eq(te_counter(&T, CNT_MIB(InReceives)), 1);
	cr_assert_eq(xr_if_stats_read(&T.m, T.if_out, &st), 0);
	cr_assert_eq(st.tx_packets, 1);
	cr_assert_eq(st.tx_bytes, ol);
	cr_assert_eq(xr_if_stats_read(&T.m, T.if_in, &st), 0);
	cr_assert_eq(st.rx_packets, 1);
	cr_assert_eq(st.rx_bytes, il);
}

Test(fastpath, l2_broadcast_goes_to_kernel)
{
	struct pkt_spec s = base();

	memset(s.dmac, 0xff, 6);
	expect(&s, XDP_PASS, CNT_OTHER(PassL2Bcast));
}

Test(fastpath, l2_multicast_goes_to_kernel)
{
	struct pkt_spec s = base();
	const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 5 };

	memcpy(s.dmac, mc, 6);
	expect(&s, XDP_PASS, CNT_OTHER(PassL2Bcast));
}

Test(fastpath, other_host_goes_to_kernel)
{
	struct pkt_spec s = base();

	s.dmac[5] = 0x77;
	expect(&s, XDP_PASS, CNT_OTHER(PassOtherHost));
}

Test(fastpath, arp_goes_to_kernel)
{
	struct pkt_spec s = base();

	s.ethertype = 0x0806;
	expect(&s, XDP_PASS, CNT_OTHER(PassNotIp));
}

/* The IPv6 ethertype is routed as IPv6 (test_fastpath6.c): an IPv4
 * header under it is a version error there. */
Test(fastpath, ipv4_header_under_ipv6_ethertype)
{
	struct pkt_spec s = base();

	s.ethertype = 0x86dd;
	expect(&s, XDP_DROP, XR_CNT_MIB6(XR_MIB6_Ip6InHdrErrors));
}

Test(fastpath, vlan_goes_to_kernel)
{
	struct pkt_spec s = base();

	s.ethertype = 0x8100;
	expect(&s, XDP_PASS, CNT_OTHER(PassVlan));
	s.ethertype = 0x88a8;
	expect(&s, XDP_PASS, CNT_OTHER(PassVlan));
}

Test(fastpath, unattached_ingress_goes_to_kernel)
{
	struct pkt_spec s = base();
	uint64_t before = te_counter(&T, CNT_OTHER(PassUnknownIf));
	size_t il = pkt_build(in, &s), ol = sizeof(out);

	cr_assert_eq(te_run(&T, T.if_far, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(te_counter(&T, CNT_OTHER(PassUnknownIf)), before + 1);
	cr_assert(!memcmp(in, out, il));
}

/* ------------------------------------------------- 2. ip_rcv_core */

/* Not in the tc build: BPF_PROG_TEST_RUN refuses to build an sk_buff
 * this short (EINVAL), so the case cannot be run through the tc entry. */
#ifndef XR_TEST_TC
Test(fastpath, too_short_for_ip_header)
{
	struct pkt_spec s = base();
	uint64_t before = te_counter(&T, CNT_MIB(InHdrErrors));
	size_t il = pkt_build(in, &s), ol = sizeof(out);

	il = 14 + 19;                       /* one byte short of 20 */
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB(InHdrErrors)), before + 1);
}
#endif

Test(fastpath, version_not_4)
{
	struct pkt_spec s = base();

	s.version = 6;
	expect(&s, XDP_DROP, CNT_MIB(InHdrErrors));
}

Test(fastpath, ihl_below_5)
{
	struct pkt_spec s = base();

	s.ihl = 4;
	expect(&s, XDP_DROP, CNT_MIB(InHdrErrors));
}

Test(fastpath, ihl_beyond_frame)
{
	struct pkt_spec s = base();
	uint64_t before = te_counter(&T, CNT_MIB(InHdrErrors));
	size_t il, ol = sizeof(out);

	s.ihl = 15;                          /* 60 bytes of header */
	s.payload_len = 0;
	il = pkt_build(in, &s);              /* only 20 present */
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB(InHdrErrors)), before + 1);
}

Test(fastpath, bad_checksum)
{
	struct pkt_spec s = base();
	uint64_t hdr = te_counter(&T, CNT_MIB(InHdrErrors));

	s.bad_csum = 1;
	expect(&s, XDP_DROP, CNT_MIB(InCsumErrors));
	cr_assert_eq(te_counter(&T, CNT_MIB(InHdrErrors)), hdr + 1,
		     "the kernel counts a checksum error as a header error too");
}

Test(fastpath, tot_len_beyond_frame_is_truncated)
{
	struct pkt_spec s = base();

	s.tot_len_delta = 1;
	expect(&s, XDP_DROP, CNT_MIB(InTruncatedPkts));
}

Test(fastpath, tot_len_below_header)
{
	struct pkt_spec s = base();

	s.payload_len = 0;
	s.tot_len_delta = -1;               /* 19 < 20 */
	expect(&s, XDP_DROP, CNT_MIB(InHdrErrors));
}

Test(fastpath, padding_is_trimmed)
{
	struct pkt_spec s = base();
	size_t il, ol;

	s.payload_len = 4;
	s.padding = 22;                     /* a minimum-size Ethernet frame */
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	cr_assert_eq(il, 14 + 24 + 22);
	expect_forwarded(in, out, ol, TE_MAC_NH);   /* checks ol == 14 + tot_len */
}

/* --------------------------------------- 3. addresses (RFC 1812 5.3.7) */

static void martian_source(const char *src)
{
	struct pkt_spec s = base();
	uint64_t ae = te_counter(&T, CNT_MIB(InAddrErrors));

	s.saddr = src;
	expect(&s, XDP_DROP, CNT_OTHER(MartianSource));
	cr_assert_eq(te_counter(&T, CNT_MIB(InAddrErrors)), ae + 1, "src %s", src);
}

Test(fastpath, martian_sources_are_dropped)
{
	martian_source("0.0.0.0");
	martian_source("127.0.0.1");
	martian_source("224.0.0.1");
	martian_source("239.255.255.255");
	martian_source("255.255.255.255");
	martian_source("192.0.2.1");        /* one of the router's addresses */
	martian_source("198.51.100.1");
	martian_source("192.0.2.255");      /* a directed broadcast */
}

static void martian_dest(const char *dst)
{
	struct pkt_spec s = base();
	uint64_t ae = te_counter(&T, CNT_MIB(InAddrErrors));

	s.daddr = dst;
	expect(&s, XDP_DROP, CNT_OTHER(MartianDestination));
	cr_assert_eq(te_counter(&T, CNT_MIB(InAddrErrors)), ae + 1, "dst %s", dst);
}

Test(fastpath, martian_destinations_are_dropped)
{
	martian_dest("127.0.0.1");
	martian_dest("127.255.0.9");
	martian_dest("0.0.0.0");
}

/* Linux 5.3 and later ("Allow 0.0.0.0/8 as a valid address range"):
 * ipv4_is_zeronet is 0.0.0.0 alone; the rest of 0.0.0.0/8 is unicast,
 * routed as a destination and accepted as a source. */
Test(fastpath, zeronet_other_than_0_0_0_0_is_unicast)
{
	struct pkt_spec s = base();
	uint64_t nr = te_counter(&T, CNT_MIB(InNoRoutes));
	size_t il, ol;

	s.daddr = "0.9.9.9";               /* no route: the slow path answers */
	expect(&s, XDP_PASS, CNT_REASON(NoRoute));
	cr_assert_eq(te_counter(&T, CNT_MIB(InNoRoutes)), nr + 1);
	te_route(&T, "0.0.0.0/8", XR_RTN_UNICAST, "198.51.100.2", T.if_out);
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
	cr_assert_eq(*(const uint32_t *)(out + 14 + 16), pkt_addr("0.9.9.9"));
	s = base();
	s.saddr = "0.1.2.3";
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT, "a 0.0.0.0/8 source");
	expect_forwarded(in, out, ol, TE_MAC_NH);
	cr_assert_eq(*(const uint32_t *)(out + 14 + 12), pkt_addr("0.1.2.3"));
	s.daddr = "0.0.0.0";               /* 0.0.0.0 itself stays martian */
	expect(&s, XDP_DROP, CNT_OTHER(MartianDestination));
}

static void not_forwarded(const char *dst, uint32_t idx)
{
	struct pkt_spec s = base();
	uint64_t ae = te_counter(&T, CNT_MIB(InAddrErrors));

	s.daddr = dst;
	expect(&s, XDP_PASS, idx);
	cr_assert_eq(te_counter(&T, CNT_MIB(InAddrErrors)), ae + 1, "dst %s", dst);
}

Test(fastpath, broadcast_and_multicast_are_never_forwarded)
{
	/* a default route would otherwise take them */
	te_route(&T, "0.0.0.0/0", XR_RTN_UNICAST, "198.51.100.2", T.if_out);
	not_forwarded("255.255.255.255", CNT_MIB(InBcastPkts));
	not_forwarded("224.0.0.5", CNT_MIB(InMcastPkts));
	not_forwarded("239.1.2.3", CNT_MIB(InMcastPkts));
	not_forwarded("198.51.100.255", CNT_MIB(InBcastPkts));  /* directed */
	not_forwarded("192.0.2.255", CNT_MIB(InBcastPkts));
}

Test(fastpath, local_addresses_are_delivered)
{
	struct pkt_spec s = base();

	s.daddr = "192.0.2.1";
	expect(&s, XDP_PASS, CNT_MIB(InDelivers));
	s.daddr = "198.51.100.1";          /* our address on another link */
	expect(&s, XDP_PASS, CNT_MIB(InDelivers));
	s.daddr = "198.51.100.1";
	s.ttl = 1;                         /* local: TTL does not matter */
	expect(&s, XDP_PASS, CNT_MIB(InDelivers));
}

Test(fastpath, local_addresses_win_over_any_route)
{
	struct pkt_spec s = base();
	size_t il, ol;

	/* routes longer and shorter than the connected /24, around 192.0.2.1,
	 * as the kernel's local table is consulted before main */
	te_route(&T, "192.0.2.0/25", XR_RTN_UNICAST, "198.51.100.2", T.if_out);
	te_route(&T, "192.0.0.0/8", XR_RTN_UNICAST, "198.51.100.2", T.if_out);
	s.daddr = "192.0.2.1";
	expect(&s, XDP_PASS, CNT_MIB(InDelivers));
	s.daddr = "192.0.2.3";              /* the /25 does take its neighbours */
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("192.0.2.0"), 25), 0);
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("192.0.0.0"), 8), 0);
	s.daddr = "192.0.2.1";
	expect(&s, XDP_PASS, CNT_MIB(InDelivers));
	s.saddr = "192.0.2.1";              /* and stays a martian source */
	s.daddr = "203.0.113.9";
	expect(&s, XDP_DROP, CNT_OTHER(MartianSource));
}

Test(fastpath, detached_address_is_forwarded_again)
{
	struct pkt_spec s = base();
	size_t il, ol;

	/* out0 detached: 198.51.100.1 is no longer ours, and a route
	 * through in0's neighbour now covers it */
	te_route(&T, "198.51.100.0/24", XR_RTN_UNICAST, "192.0.2.2", T.if_in);
	xr_iface_forget(&T.m, T.if_out);
	te_if_flags(&T, T.if_in, XR_IF_NO_REDIRECTS, 0);  /* a hairpin */
	s.daddr = "198.51.100.1";
	s.saddr = "192.0.2.9";
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	cr_assert(!memcmp(out, TE_MAC_PEER, 6));
}

/* ----------------------------------------------- 4. route lookup */

static const uint8_t NH8[6] = { 0x02, 0, 0, 0, 0x08, 0x08 };
static const uint8_t NH16[6] = { 0x02, 0, 0, 0, 0x16, 0x16 };
static const uint8_t NH24[6] = { 0x02, 0, 0, 0, 0x24, 0x24 };
static const uint8_t NH32[6] = { 0x02, 0, 0, 0, 0x32, 0x32 };

static void lpm_setup(void)
{
	te_neigh(&T, T.if_out, "198.51.100.8", NH8, XR_NUD_PERMANENT);
	te_neigh(&T, T.if_out, "198.51.100.16", NH16, XR_NUD_PERMANENT);
	te_neigh(&T, T.if_out, "198.51.100.24", NH24, XR_NUD_PERMANENT);
	te_neigh(&T, T.if_out, "198.51.100.32", NH32, XR_NUD_PERMANENT);
	te_route(&T, "0.0.0.0/0", XR_RTN_UNICAST, "198.51.100.2", T.if_out);
	te_route(&T, "10.0.0.0/8", XR_RTN_UNICAST, "198.51.100.8", T.if_out);
	te_route(&T, "10.1.0.0/16", XR_RTN_UNICAST, "198.51.100.16", T.if_out);
	te_route(&T, "10.1.2.0/24", XR_RTN_UNICAST, "198.51.100.24", T.if_out);
	te_route(&T, "10.1.2.3/32", XR_RTN_UNICAST, "198.51.100.32", T.if_out);
}

static void goes_to(const char *dst, const uint8_t mac[6])
{
	struct pkt_spec s = base();
	size_t il, ol;

	s.daddr = dst;
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT, "dst %s", dst);
	expect_forwarded(in, out, ol, mac);
}

Test(fastpath, lpm_picks_the_longest_prefix)
{
	lpm_setup();
	goes_to("10.1.2.3", NH32);
	goes_to("10.1.2.4", NH24);
	goes_to("10.1.3.3", NH16);
	goes_to("10.2.2.3", NH8);
	goes_to("11.1.2.3", TE_MAC_NH);     /* /0 */
	goes_to("203.0.113.9", TE_MAC_NH);
}

static struct xr_route4 via(const char *prefix, const char *gw)
{
	struct xr_route4 rt = { .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
				.ifindex = T.if_out };

	cr_assert_eq(xr_parse_prefix(prefix, &rt.dst, &rt.plen), 0);
	rt.gw = pkt_addr(gw);
	return rt;
}

static uint32_t refs(const char *gw)
{
	uint32_t id;

	if (xr_nh_find(&T.m.fib->nh, XR_RTN_UNICAST, T.if_out, pkt_addr(gw), &id))
		return 0;
	return T.m.fib->nh.nh[id].refcnt;
}

Test(fastpath, batched_updates_equal_one_by_one)
{
	/* replaces inside one batch, and a replace that only the route
	 * table can recognise (a /32 at the prefix's base address) */
	struct xr_route4 rts[] = {
		via("10.9.0.0/16", "198.51.100.8"),
		via("10.9.1.0/32", "198.51.100.32"),
		via("10.9.1.0/24", "198.51.100.16"),
		via("10.9.1.0/24", "198.51.100.24"),
		via("10.9.1.128/25", "198.51.100.32"),
		via("10.9.0.0/16", "198.51.100.32"),
	};
	size_t done;

	lpm_setup();
	cr_assert_eq(refs("198.51.100.16"), 1);       /* 10.1.0.0/16 */
	cr_assert_eq(xr_route4_update_many(&T.m, rts, 6, &done), 0);
	cr_assert_eq(done, 6);
	goes_to("10.9.1.0", NH32);
	goes_to("10.9.1.1", NH24);
	goes_to("10.9.1.129", NH32);
	goes_to("10.9.2.1", NH32);
	/* every replaced route gave its next hop back */
	cr_assert_eq(refs("198.51.100.8"), 1);        /* 10.0.0.0/8 */
	cr_assert_eq(refs("198.51.100.16"), 1);
	cr_assert_eq(refs("198.51.100.24"), 2);       /* 10.1.2.0/24, 10.9.1.0/24 */
	cr_assert_eq(refs("198.51.100.32"), 4);
	{
		struct xr_route4 rt;

		cr_assert_eq(xr_route4_get(&T.m, pkt_addr("10.9.1.0"), 24, &rt), 0);
		cr_assert_eq(rt.gw, pkt_addr("198.51.100.24"));
		cr_assert_eq(xr_route4_get(&T.m, pkt_addr("10.9.0.0"), 16, &rt), 0);
		cr_assert_eq(rt.gw, pkt_addr("198.51.100.32"));
	}
}

Test(fastpath, lpm_replace_and_delete)
{
	lpm_setup();
	/* replace the /24: now through the /8's next hop */
	te_route(&T, "10.1.2.0/24", XR_RTN_UNICAST, "198.51.100.8", T.if_out);
	goes_to("10.1.2.4", NH8);
	goes_to("10.1.2.3", NH32);
	/* delete /32 and /24: falls to the /16 */
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("10.1.2.3"), 32), 0);
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("10.1.2.0"), 24), 0);
	goes_to("10.1.2.3", NH16);
	/* delete the /16 and /8: the default */
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("10.1.0.0"), 16), 0);
	cr_assert_eq(xr_route4_delete(&T.m, pkt_addr("10.0.0.0"), 8), 0);
	goes_to("10.1.2.3", TE_MAC_NH);
	/* and without the default: no route */
	cr_assert_eq(xr_route4_delete(&T.m, 0, 0), 0);
	{
		struct pkt_spec s = base();

		s.daddr = "10.1.2.3";
		expect(&s, XDP_PASS, CNT_REASON(NoRoute));
	}
}

Test(fastpath, connected_route_uses_destination_as_next_hop)
{
	struct pkt_spec s = base();
	size_t il, ol;

	s.daddr = "198.51.100.2";          /* on out0's subnet, neighbour known */
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

Test(fastpath, no_route)
{
	struct pkt_spec s = base();
	uint64_t nr = te_counter(&T, CNT_MIB(InNoRoutes));

	s.daddr = "198.19.0.1";
	expect(&s, XDP_PASS, CNT_REASON(NoRoute));
	cr_assert_eq(te_counter(&T, CNT_MIB(InNoRoutes)), nr + 1);
}

Test(fastpath, blackhole_drops)
{
	struct pkt_spec s = base();

	te_route(&T, "203.0.113.128/25", XR_RTN_BLACKHOLE, NULL, 0);
	s.daddr = "203.0.113.200";
	expect(&s, XDP_DROP, CNT_OTHER(BlackholeDrops));
	s.daddr = "203.0.113.9";           /* the /24 still forwards */
	{
		size_t il, ol;

		cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	}
}

Test(fastpath, unreachable_is_an_exception)
{
	struct pkt_spec s = base();

	te_route(&T, "203.0.113.0/24", XR_RTN_UNREACHABLE, NULL, 0);
	expect(&s, XDP_PASS, CNT_REASON(Unreachable));
}

Test(fastpath, prohibit_is_an_exception)
{
	struct pkt_spec s = base();

	te_route(&T, "203.0.113.0/24", XR_RTN_PROHIBIT, NULL, 0);
	expect(&s, XDP_PASS, CNT_REASON(Prohibit));
}

/* ------------------------------------------------- 5. ip_forward */

Test(fastpath, ttl_1_is_an_exception)
{
	struct pkt_spec s = base();

	s.ttl = 1;
	expect(&s, XDP_PASS, CNT_REASON(TtlExceeded));
	s.ttl = 0;
	s.ttl_zero = 1;
	expect(&s, XDP_PASS, CNT_REASON(TtlExceeded));
}

Test(fastpath, ttl_2_is_forwarded_with_ttl_1)
{
	struct pkt_spec s = base();
	size_t il, ol;

	s.ttl = 2;
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	cr_assert_eq(out[IP_OFF_TTL], 1);
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

Test(fastpath, ip_options_are_an_exception)
{
	struct pkt_spec s = base();
	/* Record Route, 3 slots (7 + 4*3 -> pad) : RR type 7 len 11 ptr 4 */
	const uint8_t rr[12] = { 7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	s.options = rr;
	s.options_len = sizeof(rr);
	expect(&s, XDP_PASS, CNT_REASON(IpOptions));
}

Test(fastpath, over_mtu_is_an_exception)
{
	struct pkt_spec s = base();
	size_t il, ol;

	te_sh("ip link set out0 mtu 1000");
	cr_assert_eq(xr_iface_sync(&T.m, T.if_out, XR_MODE_NATIVE), 0);
	s.payload_len = 1000 - 20;          /* exactly the MTU: forwarded */
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	s.payload_len = 1000 - 20 + 1;      /* one byte over */
	expect(&s, XDP_PASS, CNT_REASON(FragNeeded));
	s.df = 1;
	expect(&s, XDP_PASS, CNT_REASON(FragNeeded));
}

Test(fastpath, missing_neighbour_is_an_exception)
{
	struct pkt_spec s = base();

	cr_assert_eq(xr_neigh4_delete(&T.m, T.if_out, pkt_addr("198.51.100.2")), 0);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
}

Test(fastpath, unresolved_neighbour_states_are_not_used)
{
	struct pkt_spec s = base();

	te_neigh(&T, T.if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_INCOMPLETE);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	te_neigh(&T, T.if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_FAILED);
	expect(&s, XDP_PASS, CNT_REASON(NoNeigh));
	te_neigh(&T, T.if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_STALE);
	{
		size_t il, ol;

		cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	}
}

Test(fastpath, neighbour_change_reaches_the_cached_rewrite)
{
	static const uint8_t MAC2[6] = { 0x02, 0, 0, 0, 0x77, 0x77 };
	struct pkt_spec s = base();
	size_t il, ol;

	te_neigh(&T, T.if_out, "198.51.100.2", MAC2, XR_NUD_REACHABLE);
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, MAC2);
	te_neigh(&T, T.if_out, "198.51.100.2", TE_MAC_NH, XR_NUD_PERMANENT);
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

Test(fastpath, detached_egress_makes_its_routes_exceptions)
{
	struct pkt_spec s = base();
	size_t il, ol;

	xr_iface_forget(&T.m, T.if_out);
	expect(&s, XDP_PASS, CNT_REASON(TxNotAttached));
	cr_assert_eq(xr_iface_sync(&T.m, T.if_out, XR_MODE_NATIVE), 0);
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

Test(fastpath, egress_not_attached_is_an_exception)
{
	struct pkt_spec s = base();

	te_route(&T, "203.0.113.0/24", XR_RTN_UNICAST, NULL, T.if_far);
	expect(&s, XDP_PASS, CNT_REASON(TxNotAttached));
}

Test(fastpath, egress_missing_from_devmap_is_counted_and_dropped)
{
	struct pkt_spec s = base();
	uint64_t od = te_counter(&T, CNT_MIB(OutDiscards));
	uint32_t k = T.if_out;
	size_t il, ol;

	cr_assert_eq(bpf_map_delete_elem(T.m.tx_ports, &k), 0);
	if (TE_HOOK_TC) {       /* tc sends by ifindex: no devmap to miss */
		cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
		cr_assert_eq(te_counter(&T, CNT_MIB(OutDiscards)), od);
		return;
	}
	cr_assert_eq(run_spec(&s, &il, &ol), XDP_DROP);
	cr_assert_eq(te_counter(&T, CNT_MIB(OutDiscards)), od + 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(RedirectErrors)), 1);
}

/* ---------------------------------------------- 6. ip_decrease_ttl */

Test(fastpath, ttl_checksum_edge_feff)
{
	struct pkt_spec s = base();
	size_t il = pkt_build(in, &s), ol = sizeof(out);

	cr_assert_eq(pkt_force_csum(in, 0xfeff), 0, "no ID gives checksum 0xFEFF");
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	cr_assert_eq(out[IP_OFF_CSUM], 0x00);
	cr_assert_eq(out[IP_OFF_CSUM + 1], 0x00, "0xFEFF must become 0x0000");
	expect_forwarded(in, out, ol, TE_MAC_NH);
}

Test(fastpath, ttl_checksum_matches_full_recompute_everywhere)
{
	struct pkt_spec s = base();
	unsigned int ttl, id;

	/* every TTL, and IDs that walk the checksum through its range */
	for (ttl = 2; ttl <= 255; ttl++) {
		for (id = 0; id < 0x10000; id += 0x1111) {
			size_t il, ol;

			s.ttl = (uint8_t)ttl;
			s.id = (uint16_t)(id + ttl);
			cr_assert_eq(run_spec(&s, &il, &ol), XDP_REDIRECT);
			expect_forwarded(in, out, ol, TE_MAC_NH);
		}
	}
}
