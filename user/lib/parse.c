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

int xr_parse_prefix(const char *word, __be32 *addr, uint8_t *plen)
{
	char buf[64];
	char *slash, *end;
	long n = 32;

	if (!strcmp(word, "default") || !strcmp(word, "any") ||
	    !strcmp(word, "all")) {
		*addr = 0;
		*plen = 0;
		return 0;
	}
	if (strlen(word) >= sizeof(buf))
		goto bad;
	strcpy(buf, word);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (!isdigit((unsigned char)*slash))
			goto bad;
		n = strtol(slash, &end, 10);
		if (*end || n < 0 || n > 32 || (slash[0] == '0' && slash[1])) {
			xr_err("invalid prefix length in \"%s\" (0 to 32)",
			       xr_word(word));
			return -1;
		}
	}
	if (ipv4_strict(buf, addr))
		goto bad;
	*plen = (uint8_t)n;
	if (*addr & ~xr_plen_mask(*plen)) {
		char want[20];

		xr_err("invalid prefix \"%s\": host bits set (did you mean %s?)",
		       xr_word(word), xr_fmt_prefix(*addr & xr_plen_mask(*plen),
					   *plen, want));
		return -1;
	}
	return 0;
bad:
	xr_err("invalid prefix \"%s\"", xr_word(word));
	return -1;
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

char *xr_fmt_ipv4(__be32 addr, char *buf)
{
	inet_ntop(AF_INET, &addr, buf, 16);
	return buf;
}

char *xr_fmt_prefix(__be32 addr, uint8_t plen, char *buf)
{
	char a[16];

	if (plen == 0 && addr == 0)
		strcpy(buf, "default");
	else if (plen == 32)
		strcpy(buf, xr_fmt_ipv4(addr, a));
	else
		snprintf(buf, 19, "%s/%u", xr_fmt_ipv4(addr, a), plen);
	return buf;
}

char *xr_fmt_mac(const uint8_t m[6], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	return buf;
}
