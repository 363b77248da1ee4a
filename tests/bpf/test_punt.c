// SPDX-License-Identifier: GPL-2.0
/*
 * The punt itself: which exceptions go to the slow path, and the bytes of
 * the struct xr_punt_meta they carry. BPF_PROG_TEST_RUN returns the
 * metadata in front of the frame; no AF_XDP socket is bound here, so the
 * redirect falls back to XDP_PASS (what a real link does without the
 * daemon) and the test sees what the socket would have got.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/fib6.h"
#include "lib/iface.h"
#include "xdp_router/abi.h"
#include "lib/tables.h"
#include "pkt.h"
#include "testenv.h"

static struct xr_testenv T;

static void bind_port(uint32_t ifindex, uint32_t base, uint32_t queues)
{
	struct xr_xsk_port p = { .base = base, .queues = queues };

	cr_assert_eq(bpf_map_update_elem(T.m.xsk_ports, &ifindex, &p, BPF_ANY), 0);
}

static void setup(void)
{
	te_setup(&T);
	bind_port(T.if_in, 7, 1);
}

static void teardown(void) { te_teardown(&T); }

TestSuite(punt, .init = setup, .fini = teardown);

static struct pkt_spec base(void) { return te_spec(); }

static uint8_t in[2048], out[2048];

/* Runs s; checks that the frame after the metadata is the one sent and
 * that the exception and PuntToKernel counters moved; returns the
 * metadata (zeroed when there was none) and its length. */
static uint32_t run_punt(const struct pkt_spec *s, uint32_t reason,
			 struct xr_punt_meta *m)
{
	uint64_t r0 = te_counter(&T, XR_CNT_REASON(reason));
	uint64_t k0 = te_counter(&T, CNT_OTHER(PuntToKernel));
	size_t il = pkt_build(in, s), ol = sizeof(out);
	uint32_t ml;
	int act = te_run_meta(&T, T.if_in, in, il, out, &ol, &ml);

	cr_assert_eq(act, XDP_PASS, "verdict %d", act);
	cr_assert_eq(te_counter(&T, XR_CNT_REASON(reason)), r0 + 1,
		     "reason %s did not move", xr_counter_name(XR_CNT_REASON(reason)));
	cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), k0 + 1);
	cr_assert_eq(ol, il + ml, "frame %zu bytes, meta %u, sent %zu", ol, ml, il);
	cr_assert(!memcmp(out + ml, in, il), "the frame behind the metadata changed");
	memset(m, 0, sizeof(*m));
	if (ml == sizeof(*m))
		memcpy(m, out, sizeof(*m));
	return ml;
}

static uint32_t nh_id_of(uint8_t type, uint32_t ifindex, const char *gw)
{
	uint32_t id = 0;

	cr_assert_eq(xr_nh_find(&T.m.fib->nh, type, ifindex,
				gw ? pkt_addr(gw) : 0, &id), 0);
	return id;
}

Test(punt, ttl_exceeded_carries_the_lookup)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	s.ttl = 1;
	cr_assert_eq(run_punt(&s, XR_REASON_TtlExceeded, &m), sizeof(m));
	cr_assert_eq(m.magic, XR_PUNT_MAGIC);
	cr_assert_eq(m.reason, XR_REASON_TtlExceeded);
	cr_assert_eq(m.rt_type, XR_RTN_UNICAST);
	cr_assert_eq(m.ifindex, T.if_in);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.mtu, 0, "TTL is checked before the egress link is read");
	cr_assert_eq(m.nexthop, pkt_addr("198.51.100.2"));
	cr_assert_eq(m.nh_id, nh_id_of(XR_RTN_UNICAST, T.if_out, "198.51.100.2"));
	cr_assert_eq(m.plen, 24);
}

Test(punt, frag_needed_carries_egress_and_mtu)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	s.payload_len = 1600 - 20;
	s.df = 1;
	cr_assert_eq(run_punt(&s, XR_REASON_FragNeeded, &m), sizeof(m));
	cr_assert_eq(m.reason, XR_REASON_FragNeeded);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.mtu, 1500);
	cr_assert_eq(m.nexthop, pkt_addr("198.51.100.2"));
}

Test(punt, no_neighbour_names_the_next_hop)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	s.daddr = "198.51.100.77";   /* connected, nobody known there */
	cr_assert_eq(run_punt(&s, XR_REASON_NoNeigh, &m), sizeof(m));
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.nexthop, pkt_addr("198.51.100.77"));
	cr_assert_eq(m.nh_id, nh_id_of(XR_RTN_UNICAST, T.if_out, NULL));
	cr_assert_eq(m.plen, 24);
	cr_assert_eq(m.mtu, 1500);
}

Test(punt, no_route_has_no_route)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	s.daddr = "100.64.0.1";
	cr_assert_eq(run_punt(&s, XR_REASON_NoRoute, &m), sizeof(m));
	cr_assert_eq(m.rt_type, 0);
	cr_assert_eq(m.nh_id, 0);
	cr_assert_eq(m.out_ifindex, 0);
}

Test(punt, prohibit_and_unreachable_routes_carry_their_type)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	te_route(&T, "100.64.0.0/10", XR_RTN_PROHIBIT, NULL, 0);
	te_route(&T, "100.127.0.0/16", XR_RTN_UNREACHABLE, NULL, 0);
	s.daddr = "100.64.0.1";
	cr_assert_eq(run_punt(&s, XR_REASON_Prohibit, &m), sizeof(m));
	cr_assert_eq(m.rt_type, XR_RTN_PROHIBIT);
	cr_assert_eq(m.plen, 10);
	s.daddr = "100.127.3.4";
	cr_assert_eq(run_punt(&s, XR_REASON_Unreachable, &m), sizeof(m));
	cr_assert_eq(m.rt_type, XR_RTN_UNREACHABLE);
	cr_assert_eq(m.plen, 16);
}

Test(punt, options_are_punted_with_the_lookup)
{
	static const uint8_t rr[8] = { 7, 7, 4, 0, 0, 0, 0, 1 };  /* RR + EOL */
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	s.options = rr;
	s.options_len = sizeof(rr);
	cr_assert_eq(run_punt(&s, XR_REASON_IpOptions, &m), sizeof(m));
	cr_assert_eq(m.nh_id, nh_id_of(XR_RTN_UNICAST, T.if_out, "198.51.100.2"));
}

Test(punt, no_socket_on_the_link_means_no_metadata)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	bind_port(T.if_in, 7, 0);           /* no queue bound */
	s.ttl = 1;
	cr_assert_eq(run_punt(&s, XR_REASON_TtlExceeded, &m), 0);
	cr_assert_eq(m.magic, 0);
}

/* ------------------------------------------------ ICMP redirect */

Test(punt, hairpin_to_an_onlink_source_is_a_redirect)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	/* 192.0.2.2 on in0 sends to 10.9.0.1, whose route is via
	 * 192.0.2.254 on in0 too: it could have gone there directly */
	te_neigh(&T, T.if_in, "192.0.2.254", TE_MAC_NH, XR_NUD_PERMANENT);
	te_route(&T, "10.9.0.0/16", XR_RTN_UNICAST, "192.0.2.254", T.if_in);
	s.daddr = "10.9.0.1";
	cr_assert_eq(run_punt(&s, XR_REASON_Redirect, &m), sizeof(m));
	cr_assert_eq(m.out_ifindex, T.if_in);
	cr_assert_eq(m.nexthop, pkt_addr("192.0.2.254"));
}

Test(punt, hairpin_with_redirects_off_is_forwarded)
{
	struct pkt_spec s = base();
	size_t il, ol = sizeof(out);

	te_neigh(&T, T.if_in, "192.0.2.254", TE_MAC_NH, XR_NUD_PERMANENT);
	te_route(&T, "10.9.0.0/16", XR_RTN_UNICAST, "192.0.2.254", T.if_in);
	te_if_flags(&T, T.if_in, XR_IF_NO_REDIRECTS, 0);
	s.daddr = "10.9.0.1";
	il = pkt_build(in, &s);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	cr_assert(!memcmp(out, TE_MAC_NH, 6));
	cr_assert_eq(out[IP_OFF_TTL], 63);
}

Test(punt, hairpin_from_an_offlink_source_is_forwarded)
{
	struct pkt_spec s = base();
	size_t il, ol = sizeof(out);

	/* the source is behind a gateway: no shorter path to tell it of */
	te_neigh(&T, T.if_in, "192.0.2.254", TE_MAC_NH, XR_NUD_PERMANENT);
	te_route(&T, "10.9.0.0/16", XR_RTN_UNICAST, "192.0.2.254", T.if_in);
	te_route(&T, "172.16.0.0/12", XR_RTN_UNICAST, "192.0.2.2", T.if_in);
	s.saddr = "172.16.1.1";
	s.daddr = "10.9.0.1";
	il = pkt_build(in, &s);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	cr_assert(!memcmp(out, TE_MAC_NH, 6));
}

Test(punt, options_toward_a_link_not_attached_go_to_the_kernel)
{
	static const uint8_t rr[8] = { 7, 7, 4, 0, 0, 0, 0, 1 };
	struct pkt_spec s = base();
	struct xr_punt_meta m;

	/* far0 is not attached: no socket could send there, the kernel can */
	te_neigh(&T, T.if_far, "198.18.50.2", TE_MAC_NH, XR_NUD_PERMANENT);
	te_route(&T, "100.70.0.0/16", XR_RTN_UNICAST, "198.18.50.2", T.if_far);
	s.daddr = "100.70.0.1";
	s.options = rr;
	s.options_len = sizeof(rr);
	cr_assert_eq(run_punt(&s, XR_REASON_TxNotAttached, &m), 0);
}

Test(punt, a_link_down_makes_its_routes_exceptions)
{
	struct pkt_spec s = base();
	struct xr_punt_meta m;
	size_t il, ol = sizeof(out);

	/* link watch cleared UP on out0 and refreshed its next hops */
	te_if_flags(&T, T.if_out, 0, XR_IF_UP);
	cr_assert_eq(xr_nh_refresh(&T.m.fib->nh, T.if_out, 0, 1), 0);
	cr_assert_eq(run_punt(&s, XR_REASON_LinkDown, &m), sizeof(m));
	cr_assert_eq(m.out_ifindex, T.if_out);
	/* and back */
	te_if_flags(&T, T.if_out, XR_IF_UP, 0);
	cr_assert_eq(xr_nh_refresh(&T.m.fib->nh, T.if_out, 0, 1), 0);
	il = pkt_build(in, &s);
	cr_assert_eq(te_run(&T, T.if_in, in, il, out, &ol), XDP_REDIRECT);
	cr_assert_eq(out[IP_OFF_TTL], 63);
}

/* ------------------------------------------------------------ IPv6 */

/* The IPv6 frame s through run_punt's checks (the frame behind the
 * metadata as sent, the reason and PuntToKernel counted). */
static uint32_t run_punt6(const struct pkt6_spec *s, uint32_t reason,
			  struct xr_punt_meta *m)
{
	uint64_t r0 = te_counter(&T, XR_CNT_REASON(reason));
	size_t il = pkt6_build(in, s), ol = sizeof(out);
	uint32_t ml;
	int act = te_run_meta(&T, T.if_in, in, il, out, &ol, &ml);

	cr_assert_eq(act, XDP_PASS, "verdict %d", act);
	cr_assert_eq(te_counter(&T, XR_CNT_REASON(reason)), r0 + 1,
		     "reason %s did not move", xr_counter_name(XR_CNT_REASON(reason)));
	cr_assert_eq(ol, il + ml);
	cr_assert(!memcmp(out + ml, in, il), "the frame behind the metadata changed");
	cr_assert_eq(ml, sizeof(*m));
	memcpy(m, out, sizeof(*m));
	cr_assert_eq(m->magic, XR_PUNT_MAGIC);
	cr_assert_eq(m->reason, reason);
	cr_assert_eq(m->ifindex, T.if_in);
	cr_assert_eq(m->nexthop, 0, "an IPv6 next hop does not fit");
	return ml;
}

static uint32_t nh6_id_of(uint8_t type, uint32_t ifindex, const char *gw)
{
	struct xr_in6 a = { { 0 } };
	uint32_t id = 0;

	if (gw)
		cr_assert_eq(pkt_addr6(gw, &a), 0);
	cr_assert_eq(xr_nh6_find(&T.m.fib6->nh, type, ifindex, &a, &id), 0);
	return id;
}

/* the next hop's slot in xr_fib6_nh and the route's length, up to 128 */
Test(punt, ipv6_hop_limit_carries_the_route)
{
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.hop_limit = 1;
	run_punt6(&s, XR_REASON_TtlExceeded, &m);
	cr_assert_eq(m.rt_type, XR_RTN_UNICAST);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.nh_id, nh6_id_of(XR_RTN_UNICAST, T.if_out, "2001:db8:2::2"));
	cr_assert_eq(m.plen, 64);
	te_route6(&T, "2001:db8:3::9/128", XR_RTN_UNICAST, "fe80::b2", T.if_out);
	run_punt6(&s, XR_REASON_TtlExceeded, &m);
	cr_assert_eq(m.nh_id, nh6_id_of(XR_RTN_UNICAST, T.if_out, "fe80::b2"));
	cr_assert_eq(m.plen, 128);
}

Test(punt, ipv6_packet_too_big_carries_egress_and_mtu)
{
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.payload_len = 1500 - 40 + 1;
	run_punt6(&s, XR_REASON_PacketTooBig, &m);
	cr_assert_eq(m.out_ifindex, T.if_out);
	cr_assert_eq(m.mtu, 1500);
}

Test(punt, ipv6_connected_next_hop_is_the_destination)
{
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.daddr = "2001:db8:2::77";  /* connected, nobody known there */
	run_punt6(&s, XR_REASON_NoNeigh, &m);
	cr_assert_eq(m.nh_id, nh6_id_of(XR_RTN_UNICAST, T.if_out, NULL),
		     "a next hop whose gw is ::: the destination");
	cr_assert_eq(m.plen, 64);
	cr_assert_eq(m.mtu, 1500);
}

Test(punt, ipv6_no_route_and_route_types)
{
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.daddr = "2001:db8:99::1";
	run_punt6(&s, XR_REASON_NoRoute, &m);
	cr_assert_eq(m.rt_type, 0);
	cr_assert_eq(m.nh_id, 0);
	cr_assert_eq(m.plen, 0);
	te_route6(&T, "2001:db8:99::/48", XR_RTN_PROHIBIT, NULL, 0);
	run_punt6(&s, XR_REASON_Prohibit, &m);
	cr_assert_eq(m.rt_type, XR_RTN_PROHIBIT);
	cr_assert_eq(m.plen, 48);
}

/* the Hop-by-Hop header's exception carries the route it would take */
Test(punt, ipv6_hop_by_hop_carries_the_route)
{
	static const uint8_t ra[8] = { 17, 0, 5, 2, 0, 0, 1, 0 };
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.nexthdr = 0;
	s.ext = ra;
	s.ext_len = 8;
	run_punt6(&s, XR_REASON_HopByHop, &m);
	cr_assert_eq(m.rt_type, XR_RTN_UNICAST);
	cr_assert_eq(m.nh_id, nh6_id_of(XR_RTN_UNICAST, T.if_out, "2001:db8:2::2"));
	cr_assert_eq(m.plen, 64);
}

Test(punt, ipv6_link_local_source_beyond_scope_and_redirect)
{
	struct pkt6_spec s = te_spec6();
	struct xr_punt_meta m;

	te_config6(&T);
	s.saddr = "fe80::a2";
	run_punt6(&s, XR_REASON_BeyondScope, &m);
	cr_assert_eq(m.out_ifindex, T.if_out);
	s.saddr = "2001:db8:1::2";   /* on in0, to a neighbour on in0 */
	s.daddr = "2001:db8:1::7";
	run_punt6(&s, XR_REASON_Redirect, &m);
	cr_assert_eq(m.out_ifindex, T.if_in);
	cr_assert_eq(m.nh_id, nh6_id_of(XR_RTN_UNICAST, T.if_in, NULL));
}

/* the tc entry's ring carries the same metadata for IPv6 */
Test(punt, ipv6_at_tc_goes_to_the_kernel_without_the_daemon)
{
	struct pkt6_spec s = te_spec6();
	size_t il, ol = sizeof(out);

	te_config6(&T);
	s.hop_limit = 1;
	il = pkt6_build(in, &s);
	cr_assert_eq(te_run_tc(&T, T.if_in, in, il, out, &ol), XDP_PASS);
	cr_assert_eq(ol, il);
	cr_assert(!memcmp(out, in, il));
	cr_assert_eq(te_counter(&T, CNT_REASON(TtlExceeded)), 1);
	cr_assert_eq(te_counter(&T, CNT_OTHER(PuntToKernel)), 1);
}
