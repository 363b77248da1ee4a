// SPDX-License-Identifier: GPL-2.0
/*
 * The slow path on real maps, fed by the real fast path: each case runs a
 * frame through the XDP program (BPF_PROG_TEST_RUN, a slot published in
 * xr_xsk_ports so the metadata is written), hands the frame and its
 * struct xr_punt_meta to xr_sp_handle, and checks the bytes of every
 * frame the slow path transmits (captured instead of AF_XDP). Time is a
 * fake clock, so ARP timers run without waiting.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/tables.h"
#include "slowpath/slowpath.h"
#include "xdp_router/abi.h"
#include "pkt.h"
#include "testenv.h"

static struct xr_testenv T;
static struct xr_sp SP;
static struct xr_slow_stats ST;
static uint64_t now = 1000000000000ull;

#define MAXF 16
static struct { uint32_t ifindex; size_t len; uint8_t f[4096]; } sent[MAXF];
static int nsent;

static int cap_xmit(void *arg, uint32_t ifindex, const uint8_t *f, size_t len)
{
	cr_assert_lt(nsent, MAXF);
	sent[nsent].ifindex = ifindex;
	sent[nsent].len = len;
	memcpy(sent[nsent].f, f, len);
	nsent++;
	return 0;
}

static uint64_t fake_clock(void) { return now; }

static void setup(void)
{
	struct xr_xsk_port port = { .base = 0, .queues = 1 };
	struct xr_sp_parms p;

	te_setup(&T);
	cr_assert_eq(bpf_map_update_elem(T.m.xsk_ports, &T.if_in, &port, BPF_ANY), 0);
	xr_sp_parms_default(&p);
	memset(&ST, 0, sizeof(ST));
	cr_assert_eq(xr_sp_init(&SP, NULL, &T.m, &ST, &p, cap_xmit, NULL), 0);
	SP.clock = fake_clock;
	nsent = 0;
}

static void teardown(void)
{
	xr_sp_fini(&SP);
	te_teardown(&T);
}

TestSuite(slowpath, .init = setup, .fini = teardown);

static struct pkt_spec base(void) { return te_spec(); }

static uint8_t in[4096], out[4096], orig[4096];
static size_t in_len;

/* The fast path on s, then the slow path on what it punted. */
static void punt(const struct pkt_spec *s, uint32_t want_reason)
{
	struct xr_punt_meta m;
	size_t ol = sizeof(out);
	uint32_t ml;

	in_len = pkt_build(in, s);
	memcpy(orig, in, in_len);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, in_len, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m), "no metadata");
	memcpy(&m, out, sizeof(m));
	cr_assert_eq(m.reason, want_reason, "reason %u, want %u", m.reason, want_reason);
	xr_sp_handle(&SP, out + ml, ol - ml, &m);
}

/* The fake clock n seconds on, a tick each second. */
static void tick_seconds(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		now += 1000000000ull;
		xr_sp_tick(&SP);
	}
}

static const uint8_t *check_frame(int i, uint32_t ifindex, const uint8_t *dmac,
				  const uint8_t *smac);

/* The neighbour addr on out0 written by someone else (`neigh add`, the
 * mirror), a second on: the queued datagram is frame i, sent to mac
 * and nothing else (no probe), forwarded (TTL 63). */
static const uint8_t *resolved_sent(int i, const char *addr,
				    const uint8_t mac[6], uint16_t state)
{
	const uint8_t *ip;

	te_neigh(&T, T.if_out, addr, mac, state);
	tick_seconds(1);
	cr_assert_eq(nsent, i + 1, "the queued datagram, no probe");
	ip = check_frame(i, T.if_out, mac, TE_MAC_OUT);
	cr_assert_eq(ip[8], 63);
	return ip;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* An IPv4 frame: MACs, addresses, both checksums from scratch. */
static const uint8_t *check_frame(int i, uint32_t ifindex, const uint8_t *dmac,
				  const uint8_t *smac)
{
	const uint8_t *f = sent[i].f, *ip = f + 14;

	cr_assert_lt(i, nsent, "frame %d not sent", i);
	cr_assert_eq(sent[i].ifindex, ifindex, "sent on %u", sent[i].ifindex);
	cr_assert(!memcmp(f, dmac, 6), "destination MAC");
	cr_assert(!memcmp(f + 6, smac, 6), "source MAC");
	cr_assert_eq(get16(f + 12), 0x0800);
	cr_assert_eq(get16(ip + 2), sent[i].len - 14, "tot_len");
	cr_assert_eq(pkt_ip_csum_recompute(f), get16(ip + 10), "IP checksum");
	return ip;
}

static void check_icmp(const uint8_t *ip, uint8_t type, uint8_t code,
		       const char *src, const char *dst)
{
	size_t tot = get16(ip + 2);

	cr_assert_eq(ip[9], 1);
	cr_assert_eq(ip[8], 64);
	cr_assert_eq(*(const uint32_t *)(ip + 12), pkt_addr(src), "ICMP source");
	cr_assert_eq(*(const uint32_t *)(ip + 16), pkt_addr(dst), "ICMP destination");
	cr_assert_eq(ip[20], type);
	cr_assert_eq(ip[21], code);
	cr_assert_eq(pkt_csum(ip + 20, tot - 20), 0, "ICMP checksum");
}

Test(slowpath, ttl_exceeded_goes_back_to_the_sender)
{
	struct pkt_spec s = base();
	const uint8_t *ip;

	s.ttl = 1;
	punt(&s, XR_REASON_TtlExceeded);
	cr_assert_eq(nsent, 1);
	ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 11, 0, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(get16(ip + 2), 20 + 8 + in_len - 14);
	cr_assert(!memcmp(ip + 28, orig + 14, in_len - 14), "quote: the datagram as received");
	cr_assert_eq(ST.c[XR_SLOW_OutTimeExcds], 1);
	cr_assert_eq(ST.c[XR_SLOW_OutMsgs], 1);
}

Test(slowpath, routes_unreachable_prohibit_and_none)
{
	struct pkt_spec s = base();

	te_route(&T, "100.64.0.0/16", XR_RTN_UNREACHABLE, NULL, 0);
	te_route(&T, "100.65.0.0/16", XR_RTN_PROHIBIT, NULL, 0);
	s.daddr = "100.64.0.1";
	punt(&s, XR_REASON_Unreachable);
	s.daddr = "100.65.0.1";
	punt(&s, XR_REASON_Prohibit);
	now += 1000000000ull;   /* ip_error and icmp_ratelimit share one bucket */
	s.daddr = "100.66.0.1";
	punt(&s, XR_REASON_NoRoute);
	cr_assert_eq(nsent, 3);
	check_icmp(check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 1, "192.0.2.1", "192.0.2.2");
	check_icmp(check_frame(1, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 13, "192.0.2.1", "192.0.2.2");
	check_icmp(check_frame(2, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 0, "192.0.2.1", "192.0.2.2");
}

Test(slowpath, frag_needed_carries_the_mtu)
{
	struct pkt_spec s = base();
	const uint8_t *ip;

	s.payload_len = 1600;
	s.df = 1;
	punt(&s, XR_REASON_FragNeeded);
	cr_assert_eq(nsent, 1);
	ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 3, 4, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(get16(ip + 26), 1500);
	cr_assert_eq(get16(ip + 2), 576, "quote cut at 576 bytes");
	cr_assert_eq(ST.c[XR_SLOW_FragFails], 1);
}

Test(slowpath, without_df_it_is_fragmented)
{
	static uint8_t data[4000];
	struct pkt_spec s = base();
	size_t end = 0;
	int i;

	s.payload_len = 3000;
	punt(&s, XR_REASON_FragNeeded);
	cr_assert_eq(nsent, 3);
	for (i = 0; i < nsent; i++) {
		const uint8_t *ip = check_frame(i, T.if_out, TE_MAC_NH, TE_MAC_OUT);
		size_t dl = get16(ip + 2) - 20;

		cr_assert_eq(ip[8], 63, "TTL decremented once");
		cr_assert_eq((get16(ip + 6) & 0x1fff) * 8u, end);
		cr_assert_eq(!!(get16(ip + 6) & 0x2000), i < nsent - 1, "MF");
		memcpy(data + end, ip + 20, dl);
		end += dl;
	}
	cr_assert_eq(end, 3000);
	cr_assert(!memcmp(data, orig + 14 + 20, 3000), "reassembles to the payload");
	cr_assert_eq(ST.c[XR_SLOW_FragOKs], 1);
	cr_assert_eq(ST.c[XR_SLOW_FragCreates], 3);
}

Test(slowpath, unknown_neighbour_is_resolved_and_the_queue_sent)
{
	static const uint8_t HOST[6] = { 0x02, 0, 0, 0, 0x77, 0x77 };
	struct pkt_spec s = base();
	struct xr_arp a = { .op = ARPOP_REPLY };
	struct xr_neigh n;
	const uint8_t *ip;

	s.daddr = "198.51.100.77";
	punt(&s, XR_REASON_NoNeigh);
	punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(nsent, 1, "one ARP request, the datagrams queued");
	cr_assert_eq(sent[0].ifindex, T.if_out);
	cr_assert(!memcmp(sent[0].f, "\xff\xff\xff\xff\xff\xff", 6));
	cr_assert_eq(xr_arp_parse(sent[0].f, sent[0].len, &a), 0);
	cr_assert_eq(a.op, ARPOP_REQUEST);
	cr_assert(!memcmp(a.sha, TE_MAC_OUT, 6));
	cr_assert_eq(a.sip, pkt_addr("198.51.100.1"));
	cr_assert_eq(a.tip, pkt_addr("198.51.100.77"));
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.77"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_INCOMPLETE);
	cr_assert_eq(ST.c[XR_SLOW_Queued], 2);

	a = (struct xr_arp){ .op = ARPOP_REPLY, .sip = pkt_addr("198.51.100.77"),
			     .tip = pkt_addr("198.51.100.1") };
	memcpy(a.sha, HOST, 6);
	xr_sp_arp_rcv(&SP, T.if_out, &a);
	cr_assert_eq(nsent, 3, "both queued datagrams sent");
	ip = check_frame(1, T.if_out, HOST, TE_MAC_OUT);
	cr_assert_eq(ip[8], 63);
	cr_assert(!memcmp(ip + 20, orig + 14 + 20, 32), "payload intact");
	check_frame(2, T.if_out, HOST, TE_MAC_OUT);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.77"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
	cr_assert(!memcmp(n.mac, HOST, 6));
}

Test(slowpath, no_answer_after_three_probes_is_host_unreachable)
{
	struct pkt_spec s = base();
	struct xr_neigh n;
	const uint8_t *ip;

	s.daddr = "198.51.100.78";
	punt(&s, XR_REASON_NoNeigh);
	tick_seconds(2);
	cr_assert_eq(nsent, 3, "3 probes");
	cr_assert_eq(ST.c[XR_SLOW_ProbesSent], 3);
	tick_seconds(1);
	cr_assert_eq(nsent, 4);
	ip = check_frame(3, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 3, 1, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(ip[28 + 8], 63, "quotes the datagram as it was forwarded");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.78"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_FAILED);
	cr_assert_eq(ST.c[XR_SLOW_ResFailed], 1);
}

Test(slowpath, queue_keeps_the_newest_unres_qlen)
{
	struct pkt_spec s = base();
	int i;

	SP.p.nud.unres_qlen = 3;
	s.daddr = "198.51.100.79";
	for (i = 0; i < 5; i++)
		punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_UnresolvedDiscards], 2);
	cr_assert_eq(SP.unres[0].qlen, 3);
}

Test(slowpath, record_route_and_bad_options)
{
	static const uint8_t rr[8] = { 7, 7, 4, 0, 0, 0, 0, 0 };
	static const uint8_t badrr[8] = { 7, 7, 2, 0, 0, 0, 0, 0 };
	static const uint8_t lsrr[8] = { 131, 7, 4, 10, 0, 0, 1, 0 };
	struct pkt_spec s = base();
	const uint8_t *ip;

	s.options = rr;
	s.options_len = 8;
	punt(&s, XR_REASON_IpOptions);
	cr_assert_eq(nsent, 1);
	ip = check_frame(0, T.if_out, TE_MAC_NH, TE_MAC_OUT);
	cr_assert_eq(ip[8], 63);
	cr_assert_eq(ip[22], 8);
	cr_assert_eq(*(const uint32_t *)(ip + 23), pkt_addr("198.51.100.1"),
		     "the egress address recorded");

	s.options = badrr;
	punt(&s, XR_REASON_IpOptions);
	cr_assert_eq(nsent, 2);
	ip = check_frame(1, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 12, 0, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(ip[24], 22, "pointer at the option's pointer byte");

	s.options = lsrr;
	punt(&s, XR_REASON_IpOptions);
	cr_assert_eq(nsent, 2, "source routed: dropped");
	cr_assert_eq(ST.c[XR_SLOW_SourceRouteDrops], 1);
}

/* __ip_options_compile: a type byte in the options' last byte has no room
 * for its length ("l < 2"): Parameter Problem pointing at it, whatever the
 * type (END and NOOP are one byte and fine). */
Test(slowpath, option_type_in_the_last_byte_is_a_parameter_problem)
{
	static uint8_t opt[8] = { 7, 7, 8, 10, 0, 0, 1, 0 };   /* a full RR */
	struct pkt_spec s = base();
	const uint8_t *ip;
	int t, n = 0;

	s.options = opt;
	s.options_len = sizeof(opt);
	for (t = 2; t < 256; t++) {
		opt[7] = (uint8_t)t;
		now += 2000000000ull;          /* no rate limit in between */
		nsent = 0;
		punt(&s, XR_REASON_IpOptions);
		cr_assert_eq(nsent, 1, "type %d: nothing sent", t);
		ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
		check_icmp(ip, 12, 0, "192.0.2.1", "192.0.2.2");
		cr_assert_eq(ip[24], 20 + 7, "type %d: pointer %u", t, ip[24]);
		cr_assert(!memcmp(ip + 25, "\0\0\0", 3));
		cr_assert(!memcmp(ip + 28, orig + 14, in_len - 14),
			  "type %d: the datagram quoted as received", t);
		n++;
	}
	cr_assert_eq(ST.c[XR_SLOW_OutParmProbs], (uint64_t)n);
	cr_assert_eq(ST.c[XR_SLOW_InHdrErrors], (uint64_t)n);
}

Test(slowpath, redirect_then_forward)
{
	struct pkt_spec s = base();
	const uint8_t *ip;

	te_neigh(&T, T.if_in, "192.0.2.254", TE_MAC_NH, XR_NUD_PERMANENT);
	te_route(&T, "10.9.0.0/16", XR_RTN_UNICAST, "192.0.2.254", T.if_in);
	cr_assert_eq(xr_sp_sync(&SP), 0);
	s.daddr = "10.9.0.1";
	punt(&s, XR_REASON_Redirect);
	cr_assert_eq(nsent, 2);
	ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 5, 1, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(*(const uint32_t *)(ip + 24), pkt_addr("192.0.2.254"), "the better gateway");
	ip = check_frame(1, T.if_in, TE_MAC_NH, TE_MAC_IN);
	cr_assert_eq(ip[8], 63, "and the datagram still goes");
	punt(&s, XR_REASON_Redirect);
	cr_assert_eq(nsent, 3, "the second redirect waits 40 ms");
	cr_assert_eq(ST.c[XR_SLOW_OutRedirectsSuppressed], 1);
}

Test(slowpath, rate_limited_per_destination)
{
	struct pkt_spec s = base();
	int i;

	s.ttl = 1;
	for (i = 0; i < 10; i++)
		punt(&s, XR_REASON_TtlExceeded);
	cr_assert_eq(nsent, 6);
	cr_assert_eq(ST.c[XR_SLOW_OutRateLimitHost], 4);
	now += 1000000000ull;
	punt(&s, XR_REASON_TtlExceeded);
	cr_assert_eq(nsent, 7, "one more a second");
}

Test(slowpath, never_about_an_icmp_error)
{
	struct pkt_spec s = base();

	s.ttl = 1;
	s.proto = 1;
	s.payload_len = 36;
	in_len = pkt_build(in, &s);
	/* make the payload an ICMP error (type 3) */
	s.options = NULL;
	{
		struct xr_punt_meta m;
		size_t ol = sizeof(out);
		uint32_t ml;

		in[34] = 3;
		cr_assert_eq(te_run_meta(&T, T.if_in, in, in_len, out, &ol, &ml), XDP_PASS);
		memcpy(&m, out, sizeof(m));
		xr_sp_handle(&SP, out + ml, ol - ml, &m);
	}
	cr_assert_eq(nsent, 0);
	cr_assert_eq(ST.c[XR_SLOW_NotSentAboutIcmpError], 1);
}

Test(slowpath, bad_metadata_is_counted)
{
	struct xr_punt_meta m = { .magic = 0x1111 };
	uint8_t f[64] = { 0 };

	xr_sp_handle(&SP, f, sizeof(f), &m);
	m.magic = XR_PUNT_MAGIC;
	xr_sp_handle(&SP, f, 20, &m);
	cr_assert_eq(ST.c[XR_SLOW_RxBadMeta], 2);
	cr_assert_eq(nsent, 0);
}

/* ------------------------------- neighbours that follow the kernel */

/* daemon --kernel-sync: the kernel is asked (kick), no ARP of ours. */
static struct { uint32_t ifindex; struct xr_in6 addr; } kicked[8];
static int nkicks;

static int rec_kick(void *arg, uint32_t ifindex, const struct xr_in6 *addr)
{
	cr_assert_lt(nkicks, 8);
	kicked[nkicks].ifindex = ifindex;
	kicked[nkicks++].addr = *addr;
	return 0;
}

static void follow_kernel(void)
{
	nkicks = 0;
	xr_sp_follow_kernel(&SP, rec_kick, NULL);
}

/* Neighbours following the kernel, a datagram to daddr (connected on
 * out0, no neighbour) punted NoNeigh. */
static void punt_unresolved(const char *daddr)
{
	struct pkt_spec s = base();

	follow_kernel();
	s.daddr = daddr;
	punt(&s, XR_REASON_NoNeigh);
}

static void check_kick(int i, uint32_t ifindex, const char *addr)
{
	cr_assert_lt(i, nkicks, "kick %d not made", i);
	cr_assert_eq(kicked[i].ifindex, ifindex);
	cr_assert_eq(kicked[i].addr.a[3], pkt_addr(addr), "an IPv4-mapped address");
	cr_assert_eq(kicked[i].addr.a[2], htonl(0xffff));
}

Test(slowpath, kernel_neighbours_are_asked_of_the_kernel_and_mirrored)
{
	static const uint8_t HOST[6] = { 0x02, 0, 0, 0, 0x77, 0x77 };
	struct xr_neigh n;
	const uint8_t *ip;

	punt_unresolved("198.51.100.77");
	cr_assert_eq(nsent, 0, "no ARP request of ours");
	check_kick(0, T.if_out, "198.51.100.77");
	cr_assert_neq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.77"), &n),
		      0, "no INCOMPLETE entry written: the kernel's is mirrored");
	/* the mirror writes what the kernel learnt */
	ip = resolved_sent(0, "198.51.100.77", HOST, XR_NUD_REACHABLE);
	cr_assert(!memcmp(ip + 20, orig + 14 + 20, 32), "payload intact");
	cr_assert_eq(ST.c[XR_SLOW_ProbesSent], 0);
}

Test(slowpath, kernel_neighbours_failing_write_no_failed_entry)
{
	struct xr_neigh n;
	const uint8_t *ip;

	punt_unresolved("198.51.100.78");
	tick_seconds(3);
	cr_assert_eq(nkicks, 3, "asked as often as we would have probed");
	check_kick(2, T.if_out, "198.51.100.78");
	cr_assert_eq(nsent, 1, "no ARP; the host unreachable only");
	ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 3, 1, "192.0.2.1", "192.0.2.2");
	cr_assert_neq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.78"), &n), 0);
	cr_assert_eq(ST.c[XR_SLOW_ResFailed], 1);
}

Test(slowpath, kernel_neighbours_are_not_aged)
{
	static const uint8_t HOST[6] = { 0x02, 0, 0, 0, 0x77, 0x79 };
	struct xr_neigh n;

	follow_kernel();
	te_neigh(&T, T.if_out, "198.51.100.79", HOST, XR_NUD_REACHABLE);
	now += 3600 * 1000000000ull;
	xr_sp_tick(&SP);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.79"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_REACHABLE, "the kernel's to age");
	cr_assert_eq(nsent, 0);
	/* the same entry, the slow path's own: aged (the test can fail) */
	xr_sp_follow_kernel(&SP, NULL, NULL);
	xr_sp_tick(&SP);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.79"), &n), 0);
	cr_assert_neq(n.state, XR_NUD_REACHABLE);
}

/* ------------------------------------------------ NUD timers */

Test(nud, reachable_stale_probe_failed_gone)
{
	struct xr_sp_parms p;
	struct xr_neigh n = { .state = XR_NUD_REACHABLE, .updated_ns = 0 };
	uint64_t t = 0, s = 1000000000ull;

	xr_sp_parms_default(&p);
	cr_assert_eq(xr_nud_timer(&n, t + 29 * s, &p.nud), XR_NUD_ACT_KEEP);
	cr_assert_eq(xr_nud_timer(&n, t += 30 * s, &p.nud), XR_NUD_ACT_WRITE);
	cr_assert_eq(n.state, XR_NUD_STALE);
	cr_assert_eq(xr_nud_timer(&n, t + 4 * s, &p.nud), XR_NUD_ACT_KEEP);
	cr_assert_eq(xr_nud_timer(&n, t += 5 * s, &p.nud), XR_NUD_ACT_PROBE);
	cr_assert_eq(n.state, XR_NUD_PROBE);
	cr_assert_eq(xr_nud_timer(&n, t += s, &p.nud), XR_NUD_ACT_PROBE);
	cr_assert_eq(xr_nud_timer(&n, t += s, &p.nud), XR_NUD_ACT_PROBE);
	cr_assert_eq(XR_NEIGH_PROBES(&n), 3);
	cr_assert_eq(xr_nud_timer(&n, t += s, &p.nud), XR_NUD_ACT_WRITE);
	cr_assert_eq(n.state, XR_NUD_FAILED);
	cr_assert_eq(xr_nud_timer(&n, t + 59 * s, &p.nud), XR_NUD_ACT_KEEP);
	cr_assert_eq(xr_nud_timer(&n, t + 60 * s, &p.nud), XR_NUD_ACT_DELETE);
}

Test(nud, permanent_never_ages)
{
	struct xr_sp_parms p;
	struct xr_neigh n = { .state = XR_NUD_PERMANENT };

	xr_sp_parms_default(&p);
	cr_assert_eq(xr_nud_timer(&n, 1ull << 62, &p.nud), XR_NUD_ACT_KEEP);
	cr_assert_eq(n.state, XR_NUD_PERMANENT);
}

Test(slowpath, stale_entry_is_probed_unicast_and_confirmed)
{
	static const uint8_t HOST[6] = { 0x02, 0, 0, 0, 0x55, 0x55 };
	struct xr_neigh n = { .state = XR_NUD_STALE, .updated_ns = now };
	struct xr_arp a = { .op = ARPOP_REPLY };

	memcpy(n.mac, HOST, 6);
	cr_assert_eq(xr_neigh4_update(&T.m, T.if_out, pkt_addr("198.51.100.55"), &n), 0);
	now += 5000000000ull;
	xr_sp_tick(&SP);
	cr_assert_eq(nsent, 1);
	cr_assert(!memcmp(sent[0].f, HOST, 6), "unicast probe to the known MAC");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.55"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_PROBE);
	a.sip = pkt_addr("198.51.100.55");
	memcpy(a.sha, HOST, 6);
	xr_sp_arp_rcv(&SP, T.if_out, &a);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.55"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
}

/* Whatever arrives, the slow path neither crashes nor reads outside the
 * frame: 20,000 random datagrams (random header fields, options, lengths
 * and reasons) behind valid metadata. */
Test(slowpath, random_frames_are_survived)
{
	static uint8_t f[2048];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct xr_punt_meta m = { .magic = XR_PUNT_MAGIC };
	int i;
	size_t k, len;

	for (i = 0; i < 20000; i++) {
		for (k = 0; k < sizeof(f); k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			f[k] = (uint8_t)x;
		}
		len = 14 + (x >> 8) % (sizeof(f) - 14);
		f[14] = (uint8_t)(0x40 | (f[14] & 0x0f));     /* IPv4, any ihl */
		f[16] = (uint8_t)((len - 14) >> 8);          /* tot_len mostly right */
		f[17] = (uint8_t)(len - 14);
		if (i & 1)
			f[17] ^= f[20];
		f[12] = 0x08; f[13] = 0x00;
		m.reason = (uint8_t)(1 + (x >> 40) % XR_REASON_MAX);
		m.ifindex = (x >> 20) & 1 ? T.if_in : T.if_out;
		m.out_ifindex = (x >> 21) & 1 ? T.if_out : (uint32_t)(x >> 22);
		m.nexthop = pkt_addr("198.51.100.2");
		m.rt_type = (uint8_t)(x >> 50);
		nsent = 0;
		xr_sp_handle(&SP, f, len, &m);
		now += 1000000;                               /* 1 ms */
		if ((i & 255) == 0)
			xr_sp_tick(&SP);
	}
	cr_assert_gt(ST.c[XR_SLOW_RxFrames], 19999);
}

Test(slowpath, neigh_add_during_resolution_sends_the_queue)
{
	static const uint8_t MAC[6] = { 0x02, 0, 0, 0, 0x66, 0x66 };
	struct pkt_spec s = base();

	s.daddr = "198.51.100.66";
	punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(nsent, 1, "the ARP request");
	resolved_sent(1, "198.51.100.66", MAC, XR_NUD_PERMANENT);
	cr_assert_eq(SP.n_unres, 0);
}

/* The errors for a failed neighbour are routed back through that same
 * neighbour (the sender sits behind it): they queue anew, on a new
 * entry, while the old queue is being emptied. */
Test(slowpath, errors_routed_back_through_the_failed_neighbour)
{
	struct pkt_spec s = base();
	int i;

	SP.p.nud.unres_qlen = 2;
	te_route(&T, "10.20.0.0/16", XR_RTN_UNICAST, "198.51.100.80", T.if_out);
	s.saddr = "10.20.0.1";
	s.daddr = "198.51.100.80";
	for (i = 0; i < 3; i++)
		punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_UnresolvedDiscards], 1);
	for (i = 0; i < 3; i++) {
		now += 1000000000ull;
		xr_sp_tick(&SP);
	}
	cr_assert_eq(ST.c[XR_SLOW_ResFailed], 1);
	cr_assert_eq(ST.c[XR_SLOW_OutDestUnreachsHost], 2, "one per queued datagram");
	cr_assert_eq(SP.n_unres, 1, "the errors wait on a new resolution");
	cr_assert_eq(SP.unres[0].qlen, 2);
	cr_assert_eq(SP.unres[0].addr.a[3], pkt_addr("198.51.100.80"));
	cr_assert(xr_na_is4(&SP.unres[0].addr));
}

Test(slowpath, link_down_is_net_unreachable)
{
	struct pkt_spec s = base();

	te_if_flags(&T, T.if_out, 0, XR_IF_UP);
	cr_assert_eq(xr_nh_refresh(&T.m.fib->nh, T.if_out, 0, 1), 0);
	cr_assert_eq(xr_sp_sync(&SP), 0);
	punt(&s, XR_REASON_LinkDown);
	cr_assert_eq(nsent, 1);
	check_icmp(check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 0,
		   "192.0.2.1", "192.0.2.2");
}

/* Linux 5.3 and later: 0.9.9.9 is unicast; with no route, net unreachable
 * (on e82b0d7 the fast path dropped it as a martian destination). */
Test(slowpath, zeronet_without_a_route_is_net_unreachable)
{
	struct pkt_spec s = base();
	const uint8_t *ip;

	s.daddr = "0.9.9.9";
	punt(&s, XR_REASON_NoRoute);
	cr_assert_eq(nsent, 1);
	ip = check_frame(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp(ip, 3, 0, "192.0.2.1", "192.0.2.2");
	cr_assert_eq(*(const uint32_t *)(ip + 24), 0, "unused word");
	cr_assert_eq(get16(ip + 2), 20 + 8 + in_len - 14);
	cr_assert(!memcmp(ip + 28, orig + 14, in_len - 14), "quote: the datagram");
	cr_assert_eq(ST.c[XR_SLOW_OutDestUnreachsNet], 1);
}

/* n punts of s at the same instant; how many errors went out */
static int punts(struct pkt_spec *s, uint32_t reason, int n)
{
	int before = nsent;

	while (n-- > 0)
		punt(s, reason);
	return nsent - before;
}

/*
 * ip_error's bucket (error_cost 1 s, error_burst 5 s) and icmp_ratelimit's
 * (1 s, burst 6) are one inet_peer's rate_tokens, per host: an unreachable
 * about a route error takes a second from each, so a burst from one host
 * gets two, then a third passes ip_error and stops at icmp_ratelimit. The
 * same sequence as Linux 6.18 (10 pings 1 ms apart to an unrouted
 * destination: 2 unreachables, IcmpOutRateLimitHost 1).
 */
Test(slowpath, route_errors_limited_per_host_as_ip_error)
{
	struct pkt_spec s = base();
	int i;

	s.daddr = "100.66.0.1";
	cr_assert_eq(punts(&s, XR_REASON_NoRoute, 10), 2);
	for (i = 0; i < 2; i++)
		check_icmp(check_frame(i, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 0,
			   "192.0.2.1", "192.0.2.2");
	cr_assert_eq(ST.c[XR_SLOW_OutRateLimitHost], 1);
	cr_assert_eq(ST.c[XR_SLOW_OutDestUnreachsSuppressed], 7);

	/* another host has its own bucket */
	te_neigh(&T, T.if_in, "192.0.2.3", TE_MAC_NH, XR_NUD_PERMANENT);
	s.saddr = "192.0.2.3";
	cr_assert_eq(punts(&s, XR_REASON_NoRoute, 1), 1);
	check_icmp(check_frame(2, T.if_in, TE_MAC_NH, TE_MAC_IN), 3, 0,
		   "192.0.2.1", "192.0.2.3");

	/* 1 s later: ip_error has one token, icmp_ratelimit none left */
	s.saddr = "192.0.2.2";
	now += 1000000000ull;
	cr_assert_eq(punts(&s, XR_REASON_NoRoute, 1), 0);
	cr_assert_eq(ST.c[XR_SLOW_OutRateLimitHost], 2);
	/* 2 s after that: a token for each */
	now += 2000000000ull;
	te_route(&T, "100.64.0.0/16", XR_RTN_UNREACHABLE, NULL, 0);
	s.daddr = "100.64.0.1";
	cr_assert_eq(punts(&s, XR_REASON_Unreachable, 1), 1);
	check_icmp(check_frame(3, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 1,
		   "192.0.2.1", "192.0.2.2");
	cr_assert_eq(punts(&s, XR_REASON_Unreachable, 1), 0);
	cr_assert_eq(ST.c[XR_SLOW_OutDestUnreachsSuppressed], 8);
}

/* TTL exceeded is not a route error: icmp_ratelimit alone (burst 6) */
Test(slowpath, ttl_exceeded_is_not_limited_by_ip_error)
{
	struct pkt_spec s = base();

	s.ttl = 1;
	cr_assert_eq(punts(&s, XR_REASON_TtlExceeded, 10), 6);
	cr_assert_eq(ST.c[XR_SLOW_OutDestUnreachsSuppressed], 0);
}

/* ------------------------------------ budgets of the unresolved queues */

/* The charge of the datagram of the last punt: its IP length plus the
 * fixed overhead (docs/slowpath.md). */
static size_t last_charge(void) { return in_len - 14 + XR_UNRES_OVERHEAD; }

static void punt_to(struct pkt_spec *s, const char *daddr, uint32_t reason)
{
	s->daddr = daddr;
	punt(s, reason);
}

/* n seconds of the daemon's timers, a tick each */
static void seconds(int n)
{
	while (n-- > 0) {
		now += 1000000000ull;
		xr_sp_tick(&SP);
	}
}

Test(slowpath, queue_bytes_keep_the_newest_within_unres_qlen_bytes)
{
	struct pkt_spec s = base();
	int i;

	s.daddr = "198.51.100.80";
	s.payload_len = 1000;
	punt(&s, XR_REASON_NoNeigh);
	SP.p.nud.unres_qlen_bytes = (uint32_t)(3 * last_charge() + 10);
	for (i = 0; i < 4; i++)
		punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_Queued], 5);
	cr_assert_eq(ST.c[XR_SLOW_UnresolvedDiscards], 2, "the 2 oldest dropped");
	cr_assert_eq(SP.unres[0].qlen, 3);
	cr_assert_eq(SP.unres[0].qbytes, 3 * last_charge());
	cr_assert_eq(SP.unres_bytes, 3 * last_charge());
}

Test(slowpath, total_budget_drops_the_new_datagram_and_is_given_back)
{
	struct pkt_spec s = base();

	s.payload_len = 500;
	punt_to(&s, "198.51.100.81", XR_REASON_NoNeigh);
	SP.p.nud.unres_total_bytes = (uint32_t)(3 * last_charge());
	punt(&s, XR_REASON_NoNeigh);
	punt_to(&s, "198.51.100.82", XR_REASON_NoNeigh);
	punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_Queued], 3);
	cr_assert_eq(ST.c[XR_SLOW_UnresBudgetFull], 1, "the 4th does not fit");
	cr_assert_eq(ST.c[XR_SLOW_UnresolvedDiscards], 0);
	cr_assert_eq(SP.unres_bytes, 3 * last_charge());
	seconds(3);                      /* 3 probes, no answer: FAILED */
	cr_assert_eq(SP.n_unres, 0);
	cr_assert_eq(SP.unres_bytes, 0, "the budget is given back");
	cr_assert_eq(ST.c[XR_SLOW_ResFailedDrops], 3);
	cr_assert_eq(ST.c[XR_SLOW_Queued], ST.c[XR_SLOW_ResFailedDrops] +
		     ST.c[XR_SLOW_UnresSent] + ST.c[XR_SLOW_UnresolvedDiscards]);
}

Test(slowpath, gc_thresh3_bounds_the_learned_entries)
{
	struct pkt_spec s = base();
	struct xr_neigh n;

	SP.p.nud.gc_thresh3 = 2;
	punt_to(&s, "198.51.100.83", XR_REASON_NoNeigh);
	punt_to(&s, "198.51.100.84", XR_REASON_NoNeigh);
	punt_to(&s, "198.51.100.85", XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_TableFulls], 1, "a 3rd learned entry is refused");
	cr_assert_eq(ST.c[XR_SLOW_Queued], 2);
	cr_assert_neq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.85"), &n), 0);
	seconds(3);
	/* both FAILED: the forced GC takes them and makes room */
	punt(&s, XR_REASON_NoNeigh);
	cr_assert_eq(ST.c[XR_SLOW_TableFulls], 1);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.85"), &n), 0);
	cr_assert_eq(n.state, XR_NUD_INCOMPLETE);
	cr_assert_neq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.83"), &n), 0,
		      "FAILED entries collected");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.2"), &n), 0,
		     "a PERMANENT entry is never collected");
}

/* ------------------------------------- ARP as arp_process does it */

TestSuite(arp_process, .init = setup, .fini = teardown);

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0xaa, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0xbb, 0x02 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* The bytes of an ARP packet on if_out, parsed and received. */
static void arp_in(uint16_t op, const uint8_t *dmac, const uint8_t *sha,
		   const char *sip, const uint8_t *tha, const char *tip)
{
	uint8_t f[XR_ARP_LEN];
	__be32 s = pkt_addr(sip), t = pkt_addr(tip);
	struct xr_arp a;

	memcpy(f, dmac, 6);
	memcpy(f + 6, sha, 6);
	memcpy(f + 12, "\x08\x06\x00\x01\x08\x00\x06\x04", 8);
	f[20] = 0;
	f[21] = (uint8_t)op;
	memcpy(f + 22, sha, 6);
	memcpy(f + 28, &s, 4);
	memcpy(f + 32, tha, 6);
	memcpy(f + 38, &t, 4);
	cr_assert_eq(xr_arp_parse(f, sizeof(f), &a), 0);
	xr_sp_arp_rcv(&SP, T.if_out, &a);
}

static void reply_in(const uint8_t *sha, const char *sip)
{
	arp_in(ARPOP_REPLY, TE_MAC_OUT, sha, sip, TE_MAC_OUT, "198.51.100.1");
}

static struct xr_neigh entry(const char *addr)
{
	struct xr_neigh n;

	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr(addr), &n), 0,
		     "%s: no entry", addr);
	return n;
}

static int has_entry(const char *addr)
{
	struct xr_neigh n;

	return xr_neigh4_get(&T.m, T.if_out, pkt_addr(addr), &n) == 0;
}

static void learn(const char *addr, const uint8_t *mac, uint16_t state)
{
	struct xr_neigh n = { .state = state, .updated_ns = now };

	memcpy(n.mac, mac, 6);
	cr_assert_eq(xr_neigh4_update(&T.m, T.if_out, pkt_addr(addr), &n), 0);
}

Test(arp_process, unsolicited_creates_nothing_revives_no_failed_entry)
{
	struct xr_neigh n;

	reply_in(MAC_A, "198.51.100.90");                 /* reply, no entry */
	arp_in(ARPOP_REQUEST, BCAST, MAC_A, "198.51.100.91", BCAST,
	       "198.51.100.91");                          /* gratuitous request */
	arp_in(ARPOP_REPLY, BCAST, MAC_A, "198.51.100.92", MAC_A,
	       "198.51.100.92");                          /* gratuitous reply */
	cr_assert(!has_entry("198.51.100.90") && !has_entry("198.51.100.91") &&
		  !has_entry("198.51.100.92"), "arp_accept=0: no entry made");
	learn("198.51.100.93", (const uint8_t *)"\0\0\0\0\0\0", XR_NUD_FAILED);
	now += 5000000000ull;
	reply_in(MAC_A, "198.51.100.93");
	arp_in(ARPOP_REPLY, BCAST, MAC_A, "198.51.100.93", MAC_A, "198.51.100.93");
	n = entry("198.51.100.93");
	cr_assert_eq(n.state, XR_NUD_FAILED, "not revived: state %#x", n.state);
	cr_assert_eq(ST.c[XR_SLOW_RepliesLearned], 0);
	cr_assert_eq(ST.c[XR_SLOW_ArpIgnored], 5);
	reply_in(MAC_A, "198.51.100.2");                  /* PERMANENT */
	arp_in(ARPOP_REPLY, BCAST, MAC_A, "198.51.100.2", MAC_A, "198.51.100.2");
	n = entry("198.51.100.2");
	cr_assert(n.state == XR_NUD_PERMANENT && !memcmp(n.mac, TE_MAC_NH, 6),
		  "PERMANENT never touched");
	cr_assert_eq(nsent, 0);
}

Test(arp_process, another_mac_waits_out_the_locktime)
{
	struct xr_neigh n;
	uint64_t t0;

	learn("198.51.100.94", MAC_A, XR_NUD_REACHABLE);
	t0 = now;
	now = t0 + 500000000ull;                          /* 0.5 s */
	reply_in(MAC_B, "198.51.100.94");
	n = entry("198.51.100.94");
	cr_assert(!memcmp(n.mac, MAC_A, 6), "within locktime: the first holds");
	cr_assert_eq(n.updated_ns, t0, "a refused update does not move the locktime");
	cr_assert_eq(ST.c[XR_SLOW_ArpLocked], 1);
	now = t0 + 1000000000ull;                         /* exactly 1 s: still */
	reply_in(MAC_B, "198.51.100.94");
	cr_assert(!memcmp(entry("198.51.100.94").mac, MAC_A, 6));
	now = t0 + 1100000000ull;
	reply_in(MAC_B, "198.51.100.94");
	n = entry("198.51.100.94");
	cr_assert(!memcmp(n.mac, MAC_B, 6), "after locktime the new MAC is taken");
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
	cr_assert_eq(n.updated_ns, now);
	/* a gratuitous ARP overrides at once (arp_is_garp) */
	now += 100000000ull;
	arp_in(ARPOP_REQUEST, BCAST, MAC_A, "198.51.100.94", BCAST, "198.51.100.94");
	n = entry("198.51.100.94");
	cr_assert(!memcmp(n.mac, MAC_A, 6), "gratuitous ARP taken within locktime");
	cr_assert_eq(n.state, XR_NUD_STALE, "a request does not confirm");
}

Test(arp_process, broadcast_replies_and_requests_do_not_confirm)
{
	struct xr_neigh n;

	learn("198.51.100.95", MAC_A, XR_NUD_STALE);
	now += 2000000000ull;
	arp_in(ARPOP_REPLY, BCAST, MAC_B, "198.51.100.95", TE_MAC_OUT, "198.51.100.1");
	n = entry("198.51.100.95");
	cr_assert(!memcmp(n.mac, MAC_B, 6));
	cr_assert_eq(n.state, XR_NUD_STALE, "broadcast reply: STALE, state %#x", n.state);
	now += 2000000000ull;
	reply_in(MAC_B, "198.51.100.95");
	cr_assert_eq(entry("198.51.100.95").state, XR_NUD_REACHABLE);
	/* the same MAC in a request leaves a valid entry as it is */
	now += 2000000000ull;
	arp_in(ARPOP_REQUEST, BCAST, MAC_B, "198.51.100.95", BCAST, "198.51.100.9");
	n = entry("198.51.100.95");
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
	cr_assert_eq(n.updated_ns, now - 2000000000ull, "nothing changed, no update");
}

Test(arp_process, a_request_for_our_address_makes_a_stale_entry)
{
	struct xr_neigh n;

	arp_in(ARPOP_REQUEST, BCAST, MAC_A, "198.51.100.96", BCAST, "198.51.100.1");
	n = entry("198.51.100.96");
	cr_assert_eq(n.state, XR_NUD_STALE, "neigh_event_ns: STALE");
	cr_assert(!memcmp(n.mac, MAC_A, 6));
	/* ... and overrides within locktime (NEIGH_UPDATE_F_OVERRIDE) */
	now += 100000000ull;
	arp_in(ARPOP_REQUEST, BCAST, MAC_B, "198.51.100.96", BCAST, "198.51.100.1");
	cr_assert(!memcmp(entry("198.51.100.96").mac, MAC_B, 6));
	/* for another address: nothing is made */
	arp_in(ARPOP_REQUEST, BCAST, MAC_A, "198.51.100.97", BCAST, "198.51.100.9");
	cr_assert(!has_entry("198.51.100.97"));
}

/* ================================================================ IPv6 */
/*
 * The IPv6 slow path on the real maps (routes through the fib6 library,
 * neighbours in xr_neigh6), its punts given the metadata the fast path
 * writes for IPv6 (nexthop 0, nh_id the route's slot in xr_fib6_nh):
 *   in0  2001:db8:1::1/64, fe80::a0; the peer 2001:db8:1::2 PERMANENT
 *   out0 2001:db8:2::1/64, fe80::b0
 *   2001:db8:9::/48 via 2001:db8:2::2, 2001:db8:7::/48 via fe80::c3 dev in0,
 *   2001:db8:66::/48 prohibit
 */
#include "lib/route6.h"
#include "lib/neigh6.h"
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"

static struct xr_in6 A6(const char *s)
{
	struct xr_in6 a;

	cr_assert_eq(inet_pton(AF_INET6, s, &a), 1, "%s", s);
	return a;
}

static int is6(const uint8_t *p, const char *s)
{
	struct xr_in6 a = A6(s);

	return !memcmp(p, &a, 16);
}

static void addr6(const char *a, uint32_t ifindex)
{
	struct xr_in6 k = A6(a);
	struct xr_addr v = { .ifindex = ifindex, .type = XR_ADDR_LOCAL, .plen = 64 };

	cr_assert_eq(bpf_map_update_elem(T.m.addrs6, &k, &v, BPF_ANY), 0);
}

static void route6(const char *dst, uint8_t plen, uint8_t type, const char *gw,
		   uint32_t ifindex)
{
	struct xr_route6 rt = { .dst = A6(dst), .plen = plen, .type = type,
				.proto = XR_RTPROT_STATIC, .ifindex = ifindex };

	if (gw)
		rt.gw = A6(gw);
	cr_assert_eq(xr_route6_update(&T.m, &rt), 0, "route %s", dst);
}

static void neigh6(uint32_t ifindex, const char *a, const uint8_t mac[6],
		   uint16_t state)
{
	struct xr_neigh n = { .state = state, .updated_ns = now };
	struct xr_in6 k = A6(a);

	memcpy(n.mac, mac, 6);
	cr_assert_eq(xr_neigh6_update(&T.m, ifindex, &k, &n), 0);
}

static int neigh6_get(uint32_t ifindex, const char *a, struct xr_neigh *n)
{
	struct xr_in6 k = A6(a);

	return xr_neigh6_get(&T.m, ifindex, &k, n);
}

static void setup6(void)
{
	setup();
	addr6("2001:db8:1::1", T.if_in);
	addr6("fe80::a0", T.if_in);
	addr6("2001:db8:2::1", T.if_out);
	addr6("fe80::b0", T.if_out);
	route6("2001:db8:1::", 64, XR_RTN_UNICAST, NULL, T.if_in);
	route6("2001:db8:2::", 64, XR_RTN_UNICAST, NULL, T.if_out);
	route6("2001:db8:9::", 48, XR_RTN_UNICAST, "2001:db8:2::2", T.if_out);
	route6("2001:db8:7::", 48, XR_RTN_UNICAST, "fe80::c3", T.if_in);
	route6("2001:db8:66::", 48, XR_RTN_PROHIBIT, NULL, 0);
	neigh6(T.if_in, "2001:db8:1::2", TE_MAC_PEER, XR_NUD_PERMANENT);
	cr_assert_eq(xr_sp_sync(&SP), 0);
}

TestSuite(slowpath6, .init = setup6, .fini = teardown);

static size_t frame6(uint8_t *f, const char *src, const char *dst, uint8_t hlim,
		     const uint8_t *hbh, size_t hbh_len, size_t plen)
{
	struct xr_in6 s = A6(src), d = A6(dst);
	uint8_t *ip = f + 14;
	size_t i;

	memcpy(f, TE_MAC_IN, 6);
	memcpy(f + 6, TE_MAC_PEER, 6);
	f[12] = 0x86;
	f[13] = 0xdd;
	xr_ip6_hdr(ip, hbh_len + plen, hbh_len ? 0 : 17, hlim, &s, &d);
	ip[1] = 0x0a;                     /* traffic class and flow label */
	ip[2] = 0xbc;
	ip[3] = 0xde;
	memcpy(ip + 40, hbh, hbh_len);
	if (hbh_len)
		ip[40] = 17;
	for (i = 0; i < plen; i++)
		ip[40 + hbh_len + i] = (uint8_t)(i * 13 + 5);
	return 14 + 40 + hbh_len + plen;
}

/* The slot of the route covering dst in xr_fib6_nh (the punt's nh_id). */
static uint32_t nh_slot(const char *dst)
{
	struct xr_in6 a = A6(dst);
	uint32_t e = 0;
	uint8_t plen;

	for (plen = 128; plen > 0 && !e; plen--)
		cr_assert_eq(xr_route6_fib_entry(&T.m, &a, plen, &e), 0);
	cr_assert(e & XR_FIB6_VALID, "no route for %s", dst);
	return e & XR_FIB6_ID_MASK;
}

/* The frame in[0..in_len) punted for reason, leaving by oif. */
static void punt6(uint8_t reason, uint32_t oif, uint32_t mtu)
{
	struct xr_punt_meta m = { .magic = XR_PUNT_MAGIC, .reason = reason,
				  .rt_type = XR_RTN_UNICAST, .ifindex = T.if_in,
				  .out_ifindex = oif, .mtu = mtu };
	struct xr_in6 d;

	memcpy(&d, in + 14 + 24, 16);
	if (oif) {
		char s[64];

		inet_ntop(AF_INET6, &d, s, sizeof(s));
		m.nh_id = nh_slot(s);
	}
	memcpy(orig, in, in_len);
	xr_sp_handle(&SP, in, in_len, &m);
}


/* An IPv6 frame: MACs, ethertype, the payload length. */
static const uint8_t *check_frame6(int i, uint32_t ifindex, const uint8_t *dmac,
				   const uint8_t *smac)
{
	const uint8_t *f = sent[i].f;

	cr_assert_lt(i, nsent, "frame %d not sent", i);
	cr_assert_eq(sent[i].ifindex, ifindex, "sent on %u", sent[i].ifindex);
	cr_assert(!memcmp(f, dmac, 6), "destination MAC");
	cr_assert(!memcmp(f + 6, smac, 6), "source MAC");
	cr_assert_eq(get16(f + 12), 0x86dd);
	cr_assert_eq(f[14] >> 4, 6);
	cr_assert_eq(get16(f + 18), sent[i].len - 14 - 40, "payload length");
	return f + 14;
}

/* An ICMPv6 error: addresses, hop limit 64, type, code, checksum, the
 * second word, and the quote of the packet as it was (orig). */
static void check_icmp6(const uint8_t *ip, uint8_t type, uint8_t code,
			uint32_t info, const char *src, const char *dst)
{
	size_t quote = in_len - 14 > 1232 ? 1232 : in_len - 14;

	cr_assert_eq(ip[6], 58);
	cr_assert_eq(ip[7], 64);
	cr_assert(is6(ip + 8, src), "ICMPv6 source");
	cr_assert(is6(ip + 24, dst), "ICMPv6 destination");
	cr_assert_eq(ip[40], type);
	cr_assert_eq(ip[41], code);
	cr_assert(pkt_icmp6_csum_ok(ip), "ICMPv6 checksum");
	cr_assert_eq((uint32_t)get16(ip + 44) << 16 | get16(ip + 46), info);
	cr_assert_eq(get16(ip + 4), 8 + quote);
}

static void check_quote(const uint8_t *ip)
{
	size_t quote = get16(ip + 4) - 8;

	cr_assert(!memcmp(ip + 48, orig + 14, quote), "the quote");
}

Test(slowpath6, hop_limit_exceeded_is_time_exceeded)
{
	const uint8_t *ip;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 1, NULL, 0, 60);
	punt6(XR_REASON_TtlExceeded, 0, 0);
	cr_assert_eq(nsent, 1);
	ip = check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp6(ip, 3, 0, 0, "2001:db8:1::1", "2001:db8:1::2");
	check_quote(ip);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutTimeExcds], 1);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutMsgs], 1);
}

Test(slowpath6, route_errors_as_ip6_pkt_drop)
{
	static const struct { uint8_t reason, code; const char *dst; } c[] = {
		{ XR_REASON_NoRoute, 0, "2001:db8:55::1" },
		{ XR_REASON_Unreachable, 0, "2001:db8:56::1" },
		{ XR_REASON_Prohibit, 1, "2001:db8:66::1" },
		{ XR_REASON_LinkDown, 0, "2001:db8:9::1" },
	};
	size_t i;

	for (i = 0; i < 4; i++) {
		in_len = frame6(in, "2001:db8:1::2", c[i].dst, 64, NULL, 0, 20);
		punt6(c[i].reason, 0, 0);
		cr_assert_eq(nsent, (int)i + 1, "%zu", i);
		check_icmp6(check_frame6((int)i, T.if_in, TE_MAC_PEER, TE_MAC_IN),
			    1, c[i].code, 0, "2001:db8:1::1", "2001:db8:1::2");
	}
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutDestUnreachs], 4);
}

Test(slowpath6, packet_too_big_with_the_mtu_quotes_1232_bytes)
{
	const uint8_t *ip;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 1412);
	punt6(XR_REASON_PacketTooBig, T.if_out, 1400);
	cr_assert_eq(nsent, 1);
	ip = check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp6(ip, 2, 0, 1400, "2001:db8:1::1", "2001:db8:1::2");
	check_quote(ip);
	cr_assert_eq(sent[0].len, 14 + 1280, "1280 bytes in all");
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutPktTooBigs], 1);
}

/* A link-local source: 1/2 from the link's link-local address, which
 * first resolves the source by NDP from that address. */
Test(slowpath6, beyond_scope_from_the_link_local_address_after_ndp)
{
	static const uint8_t H[6] = { 0x02, 0, 0, 0, 0x11, 0x11 };
	struct xr_nd na = { .type = 136, .flags = ND_NA_SOLICITED | ND_NA_OVERRIDE,
			    .has_lladdr = 1 };
	const uint8_t *ip;

	in_len = frame6(in, "fe80::2", "2001:db8:9::9", 64, NULL, 0, 20);
	punt6(XR_REASON_BeyondScope, 0, 0);
	cr_assert_eq(nsent, 1, "a solicitation; the error waits");
	ip = check_frame6(0, T.if_in, (const uint8_t *)"\x33\x33\xff\x00\x00\x02", TE_MAC_IN);
	cr_assert_eq(ip[40], 135);
	cr_assert(is6(ip + 8, "fe80::a0"), "from the waiting error's source, ours");
	na.target = A6("fe80::2");
	na.saddr = na.target;
	na.daddr = A6("2001:db8:1::1");
	memcpy(na.lladdr, H, 6);
	xr_sp_ndisc_rcv(&SP, T.if_in, &na);
	cr_assert_eq(nsent, 2);
	ip = check_frame6(1, T.if_in, H, TE_MAC_IN);
	check_icmp6(ip, 1, 2, 0, "fe80::a0", "fe80::2");
	check_quote(ip);
}

/* NoNeigh: an NS to the solicited-node address from the link's
 * link-local address; the answer sends the queue, hop limit - 1. */
Test(slowpath6, unknown_neighbour_is_solicited_and_the_queue_sent)
{
	struct xr_nd na = { .type = 136, .flags = ND_NA_SOLICITED, .has_lladdr = 1 };
	struct xr_neigh n;
	const uint8_t *ip;
	int i;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 100);
	punt6(XR_REASON_NoNeigh, T.if_out, 1500);
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 100);
	punt6(XR_REASON_NoNeigh, T.if_out, 1500);
	cr_assert_eq(nsent, 1, "one solicitation, both packets queued");
	ip = check_frame6(0, T.if_out, (const uint8_t *)"\x33\x33\xff\x00\x00\x02", TE_MAC_OUT);
	cr_assert_eq(ip[7], 255);
	cr_assert(is6(ip + 8, "fe80::b0"), "from out0's link-local address");
	cr_assert(is6(ip + 24, "ff02::1:ff00:2"));
	cr_assert_eq(ip[40], 135);
	cr_assert(pkt_icmp6_csum_ok(ip));
	cr_assert(is6(ip + 48, "2001:db8:2::2"), "target: the gateway");
	cr_assert(ip[64] == 1 && ip[65] == 1 && !memcmp(ip + 66, TE_MAC_OUT, 6), "SLLAO");
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::2", &n), 0);
	cr_assert_eq(n.state, XR_NUD_INCOMPLETE);
	cr_assert_eq(ST.c[XR_SLOW_NdiscQueued], 2);
	cr_assert_eq(ST.c[XR_SLOW_NdiscProbesSent], 1);
	cr_assert_eq(ST.c[XR_SLOW_Queued], 0, "ARP's counters untouched");

	na.target = A6("2001:db8:2::2");
	na.saddr = na.target;
	na.daddr = A6("fe80::b0");
	memcpy(na.lladdr, TE_MAC_NH, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	cr_assert_eq(nsent, 3, "both sent");
	for (i = 1; i < 3; i++) {
		ip = check_frame6(i, T.if_out, TE_MAC_NH, TE_MAC_OUT);
		cr_assert_eq(ip[7], 63, "hop limit - 1");
		cr_assert(!memcmp(ip, orig + 14, 7), "version, class, flow, length, next header");
		cr_assert(!memcmp(ip + 8, orig + 14 + 8, in_len - 14 - 8), "the rest unchanged");
	}
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::2", &n), 0);
	cr_assert_eq(n.state, XR_NUD_REACHABLE);
	cr_assert(!memcmp(n.mac, TE_MAC_NH, 6));
	cr_assert_eq(ST.c[XR_SLOW_NdiscUnresSent], 2);
	cr_assert_eq(ST.c[XR_SLOW_Ip6ForwDatagrams], 2);
}

Test(slowpath6, no_answer_is_failed_and_address_unreachable)
{
	struct xr_neigh n;
	const uint8_t *ip;
	int i;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 40);
	punt6(XR_REASON_NoNeigh, T.if_out, 1500);
	for (i = 0; i < 2; i++) {
		now += 1000000000ull;
		xr_sp_tick(&SP);
	}
	cr_assert_eq(nsent, 3, "3 solicitations, 1 s apart");
	for (i = 0; i < 3; i++)
		cr_assert_eq(check_frame6(i, T.if_out, (const uint8_t *)"\x33\x33\xff\x00\x00\x02",
					  TE_MAC_OUT)[40], 135);
	now += 1000000000ull;
	xr_sp_tick(&SP);
	cr_assert_eq(nsent, 4);
	ip = check_frame6(3, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	orig[14 + 7]--;                   /* quoted as it was forwarded */
	check_icmp6(ip, 1, 3, 0, "2001:db8:1::1", "2001:db8:1::2");
	check_quote(ip);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::2", &n), 0);
	cr_assert_eq(n.state, XR_NUD_FAILED);
	cr_assert_eq(ST.c[XR_SLOW_NdiscResFailed], 1);
	cr_assert_eq(ST.c[XR_SLOW_NdiscResFailedDrops], 1);
}

Test(slowpath6, reachable_stale_probe_failed)
{
	struct xr_neigh n;
	const uint8_t *ip;
	int i;

	neigh6(T.if_out, "2001:db8:2::44", TE_MAC_NH, XR_NUD_REACHABLE);
	now += 30000000000ull;
	xr_sp_tick(&SP);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::44", &n), 0);
	cr_assert_eq(n.state, XR_NUD_STALE);
	cr_assert_eq(nsent, 0);
	now += 5000000000ull;
	xr_sp_tick(&SP);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::44", &n), 0);
	cr_assert_eq(n.state, XR_NUD_PROBE);
	cr_assert_eq(nsent, 1);
	ip = check_frame6(0, T.if_out, TE_MAC_NH, TE_MAC_OUT);
	cr_assert(is6(ip + 24, "2001:db8:2::44"), "a unicast probe");
	cr_assert(is6(ip + 48, "2001:db8:2::44"));
	for (i = 0; i < 3; i++) {
		now += 1000000000ull;
		xr_sp_tick(&SP);
	}
	cr_assert_eq(nsent, 3, "ucast_solicit 3");
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::44", &n), 0);
	cr_assert_eq(n.state, XR_NUD_FAILED);
}

Test(slowpath6, advertisements_as_ndisc_recv_na)
{
	static const uint8_t M2[6] = { 0x02, 0, 0, 0, 0x22, 0x22 };
	struct xr_nd na = { .type = 136, .has_lladdr = 1 };
	struct xr_neigh n;

	na.target = A6("2001:db8:2::45");
	memcpy(na.lladdr, M2, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::45", &n), -ENOENT,
		     "no entry made by an advertisement");
	cr_assert_eq(ST.c[XR_SLOW_NdiscIgnored], 1);
	neigh6(T.if_out, "2001:db8:2::45", TE_MAC_NH, XR_NUD_REACHABLE);
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);            /* no override */
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::45", &n), 0);
	cr_assert(n.state == XR_NUD_STALE && !memcmp(n.mac, TE_MAC_NH, 6),
		  "REACHABLE turns STALE, keeps its address");
	na.flags = ND_NA_OVERRIDE;
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::45", &n), 0);
	cr_assert(n.state == XR_NUD_STALE && !memcmp(n.mac, M2, 6), "override");
	na.target = A6("2001:db8:2::1");                /* ours */
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::1", &n), -ENOENT);
}

Test(slowpath6, a_solicitation_for_our_address_makes_a_stale_entry)
{
	static const uint8_t M3[6] = { 0x02, 0, 0, 0, 0x33, 0x33 };
	struct xr_nd ns = { .type = 135, .has_lladdr = 1 };
	struct xr_neigh n;

	ns.saddr = A6("2001:db8:2::46");
	ns.target = A6("2001:db8:2::1");
	memcpy(ns.lladdr, M3, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &ns);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::46", &n), 0);
	cr_assert(n.state == XR_NUD_STALE && !memcmp(n.mac, M3, 6));
	ns.saddr = A6("2001:db8:2::47");
	ns.target = A6("2001:db8:2::99");               /* not ours */
	xr_sp_ndisc_rcv(&SP, T.if_out, &ns);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::47", &n), -ENOENT);
}

Test(slowpath6, hop_by_hop_forwarded_or_refused)
{
	static const uint8_t ra[8] = { 0, 0, 5, 2, 0, 0, 1, 0 };
	static const uint8_t a10[8] = { 0, 0, 0x9e, 4, 0, 0, 0, 0 };
	static const uint8_t a01[8] = { 0, 0, 0x5e, 4, 0, 0, 0, 0 };
	const uint8_t *ip;

	neigh6(T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_PERMANENT);
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, ra, 8, 30);
	punt6(XR_REASON_HopByHop, T.if_out, 1500);
	cr_assert_eq(nsent, 1, "router alert: forwarded");
	ip = check_frame6(0, T.if_out, TE_MAC_NH, TE_MAC_OUT);
	cr_assert_eq(ip[7], 63);
	cr_assert(!memcmp(ip + 8, orig + 14 + 8, in_len - 14 - 8), "unchanged");
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, a01, 8, 30);
	punt6(XR_REASON_HopByHop, T.if_out, 1500);
	cr_assert_eq(nsent, 1, "action 01: dropped silently");
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, a10, 8, 30);
	punt6(XR_REASON_HopByHop, T.if_out, 1500);
	cr_assert_eq(nsent, 2);
	ip = check_frame6(1, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	check_icmp6(ip, 4, 2, 42, "2001:db8:1::1", "2001:db8:1::2");
	check_quote(ip);
	cr_assert_eq(ST.c[XR_SLOW_Ip6InHdrErrors], 2);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutParmProblems], 1);
}

/* A packet that leaves by the link it came in on toward a gateway there:
 * a redirect from in0's link-local address naming the gateway, then the
 * packet forwarded (the gateway resolved first). */
Test(slowpath6, redirect_then_forward)
{
	const uint8_t *ip;
	int i;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:7::1", 64, NULL, 0, 24);
	punt6(XR_REASON_Redirect, T.if_in, 1500);
	cr_assert_eq(nsent, 2, "the redirect, then a solicitation for fe80::c3");
	ip = check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN);
	cr_assert_eq(ip[7], 255);
	cr_assert(is6(ip + 8, "fe80::a0"));
	cr_assert(is6(ip + 24, "2001:db8:1::2"));
	cr_assert_eq(ip[40], 137);
	cr_assert(pkt_icmp6_csum_ok(ip));
	cr_assert(is6(ip + 48, "fe80::c3"), "target: the gateway");
	cr_assert(is6(ip + 64, "2001:db8:7::1"), "destination");
	cr_assert_eq(ip[80], 4, "no target lladdr known: the redirected header");
	cr_assert_eq(ip[81], (in_len - 14 + 8) / 8);
	cr_assert(!memcmp(ip + 88, orig + 14, in_len - 14), "the packet, whole");
	ip = check_frame6(1, T.if_in, (const uint8_t *)"\x33\x33\xff\x00\x00\xc3", TE_MAC_IN);
	cr_assert_eq(ip[40], 135);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutRedirects], 1);
	/* limited: 1 s a destination (ip6_forward) and a source (ndisc),
	 * a fresh host with a burst of 6 (inet_peer_xrlim_allow) */
	for (i = 0; i < 6; i++) {
		in_len = frame6(in, "2001:db8:1::2", "2001:db8:7::1", 64, NULL, 0, 24);
		punt6(XR_REASON_Redirect, T.if_in, 1500);
	}
	cr_assert_eq(nsent, 7, "5 more redirects, the packets queued");
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutRedirects], 6);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutRedirectsSuppressed], 1);
	now += 1000000000ull;
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:7::1", 64, NULL, 0, 24);
	punt6(XR_REASON_Redirect, T.if_in, 1500);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutRedirects], 7, "a second later, one more");
}

Test(slowpath6, never_about_an_icmpv6_error_nor_to_multicast)
{
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 1, NULL, 0, 20);
	in[14 + 6] = 58;
	in[14 + 40] = 1;                  /* a destination unreachable */
	punt6(XR_REASON_TtlExceeded, 0, 0);
	in_len = frame6(in, "2001:db8:1::2", "ff0e::9", 1, NULL, 0, 20);
	punt6(XR_REASON_TtlExceeded, 0, 0);
	in_len = frame6(in, "::", "2001:db8:9::9", 1, NULL, 0, 20);
	punt6(XR_REASON_TtlExceeded, 0, 0);
	cr_assert_eq(nsent, 0);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6NotSentAboutIcmpError], 1);
	cr_assert_eq(ST.c[XR_SLOW_Icmp6NotSentAboutMcast], 2);
}

Test(slowpath6, rate_limited_per_destination)
{
	int i;

	for (i = 0; i < 10; i++) {
		in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 1, NULL, 0, 20);
		punt6(XR_REASON_TtlExceeded, 0, 0);
	}
	cr_assert_eq(nsent, 6, "a burst of 6");
	cr_assert_eq(ST.c[XR_SLOW_Icmp6OutRateLimitHost], 4);
	now += 249000000ull;
	punt6(XR_REASON_TtlExceeded, 0, 0);
	cr_assert_eq(nsent, 6);
	now += 1000000ull;
	punt6(XR_REASON_TtlExceeded, 0, 0);
	cr_assert_eq(nsent, 7, "then one every 250 ms (1 s >> 2: a /64 back)");
}

/* ------------------------------------- through the real fast path */

/* The frame in[0..in_len) through the XDP program, then the slow path
 * on what it punted, with the metadata it wrote. */
static void punt6_real(uint32_t want_reason)
{
	struct xr_punt_meta m;
	size_t ol = sizeof(out);
	uint32_t ml;

	memcpy(orig, in, in_len);
	cr_assert_eq(te_run_meta(&T, T.if_in, in, in_len, out, &ol, &ml), XDP_PASS);
	cr_assert_eq(ml, sizeof(m), "no metadata");
	memcpy(&m, out, sizeof(m));
	cr_assert_eq(m.reason, want_reason, "reason %u, want %u", m.reason, want_reason);
	xr_sp_handle(&SP, out + ml, ol - ml, &m);
}

Test(slowpath6, fast_path_hop_limit_1_is_time_exceeded)
{
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 1, NULL, 0, 60);
	punt6_real(XR_REASON_TtlExceeded);
	cr_assert_eq(nsent, 1);
	check_icmp6(check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN), 3, 0, 0,
		    "2001:db8:1::1", "2001:db8:1::2");
	check_quote(sent[0].f + 14);
}

Test(slowpath6, fast_path_packet_too_big_carries_its_mtu)
{
	neigh6(T.if_out, "2001:db8:2::2", TE_MAC_NH, XR_NUD_PERMANENT);
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 1500 - 40 + 1);
	punt6_real(XR_REASON_PacketTooBig);
	cr_assert_eq(nsent, 1);
	check_icmp6(check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN), 2, 0, 1500,
		    "2001:db8:1::1", "2001:db8:1::2");
}

/* Punted before its route was used (ip6_rcv_core parses the options
 * first): the daemon routes it itself, resolves the gateway, forwards. */
Test(slowpath6, fast_path_hop_by_hop_is_routed_resolved_and_forwarded)
{
	static const uint8_t ra[8] = { 0, 0, 5, 2, 0, 0, 1, 0 };
	struct xr_nd na = { .type = 136, .flags = ND_NA_SOLICITED, .has_lladdr = 1 };
	const uint8_t *ip;

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, ra, 8, 30);
	punt6_real(XR_REASON_HopByHop);
	cr_assert_eq(nsent, 1, "a solicitation for the gateway");
	ip = check_frame6(0, T.if_out, (const uint8_t *)"\x33\x33\xff\x00\x00\x02", TE_MAC_OUT);
	cr_assert(is6(ip + 48, "2001:db8:2::2"));
	na.target = A6("2001:db8:2::2");
	na.saddr = na.target;
	na.daddr = A6("fe80::b0");
	memcpy(na.lladdr, TE_MAC_NH, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	cr_assert_eq(nsent, 2);
	ip = check_frame6(1, T.if_out, TE_MAC_NH, TE_MAC_OUT);
	cr_assert_eq(ip[7], 63);
	cr_assert(!memcmp(ip + 8, orig + 14 + 8, in_len - 14 - 8), "unchanged");
	/* the next one goes by the fast path, the neighbour being known */
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:9::9", 64, NULL, 0, 30);
	{
		size_t ol = sizeof(out);

		cr_assert_eq(te_run(&T, T.if_in, in, in_len, out, &ol), XDP_REDIRECT);
	}
}

Test(slowpath6, fast_path_prohibit_and_a_hop_by_hop_packet_without_route)
{
	static const uint8_t ra[8] = { 0, 0, 5, 2, 0, 0, 1, 0 };

	in_len = frame6(in, "2001:db8:1::2", "2001:db8:66::1", 64, NULL, 0, 20);
	punt6_real(XR_REASON_Prohibit);
	cr_assert_eq(nsent, 1);
	check_icmp6(check_frame6(0, T.if_in, TE_MAC_PEER, TE_MAC_IN), 1, 1, 0,
		    "2001:db8:1::1", "2001:db8:1::2");
	in_len = frame6(in, "2001:db8:1::2", "2001:db8:66::2", 64, ra, 8, 20);
	punt6_real(XR_REASON_HopByHop);
	cr_assert_eq(nsent, 2);
	check_icmp6(check_frame6(1, T.if_in, TE_MAC_PEER, TE_MAC_IN), 1, 1, 0,
		    "2001:db8:1::1", "2001:db8:1::2");
	check_quote(sent[1].f + 14);
}

/* An NA (override) for na_target from itself, then an NS from ns_source
 * for the router's 2001:db8:2::1, both with lladdr mac, on the egress
 * link; flushed. */
static void na_then_ns(const char *na_target, const char *ns_source,
		       const uint8_t mac[6])
{
	struct xr_nd na = { .type = 136, .has_lladdr = 1, .flags = ND_NA_OVERRIDE };
	struct xr_nd ns = { .type = 135, .has_lladdr = 1 };

	na.target = A6(na_target);
	na.saddr = na.target;
	memcpy(na.lladdr, mac, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &na);
	ns.saddr = A6(ns_source);
	ns.target = A6("2001:db8:2::1");
	memcpy(ns.lladdr, mac, 6);
	xr_sp_ndisc_rcv(&SP, T.if_out, &ns);
	xr_sp_flush(&SP);
}

/* The slow path keys IPv4 neighbours as IPv4-mapped IPv6 addresses
 * (naddr.h): an NA or NS naming one, or an IPv6 datagram whose next hop
 * is one, must never reach the IPv4 (ARP) table. */
Test(slowpath6, ipv4_mapped_addresses_never_reach_the_arp_table)
{
	static const uint8_t GOOD[6] = { 0x02, 0, 0, 0, 0x55, 0x55 };
	static const uint8_t EVIL[6] = { 0x02, 0, 0, 0, 0xee, 0xee };
	struct xr_neigh n = { .state = XR_NUD_REACHABLE, .updated_ns = now };
	struct xr_route6 r = { .dst = A6("::ffff:0:0"), .plen = 96,
			       .type = XR_RTN_UNICAST, .proto = XR_RTPROT_STATIC,
			       .ifindex = T.if_out };

	memcpy(n.mac, GOOD, 6);
	cr_assert_eq(xr_neigh4_update(&T.m, T.if_out, pkt_addr("198.51.100.55"), &n), 0);
	na_then_ns("::ffff:198.51.100.55", "::ffff:198.51.100.56", EVIL);
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.55"), &n), 0);
	cr_assert(!memcmp(n.mac, GOOD, 6), "IPv4 neighbour rewritten by an NA");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.56"), &n),
		     -ENOENT, "an IPv4 neighbour made by an NS");
	cr_assert_eq(ST.c[XR_SLOW_NdiscIgnored], 2);

	cr_assert_eq(xr_route6_update(&T.m, &r), 0);
	in_len = frame6(in, "2001:db8:1::2", "::ffff:198.51.100.57", 64, NULL, 0, 100);
	punt6(XR_REASON_NoNeigh, T.if_out, 1500);
	xr_sp_flush(&SP);
	cr_assert_eq(nsent, 0, "neither ARP nor NS sent");
	cr_assert_eq(xr_neigh4_get(&T.m, T.if_out, pkt_addr("198.51.100.57"), &n),
		     -ENOENT, "no INCOMPLETE IPv4 entry");
	cr_assert_eq(ST.c[XR_SLOW_NdiscUnresolvedDiscards], 1);
	cr_assert_eq(ST.c[XR_SLOW_Queued], 0);
}

/* ndisc_recv_ns: a solicitation from a FAILED neighbour makes it STALE
 * with its address (an advertisement would not: ndisc_recv_na). */
Test(slowpath6, a_solicitation_revives_a_failed_entry)
{
	static const uint8_t M3[6] = { 0x02, 0, 0, 0, 0x33, 0x33 };
	struct xr_neigh n;

	neigh6(T.if_out, "2001:db8:2::45", TE_MAC_NH, XR_NUD_FAILED);
	neigh6(T.if_out, "2001:db8:2::46", TE_MAC_NH, XR_NUD_FAILED);
	na_then_ns("2001:db8:2::45", "2001:db8:2::46", M3);
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::45", &n), 0);
	cr_assert_eq(n.state, XR_NUD_FAILED, "an NA leaves it FAILED");
	cr_assert_eq(neigh6_get(T.if_out, "2001:db8:2::46", &n), 0);
	cr_assert(n.state == XR_NUD_STALE && !memcmp(n.mac, M3, 6),
		  "an NS makes it STALE: state %#x", n.state);
}

/* A link-local address on two attached links is one entry of xr_addrs6
 * (the first link's); the daemon still knows it as the other link's,
 * from the kernel, so that link solicits and redirects from it. */
Test(slowpath6, a_link_local_address_shared_by_two_links)
{
	struct xr_in6 ll = A6("fe80::b0"), a0 = A6("fe80::a0"), a;

	cr_assert_eq(bpf_map_delete_elem(T.m.addrs6, &ll), 0);
	cr_assert_eq(xr_sp_sync(&SP), 0);
	cr_assert_eq(xr_sp_lladdr6(&SP, T.if_out, &a), -1, "out0: none left");
	te_sh("ip addr add fe80::a0/64 dev out0 nodad");   /* in0's, too */
	cr_assert_eq(xr_sp_sync(&SP), 0);
	cr_assert_eq(xr_sp_lladdr6(&SP, T.if_out, &a), 0);
	cr_assert(xr_in6_eq(&a, &a0), "out0's is fe80::a0");
	cr_assert_eq(xr_sp_lladdr6(&SP, T.if_in, &a), 0);
	cr_assert(xr_in6_eq(&a, &a0));
	te_sh("ip addr del fe80::a0/64 dev out0");
}
