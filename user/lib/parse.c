// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <ctype.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/err.h"
#include "lib/parse.h"

/* Strict dotted quad: inet_pton accepts no shorthand, but we also want
 * a clear "bad" for leading zeros that some tools read as octal. */
static int ipv4_strict(const char *w, __be32 *addr)
{
	unsigned int part[4];
	int n = 0;
	const char *p = w;

	for (n = 0; n < 4; n++) {
		unsigned int v = 0;
		int digits = 0;

		if (!isdigit((unsigned char)*p))
			return -1;
		if (p[0] == '0' && isdigit((unsigned char)p[1]))
			return -1;
		while (isdigit((unsigned char)*p)) {
			v = v * 10 + (unsigned int)(*p - '0');
			if (++digits > 3 || v > 255)
				return -1;
			p++;
		}
		part[n] = v;
		if (n < 3) {
			if (*p != '.')
				return -1;
			p++;
		}
	}
	if (*p)
		return -1;
	*addr = htonl(part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3]);
	return 0;
}

int xr_is_ipv4(const char *word)
{
	__be32 a;

	return word && ipv4_strict(word, &a) == 0;
}

int xr_parse_ipv4(const char *word, __be32 *addr)
{
	if (ipv4_strict(word, addr)) {
		xr_err("invalid IPv4 address \"%s\"", xr_word(word));
		return -1;
	}
	return 0;
}

int xr_parse_u32(const char *word, const char *what, uint32_t min,
		 uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(word, &end, 10);
	if (!*word || *end || errno || word[0] == '-' || word[0] == '+' ||
	    v < min || v > max) {
		xr_err("invalid %s \"%s\" (%u to %u)", what, xr_word(word), min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

__be32 xr_plen_mask(uint8_t plen)
{
	return plen ? htonl(~0u << (32 - plen)) : 0;
}

int xr_family_bits(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6 " : family == AF_INET ? "IPv4 " : "";
}

/* Silent: an address of family (0: either) into *a, family set. */
static int inaddr_of(const char *w, int family, struct xr_inaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (family != AF_INET6 && ipv4_strict(w, &a->v4) == 0) {
		a->family = AF_INET;
		return 0;
	}
	if (family != AF_INET && strlen(w) < 64 &&
	    inet_pton(AF_INET6, w, a->b) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

/* One line when addr (the address part of word) is of the other family
 * than the one asked for; 0 when it is no address at all. */
static int other_family(const char *word, const char *addr, int family,
			const char *what)
{
	struct xr_inaddr o;

	if (!family || inaddr_of(addr, 0, &o))
		return 0;
	xr_err("\"%s\" is an %s%s, not %s", xr_word(word),
	       o.family == AF_INET6 ? "IPv6 " : "IPv4 ", what,
	       family == AF_INET6 ? "IPv6" : "IPv4");
	return -1;
}

int xr_parse_inaddr(const char *word, int family, struct xr_inaddr *a)
{
	if (inaddr_of(word, family, a) == 0)
		return 0;
	if (!other_family(word, word, family, "address"))
		xr_err("invalid %saddress \"%s\"", family_name(family),
		       xr_word(word));
	return -1;
}

int xr_parse_ipv6(const char *word, struct xr_in6 *addr)
{
	struct xr_inaddr a;

	if (xr_parse_inaddr(word, AF_INET6, &a))
		return -1;
	*addr = a.v6;
	return 0;
}

void xr_inaddr_mask(struct xr_inaddr *a, uint8_t plen)
{
	int i;

	for (i = 0; i < 16; i++, plen = plen > 8 ? (uint8_t)(plen - 8) : 0)
		a->b[i] &= plen >= 8 ? 0xff : (uint8_t)(0xff00 >> plen);
}

int xr_inaddr_eq(const struct xr_inaddr *a, const struct xr_inaddr *b)
{
	return a->family == b->family && !memcmp(a->b, b->b, sizeof(a->b));
}

int xr_inaddr_is_zero(const struct xr_inaddr *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->b, zero, sizeof(zero));
}

/* The "/N" of word (at slash, or NULL: the full length), for family. */
static int plen_of(const char *word, const char *slash, int family,
		   uint8_t *plen)
{
	int bits = xr_family_bits(family);
	char *end;
	long n;

	*plen = (uint8_t)bits;
	if (!slash)
		return 0;
	if (!isdigit((unsigned char)slash[0]))
		return 1;
	n = strtol(slash, &end, 10);
	if (*end || n < 0 || n > bits || (slash[0] == '0' && slash[1])) {
		xr_err("invalid prefix length in \"%s\" (0 to %d)",
		       xr_word(word), bits);
		return -1;
	}
	*plen = (uint8_t)n;
	return 0;
}

int xr_parse_inprefix(const char *word, int family, struct xr_inaddr *a,
		      uint8_t *plen)
{
	struct xr_inaddr masked;
	char buf[64], want[XR_PFXSTRLEN], *slash;
	int err;

	if (!strcmp(word, "default") || !strcmp(word, "any") ||
	    !strcmp(word, "all")) {
		memset(a, 0, sizeof(*a));
		a->family = family;      /* 0: the gateway's, else IPv4 */
		*plen = 0;
		return 0;
	}
	if (strlen(word) >= sizeof(buf))
		goto bad;
	strcpy(buf, word);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inaddr_of(buf, family, a)) {
		if (other_family(word, buf, family, "prefix"))
			return -1;
		goto bad;
	}
	err = plen_of(word, slash, a->family, plen);
	if (err > 0)
		goto bad;
	if (err < 0)
		return -1;
	masked = *a;
	xr_inaddr_mask(&masked, *plen);
	if (!xr_inaddr_eq(&masked, a)) {
		xr_err("invalid prefix \"%s\": host bits set (did you mean %s?)",
		       xr_word(word), xr_fmt_inprefix(&masked, *plen, want));
		return -1;
	}
	return 0;
bad:
	xr_err("invalid prefix \"%s\"", xr_word(word));
	return -1;
}

int xr_parse_prefix(const char *word, __be32 *addr, uint8_t *plen)
{
	struct xr_inaddr a;

	if (xr_parse_inprefix(word, AF_INET, &a, plen))
		return -1;
	*addr = a.v4;
	return 0;
}

int xr_parse_mac(const char *word, uint8_t mac[6])
{
	unsigned int b[6];
	char sep = word[2];
	int i, n;

	if (strlen(word) != 17 || (sep != ':' && sep != '-'))
		goto bad;
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)word[i * 3]) ||
		    !isxdigit((unsigned char)word[i * 3 + 1]))
			goto bad;
		if (i < 5 && word[i * 3 + 2] != sep)
			goto bad;
	}
	n = sscanf(word, sep == ':' ? "%2x:%2x:%2x:%2x:%2x:%2x" :
				      "%2x-%2x-%2x-%2x-%2x-%2x",
		   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
	if (n != 6)
		goto bad;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	if (mac[0] & 1) {
		xr_err("invalid lladdr \"%s\": a multicast address", xr_word(word));
		return -1;
	}
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])) {
		xr_err("invalid lladdr \"%s\": all zero", xr_word(word));
		return -1;
	}
	return 0;
bad:
	xr_err("invalid lladdr \"%s\"", xr_word(word));
	return -1;
}

int xr_parse_dev(const char *word, uint32_t *ifindex)
{
	if (strlen(word) >= IF_NAMESIZE || !(*ifindex = if_nametoindex(word))) {
		xr_err("cannot find device \"%s\"", xr_word(word));
		return -1;
	}
	return 0;
}

/* n in decimal at p; the end. */
static char *put_dec(char *p, unsigned int n)
{
	if (n >= 100)
		*p++ = (char)('0' + n / 100);
	if (n >= 10)
		*p++ = (char)('0' + n / 10 % 10);
	*p++ = (char)('0' + n % 10);
	return p;
}

/* inet_ntop's dotted quad, without its sprintf (route show prints a
 * million of them) */
char *xr_fmt_ipv4(__be32 addr, char *buf)
{
	const uint8_t *b = (const uint8_t *)&addr;
	char *p = buf;
	int i;

	for (i = 0; i < 4; i++) {
		p = put_dec(p, b[i]);
		*p++ = i < 3 ? '.' : '\0';
	}
	return buf;
}

char *xr_fmt_prefix(__be32 addr, uint8_t plen, char *buf)
{
	struct xr_inaddr a = { .family = AF_INET, .v4 = addr };
	char s[XR_PFXSTRLEN];

	snprintf(buf, 19, "%s", xr_fmt_inprefix(&a, plen, s));
	return buf;
}

/* The longest run of two or more zero words (the first of equals), as
 * RFC 5952 4.2 wants; *len 0 when none. */
static void zero_run(const uint16_t w[8], int *at, int *len)
{
	int i, cur = 0;

	*at = -1;
	*len = 0;
	for (i = 0; i < 8; i++) {
		cur = w[i] ? 0 : cur + 1;
		if (cur > *len && cur >= 2) {
			*len = cur;
			*at = i - cur + 1;
		}
	}
}

/*
 * RFC 5952: lower case, no leading zeros, the longest run of zero words
 * (two or more, the first when equal) as "::", and dotted quad only for
 * an IPv4-mapped address (::ffff:0:0/96, section 5). glibc's inet_ntop
 * also writes ::/96 so ("::0.2.0.3" for ::2:3), which RFC 5952 does not.
 */
char *xr_fmt_ipv6(const struct xr_in6 *addr, char *buf)
{
	const uint8_t *b = (const uint8_t *)addr;
	uint16_t w[8];
	int i, at, len, n = 0, mapped;

	for (i = 0; i < 8; i++)
		w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	mapped = !(w[0] | w[1] | w[2] | w[3] | w[4]) && w[5] == 0xffff;
	zero_run(w, &at, &len);
	for (i = 0; i < (mapped ? 6 : 8); i++) {
		if (i == at) {
			n += sprintf(buf + n, "::");
			i += len - 1;
			continue;
		}
		n += sprintf(buf + n, "%s%x", n && buf[n - 1] != ':' ? ":" : "",
			     w[i]);
	}
	if (mapped)
		sprintf(buf + n, ":%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
	return buf;
}

char *xr_fmt_inaddr(const struct xr_inaddr *a, char *buf)
{
	return a->family == AF_INET6 ? xr_fmt_ipv6(&a->v6, buf) :
				       xr_fmt_ipv4(a->v4, buf);
}

char *xr_fmt_inprefix(const struct xr_inaddr *a, uint8_t plen, char *buf)
{
	char s[XR_ADDRSTRLEN];

	if (plen == 0 && xr_inaddr_is_zero(a))
		strcpy(buf, "default");
	else if (plen == xr_family_bits(a->family))
		strcpy(buf, xr_fmt_inaddr(a, s));
	else {
		char *p = stpcpy(buf, xr_fmt_inaddr(a, s));

		*p++ = '/';
		*put_dec(p, plen) = '\0';
	}
	return buf;
}

char *xr_fmt_mac(const uint8_t m[6], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	return buf;
}
