// SPDX-License-Identifier: GPL-2.0
/*
 * The router's IPv6 addresses as the slow path uses them: ipv6_chk_addr,
 * ipv6_get_lladdr, and ipv6_dev_get_saddr's source address selection
 * (RFC 6724 section 5) over the addresses `link attach` took. Of its
 * rules, those that can tell the router's addresses apart: 2 (scope),
 * 5 (the outgoing link), 6 (label, the default policy table) and 8
 * (longest matching prefix, at most the address's prefix length); the
 * router's addresses are never deprecated, home or temporary (rules 3,
 * 4, 7). Ties go to the first address, as the kernel's list order.
 */
#include <string.h>
#include <arpa/inet.h>
#include "slowpath/slowpath.h"

int xr_sp_is_local6(const struct xr_sp *sp, const struct xr_in6 *a,
		    uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < sp->n_addrs6; i++)
		if (sp->addrs6[i].val.type == XR_ADDR_LOCAL &&
		    (!ifindex || sp->addrs6[i].val.ifindex == ifindex) &&
		    xr_in6_eq(&sp->addrs6[i].addr, a))
			return 1;
	return 0;
}

int xr_sp_lladdr6(const struct xr_sp *sp, uint32_t ifindex, struct xr_in6 *a)
{
	size_t i;

	for (i = 0; i < sp->n_addrs6; i++)
		if (sp->addrs6[i].val.type == XR_ADDR_LOCAL &&
		    sp->addrs6[i].val.ifindex == ifindex &&
		    xr_in6_linklocal(&sp->addrs6[i].addr)) {
			*a = sp->addrs6[i].addr;
			return 0;
		}
	return -1;
}

/* __ipv6_addr_src_scope: multicast's own field; link-local 2; the
 * loopback 1; site-local 5; the rest (ULA too) global, 14 */
static int scope6(const struct xr_in6 *a)
{
	uint32_t w = ntohl(a->a[0]);

	if (xr_in6_mcast(a))
		return (w >> 16) & 0xf;
	if (xr_in6_linklocal(a))
		return 2;
	if ((w & 0xffc00000u) == 0xfec00000u)
		return 5;
	if (xr_in6_loopback(a))
		return 1;
	return 14;
}

/* bits of a and b alike, from the first (ipv6_addr_diff) */
static int common_bits(const struct xr_in6 *a, const struct xr_in6 *b)
{
	int i;

	for (i = 0; i < 4; i++) {
		uint32_t x = ntohl(a->a[i] ^ b->a[i]);

		if (x)
			return i * 32 + __builtin_clz(x);
	}
	return 128;
}

/* ipv6_addr_label with the kernel's default policy (addrlabel.c) */
static int label6(const struct xr_in6 *a)
{
	static const struct { uint8_t p[4]; int plen, label; } tbl[] = {
		{ { 0x20, 0x01, 0, 0 }, 32, 6 },    /* 2001::/32 (Teredo) */
		{ { 0x20, 0x01, 0, 0x10 }, 28, 7 }, /* 2001:10::/28 */
		{ { 0x20, 0x02, 0, 0 }, 16, 2 },    /* 2002::/16 (6to4) */
		{ { 0x3f, 0xfe, 0, 0 }, 16, 12 },   /* 3ffe::/16 */
		{ { 0xfe, 0xc0, 0, 0 }, 10, 11 },   /* fec0::/10 */
		{ { 0xfc, 0, 0, 0 }, 7, 5 },        /* fc00::/7 */
	};
	size_t i;

	if (xr_na_is4(a))
		return 4;
	if (!a->a[0] && !a->a[1] && !a->a[2] && ntohl(a->a[3]) > 1)
		return 3;                           /* ::/96 */
	for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++) {
		struct xr_in6 p = { { 0 } };

		memcpy(&p, tbl[i].p, 4);
		if (common_bits(a, &p) >= tbl[i].plen)
			return tbl[i].label;
	}
	return scope6(a) == 1 ? 0 : 1;
}

/* The score of candidate c for dst, rules in order (higher wins). */
static void score(const struct xr_addr6_entry *c, const struct xr_in6 *dst,
		  uint32_t ifindex, int s[4])
{
	int sc = scope6(&c->addr), ds = scope6(dst), lcp;

	s[0] = sc >= ds ? -sc : sc - 128;                 /* rule 2 */
	s[1] = c->val.ifindex == ifindex;                 /* rule 5 */
	s[2] = label6(&c->addr) == label6(dst);           /* rule 6 */
	lcp = common_bits(&c->addr, dst);                 /* rule 8 */
	s[3] = lcp > c->val.plen ? c->val.plen : lcp;
}

static int better(const int a[4], const int b[4])
{
	int i;

	for (i = 0; i < 4; i++)
		if (a[i] != b[i])
			return a[i] > b[i];
	return 0;
}

int xr_sp_saddr6(const struct xr_sp *sp, uint32_t ifindex,
		 const struct xr_in6 *dst, struct xr_in6 *saddr)
{
	/* a link-local or multicast destination: that link's only */
	int only = xr_in6_mcast(dst) || scope6(dst) <= 2, best[4], s[4];
	const struct xr_addr6_entry *hi = NULL;
	size_t i;

	for (i = 0; i < sp->n_addrs6; i++) {
		const struct xr_addr6_entry *c = &sp->addrs6[i];

		if (c->val.type != XR_ADDR_LOCAL ||
		    (only && c->val.ifindex != ifindex))
			continue;
		if (xr_in6_eq(&c->addr, dst)) {           /* rule 1 */
			*saddr = c->addr;
			return 0;
		}
		score(c, dst, ifindex, s);
		if (!hi || better(s, best)) {
			hi = c;
			memcpy(best, s, sizeof(best));
		}
	}
	if (!hi)
		return -1;
	*saddr = hi->addr;
	return 0;
}
