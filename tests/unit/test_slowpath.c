// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of the slow path, on bytes: ICMP errors, fragmentation,
 * IP options, ARP frames and the rate limits. Checksums are recomputed
 * here from scratch (pkt_csum), never taken from the code under test.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include "pkt.h"
#include "slowpath/arp.h"
#include "slowpath/frag.h"
#include "slowpath/icmp.h"
#include "slowpath/ipopt.h"
#include "slowpath/ratelimit.h"

static uint8_t frame[70000];

/* An IP datagram (no Ethernet header) built by the shared builder. */
static uint8_t *dgram(struct pkt_spec *s, size_t *len)
{
	memset(s->dmac, 0x02, 6);
	memset(s->smac, 0x04, 6);
	*len = pkt_build(frame, s) - 14;
	return frame + 14;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void assert_ip_csum(const uint8_t *ip)
{
	uint8_t h[60];
	size_t hl = (size_t)(ip[0] & 15) * 4;

	memcpy(h, ip, hl);
	h[10] = h[11] = 0;
	cr_assert_eq(get16(ip + 10), pkt_csum(h, hl), "IP header checksum");
}

/* ------------------------------------------------------------- ICMP */

Test(icmp, time_exceeded_bytes)
{
	struct pkt_spec s = { .saddr = "192.0.2.2", .daddr = "203.0.113.9",
			      .payload_len = 100, .ttl = 1, .id = 0x4242 };
	uint8_t out[XR_ICMP_MAX_LEN];
	size_t len, n;
	uint8_t *ip = dgram(&s, &len);
	uint8_t ic[600];

	n = xr_icmp_build(out, ip, len, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0,
			  pkt_addr("192.0.2.1"), 7);
	cr_assert_eq(n, 20 + 8 + len);
	cr_assert_eq(out[0], 0x45);
	cr_assert_eq(out[1], 0xc0);
	cr_assert_eq(get16(out + 2), n);
	cr_assert_eq(get16(out + 4), 7);
	cr_assert_eq(get16(out + 6), 0, "no DF, no fragment");
	cr_assert_eq(out[8], 64);
	cr_assert_eq(out[9], 1);
	cr_assert(!memcmp(out + 12, "\xc0\x00\x02\x01", 4), "source: the ingress address");
	cr_assert(!memcmp(out + 16, ip + 12, 4), "destination: the offender's source");
	assert_ip_csum(out);
	cr_assert_eq(out[20], 11);
	cr_assert_eq(out[21], 0);
	cr_assert(!memcmp(out + 24, "\0\0\0\0", 4));
	cr_assert(!memcmp(out + 28, ip, len), "the whole datagram is quoted");
	memcpy(ic, out + 20, n - 20);
	ic[2] = ic[3] = 0;
	cr_assert_eq(get16(out + 22), pkt_csum(ic, n - 20), "ICMP checksum");
}

Test(icmp, quote_stops_at_576_bytes)
{
	struct pkt_spec s = { .payload_len = 1400 };
	uint8_t out[XR_ICMP_MAX_LEN];
	size_t len, n;
	uint8_t *ip = dgram(&s, &len);

	n = xr_icmp_build(out, ip, len, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			  htonl(1400), pkt_addr("192.0.2.1"), 1);
	cr_assert_eq(n, 576);
	cr_assert_eq(get16(out + 2), 576);
	cr_assert_eq(out[20], 3);
	cr_assert_eq(out[21], 4);
	cr_assert_eq(get16(out + 26), 1400, "next-hop MTU in the low half");
	cr_assert_eq(get16(out + 24), 0);
	cr_assert(!memcmp(out + 28, ip, 576 - 28));
	cr_assert_eq(pkt_csum(out + 20, 576 - 20), 0, "ICMP checksum sums to zero");
}

Test(icmp, parameter_problem_pointer)
{
	struct pkt_spec s = { .payload_len = 8 };
	uint8_t out[XR_ICMP_MAX_LEN];
	size_t len;
	uint8_t *ip = dgram(&s, &len);

	xr_icmp_build(out, ip, len, ICMP_PARAMETERPROB, 0, htonl(22u << 24),
		      pkt_addr("192.0.2.1"), 1);
	cr_assert_eq(out[24], 22);
	cr_assert_eq(out[25] | out[26] | out[27], 0);
}

Test(icmp, tos_keeps_the_offenders_low_bits)
{
	struct pkt_spec s = { .payload_len = 8 };
	uint8_t out[XR_ICMP_MAX_LEN];
	size_t len;
	uint8_t *ip = dgram(&s, &len);

	ip[1] = 0xb8 | 0x1e;    /* EF and all TOS bits */
	xr_icmp_build(out, ip, len, ICMP_DEST_UNREACH, 0, 0, 1, 1);
	cr_assert_eq(out[1], 0xc0 | 0x1e);
}

Test(icmp, never_about_errors_fragments_broadcasts_martians)
{
	struct pkt_spec s = { .proto = 1, .payload_len = 8 };
	size_t len;
	uint8_t *ip = dgram(&s, &len);

	ip[20] = 8;                                   /* echo request */
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_SEND);
	ip[20] = 3;                                   /* an error */
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_NOT_ABOUT_ERROR);
	ip[20] = 11;
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_NOT_ABOUT_ERROR);

	s = (struct pkt_spec){ .payload_len = 8 };
	ip = dgram(&s, &len);
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_SEND);
	cr_assert_eq(xr_icmp_may_send(ip, len, 1, 0), XR_ICMP_NOT_ABOUT_BCAST);
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 1), XR_ICMP_NOT_ABOUT_BCAST);
	ip[7] = 1;                                    /* offset 8 */
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_NOT_ABOUT_FRAGMENT);
	ip[7] = 0;
	ip[6] = 0x20;                                 /* first fragment: MF */
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_SEND);

	s = (struct pkt_spec){ .daddr = "224.0.0.9", .payload_len = 8 };
	ip = dgram(&s, &len);
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_NOT_ABOUT_BCAST);
	s = (struct pkt_spec){ .saddr = "0.0.0.0", .payload_len = 8 };
	ip = dgram(&s, &len);
	cr_assert_eq(xr_icmp_may_send(ip, len, 0, 0), XR_ICMP_NOT_ABOUT_BCAST);
}

/* ----------------------------------------------------- ip_fragment */

struct frags {
	uint8_t buf[64][2048];
	size_t len[64];
	int n;
};

static int collect(void *arg, uint8_t *f, size_t len)
{
	struct frags *fr = arg;

	cr_assert_lt(fr->n, 64);
	memcpy(fr->buf[fr->n], f, len);
	fr->len[fr->n++] = len;
	return 0;
}

/* Reassembles the fragments' data by offset; checks each header. */
static size_t reassemble_at(struct frags *fr, uint8_t *data, size_t hl,
			    unsigned int mtu, int all_mf, size_t end)
{
	int i;

	for (i = 0; i < fr->n; i++) {
		const uint8_t *f = fr->buf[i];
		size_t fhl = (size_t)(f[0] & 15) * 4;
		uint16_t fo = get16(f + 6);
		size_t off = (size_t)(fo & 0x1fff) * 8, dl = fr->len[i] - fhl;

		cr_assert_eq(fhl, hl, "header length kept");
		cr_assert_leq(fr->len[i], mtu);
		cr_assert_eq(get16(f + 2), fr->len[i], "tot_len");
		assert_ip_csum(f);
		if (i < fr->n - 1 || all_mf)
			cr_assert(fo & 0x2000, "MF on fragment %d", i);
		else
			cr_assert(!(fo & 0x2000), "no MF on the last");
		if (i < fr->n - 1)
			cr_assert_eq(dl % 8, 0, "data of %zu, not a multiple of 8", dl);
		cr_assert_eq(off, end, "fragment %d at %zu, want %zu", i, off, end);
		memcpy(data + off, f + fhl, dl);
		end = off + dl;
	}
	return end;
}

static size_t reassemble(struct frags *fr, uint8_t *data, size_t hl,
			 unsigned int mtu, int all_mf)
{
	return reassemble_at(fr, data, hl, mtu, all_mf, 0);
}

Test(frag, pieces_reassemble_to_the_payload)
{
	static struct frags fr;
	static uint8_t data[4000];
	struct pkt_spec s = { .payload_len = 3000, .ttl = 63 };
	size_t len;
	uint8_t *ip = dgram(&s, &len);
	int n = xr_ip_fragment(ip, len, 1280, collect, &fr);

	cr_assert_eq(n, 3);                 /* 1256 + 1256 + 488 */
	cr_assert_eq(fr.len[0], 1276);
	cr_assert_eq(reassemble(&fr, data, 20, 1280, 0), 3000);
	cr_assert(!memcmp(data, ip + 20, 3000), "payload differs");
	for (int i = 0; i < n; i++) {
		cr_assert_eq(fr.buf[i][8], 63, "TTL as given, once");
		cr_assert(!memcmp(fr.buf[i] + 4, ip + 4, 2), "same id");
		cr_assert(!memcmp(fr.buf[i] + 12, ip + 12, 8), "same addresses");
	}
}

/* A fragment of payload bytes, its flags and offset field frag_off. */
static uint8_t *fragment(size_t payload, uint16_t frag_off, size_t *len)
{
	struct pkt_spec s = { .payload_len = payload };
	uint8_t *ip = dgram(&s, len);

	ip[6] = (uint8_t)(frag_off >> 8);
	ip[7] = (uint8_t)frag_off;
	return ip;
}

Test(frag, a_fragment_is_fragmented_again_at_its_offset)
{
	static struct frags fr;
	static uint8_t data[8000];
	size_t len;
	uint8_t *ip = fragment(1480, 0x2000 | 256, &len);   /* MF, at 2048 */
	int n;

	n = xr_ip_fragment(ip, len, 576, collect, &fr);
	cr_assert_eq(n, 3);
	cr_assert_eq(get16(fr.buf[0] + 6) & 0x1fff, 256);
	/* MF stays on all, the last too */
	cr_assert_eq(reassemble_at(&fr, data, 20, 576, 1, 2048), 2048 + 1480);
	cr_assert(!memcmp(data + 2048, ip + 20, 1480));
}

/* Found by the fuzzer: a fragment near the end of the 64 KiB a datagram
 * can have, cut again, made offsets past 13 bits that ran into the
 * flags. A datagram that cannot be reassembled (over 65,535 bytes) is
 * refused instead; one that fits is still cut. */
Test(frag, offsets_never_pass_65535)
{
	static struct frags fr;
	static uint8_t data[70000];
	size_t len;
	uint8_t *ip = fragment(2000, 0x2000 | 8180, &len);  /* MF, at 65440 */

	cr_assert_eq(xr_ip_fragment(ip, len, 1500, collect, &fr), -EINVAL);
	cr_assert_eq(fr.n, 0, "no fragment of it sent");
	ip = fragment(2000, 7939, &len);    /* at 63512: 65532 bytes in all */
	cr_assert_eq(xr_ip_fragment(ip, len, 1500, collect, &fr), 2);
	cr_assert_eq(reassemble_at(&fr, data, 20, 1500, 0, 63512), 63512 + 2000);
	cr_assert(!memcmp(data + 63512, ip + 20, 2000));
}

Test(frag, options_only_with_the_copy_bit_after_the_first)
{
	static struct frags fr;
	static uint8_t data[4000];
	/* RR (not copied, 7 bytes), NOOP, a copied option 0x94 (router
	 * alert, 4 bytes): 12 bytes */
	static const uint8_t opts[12] = { 7, 7, 4, 0, 0, 0, 0, 1, 0x94, 4, 0, 0 };
	struct pkt_spec s = { .payload_len = 2000, .options = opts,
			      .options_len = sizeof(opts) };
	size_t len;
	uint8_t *ip = dgram(&s, &len);
	int n = xr_ip_fragment(ip, len, 1000, collect, &fr);

	cr_assert_eq(n, 3);
	cr_assert(!memcmp(fr.buf[0] + 20, opts, 12), "first: all options");
	for (int i = 1; i < n; i++) {
		cr_assert(!memcmp(fr.buf[i] + 20, "\1\1\1\1\1\1\1\1", 8),
			  "RR became NOOPs in fragment %d", i);
		cr_assert(!memcmp(fr.buf[i] + 28, opts + 8, 4), "router alert copied");
	}
	cr_assert_eq(reassemble(&fr, data, 32, 1000, 0), 2000);
	cr_assert(!memcmp(data, ip + 32, 2000));
}

Test(frag, df_and_tiny_mtu_are_refused)
{
	static struct frags fr;
	struct pkt_spec s = { .payload_len = 2000, .df = 1 };
	size_t len;
	uint8_t *ip = dgram(&s, &len);

	cr_assert_eq(xr_ip_fragment(ip, len, 1500, collect, &fr), -EMSGSIZE);
	ip[6] = 0;
	cr_assert_eq(xr_ip_fragment(ip, len, 27, collect, &fr), -EINVAL);
	cr_assert_eq(fr.n, 0);
}

/* ------------------------------------------------------ IP options */

static int local_is_5(__be32 a, void *arg) { return a == pkt_addr("10.0.0.5"); }

static uint8_t *opt_dgram(const uint8_t *opts, size_t olen, size_t *len)
{
	static struct pkt_spec s;

	s = (struct pkt_spec){ .payload_len = 8, .options = opts, .options_len = olen };
	return dgram(&s, len);
}

Test(ipopt, record_route_gets_the_egress_address)
{
	static const uint8_t rr[12] = { 7, 11, 4, 0,0,0,0, 0,0,0,0, 0 };
	struct xr_ipopt o;
	uint8_t pp = 0;
	size_t len;
	uint8_t *ip = opt_dgram(rr, sizeof(rr), &len);

	cr_assert_eq(xr_ip_options_compile(ip, &o, pkt_addr("192.0.2.1"), 0,
					   NULL, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(o.rr, 20);
	cr_assert(xr_ip_options_forward(ip, &o, pkt_addr("198.51.100.1")));
	cr_assert_eq(ip[22], 8, "pointer moved by 4");
	cr_assert(!memcmp(ip + 23, "\xc6\x33\x64\x01", 4), "egress address recorded");
	cr_assert(!memcmp(ip + 27, "\0\0\0\0", 4), "next slot untouched");
}

Test(ipopt, full_record_route_is_left_alone)
{
	static const uint8_t rr[8] = { 7, 7, 8, 1,2,3,4, 0 };
	struct xr_ipopt o;
	uint8_t pp = 0, before[8];
	size_t len;
	uint8_t *ip = opt_dgram(rr, sizeof(rr), &len);

	memcpy(before, ip + 20, 8);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(xr_ip_options_forward(ip, &o, 2), 0);
	cr_assert(!memcmp(ip + 20, before, 8));
}

Test(ipopt, bad_lengths_give_the_pointer)
{
	static const uint8_t too_long[4] = { 7, 9, 4, 0 };      /* past the header */
	static const uint8_t bad_ptr[8] = { 7, 7, 3, 0,0,0,0, 0 };
	static const uint8_t no_room[8] = { 7, 6, 4, 0,0,0, 0, 0 };
	static const uint8_t two_rr[8] = { 7, 3, 4, 7, 3, 4, 0, 0 };
	struct xr_ipopt o;
	uint8_t pp = 0;
	size_t len;
	uint8_t *ip;

	ip = opt_dgram(too_long, sizeof(too_long), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_PARAMPROB);
	cr_assert_eq(pp, 20, "the option's type byte");
	ip = opt_dgram(bad_ptr, sizeof(bad_ptr), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_PARAMPROB);
	cr_assert_eq(pp, 22, "the pointer byte");
	ip = opt_dgram(no_room, sizeof(no_room), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_PARAMPROB);
	cr_assert_eq(pp, 22);
	ip = opt_dgram(two_rr, sizeof(two_rr), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_PARAMPROB);
	cr_assert_eq(pp, 23, "the second RR");
}

Test(ipopt, timestamp_entry_and_overflow)
{
	/* TS, flag 0, room for one stamp */
	static const uint8_t ts[8] = { 68, 8, 5, 0, 0,0,0,0 };
	/* TS with address, room for one pair */
	static const uint8_t tsa[12] = { 68, 12, 5, 1, 0,0,0,0, 0,0,0,0 };
	struct xr_ipopt o;
	uint8_t pp = 0;
	size_t len;
	uint8_t *ip;

	ip = opt_dgram(ts, sizeof(ts), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0x01020304, NULL, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(ip[22], 9);
	cr_assert(!memcmp(ip + 24, "\1\2\3\4", 4), "ms since midnight, network order");
	/* full now: the next router counts an overflow */
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 5, NULL, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(ip[23], 0x10, "overflow 1, flag 0");
	cr_assert(!memcmp(ip + 24, "\1\2\3\4", 4), "the stamp stays");
	ip[23] = 0xf0;                      /* 15 overflows already */
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 5, NULL, NULL, &pp), XR_IPOPT_PARAMPROB);
	cr_assert_eq(pp, 23);

	ip = opt_dgram(tsa, sizeof(tsa), &len);
	cr_assert_eq(xr_ip_options_compile(ip, &o, pkt_addr("192.0.2.1"), 0x0a0b0c0d,
					   NULL, NULL, &pp), XR_IPOPT_OK);
	xr_ip_options_forward(ip, &o, pkt_addr("198.51.100.1"));
	cr_assert_eq(ip[22], 13);
	cr_assert(!memcmp(ip + 24, "\xc6\x33\x64\x01", 4), "egress address");
	cr_assert(!memcmp(ip + 28, "\x0a\x0b\x0c\x0d", 4), "its time");
}

Test(ipopt, prespecified_timestamp_only_for_our_address)
{
	static const uint8_t tsp[12] = { 68, 12, 5, 3, 10,0,0,9, 0,0,0,0 };
	struct xr_ipopt o;
	uint8_t pp = 0;
	size_t len;
	uint8_t *ip = opt_dgram(tsp, sizeof(tsp), &len);

	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 77, local_is_5, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(ip[22], 5, "10.0.0.9 is not ours: untouched");
	ip[27] = 5;                         /* now it names 10.0.0.5 */
	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 77, local_is_5, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(ip[22], 13);
	cr_assert(!memcmp(ip + 28, "\0\0\0\x4d", 4));
}

Test(ipopt, source_route_is_found)
{
	static const uint8_t lsrr[8] = { 131, 7, 4, 10,0,0,1, 0 };
	struct xr_ipopt o;
	uint8_t pp = 0;
	size_t len;
	uint8_t *ip = opt_dgram(lsrr, sizeof(lsrr), &len);

	cr_assert_eq(xr_ip_options_compile(ip, &o, 1, 0, NULL, NULL, &pp), XR_IPOPT_OK);
	cr_assert_eq(o.srr, 20, "the caller drops it (accept_source_route=0)");
}

/* -------------------------------------------------------------- ARP */

Test(arp, request_bytes)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0xb0 };
	uint8_t f[64];
	struct xr_arp a;

	cr_assert_eq(xr_arp_build_request(f, mac, pkt_addr("198.51.100.1"),
					  pkt_addr("198.51.100.2"), NULL), 42);
	cr_assert(!memcmp(f, "\xff\xff\xff\xff\xff\xff", 6), "broadcast");
	cr_assert(!memcmp(f + 6, mac, 6));
	cr_assert(!memcmp(f + 12, "\x08\x06\x00\x01\x08\x00\x06\x04\x00\x01", 10));
	cr_assert(!memcmp(f + 22, mac, 6));
	cr_assert(!memcmp(f + 28, "\xc6\x33\x64\x01", 4));
	cr_assert(!memcmp(f + 32, "\0\0\0\0\0\0", 6));
	cr_assert(!memcmp(f + 38, "\xc6\x33\x64\x02", 4));
	cr_assert_eq(xr_arp_parse(f, 42, &a), 0);
	cr_assert_eq(a.op, ARPOP_REQUEST);
	cr_assert_eq(a.tip, pkt_addr("198.51.100.2"));

	xr_arp_build_request(f, mac, 1, 2, (const uint8_t *)"\x02\x11\x22\x33\x44\x55");
	cr_assert(!memcmp(f, "\x02\x11\x22\x33\x44\x55", 6), "a probe goes unicast");
}

Test(arp, parse_refuses_what_is_not_ipv4_arp)
{
	uint8_t f[64] = { 0 };
	struct xr_arp a;

	xr_arp_build_request(f, (const uint8_t *)"\2\0\0\0\0\1", 1, 2, NULL);
	f[21] = ARPOP_REPLY;
	cr_assert_eq(xr_arp_parse(f, 42, &a), 0);
	cr_assert_eq(a.op, ARPOP_REPLY);
	cr_assert(!memcmp(a.sha, "\2\0\0\0\0\1", 6));
	cr_assert_eq(xr_arp_parse(f, 41, &a), -1, "short");
	f[19] = 16;
	cr_assert_eq(xr_arp_parse(f, 42, &a), -1, "not IPv4 lengths");
	f[19] = 4;
	f[13] = 0;
	cr_assert_eq(xr_arp_parse(f, 42, &a), -1, "not ARP");
}

/* ------------------------------------------------------- rate limit */

static struct xr_icmp_rl rl;

Test(ratelimit, per_destination_burst_of_six_then_one_a_second)
{
	uint64_t t = 1000000;
	int sent = 0, i;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 20; i++)
		sent += xr_icmp_rl_allow(&rl, 11, 0, 1, t) == XR_RL_ALLOW;
	cr_assert_eq(sent, 6, "XRLIM_BURST_FACTOR 6");
	cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, 1, t), XR_RL_HOST);
	cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, 2, t), XR_RL_ALLOW, "another host");
	cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, 1, t + 999), XR_RL_HOST);
	cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, 1, t + 1000), XR_RL_ALLOW);
	cr_assert_eq(xr_icmp_rl_allow(&rl, 5, 0, 1, t + 1000), XR_RL_ALLOW,
		     "redirects are not in icmp_ratemask");
}

Test(ratelimit, global_bucket_burst_and_refill)
{
	uint64_t t = 1000000;
	int sent = 0, i;

	xr_rl_init(&rl, 0, 1000, 50);      /* per-destination limit off */
	for (i = 0; i < 200; i++)
		sent += xr_icmp_rl_allow(&rl, 3, 0, (uint32_t)i, t) == XR_RL_ALLOW;
	cr_assert_eq(sent, 50, "the burst");
	cr_assert_eq(xr_icmp_rl_allow(&rl, 3, 0, 9999, t), XR_RL_GLOBAL);
	cr_assert_eq(xr_icmp_rl_allow(&rl, 3, 0, 9999, t + 19), XR_RL_GLOBAL, "< HZ/50");
	for (sent = 0, i = 0; i < 200; i++)
		sent += xr_icmp_rl_allow(&rl, 3, 0, (uint32_t)i, t + 20) == XR_RL_ALLOW;
	cr_assert_eq(sent, 20, "20 ms at 1000/s");
}

Test(ratelimit, frag_needed_is_never_limited)
{
	uint64_t t = 1000000;
	int sent = 0, i;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 100; i++)
		sent += xr_icmp_rl_allow(&rl, 3, 4, 1, t) == XR_RL_ALLOW;
	cr_assert_eq(sent, 100, "path MTU discovery must not starve");
	cr_assert_eq(xr_icmp_rl_allow(&rl, 3, 1, 1, t), XR_RL_ALLOW,
		     "and it took no token");
}

Test(ratelimit, redirect_backoff)
{
	uint64_t t = 1000000;
	int sent = 0, i;

	xr_rl_init(&rl, 1000, 1000, 50);
	cr_assert(xr_redirect_allow(&rl, 7, t));
	cr_assert(!xr_redirect_allow(&rl, 7, t + 40), "20 << 1 ms not yet over");
	cr_assert(xr_redirect_allow(&rl, 7, t + 41));
	for (i = 1; i < 20000; i++)
		sent += xr_redirect_allow(&rl, 7, t + 41 + (uint64_t)i);
	cr_assert_eq(sent, 7, "9 in all, then silence");
	t += 41 + 19999;                    /* the last packet redirected */
	cr_assert(!xr_redirect_allow(&rl, 7, t + 20000),
		  "ignored redirects keep it silent");
	cr_assert(xr_redirect_allow(&rl, 7, t + 20000 + 20481),
		  "after 20.48 s of silence it starts again");
}

/* ip_error alone (route.c): error_burst 5 s saved up, error_cost 1 s a
 * message, per offending source; a fresh peer starts full. */
Test(ratelimit, ip_error_burst_of_five_then_one_a_second)
{
	uint64_t t = 1000000;
	int sent = 0, i;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 20; i++)
		sent += xr_ip_error_allow(&rl, 1, t);
	cr_assert_eq(sent, 5, "ip_rt_error_burst / ip_rt_error_cost");
	cr_assert(xr_ip_error_allow(&rl, 2, t), "another host");
	cr_assert(!xr_ip_error_allow(&rl, 1, t + 999));
	cr_assert(xr_ip_error_allow(&rl, 1, t + 1000), "1 s after the last try");
	cr_assert(!xr_ip_error_allow(&rl, 1, t + 1500));
	t += 1000 + 60000;                  /* long idle: the burst, no more */
	for (sent = 0, i = 0; i < 20; i++)
		sent += xr_ip_error_allow(&rl, 1, t);
	cr_assert_eq(sent, 5);
}

/* The peer's silence reset also empties the bucket ip_error shares. */
Test(ratelimit, redirect_silence_resets_the_shared_tokens)
{
	uint64_t t = 1000000;

	xr_rl_init(&rl, 1000, 1000, 50);
	cr_assert(xr_ip_error_allow(&rl, 7, t));   /* 4 s left */
	cr_assert(xr_redirect_allow(&rl, 7, t + 20481),
		  "20.48 s later: reset, tokens to 0");
	cr_assert(xr_ip_error_allow(&rl, 7, t + 20481 + 1000));
	cr_assert(!xr_ip_error_allow(&rl, 7, t + 20481 + 1000),
		  "only the second since the reset");
}

/* Hosts of one subnet (addresses that differ in their last bits only,
 * as a LAN's do) each keep their own entry: none evicts another. */
Test(ratelimit, peers_of_one_subnet_spread)
{
	uint64_t t = 1000000;
	uint32_t i;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 1; i <= 1000; i++)
		cr_assert(xr_ip_error_allow(&rl, htonl(0xc6120000u | i), t));
	cr_assert_eq(xr_rl_take_evictions(&rl), 0,
		     "1,000 hosts of 198.18.0.0/16 in a table of %u", XR_PEERS);
	for (i = 1; i <= 1000; i++)    /* each still has its own bucket */
		xr_ip_error_allow(&rl, htonl(0xc6120000u | i), t);
	cr_assert_eq(xr_rl_take_evictions(&rl), 0);
}

/* The table is bounded (XR_PEERS): a full probe run gives up the entry
 * looked up longest ago; replacing one used within inet_peer_minttl is
 * counted, an idle one is not. */
Test(ratelimit, peers_bounded_live_evictions_counted)
{
	uint64_t t = 1000000;
	uint32_t a;
	int sent = 0;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (a = 1; a <= 2 * XR_PEERS; a++)
		sent += xr_ip_error_allow(&rl, a, t);
	cr_assert_eq(sent, 2 * XR_PEERS, "a new peer always gets its burst");
	cr_assert_geq(xr_rl_take_evictions(&rl), (uint64_t)XR_PEERS,
		      "at most XR_PEERS kept");
	cr_assert_eq(xr_rl_take_evictions(&rl), 0, "taken once");
	for (a = 0; a < XR_PEERS; a++)
		cr_assert(rl.peers[a].used, "slot %u free", a);
	t += XR_PEER_MINTTL_MS + 1;
	cr_assert(xr_ip_error_allow(&rl, 3 * XR_PEERS, t));
	cr_assert_eq(xr_rl_take_evictions(&rl), 0, "an idle entry went");
}
