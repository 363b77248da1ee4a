// SPDX-License-Identifier: GPL-2.0
/*
 * The pure IPv6 parts of the slow path, on bytes: ICMPv6 errors
 * (icmpv6_send) and their rules, neighbour solicitations and the
 * parsing of advertisements (ndisc), redirects, the Hop-by-Hop options
 * (ip6_parse_tlv), the per-destination limit, neigh_update and source
 * address selection. Checksums are recomputed here from scratch with
 * the pseudo-header (pkt_csum), never taken from the code under test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "pkt.h"
#include "slowpath/hopopts.h"
#include "slowpath/icmp.h"
#include "slowpath/icmp6.h"
#include "slowpath/ndisc.h"
#include "slowpath/ratelimit.h"
#include "slowpath/slowpath.h"

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

static struct xr_in6 A(const char *s)
{
	struct xr_in6 a;

	cr_assert_eq(inet_pton(AF_INET6, s, &a), 1, "%s", s);
	return a;
}

static int addr_is(const uint8_t *p, const char *s)
{
	struct xr_in6 a = A(s);

	return !memcmp(p, &a, 16);
}

/* An IPv6 packet from src to dst: the extension bytes ext (next header
 * 0 when there are some: Hop-by-Hop), then a payload of next header
 * nh (UDP: 17) of plen bytes filled with a pattern. */
static size_t ip6pkt(uint8_t *p, const char *src, const char *dst, uint8_t hlim,
		     const uint8_t *ext, size_t extlen, uint8_t nh, size_t plen)
{
	struct xr_in6 s = A(src), d = A(dst);
	size_t i;

	xr_ip6_hdr(p, extlen + plen, extlen ? 0 : nh, hlim, &s, &d);
	p[1] = 0x0a;                      /* a traffic class and flow label */
	p[2] = 0xbc;
	p[3] = 0xde;
	memcpy(p + 40, ext, extlen);
	if (extlen)
		p[40] = nh;
	for (i = 0; i < plen; i++)
		p[40 + extlen + i] = (uint8_t)(i * 7 + 3);
	return 40 + extlen + plen;
}


static void check_error(const uint8_t *out, size_t n, uint8_t type, uint8_t code,
			uint32_t info, const char *src, const uint8_t *orig,
			size_t orig_len)
{
	size_t quote = orig_len > 1232 ? 1232 : orig_len;

	cr_assert_eq(n, 40 + 8 + quote);
	cr_assert_eq(out[0], 0x60, "version 6, traffic class 0");
	cr_assert_eq(out[1] | out[2] | out[3], 0, "flow label 0");
	cr_assert_eq(get16(out + 4), 8 + quote, "payload length");
	cr_assert_eq(out[6], 58);
	cr_assert_eq(out[7], 64, "hop limit");
	cr_assert(addr_is(out + 8, src), "source");
	cr_assert(!memcmp(out + 24, orig + 8, 16), "back to the packet's source");
	cr_assert_eq(out[40], type);
	cr_assert_eq(out[41], code);
	cr_assert(pkt_icmp6_csum_ok(out), "ICMPv6 checksum");
	cr_assert_eq(get32(out + 44), info);
	cr_assert(!memcmp(out + 48, orig, quote), "the quote");
}

/* ------------------------------------------------------------ errors */

static uint8_t pkt[4096], out[4096];

Test(icmp6, time_exceeded_bytes)
{
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 1, NULL, 0, 17, 100);
	struct xr_in6 s = A("2001:db8:1::1");
	size_t n = xr_icmp6_build(out, pkt, len, ICMPV6_TIME_EXCEED,
				  ICMPV6_EXC_HOPLIMIT, 0, &s);

	check_error(out, n, 3, 0, 0, "2001:db8:1::1", pkt, len);
}

Test(icmp6, packet_too_big_quotes_1232_bytes_and_carries_the_mtu)
{
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, NULL, 0, 17, 1460);
	struct xr_in6 s = A("2001:db8:1::1");
	size_t n = xr_icmp6_build(out, pkt, len, ICMPV6_PKT_TOOBIG, 0, 1400, &s);

	cr_assert_eq(len, 1500);
	check_error(out, n, 2, 0, 1400, "2001:db8:1::1", pkt, len);
	cr_assert_eq(n, 1280, "IPV6_MIN_MTU in all");
}

Test(icmp6, parameter_problem_carries_the_pointer)
{
	static const uint8_t hbh[8] = { 0, 0, 0x9e, 4, 0, 0, 0, 0 };
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, hbh, 8, 17, 20);
	struct xr_in6 s = A("2001:db8:1::1");
	size_t n = xr_icmp6_build(out, pkt, len, ICMPV6_PARAMPROB,
				  ICMPV6_UNK_OPTION, 42, &s);

	check_error(out, n, 4, 2, 42, "2001:db8:1::1", pkt, len);
}

Test(icmp6, never_about_an_error_nor_to_multicast_or_unspecified)
{
	uint8_t icmp[8] = { 1, 3, 0, 0 };
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, NULL, 0, 58, 8);

	memcpy(pkt + 40, icmp, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_ERROR);
	pkt[40] = 127;
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_ERROR,
		     "127 is an error type");
	pkt[40] = 128;                    /* an echo request is answered */
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_SEND);
	len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, NULL, 0, 58, 0);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_ERROR,
		     "no type to read: taken as an error");
	len = ip6pkt(pkt, "::", "2001:db8:2::2", 64, NULL, 0, 17, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 2, 0, 1280), XR_ICMP_NOT_ABOUT_BCAST);
	len = ip6pkt(pkt, "ff02::1", "2001:db8:2::2", 64, NULL, 0, 17, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 2, 0, 1280), XR_ICMP_NOT_ABOUT_BCAST);
}

Test(icmp6, an_error_behind_extension_headers_is_still_an_error)
{
	static const uint8_t ext[16] = { 60, 0, 1, 4, 0, 0, 0, 0,   /* HbH, PadN */
					 58, 0, 1, 4, 0, 0, 0, 0 }; /* dst opts */
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, ext, 16, 60, 8);

	pkt[40 + 8] = 58;
	pkt[40 + 16] = 1;                 /* destination unreachable */
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_ERROR);
	pkt[40 + 16] = 129;
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_SEND);
}

Test(icmp6, a_later_fragment_of_an_error_is_answered_as_the_kernel_does)
{
	/* ipv6_skip_exthdr stops at a fragment with an offset: no type */
	static const uint8_t frag[8] = { 58, 0, 0x00, 0x08, 0, 0, 0, 1 };
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, frag, 8, 58, 8);

	pkt[6] = 44;
	pkt[48] = 1;
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_SEND);
	pkt[43] = 0;                      /* the first fragment: typed */
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_ERROR);
}

Test(icmp6, to_multicast_only_packet_too_big_and_an_option_with_action_10)
{
	static const uint8_t hbh10[8] = { 0, 0, 0x9e, 4, 0, 0, 0, 0 };
	static const uint8_t hbh11[8] = { 0, 0, 0xde, 4, 0, 0, 0, 0 };
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "ff0e::1", 64, NULL, 0, 17, 8);

	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 3, 0, 0), XR_ICMP_NOT_ABOUT_BCAST);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 1, 0, 0), XR_ICMP_NOT_ABOUT_BCAST);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 2, 0, 1280), XR_ICMP_SEND);
	len = ip6pkt(pkt, "2001:db8:1::2", "ff0e::1", 64, hbh10, 8, 17, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 4, 2, 42), XR_ICMP_SEND);
	len = ip6pkt(pkt, "2001:db8:1::2", "ff0e::1", 64, hbh11, 8, 17, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 0, 4, 2, 42), XR_ICMP_NOT_ABOUT_BCAST);
	/* a unicast packet received as link-layer multicast: the same */
	len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:2::2", 64, NULL, 0, 17, 8);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 1, 3, 0, 0), XR_ICMP_NOT_ABOUT_BCAST);
	cr_assert_eq(xr_icmp6_may_send(pkt, len, 1, 2, 0, 1280), XR_ICMP_SEND);
}

/* ------------------------------------------------------------- ndisc */

static const uint8_t MAC[6] = { 0x02, 0, 0, 0, 0, 0xb0 };

Test(ndisc, solicitation_to_the_solicited_node_address)
{
	struct xr_in6 s = A("fe80::b0"), t = A("2001:db8:2::12:3456");
	uint8_t f[XR_NS_LEN + 8];
	const uint8_t *ip = f + 14;
	size_t n = xr_ndisc_build_ns(f, MAC, &s, &t, NULL);
	static const uint8_t dmac[6] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };

	cr_assert_eq(n, 14 + 40 + 32);
	cr_assert(!memcmp(f, dmac, 6), "33:33:ff + the target's low 24 bits");
	cr_assert(!memcmp(f + 6, MAC, 6));
	cr_assert_eq(get16(f + 12), 0x86dd);
	cr_assert_eq(ip[0], 0x60);
	cr_assert_eq(get16(ip + 4), 32);
	cr_assert_eq(ip[6], 58);
	cr_assert_eq(ip[7], 255, "hop limit 255");
	cr_assert(addr_is(ip + 8, "fe80::b0"));
	cr_assert(addr_is(ip + 24, "ff02::1:ff12:3456"), "solicited-node multicast");
	cr_assert_eq(ip[40], 135);
	cr_assert_eq(ip[41], 0);
	cr_assert(pkt_icmp6_csum_ok(ip), "checksum");
	cr_assert_eq(get32(ip + 44), 0, "reserved");
	cr_assert(addr_is(ip + 48, "2001:db8:2::12:3456"), "target");
	cr_assert_eq(ip[64], 1, "source link-layer address option");
	cr_assert_eq(ip[65], 1);
	cr_assert(!memcmp(ip + 66, MAC, 6));
}

Test(ndisc, a_probe_goes_unicast_to_the_target)
{
	static const uint8_t peer[6] = { 0x02, 0, 0, 0, 0, 0xb2 };
	struct xr_in6 s = A("fe80::b0"), t = A("2001:db8:2::2");
	uint8_t f[XR_NS_LEN];

	xr_ndisc_build_ns(f, MAC, &s, &t, peer);
	cr_assert(!memcmp(f, peer, 6));
	cr_assert(addr_is(f + 14 + 24, "2001:db8:2::2"));
	cr_assert(pkt_icmp6_csum_ok(f + 14));
}

/* An advertisement for target from src, flags, with a target
 * link-layer option unless lla is NULL. */
static size_t na_frame(uint8_t *f, const char *src, const char *dst,
		       const char *target, uint8_t flags, const uint8_t *lla)
{
	struct xr_in6 s = A(src), d = A(dst), t = A(target);
	uint8_t *ip = f + 14, *m = ip + 40;
	size_t plen = lla ? 32 : 24;

	memcpy(f, MAC, 6);
	memset(f + 6, 0x0c, 6);
	f[12] = 0x86;
	f[13] = 0xdd;
	xr_ip6_hdr(ip, plen, 58, 255, &s, &d);
	memset(m, 0, plen);
	m[0] = 136;
	m[4] = flags;
	memcpy(m + 8, &t, 16);
	if (lla) {
		m[24] = 2;
		m[25] = 1;
		memcpy(m + 26, lla, 6);
	}
	xr_icmp6_csum_set(ip);
	return 14 + 40 + plen;
}

Test(ndisc, advertisement_parsed_and_checked)
{
	static const uint8_t lla[6] = { 0x02, 0, 0, 0, 0, 0xb2 };
	uint8_t f[200];
	struct xr_nd nd;
	size_t n = na_frame(f, "2001:db8:2::2", "fe80::b0", "2001:db8:2::2", 0x60, lla);

	cr_assert_eq(xr_ndisc_parse(f, n, &nd), 0);
	cr_assert_eq(nd.type, 136);
	cr_assert_eq(nd.flags, ND_NA_SOLICITED | ND_NA_OVERRIDE);
	cr_assert(nd.has_lladdr && !memcmp(nd.lladdr, lla, 6));
	cr_assert(addr_is((const uint8_t *)&nd.target, "2001:db8:2::2"));
	f[14 + 7] = 254;                          /* hop limit */
	xr_icmp6_csum_set(f + 14);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), -1, "hop limit not 255");
	n = na_frame(f, "2001:db8:2::2", "fe80::b0", "2001:db8:2::2", 0x60, lla);
	f[n - 1] ^= 1;
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), -1, "bad checksum");
	n = na_frame(f, "2001:db8:2::2", "fe80::b0", "2001:db8:2::2", 0x60, lla);
	f[14 + 40 + 25] = 0;                      /* an option of length 0 */
	xr_icmp6_csum_set(f + 14);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), -1, "option length 0");
	n = na_frame(f, "2001:db8:2::2", "ff02::1", "2001:db8:2::2", 0x40, lla);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), -1, "solicited, to multicast");
	n = na_frame(f, "2001:db8:2::2", "ff02::1", "2001:db8:2::2", 0x20, lla);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), 0, "unsolicited to all nodes");
	n = na_frame(f, "2001:db8:2::2", "fe80::b0", "ff02::1", 0x20, lla);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), -1, "multicast target");
	n = na_frame(f, "2001:db8:2::2", "fe80::b0", "2001:db8:2::2", 0x40, NULL);
	cr_assert_eq(xr_ndisc_parse(f, n, &nd), 0);
	cr_assert(!nd.has_lladdr);
	cr_assert_eq(xr_ndisc_parse(f, n - 1, &nd), -1, "cut short");
}

Test(ndisc, redirect_bytes)
{
	static const uint8_t lla[6] = { 0x02, 0, 0, 0, 0, 0xc3 };
	size_t len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:9::9", 63, NULL, 0, 17, 1500);
	struct xr_in6 s = A("fe80::a0"), t = A("fe80::c3");
	size_t n = xr_ndisc_build_redirect(out, pkt, len, &s, &t, lla);
	size_t rd = (1280 - 40 - 40 - 8) & ~7u;

	cr_assert_eq(n, 40 + 40 + 8 + rd);
	cr_assert_leq(n, 1280);
	cr_assert_eq(out[7], 255, "hop limit 255");
	cr_assert(addr_is(out + 8, "fe80::a0"));
	cr_assert(addr_is(out + 24, "2001:db8:1::2"));
	cr_assert_eq(out[40], 137);
	cr_assert_eq(out[41], 0);
	cr_assert(pkt_icmp6_csum_ok(out));
	cr_assert(addr_is(out + 48, "fe80::c3"), "target");
	cr_assert(addr_is(out + 64, "2001:db8:9::9"), "destination");
	cr_assert_eq(out[80], 2);
	cr_assert_eq(out[81], 1);
	cr_assert(!memcmp(out + 82, lla, 6), "target link-layer address");
	cr_assert_eq(out[88], 4, "redirected header");
	cr_assert_eq(out[89], rd / 8);
	cr_assert(!memcmp(out + 96, pkt, rd - 8), "the packet's first bytes");
	/* a short packet whole, cut to 8 bytes; no lladdr known */
	len = ip6pkt(pkt, "2001:db8:1::2", "2001:db8:9::9", 63, NULL, 0, 17, 13);
	n = xr_ndisc_build_redirect(out, pkt, len, &s, &t, NULL);
	cr_assert_eq(n, 40 + 40 + 56);
	cr_assert_eq(out[80], 4);
	cr_assert_eq(out[81], 7);
	cr_assert(!memcmp(out + 88, pkt, 48));
	cr_assert(pkt_icmp6_csum_ok(out));
}

/* -------------------------------------------------------- Hop-by-Hop */

static int hbh(const uint8_t *opts, size_t n, const char *dst, uint8_t *code,
	       uint32_t *ptr)
{
	uint8_t ext[64] = { 17, (uint8_t)((n + 2) / 8 - 1) };
	size_t len;

	cr_assert_eq((n + 2) % 8, 0);
	memcpy(ext + 2, opts, n);
	len = ip6pkt(pkt, "2001:db8:1::2", dst, 64, ext, n + 2, 17, 8);
	*code = 0xff;
	*ptr = 0;
	return xr_ip6_hopopts(pkt, len, code, ptr);
}

#define U "2001:db8:2::2"

Test(hopopts, what_is_forwarded)
{
	static const uint8_t ra[6] = { 5, 2, 0, 0, 1, 0 };
	static const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	static const uint8_t pad1[6] = { 0, 0, 0, 0, 0, 0 };
	static const uint8_t skip[6] = { 0x1e, 4, 1, 2, 3, 4 };
	static const uint8_t ioam[14] = { 1, 0, 0x31, 8, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0 };
	uint8_t c;
	uint32_t p;

	cr_assert_eq(hbh(ra, 6, U, &c, &p), XR_HBH_FORWARD, "router alert");
	cr_assert_eq(hbh(pad, 6, U, &c, &p), XR_HBH_FORWARD, "PadN");
	cr_assert_eq(hbh(pad1, 6, U, &c, &p), XR_HBH_FORWARD, "6 Pad1");
	cr_assert_eq(hbh(skip, 6, U, &c, &p), XR_HBH_FORWARD, "unknown, action 00");
	cr_assert_eq(hbh(ioam, 14, U, &c, &p), XR_HBH_FORWARD, "IOAM, 4n-aligned, off");
}

Test(hopopts, unknown_options_by_their_action_bits)
{
	static const uint8_t a01[6] = { 0x5e, 4, 0, 0, 0, 0 };
	static const uint8_t a10[6] = { 0x9e, 4, 0, 0, 0, 0 };
	static const uint8_t a11[6] = { 0xde, 4, 0, 0, 0, 0 };
	static const uint8_t late[14] = { 1, 2, 0, 0, 0x1e, 0, 0xde, 2, 0, 0, 1, 0, 0, 0 };
	uint8_t c;
	uint32_t p;

	cr_assert_eq(hbh(a01, 6, U, &c, &p), XR_HBH_DROP);
	cr_assert_eq(hbh(a10, 6, U, &c, &p), XR_HBH_PARAMPROB);
	cr_assert_eq(c, 2);
	cr_assert_eq(p, 42, "points at the option's type");
	cr_assert_eq(hbh(a10, 6, "ff0e::1", &c, &p), XR_HBH_PARAMPROB, "10: even to multicast");
	cr_assert_eq(hbh(a11, 6, U, &c, &p), XR_HBH_PARAMPROB);
	cr_assert_eq(p, 42);
	cr_assert_eq(hbh(a11, 6, "ff0e::1", &c, &p), XR_HBH_DROP, "11: not to multicast");
	cr_assert_eq(hbh(late, 14, U, &c, &p), XR_HBH_PARAMPROB);
	cr_assert_eq(p, 48, "the third option, after PadN and a skipped one");
}

Test(hopopts, malformed_is_dropped_silently)
{
	static const uint8_t padnz[6] = { 1, 4, 0, 1, 0, 0 };
	static const uint8_t over[6] = { 0x1e, 5, 0, 0, 0, 0 };
	static const uint8_t rabad[6] = { 5, 4, 0, 0, 0, 0 };
	static const uint8_t calipso[14] = { 7, 12 };
	uint8_t pads[14] = { 1, 6 };          /* PadN of 8 bytes: > 7 */
	uint8_t many[30];
	uint8_t c;
	uint32_t p;
	int i;

	cr_assert_eq(hbh(padnz, 6, U, &c, &p), XR_HBH_DROP, "PadN not zero");
	cr_assert_eq(hbh(over, 6, U, &c, &p), XR_HBH_DROP, "past the header");
	cr_assert_eq(hbh(rabad, 6, U, &c, &p), XR_HBH_DROP, "router alert length");
	cr_assert_eq(hbh(pads, 14, U, &c, &p), XR_HBH_DROP, "8 bytes of padding");
	cr_assert_eq(hbh(calipso, 14, U, &c, &p), XR_HBH_DROP, "CALIPSO, no DOI");
	for (i = 0; i < 9; i++) {             /* 9 options: max_hbh_opts_number */
		many[i * 2] = 0x1e;
		many[i * 2 + 1] = 0;
	}
	memset(many + 18, 0, 12);
	cr_assert_eq(hbh(many, 30, U, &c, &p), XR_HBH_DROP, "9 options");
	many[16] = 0;                         /* 8 options and padding */
	many[17] = 0;
	cr_assert_eq(hbh(many, 30, U, &c, &p), XR_HBH_DROP, "14 Pad1 in a row");
	memset(many + 16, 0, 14);
	many[16] = 1;
	many[17] = 4;
	many[22] = 1;
	many[23] = 4;
	cr_assert_eq(hbh(many, 30, U, &c, &p), XR_HBH_DROP, "two PadN of 6 in a row");
	many[22] = 0x1e;
	cr_assert_eq(hbh(many, 30, U, &c, &p), XR_HBH_DROP, "then a 9th option");
}

Test(hopopts, jumbo_is_a_parameter_problem)
{
	static const uint8_t jumbo[6] = { 0xc2, 4, 0, 0, 0x10, 0 };
	uint8_t c;
	uint32_t p;

	cr_assert_eq(hbh(jumbo, 6, U, &c, &p), XR_HBH_PARAMPROB);
	cr_assert_eq(c, 0);
	cr_assert_eq(p, 44, "points at the jumbo length (<= 65535)");
}

/* -------------------------------------------------------- rate limit */

Test(ratelimit6, per_destination_shortened_by_the_route_width)
{
	static struct xr_icmp_rl rl;
	struct xr_in6 d = A("2001:db8:1::2");
	int i, ok = 0;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 10; i++)
		ok += xr_icmp6_rl_allow(&rl, 3, &d, 128, 100000) == XR_RL_ALLOW;
	cr_assert_eq(ok, 6, "a burst of 6");
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 3, &d, 128, 100999), XR_RL_HOST);
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 3, &d, 128, 101000), XR_RL_ALLOW, "1 s");
	d = A("2001:db8:1::3");
	for (i = 0; i < 6; i++)
		xr_icmp6_rl_allow(&rl, 1, &d, 64, 100000);
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 1, &d, 64, 100249), XR_RL_HOST);
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 1, &d, 64, 100250), XR_RL_ALLOW,
		     "a /64 back: 1000 >> 2 ms");
	for (i = 0; i < 20; i++)
		cr_assert_eq(xr_icmp6_rl_allow(&rl, 2, &d, 64, 100250), XR_RL_ALLOW,
			     "packet too big is never limited");
}

Test(ratelimit6, the_global_bucket_is_shared_with_ipv4)
{
	static struct xr_icmp_rl rl;
	struct xr_in6 d;
	char s[64];
	int i, ok = 0;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 30; i++)
		ok += xr_icmp_rl_allow(&rl, 11, 0, htonl(0x0a000001 + i), 100000) == XR_RL_ALLOW;
	for (i = 0; i < 40; i++) {
		snprintf(s, sizeof(s), "2001:db8::%x", i + 1);
		d = A(s);
		ok += xr_icmp6_rl_allow(&rl, 3, &d, 128, 100000) == XR_RL_ALLOW;
	}
	cr_assert_eq(ok, 50, "icmp_msgs_burst for both families");
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 3, &d, 128, 100000), XR_RL_GLOBAL);
}

Test(ratelimit6, ipv4_and_ipv6_peers_are_apart)
{
	static struct xr_icmp_rl rl;
	struct xr_in6 d;
	int i;

	xr_rl_init(&rl, 1000, 1000, 50);
	for (i = 0; i < 6; i++)
		cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, htonl(0x0a000001), 100000), XR_RL_ALLOW);
	cr_assert_eq(xr_icmp_rl_allow(&rl, 11, 0, htonl(0x0a000001), 100000), XR_RL_HOST);
	d = A("2001:db8::a00:1");
	cr_assert_eq(xr_icmp6_rl_allow(&rl, 3, &d, 128, 100000), XR_RL_ALLOW);
}

/* ------------------------------------------------------ neigh_update */

static struct xr_neigh nb(uint16_t state, uint8_t last)
{
	struct xr_neigh n = { .mac = { 2, 0, 0, 0, 0, last }, .state = state,
			      .updated_ns = 5 };

	return n;
}

Test(neigh_update, as_ndisc_update_calls_it)
{
	static const uint8_t other[6] = { 2, 0, 0, 0, 0, 0x99 };
	struct xr_neigh cur, n;
	unsigned int weak = XR_NU_WEAK_OVERRIDE, ovr = weak | XR_NU_OVERRIDE;

	/* solicited, override: a new address taken, REACHABLE */
	cur = nb(XR_NUD_STALE, 1);
	cr_assert_eq(xr_sp_neigh_update(&cur, other, XR_NUD_REACHABLE, ovr, 9, &n), 1);
	cr_assert(!memcmp(n.mac, other, 6) && n.state == XR_NUD_REACHABLE && n.updated_ns == 9);
	/* no override, another address: REACHABLE turns STALE, keeps its own */
	cur = nb(XR_NUD_REACHABLE, 1);
	cr_assert_eq(xr_sp_neigh_update(&cur, other, XR_NUD_REACHABLE, weak, 9, &n), 1);
	cr_assert(n.mac[5] == 1 && n.state == XR_NUD_STALE);
	/* ... a STALE one is left alone */
	cur = nb(XR_NUD_STALE, 1);
	cr_assert_eq(xr_sp_neigh_update(&cur, other, XR_NUD_REACHABLE, weak, 9, &n), -1);
	/* the same address, unsolicited (STALE): state kept, nothing to do */
	cur = nb(XR_NUD_REACHABLE, 1);
	cr_assert_eq(xr_sp_neigh_update(&cur, cur.mac, XR_NUD_STALE, ovr, 9, &n), 0);
	/* no link-layer option: the entry's own, only when it has one */
	cur = nb(XR_NUD_PROBE, 1);
	cr_assert_eq(xr_sp_neigh_update(&cur, NULL, XR_NUD_REACHABLE, weak, 9, &n), 1);
	cr_assert(n.mac[5] == 1 && n.state == XR_NUD_REACHABLE);
	cur = nb(XR_NUD_INCOMPLETE, 0);
	cr_assert_eq(xr_sp_neigh_update(&cur, NULL, XR_NUD_REACHABLE, ovr, 9, &n), -1);
	cr_assert_eq(xr_sp_neigh_update(&cur, other, XR_NUD_STALE, weak, 9, &n), 1,
		     "being resolved: any answer taken");
}

/* ------------------------------------------------- source selection */

static struct xr_sp SP;

static void addrs(void)
{
	static struct xr_addr6_entry e[5];
	static const struct { const char *a; uint32_t ifi; uint8_t plen; } t[5] = {
		{ "2001:db8:1::1", 2, 64 }, { "fe80::a0", 2, 64 },
		{ "fe80::b0", 3, 64 }, { "2001:db8:2::1", 3, 64 },
		{ "fd00:2::1", 3, 64 },
	};
	int i;

	for (i = 0; i < 5; i++) {
		e[i].addr = A(t[i].a);
		e[i].val.ifindex = t[i].ifi;
		e[i].val.type = XR_ADDR_LOCAL;
		e[i].val.plen = t[i].plen;
	}
	SP.addrs6 = e;
	SP.n_addrs6 = 5;
}

static const char *saddr(uint32_t ifindex, const char *dst)
{
	static char buf[64];
	struct xr_in6 d = A(dst), s;

	if (xr_sp_saddr6(&SP, ifindex, &d, &s))
		return "none";
	inet_ntop(AF_INET6, &s, buf, sizeof(buf));
	return buf;
}

Test(saddr6, ipv6_dev_get_saddr_rules)
{
	addrs();
	cr_assert_str_eq(saddr(2, "2001:db8:1::9"), "2001:db8:1::1", "the link's global");
	cr_assert_str_eq(saddr(2, "fe80::9"), "fe80::a0", "link-local: the link's own");
	cr_assert_str_eq(saddr(3, "fe80::9"), "fe80::b0");
	cr_assert_str_eq(saddr(3, "2001:db8:1::9"), "2001:db8:2::1",
			 "rule 5 (the link) before rule 8 (the prefix)");
	cr_assert_str_eq(saddr(3, "fd00:2::7"), "fd00:2::1", "label and prefix");
	cr_assert_str_eq(saddr(3, "2001:db8:99::1"), "2001:db8:2::1",
			 "label: global before ULA");
	cr_assert_str_eq(saddr(9, "fe80::1"), "none", "no address on that link");
	cr_assert_str_eq(saddr(3, "2001:db8:1::1"), "2001:db8:1::1", "rule 1");
	cr_assert(xr_sp_is_local6(&SP, &(struct xr_in6){ .a = { 0 } }, 0) == 0);
}
