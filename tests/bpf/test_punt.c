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
