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

Test(overlay, present_absent_unknown)
{
	struct xr_overlay ov = { 0 };
	struct xr_route4 rt = { .plen = 24, .gw = 7 }, got;
	uint32_t i;

	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(A("10.0.0.0"), 24), NULL),
		     XR_OV_UNKNOWN);
	for (i = 0; i < 5000; i++)
		cr_assert_eq(xr_ov_set(&ov, xr_ov_route_key(htonl(i << 8), 24),
				       (i & 1) ? XR_OV_ABSENT : XR_OV_PRESENT, &rt), 0);
	for (i = 0; i < 5000; i++)
		cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(htonl(i << 8), 24), &got),
			     (i & 1) ? XR_OV_ABSENT : XR_OV_PRESENT);
	cr_assert_eq(got.gw, 7);
	/* kinds do not collide */
	cr_assert_eq(xr_ov_get(&ov, xr_ov_neigh_key(24, 0), NULL), XR_OV_UNKNOWN);
	cr_assert_eq(xr_ov_get(&ov, xr_ov_route_key(0, 25), NULL), XR_OV_UNKNOWN);
	xr_ov_free(&ov);
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
