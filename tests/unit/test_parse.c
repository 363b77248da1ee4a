// SPDX-License-Identifier: GPL-2.0
/* The CLI's word parsers: good words, and bad ones refused. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "lib/err.h"
#include "lib/parse.h"
#include "lib/overlay.h"

static __be32 A(const char *s)
{
	struct in_addr a;

	cr_assert_eq(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

Test(parse, ipv4_good)
{
	__be32 a;

	cr_assert_eq(xr_parse_ipv4("192.0.2.1", &a), 0);
	cr_assert_eq(a, A("192.0.2.1"));
	cr_assert_eq(xr_parse_ipv4("0.0.0.0", &a), 0);
	cr_assert_eq(xr_parse_ipv4("255.255.255.255", &a), 0);
	cr_assert_eq(a, 0xffffffffu);
}

Test(parse, ipv4_bad)
{
	const char *bad[] = { "300.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", "a.b.c.d",
			      "", "1..2.3", "01.2.3.4", "1.2.3.4 ", "-1.2.3.4",
			      "1.2.3.256", "1234.1.1.1" };
	size_t i;
	__be32 a;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_parse_ipv4(bad[i], &a), -1, "accepted \"%s\"", bad[i]);
}

Test(parse, prefix_good)
{
	__be32 a;
	uint8_t p;

	cr_assert_eq(xr_parse_prefix("10.0.0.0/8", &a, &p), 0);
	cr_assert_eq(a, A("10.0.0.0"));
	cr_assert_eq(p, 8);
	cr_assert_eq(xr_parse_prefix("192.0.2.7", &a, &p), 0);
	cr_assert_eq(p, 32);
	cr_assert_eq(xr_parse_prefix("default", &a, &p), 0);
	cr_assert_eq(a, 0);
	cr_assert_eq(p, 0);
	cr_assert_eq(xr_parse_prefix("0.0.0.0/0", &a, &p), 0);
	cr_assert_eq(xr_parse_prefix("192.0.2.7/32", &a, &p), 0);
}

Test(parse, prefix_bad)
{
	const char *bad[] = { "10.0.0.0/33", "300.1.1.1/8", "10.0.0.1/8",
			      "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "/8",
			      "10.0.0.0/08", "192.0.2.128/24", "x/24" };
	size_t i;
	__be32 a;
	uint8_t p;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_parse_prefix(bad[i], &a, &p), -1, "accepted \"%s\"", bad[i]);
}

Test(parse, prefix_error_names_the_word, .init = cr_redirect_stderr)
{
	__be32 a;
	uint8_t p;

	cr_assert_eq(xr_parse_prefix("10.0.0.1/8", &a, &p), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str("xdp-router: invalid prefix \"10.0.0.1/8\": host bits "
				"set (did you mean 10.0.0.0/8?)\n");
}

/* A long word is quoted cut: its first 64 characters, then "..." */
Test(parse, long_word_is_cut_in_errors, .init = cr_redirect_stderr)
{
	static char w[1 << 20];
	char want[160];
	__be32 a;
	uint8_t p;

	memset(w, '7', sizeof(w) - 1);
	cr_assert_eq(xr_parse_prefix(w, &a, &p), -1);
	fflush(stderr);
	snprintf(want, sizeof(want), "xdp-router: invalid prefix \"%.64s...\"\n", w);
	cr_assert_stderr_eq_str(want);
}

Test(parse, word_cut_at_64)
{
	char w[XR_WORD_MAX + 2];

	memset(w, 'x', sizeof(w) - 1);
	w[sizeof(w) - 1] = '\0';
	cr_assert_str_eq(xr_word(w) + XR_WORD_MAX, "...");
	cr_assert_eq(strncmp(xr_word(w), w, XR_WORD_MAX), 0);
	w[XR_WORD_MAX] = '\0';
	cr_assert_eq(xr_word(w), w, "64 characters: the word itself");
	cr_assert_null(xr_word(NULL));
}

Test(parse, mac_good_and_bad)
{
	uint8_t m[6];
	const char *bad[] = { "02:00:00:00:00", "02:00:00:00:00:0g", "020000000001",
			      "01:00:5e:00:00:01", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff",
			      "02:00:00:00:00:001", "02:00-00:00:00:01", "" };
	size_t i;

	cr_assert_eq(xr_parse_mac("02:aB:cd:00:11:fe", m), 0);
	cr_assert_eq(m[0], 0x02);
	cr_assert_eq(m[1], 0xab);
	cr_assert_eq(m[5], 0xfe);
	cr_assert_eq(xr_parse_mac("02-00-00-00-00-01", m), 0);
	cr_assert_eq(m[5], 0x01);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_parse_mac(bad[i], m), -1, "accepted \"%s\"", bad[i]);
}

Test(parse, dev)
{
	uint32_t i;

	cr_assert_eq(xr_parse_dev("lo", &i), 0);
	cr_assert_eq(i, 1);
	cr_assert_eq(xr_parse_dev("no-such-dev0", &i), -1);
	cr_assert_eq(xr_parse_dev("a-name-much-too-long-for-linux", &i), -1);
}

Test(parse, format)
{
	char b[20];

	cr_assert_str_eq(xr_fmt_prefix(A("10.0.0.0"), 8, b), "10.0.0.0/8");
	cr_assert_str_eq(xr_fmt_prefix(0, 0, b), "default");
	cr_assert_str_eq(xr_fmt_prefix(A("192.0.2.7"), 32, b), "192.0.2.7");
	cr_assert_eq(xr_plen_mask(0), 0);
	cr_assert_eq(xr_plen_mask(24), htonl(0xffffff00));
	cr_assert_eq(xr_plen_mask(32), 0xffffffffu);
}

/* xr_fmt_ipv4 writes its own digits: inet_ntop's text for every octet
 * value in every position, and "/N" for every length. */
Test(parse, format_ipv4_as_inet_ntop)
{
	char b[XR_PFXSTRLEN], want[XR_PFXSTRLEN];
	unsigned int v, pos, plen;

	for (pos = 0; pos < 4; pos++)
		for (v = 0; v < 256; v++) {
			uint8_t o[4] = { 1, 20, 255, 0 };
			__be32 a;

			o[pos] = (uint8_t)v;
			memcpy(&a, o, 4);
			inet_ntop(AF_INET, &a, want, sizeof(want));
			cr_assert_str_eq(xr_fmt_ipv4(a, b), want);
		}
	for (plen = 1; plen < 32; plen++) {
		snprintf(want, sizeof(want), "198.51.100.0/%u", plen);
		cr_assert_str_eq(xr_fmt_prefix(A("198.51.100.0"), (uint8_t)plen, b),
				 want);
	}
}

static struct xr_inaddr IA(const char *s)
{
	struct xr_inaddr a;

	cr_assert_eq(xr_parse_inaddr(s, 0, &a), 0, "%s", s);
	return a;
}

Test(overlay, present_absent_unknown)
{
	struct xr_overlay ov = { 0 };
	struct xr_rt rt = { .plen = 24, .gw = IA("0.0.0.7") }, got;
	struct xr_inaddr a = IA("0.0.0.0"), six = IA("::");
	uint32_t i;

	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 24), NULL), XR_OV_UNKNOWN);
	for (i = 0; i < 5000; i++) {
		a.v4 = htonl(i << 8);
		cr_assert_eq(xr_ov_set(&ov, xr_ov_route_key(&a, 24),
				       (i & 1) ? XR_OV_ABSENT : XR_OV_PRESENT, &rt), 0);
	}
	for (i = 0; i < 5000; i++) {
		a.v4 = htonl(i << 8);
		cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 24), &got),
			     (i & 1) ? XR_OV_ABSENT : XR_OV_PRESENT);
	}
	cr_assert(xr_inaddr_eq(&got.gw, &rt.gw));
	/* kinds and families do not collide */
	a.v4 = 0;
	cr_assert_eq(xr_ov_get(&ov, xr_ov_neigh_key(24, &a), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 25), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&six, 24), NULL), XR_OV_UNKNOWN);
	xr_ov_free(&ov);
}

/* A multipath route as the batch sees it: its members (the command's)
 * and its group slot come back with it, and a later line's value
 * replaces them. */
Test(overlay, multipath_route)
{
	static const int members = 0;   /* stands for a command's members */
	struct xr_overlay ov = { 0 };
	struct xr_inaddr a = IA("198.18.100.0");
	struct xr_rt rt = { .plen = 24, .nhg = 7,
			    .mp = (const struct xr_rt_mp *)&members }, got;

	cr_assert_eq(xr_ov_set(&ov, xr_ov_route_key(&a, 24), XR_OV_PRESENT, &rt), 0);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 24), &got), XR_OV_PRESENT);
	cr_assert_eq(got.nhg, 7);
	cr_assert_eq(got.mp, rt.mp);
	rt.mp = NULL;
	rt.nhg = 0;
	rt.gw = IA("198.18.2.2");
	cr_assert_eq(xr_ov_set(&ov, xr_ov_route_key(&a, 24), XR_OV_PRESENT, &rt), 0);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 24), &got), XR_OV_PRESENT);
	cr_assert_null(got.mp);
	cr_assert_eq(got.nhg, 0);
	cr_assert(xr_inaddr_eq(&got.gw, &rt.gw));
	xr_ov_free(&ov);
}

/* IPv6 keys: the whole address counts, not its first or last bits. */
Test(overlay, ipv6_keys)
{
	struct xr_overlay ov = { 0 };
	struct xr_inaddr a = IA("2001:db8::"), b = IA("2001:db8::1:0:0:0");
	struct xr_inaddr c = IA("2001:db9::");

	cr_assert_eq(xr_ov_set(&ov, xr_ov_route_key(&a, 64), XR_OV_PRESENT, NULL), 0);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 64), NULL), XR_OV_PRESENT);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&b, 64), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&c, 64), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(&a, 48), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_set(&ov, xr_ov_neigh_key(3, &b), XR_OV_ABSENT, NULL), 0);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_neigh_key(3, &b), NULL), XR_OV_ABSENT);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_neigh_key(4, &b), NULL), XR_OV_UNKNOWN);
	xr_ov_free(&ov);
}

/* Every form inet_pton takes, printed back as RFC 5952 wants. */
Test(parse, ipv6_forms)
{
	static const char *const forms[][2] = {
		{ "2001:db8::1", "2001:db8::1" },
		{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		{ "::ffff:c000:201", "::ffff:192.0.2.1" },
		{ "::ffff:0:0", "::ffff:0.0.0.0" },
		{ "64:ff9b::192.0.2.1", "64:ff9b::c000:201" },
		{ "::192.0.2.1", "::c000:201" },     /* glibc: ::192.0.2.1 */
		{ "::2:3", "::2:3" },                /* glibc: ::0.2.0.3 */
		{ "1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:c000:201" },
		/* a single zero field is not "::" (RFC 5952 4.2.2) */
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
		/* the longest run (4.2.1), the first of equal ones (4.2.3) */
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
		{ "fe80::a:B:c:D", "fe80::a:b:c:d" },
		{ "ff02::1:ff00:2", "ff02::1:ff00:2" },
	};
	char b[XR_ADDRSTRLEN];
	struct xr_inaddr a, ones = IA("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		cr_assert_eq(xr_parse_inaddr(forms[i][0], AF_INET6, &a), 0, "%s",
			     forms[i][0]);
		cr_assert_eq(a.family, AF_INET6);
		cr_assert_str_eq(xr_fmt_inaddr(&a, b), forms[i][1], "%s", forms[i][0]);
	}
	cr_assert_str_eq(xr_fmt_ipv6(&ones.v6, b),
			 "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

Test(parse, ipv6_bad)
{
	const char *bad[] = { "2001:db8::1::1", "2001:db8:::1", "12345::", "g::",
			      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::ffff:1.2.3",
			      "::ffff:01.2.3.4", "fe80::1%lo", "2001:db8::/64", "",
			      ":", ":::", " ::1", "::1 " };
	struct xr_inaddr a;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(xr_parse_inaddr(bad[i], 0, &a), -1, "accepted \"%s\"", bad[i]);
}

/* The family: from the address when free, else the one asked for. */
Test(parse, family, .init = cr_redirect_stderr)
{
	struct xr_inaddr a;

	cr_assert_eq(xr_parse_inaddr("192.0.2.1", 0, &a), 0);
	cr_assert_eq(a.family, AF_INET);
	cr_assert_eq(a.v4, A("192.0.2.1"));
	cr_assert_eq(xr_parse_inaddr("::1", 0, &a), 0);
	cr_assert_eq(a.family, AF_INET6);
	cr_assert_eq(a.b[15], 1);
	cr_assert_eq(xr_parse_inaddr("2001:db8::1", AF_INET, &a), -1);
	cr_assert_eq(xr_parse_inaddr("192.0.2.1", AF_INET6, &a), -1);
	cr_assert_eq(xr_parse_ipv4("2001:db8::1", &a.v4), -1);
	cr_assert_eq(xr_parse_inaddr("2001:db8::x", AF_INET6, &a), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: \"2001:db8::1\" is an IPv6 address, not IPv4\n"
		"xdp-router: \"192.0.2.1\" is an IPv4 address, not IPv6\n"
		"xdp-router: invalid IPv4 address \"2001:db8::1\"\n"
		"xdp-router: invalid IPv6 address \"2001:db8::x\"\n");
}

Test(parse, ipv6_prefix_good)
{
	char b[XR_PFXSTRLEN];
	struct xr_inaddr a;
	uint8_t p;

	cr_assert_eq(xr_parse_inprefix("2001:db8:3::/64", 0, &a, &p), 0);
	cr_assert_eq(a.family, AF_INET6);
	cr_assert_eq(p, 64);
	cr_assert_str_eq(xr_fmt_inprefix(&a, p, b), "2001:db8:3::/64");
	cr_assert_eq(xr_parse_inprefix("2001:db8::1", 0, &a, &p), 0);
	cr_assert_eq(p, 128);
	cr_assert_str_eq(xr_fmt_inprefix(&a, p, b), "2001:db8::1");
	cr_assert_eq(xr_parse_inprefix("2001:db8::1/128", AF_INET6, &a, &p), 0);
	cr_assert_eq(xr_parse_inprefix("::/0", 0, &a, &p), 0);
	cr_assert_eq(p, 0);
	cr_assert_str_eq(xr_fmt_inprefix(&a, p, b), "default");
	cr_assert_eq(xr_parse_inprefix("8000::/1", 0, &a, &p), 0);
	cr_assert_eq(a.b[0], 0x80);
	cr_assert_eq(xr_parse_inprefix("2001:db8:ff::/56", 0, &a, &p), 0);
	/* default: no family until the gateway or -6 gives one */
	cr_assert_eq(xr_parse_inprefix("default", 0, &a, &p), 0);
	cr_assert_eq(a.family, 0);
	cr_assert_eq(p, 0);
	cr_assert_eq(xr_parse_inprefix("default", AF_INET6, &a, &p), 0);
	cr_assert_eq(a.family, AF_INET6);
	cr_assert(xr_inaddr_is_zero(&a));
}

/* Every length 0..128 on one address: the bits after it cleared. */
Test(parse, ipv6_mask_every_length)
{
	struct xr_inaddr a = IA("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), m;
	int p, i, ones;

	for (p = 0; p <= 128; p++) {
		m = a;
		xr_inaddr_mask(&m, (uint8_t)p);
		for (ones = 0, i = 0; i < 16; i++)
			ones += __builtin_popcount(m.b[i]);
		cr_assert_eq(ones, p);
		cr_assert(p == 0 || (m.b[(p - 1) / 8] & (0x80 >> ((p - 1) % 8))));
	}
}

Test(parse, ipv6_prefix_bad, .init = cr_redirect_stderr)
{
	struct xr_inaddr a;
	uint8_t p;

	cr_assert_eq(xr_parse_inprefix("2001:db8::/129", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::1/64", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8:0:0:8000::/65", 0, &a, &p), 0);
	cr_assert_eq(xr_parse_inprefix("2001:db8:0:0:8000::/64", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::/064", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::/", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::/6x", 0, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::/64", AF_INET, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("10.0.0.0/8", AF_INET6, &a, &p), -1);
	cr_assert_eq(xr_parse_inprefix("2001:db8::g/64", 0, &a, &p), -1);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"xdp-router: invalid prefix length in \"2001:db8::/129\" (0 to 128)\n"
		"xdp-router: invalid prefix \"2001:db8::1/64\": host bits set (did you "
		"mean 2001:db8::/64?)\n"
		"xdp-router: invalid prefix \"2001:db8:0:0:8000::/64\": host bits set "
		"(did you mean 2001:db8::/64?)\n"
		"xdp-router: invalid prefix length in \"2001:db8::/064\" (0 to 128)\n"
		"xdp-router: invalid prefix \"2001:db8::/\"\n"
		"xdp-router: invalid prefix length in \"2001:db8::/6x\" (0 to 128)\n"
		"xdp-router: \"2001:db8::/64\" is an IPv6 prefix, not IPv4\n"
		"xdp-router: \"10.0.0.0/8\" is an IPv4 prefix, not IPv6\n"
		"xdp-router: invalid prefix \"2001:db8::g/64\"\n");
}

Test(parse, u32_in_range)
{
	uint32_t v = 7;

	cr_assert_eq(xr_parse_u32("0", "n", 0, 10, &v), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(xr_parse_u32("10", "n", 0, 10, &v), 0);
	cr_assert_eq(v, 10);
	cr_assert_eq(xr_parse_u32("11", "n", 0, 10, &v), -1, "above max");
	cr_assert_eq(xr_parse_u32("13", "n", 14, 20, &v), -1, "below min");
	cr_assert_eq(xr_parse_u32("-1", "n", 0, 10, &v), -1, "negative");
	cr_assert_eq(xr_parse_u32("+1", "n", 0, 10, &v), -1, "sign");
	cr_assert_eq(xr_parse_u32("", "n", 0, 10, &v), -1, "empty");
	cr_assert_eq(xr_parse_u32("5x", "n", 0, 10, &v), -1, "trailing");
	cr_assert_eq(xr_parse_u32("99999999999999999999", "n", 0, UINT32_MAX, &v),
		     -1, "overflow");
	cr_assert_eq(v, 10, "unchanged on error");
}
