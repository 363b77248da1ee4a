// SPDX-License-Identifier: GPL-2.0
/*
 * ECMP in the fast path (bpf/lib/nhg.h), the flow hash: the probe's
 * mp_hash is the library's user-space hash exactly, for plain datagrams
 * and fragments under both policies; L3 ignores the ports and L4 uses
 * them; the fragments of a datagram take one member (under L3 the
 * flow's own); ICMP and ICMPv6 errors take the member of the datagram
 * they quote; the hash is symmetric: A->B and B->A take one member, and
 * an error going back to A that quotes A->B the member of B->A. The
 * setting: test_ecmp_env.h.
 */
#include "test_ecmp_env.h"

TestSuite(ecmp_hash, .init = setup, .fini = teardown);

/* The slow path's hash of the frame fr (len bytes): the library reading
 * the datagram itself (user/lib/nhg_flow.c), as an ICMP error it sends
 * about that datagram is routed. */
static uint32_t pkt_hash(const uint8_t *fr, size_t len, int v6)
{
	struct xr_mp_cfg cfg;

	cr_assert_eq(xr_mp_cfg_get(&T.m, &cfg), 0);
	return xr_mp_hash_pkt(&cfg, v6, fr + 14, len - 14);
}

/* The fast path's hash is abi/nhg.h's (the probe's mp_hash, exactly),
 * and its member the bucket's, for plain datagrams and fragments, under
 * both policies, in both families; the library's reading of the same
 * frame (the slow path's) agrees. */
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
		cr_assert_eq(pkt_hash(in, build(in, &f), v6), h, "flow %u", i);
		cr_assert_eq(r.verdict, XR_V_REDIRECT, "flow %u", i);
		cr_assert_eq(r.mp_hash, h, "v6 %d policy %u flow %u: hash %08x, want %08x",
			     v6, policy, i, r.mp_hash, h);
		cr_assert_eq(r.nh_id, G[v6].bucket[xr_mp_bucket(h)]);
		cr_assert_eq(r.out_ifindex, if_mp[member_of(v6, r.nh_id)]);
		cr_assert_eq(r.fib_e & XR_FIB_NHG, XR_FIB_NHG);
	}
}

Test(ecmp_hash, the_fast_path_hash_is_the_abi_hash)
{
	group(4, W1);
	hash_is_abi_hash(0, XR_MP_L3);
	hash_is_abi_hash(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	hash_is_abi_hash(0, XR_MP_L4);
	hash_is_abi_hash(1, XR_MP_L4);
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

Test(ecmp_hash, l3_ignores_ports_l4_uses_them)
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

Test(ecmp_hash, fragments_follow_the_flow_l3)
{
	group(4, W1);
	fragments(0, XR_MP_L3);
	fragments(1, XR_MP_L3);
}

Test(ecmp_hash, fragments_stay_together_l4)
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
 * quoted datagram's source, quoting its network header (IPv6: and its
 * extension headers) and 8 bytes. */
static size_t build_icmp(uint8_t *fr, const struct flow *q, uint8_t type)
{
	static uint8_t qf[2048];
	struct flow outer = { .v6 = q->v6, .proto = q->v6 ? 58 : 1 };
	size_t hl = q->v6 ? 40 : 20, ql = hl + q->ext_len;   /* quoted */
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
	memcpy(l4 + 8, qf + 14, ql + 8);
	if (q->v6) {
		put16(fr + IP6_OFF_PLEN, (uint16_t)(8 + ql + 8));
		return 14 + 40 + 8 + ql + 8;
	}
	put16(fr + IP_OFF + 2, (uint16_t)(20 + 8 + ql + 8));
	put16(l4 + 2, pkt_csum(l4, 8 + ql + 8));
	ip_csum_fix(fr);
	return 14 + 20 + 8 + ql + 8;
}

/* The flow's reverse direction: B->A for A->B (the same label). */
static struct flow reverse(const struct flow *f)
{
	struct flow r = *f;

	memcpy(r.s, f->d, 16);
	memcpy(r.d, f->s, 16);
	r.sport = f->dport;
	r.dport = f->sport;
	return r;
}

/* A->B and B->A (both routed by the group) hash alike and take one
 * member, for TCP, UDP and a protocol without ports, with and without a
 * flow label, under the policy. */
static void symmetric(int v6, uint8_t policy)
{
	struct flow q, r;
	unsigned int i, seen = 0;
	int m;

	for (i = 0; i < 200; i++) {
		q = quoted_flow(v6, i);
		q.s[v6 ? 15 : 3] = (uint8_t)(2 + i);       /* many address pairs */
		q.d[v6 ? 14 : 3] = (uint8_t)(3 + i * 7 % 250);
		q.proto = (uint8_t[]){ 17, 6, 47 }[i % 3];
		q.label = v6 && i % 2 ? i * 0x2345 : 0;
		r = reverse(&q);
		cr_assert_eq(probe(&q).mp_hash, probe(&r).mp_hash,
			     "v6 %d policy %u flow %u", v6, policy, i);
		cr_assert_eq(probe(&q).mp_hash, ref_hash(&q, policy));
		m = run_both(&q);
		cr_assert_eq(run_both(&r), m, "v6 %d policy %u flow %u: B->A",
			     v6, policy, i);
		seen |= 1u << m;
	}
	cr_assert_eq(__builtin_popcount(seen), 4, "members seen %x", seen);
}

Test(ecmp_hash, a_flow_and_its_reverse_take_one_member)
{
	group(4, W1);
	symmetric(0, XR_MP_L3);
	symmetric(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	symmetric(0, XR_MP_L4);
	symmetric(1, XR_MP_L4);
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
 * exceeded) takes the member of the datagram it quotes, A->B, which is
 * the member of B->A, the direction it travels in; an echo request is
 * hashed on its own addresses. */
static void icmp_errors(int v6, uint8_t policy)
{
	const uint8_t err4[3] = { 3, 11, 12 }, err6[3] = { 1, 2, 3 };
	struct flow q, r, echo = { .v6 = v6, .proto = v6 ? 58 : 1 };
	unsigned int i;
	size_t il;
	int m;

	for (i = 0; i < 150; i++) {
		q = quoted_flow(v6, i);
		m = run_both(&q);
		cr_assert_eq(m, ref_member(&q, policy));
		r = reverse(&q);
		cr_assert_eq(run_both(&r), m, "v6 %d policy %u: B->A %u", v6, policy, i);
		il = build_icmp(in, &q, v6 ? err6[i % 3] : err4[i % 3]);
		cr_assert_eq(pkt_hash(in, il, v6), ref_hash(&q, policy),
			     "the library reads the quoted header");
		cr_assert_eq(run_frame_both(il, v6), m,
			     "v6 %d policy %u: error %u left its flow", v6, policy, i);
		cr_assert_eq(probe(&q).mp_hash, ref_hash(&q, policy));
		memcpy(echo.d, q.s, 16);
		if (v6)
			pkt_addr6("2001:db8:1::50", echo.s);
		else
			*(uint32_t *)echo.s = pkt_addr("192.0.2.50");
		il = build_icmp(in, &q, v6 ? 128 : 8);
		cr_assert_eq(pkt_hash(in, il, v6), ref_hash(&echo, policy));
		cr_assert_eq(run_frame_both(il, v6), ref_member(&echo, policy),
			     "echo %u", i);
	}
}

Test(ecmp_hash, icmp_errors_follow_the_flow_they_quote)
{
	group(4, W1);
	icmp_errors(0, XR_MP_L3);
	icmp_errors(1, XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	icmp_errors(0, XR_MP_L4);
	icmp_errors(1, XR_MP_L4);
}

/* ----------------------------- IPv6 fragments with extension headers */

static const uint8_t AH16[16] = { 17, 2 };     /* AH, 16 bytes, then UDP */

/* The fragments of a datagram whose Fragment header is followed by a
 * 16-byte AH, then UDP: the first (which holds the AH and UDP) and a
 * later one (which does not) hash alike, on the Fragment header's next
 * header (AH) by L3, under either policy, in the fast path (XDP, tc, the
 * probe) and the library. The whole datagram (AH, UDP, no Fragment
 * header) is hashed on UDP past the AH: it may take another member
 * (docs/architecture.md "ECMP"). */
static void frag_ah(uint8_t policy)
{
	const int frags[3] = { 1 + (0 << 1 | 1), 1 + (185 << 1 | 1), 1 + (370 << 1) };
	struct flow f, want;
	unsigned int i, k;
	size_t il;
	int m;

	for (i = 0; i < 100; i++) {
		f = flow_n(1, i);
		f.sport = (uint16_t)(1000 + i);
		f.ext = AH16;
		f.ext_len = sizeof(AH16);
		f.ext_nh = 51;
		want = f;
		want.proto = 51;
		want.frag = frags[0];
		m = ref_member(&want, policy);
		for (k = 0; k < 3; k++) {
			f.frag = frags[k];
			il = build(in, &f);
			cr_assert_eq(pkt_hash(in, il, 1), ref_hash(&want, policy),
				     "library, flow %u fragment %u", i, k);
			cr_assert_eq(probe(&f).mp_hash, ref_hash(&want, policy),
				     "policy %u flow %u fragment %u", policy, i, k);
			cr_assert_eq(run_both(&f), m, "policy %u flow %u fragment %u",
				     policy, i, k);
		}
		f.frag = 0;
		il = build(in, &f);
		cr_assert_eq(pkt_hash(in, il, 1), ref_hash(&f, policy));
		cr_assert_eq(probe(&f).mp_hash, ref_hash(&f, policy));
	}
}

Test(ecmp_hash, ipv6_fragments_with_ah_after_the_fragment_header)
{
	group(4, W1);
	frag_ah(XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	frag_ah(XR_MP_L4);
}

/* ------------------------------------------------ the bytes read */

/* Destination Options of 24 and 32 bytes (a PadN), then UDP. */
static const uint8_t DST24[24] = { 17, 2, 1, 20 };
static const uint8_t DST32[32] = { 17, 3, 1, 28 };

/* An ICMPv6 error quoting a datagram with Destination Options before
 * UDP: with 24 bytes the quoted ports end at byte 130 of the frame,
 * within XR_MP_HASH_LEN (134), hashed by L4; with 32 they lie past it
 * (134 .. 138), and the error is hashed by L3 of the quoted header, at
 * XDP (which has them) as at tc and in the library. The datagram
 * itself is hashed by L4, its ports found past the options. */
static void quote_past_cap(const uint8_t *ext, size_t ext_len, uint8_t want)
{
	struct flow q;
	unsigned int i;
	size_t il;
	uint32_t h;

	for (i = 0; i < 100; i++) {
		q = quoted_flow(1, i);
		q.ext = ext;
		q.ext_len = ext_len;
		q.ext_nh = 60;
		il = build_icmp(in, &q, 1);
		cr_assert_eq(il, 14 + 40 + 8 + 40 + ext_len + 8);
		h = ref_hash(&q, want);
		cr_assert_eq(pkt_hash(in, il, 1), h, "library, flow %u", i);
		cr_assert_eq(run_frame_both(il, 1),
			     member_of(1, G[1].bucket[xr_mp_bucket(h)]),
			     "error %u (options %zu)", i, ext_len);
		cr_assert_eq(probe(&q).mp_hash, ref_hash(&q, XR_MP_L4));
	}
}

Test(ecmp_hash, the_hash_reads_the_first_134_bytes_at_both_hooks)
{
	group(4, W1);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	quote_past_cap(DST24, sizeof(DST24), XR_MP_L4);
	quote_past_cap(DST32, sizeof(DST32), XR_MP_L3);
}

/* The protocols the L4 words apply to (abi/nhg.h's one definition, used
 * by the fast path, the library and the CLI), spelled out here: TCP,
 * UDP, DCCP, SCTP, UDP-Lite; not ESP or AH. */
Test(ecmp_hash, the_protocols_with_ports)
{
	unsigned int p;

	for (p = 0; p < 256; p++)
		cr_assert_eq(xr_mp_has_ports(p),
			     p == 6 || p == 17 || p == 33 || p == 132 || p == 136,
			     "protocol %u", p);
}

/* -------------------------------- extension headers, odd ICMP errors */

static const uint8_t DST24_TCP[24] = { 6, 2, 1, 20 };
/* Five Destination Options headers of 8 bytes, then UDP. */
static const uint8_t DST5[40] = { 60, 0, 1, 4, [8] = 60, 0, 1, 4,
				  [16] = 60, 0, 1, 4, [24] = 60, 0, 1, 4,
				  [32] = 17, 0, 1, 4 };

/* Under L4: TCP behind Destination Options is hashed with its ports,
 * found past them; behind five extension headers (more than the walk's
 * 4) by L3, on the header's own next header (60). */
Test(ecmp_hash, ipv6_extension_headers_under_l4)
{
	struct flow f, w;
	unsigned int i, seen = 0;
	size_t il;

	group(4, W1);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	for (i = 0; i < 100; i++) {
		f = flow_n(1, 7);
		f.proto = 6;
		f.sport = (uint16_t)(1000 + i * 7);
		f.ext = DST24_TCP;
		f.ext_len = sizeof(DST24_TCP);
		f.ext_nh = 60;
		il = build(in, &f);
		cr_assert_eq(pkt_hash(in, il, 1), ref_hash(&f, XR_MP_L4));
		cr_assert_eq(probe(&f).mp_hash, ref_hash(&f, XR_MP_L4), "flow %u", i);
		seen |= 1u << run_both(&f);
		f.proto = 17;
		f.ext = DST5;
		f.ext_len = sizeof(DST5);
		w = f;
		w.proto = 60;
		il = build(in, &f);
		cr_assert_eq(pkt_hash(in, il, 1), ref_hash(&w, XR_MP_L3));
		cr_assert_eq(probe(&f).mp_hash, ref_hash(&w, XR_MP_L3), "flow %u", i);
	}
	cr_assert_eq(__builtin_popcount(seen), 4, "ports spread: members %x", seen);
}

/* The error's own header as a flow (its source, its destination A). */
static struct flow outer_of(const struct flow *q)
{
	struct flow o = { .v6 = q->v6, .proto = q->v6 ? 58 : 1 };

	memcpy(o.d, q->s, 16);
	if (q->v6)
		pkt_addr6("2001:db8:1::50", o.s);
	else
		*(uint32_t *)o.s = pkt_addr("192.0.2.50");
	return o;
}

/* An error whose quote is cut short of the quoted header (one byte
 * missing) is hashed on its own header, in either family. */
static void truncated_quote(int v6, uint8_t policy)
{
	struct flow q, o;
	unsigned int i;
	size_t il, hl = v6 ? 40 : 20;

	for (i = 0; i < 50; i++) {
		q = quoted_flow(v6, i);
		o = outer_of(&q);
		build_icmp(in, &q, v6 ? 1 : 3);
		il = 14 + hl + 8 + hl - 1;
		if (v6) {
			put16(in + IP6_OFF_PLEN, (uint16_t)(8 + hl - 1));
		} else {
			put16(in + IP_OFF + 2, (uint16_t)(il - 14));
			ip_csum_fix(in);
		}
		cr_assert_eq(pkt_hash(in, il, v6), ref_hash(&o, policy));
		cr_assert_eq(run_frame_both(il, v6), ref_member(&o, policy),
			     "v6 %d policy %u error %u", v6, policy, i);
	}
}

/* An IPv4 error that is a later fragment (offset 185 x 8) quotes no
 * header: hashed on its own, by L3. */
static void later_fragment_error(uint8_t policy)
{
	struct flow q, o;
	unsigned int i;
	size_t il;

	for (i = 0; i < 50; i++) {
		q = quoted_flow(0, i);
		o = outer_of(&q);
		o.frag = 1 + (185 << 1);
		il = build_icmp(in, &q, 3);
		put16(in + IP_OFF + 6, 185);
		ip_csum_fix(in);
		cr_assert_eq(pkt_hash(in, il, 0), ref_hash(&o, policy));
		cr_assert_eq(run_frame_both(il, 0), ref_member(&o, policy),
			     "policy %u error %u", policy, i);
	}
}

Test(ecmp_hash, odd_icmp_errors_hash_on_their_own_header)
{
	group(4, W1);
	truncated_quote(0, XR_MP_L3);
	truncated_quote(1, XR_MP_L3);
	later_fragment_error(XR_MP_L3);
	mp_cfg(XR_MP_L4, XR_MP_L4);
	truncated_quote(0, XR_MP_L4);
	truncated_quote(1, XR_MP_L4);
	later_fragment_error(XR_MP_L4);
}
